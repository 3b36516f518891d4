"""Where a key page's CPU time goes, in process, on the benchmark's province data set.

    .venv/bin/python -m bench.profile                       # CPU ms per request of every key page
    .venv/bin/python -m bench.profile --only /member/archive --profile   # + a pyinstrument tree
    .venv/bin/python -m bench.profile --db postgresql://…   # the data set in PostgreSQL
    .venv/bin/python -m bench.profile --todos               # the top bar's to-do count
    .venv/bin/python -m bench.profile --only /_bench        # the empty page: what all pay

Run ``python -m bench.run`` once first: it builds (and caches) the data set. The CPU time
(``time.process_time``, the request served by Flask's test client, no HTTP server) is steady
on a busy machine; pyinstrument (``pip install pyinstrument``) shows the call tree.
"""

from __future__ import annotations

import argparse
import os
import time

from .run import PASSWORD, key_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="PostgreSQL URL (default: the cached SQLite file)")
    parser.add_argument("--only", help="comma-separated parts of the paths to profile")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page (30)")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument tree")
    parser.add_argument(
        "--todos", action="store_true", help="the top bar's to-do count, provider by provider"
    )
    args = parser.parse_args()

    from . import empty_page
    from .run import bench_app, prepare

    url, _size = prepare(args.db, 100, 250, 5, rebuild=False)
    with bench_app(url, SECRET_KEY="profile", WTF_CSRF_ENABLED=False) as app:
        empty_page.init_app(app)
        if args.todos:
            todo_costs(app, args.repeat)
        else:
            page_costs(app, args)


def page_costs(app, args) -> None:
    """CPU ms per request of each key page (``--only``: of those named), with a pyinstrument
    tree of each if asked (``--profile``)."""
    from lvzhi.clock import local_today
    from lvzhi.domain.group_ranking import previous_quarter, quarter_of

    today = local_today()
    quarter = quarter_of(today.month)
    last_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    pages = key_pages(
        today.year, today.month, quarter, last_month, previous_quarter(today.year, quarter)
    )
    clients = {}
    for page in pages:
        if args.only and not any(part in page.path for part in args.only.split(",")):
            continue
        if page.username not in clients:
            client = clients[page.username] = app.test_client()
            client.post("/login", data={"login": page.username, "password": PASSWORD})
        client = clients[page.username]
        assert client.get(page.path).status_code == 200, page.path
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        started = time.process_time()
        for _ in range(args.repeat):
            client.get(page.path)
        cpu_ms = (time.process_time() - started) * 1000 / args.repeat
        print(f"{page.label:<40} {cpu_ms:6.1f} ms CPU per request")
        if profiler:
            profiler.stop()
            print(
                profiler.output_text(
                    unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))
                )
            )


def todo_costs(app, repeat: int) -> None:
    """Statements and CPU ms of each to-do provider, and of the whole badge, per demo login:
    what the top bar adds to every page."""
    from flask import g
    from sqlalchemy import event, select

    from lvzhi.extensions import db
    from lvzhi.inbox import registry
    from lvzhi.models import User
    from lvzhi.selectors import notifications as notes_sel

    count = {"n": 0}

    def tally(*_args):
        count["n"] += 1

    for username in ("weiyuan", "shizu", "zhuanwei", "jiguan", "lingdao", "chengban"):
        with app.test_request_context("/"):
            user = db.session.scalar(select(User).where(User.username == username))
            rows = []
            event.listen(db.engine, "before_cursor_execute", tally)
            try:
                for provider in (*registry.PROVIDERS, notes_sel.unread_count):
                    count["n"] = 0
                    started = time.process_time()
                    for _ in range(repeat):
                        g.pop("_office_late", None)  # read once per request
                        provider(user)
                    cpu = (time.process_time() - started) * 1000 / repeat
                    rows.append((provider.__name__, count["n"] // repeat, cpu))
            finally:
                event.remove(db.engine, "before_cursor_execute", tally)
            g.pop("_todos", None)
            badge_n, badge_cpu = _badge_cost(user, repeat, count, tally)
        total_n, total_cpu = sum(r[1] for r in rows), sum(r[2] for r in rows)
        used = ", ".join(f"{name} {n}/{cpu:.1f}" for name, n, cpu in rows if n or cpu >= 0.1)
        print(
            f"{username:<9} badge {badge_n:2d} statements {badge_cpu:5.1f} ms CPU;"
            f" the lists {total_n:3d} statements {total_cpu:6.1f} ms CPU  ({used})"
        )


def _badge_cost(user, repeat: int, count: dict, tally) -> tuple[int, float]:
    """Statements and CPU ms of the badge itself (``registry.badge_count``), per call."""
    from flask import g
    from sqlalchemy import event

    from lvzhi.extensions import db
    from lvzhi.inbox import registry

    event.listen(db.engine, "before_cursor_execute", tally)
    try:
        count["n"] = 0
        started = time.process_time()
        for _ in range(repeat):
            for name in ("_badge", "_todos", "_headed_groups", "_todo_calendar", "_office_late"):
                g.pop(name, None)
            registry.badge_count(user)
        cpu = (time.process_time() - started) * 1000 / repeat
    finally:
        event.remove(db.engine, "before_cursor_execute", tally)
    return count["n"] // repeat, cpu


if __name__ == "__main__":
    main()
