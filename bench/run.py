"""Page-speed benchmark at province scale. Not a test: it prints timings against targets.

    make bench            # or: .venv/bin/python -m bench.run --orgs 100 --members 250

Builds a scratch SQLite database (or LVZHI_BENCH_DATABASE_URL) with N organizations of M
members each, then requests key pages as each role and reports median and p95 times and
the SQL statement count per page. Targets (2-core machine): p95 under 300 ms per page, and
the statement count independent of the data size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, insert, select

TARGET_P95_MS = 300


def build(orgs: int, members: int) -> None:
    from lvzhi.demo import seed_demo
    from lvzhi.extensions import db
    from lvzhi.models import Member, OfficeGroup, Organization

    seed_demo()
    for n in range(1, orgs):
        org = Organization(name=f"基准县政协{n:03d}", short_name=f"基准{n:03d}")
        db.session.add(org)
        db.session.flush()
        groups = [OfficeGroup(org_id=org.id, name=f"室组{g}", sort_order=g) for g in range(9)]
        db.session.add_all(groups)
        db.session.flush()
        db.session.execute(
            insert(Member),
            [
                {
                    "org_id": org.id,
                    "name": f"委员{n}-{i}",
                    "mobile": f"1{n:03d}{i:07d}",
                    "office_group_id": groups[i % 9].id,
                    "term": "第十一届",
                }
                for i in range(members)
            ],
        )
    db.session.commit()
    print(
        f"built {orgs} organizations, {db.session.scalar(select(db.func.count(Member.id)))} members"
    )


def measure(app, username: str, urls: list[str], repeat: int) -> None:
    from lvzhi.extensions import db

    client = app.test_client()
    client.post("/login", data={"login": username, "password": "lvzhi2026"})
    for url in urls:
        count = 0

        def before(*_a, **_k):
            nonlocal count
            count += 1

        times = []
        for i in range(repeat + 1):
            count = 0
            event.listen(db.engine, "before_cursor_execute", before)
            start = time.perf_counter()
            status = client.get(url).status_code
            elapsed = (time.perf_counter() - start) * 1000
            event.remove(db.engine, "before_cursor_execute", before)
            if i:  # the first request warms caches
                times.append(elapsed)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        verdict = "ok" if p95 <= TARGET_P95_MS else "SLOW"
        print(
            f"{verdict:4} {status} {username:8} {url:45} median {statistics.median(times):6.1f} ms"
            f"  p95 {p95:6.1f} ms  {count:3d} statements"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--members", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from lvzhi import create_app
    from lvzhi.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        url = (
            os.environ.get("LVZHI_BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        )
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
                "UPLOAD_FOLDER": tmp,
                "WORK_FOLDER": tmp,
            }
        )

        @app.before_request
        def _fresh_g():  # the pushed app context would keep g between requests and clients
            from flask import g

            for name in list(g):
                g.pop(name)

        with app.app_context():
            db.drop_all()
            db.create_all()
            build(args.orgs, args.members)
            from lvzhi.clock import local_today

            today = local_today()
            y, m, q = today.year, today.month, (today.month - 1) // 3 + 1
            pages = {
                "jiguan": [
                    "/secretariat/",
                    "/secretariat/members",
                    "/secretariat/members?q=张",
                    "/secretariat/structure",
                    "/secretariat/meetings",
                    "/secretariat/duties",
                    "/secretariat/duties/pending",
                    "/secretariat/reports",
                    "/inbox/",
                ],
                "weiyuan": [
                    "/member/",
                    f"/member/duties/{y}/proposal",
                    "/member/archive",
                    f"/showcase/{y}/{m}",
                ],
                "shizu": [
                    "/group/",
                    "/group/duties/pending",
                    f"/group/reports/{y}/{m}",
                    f"/group/handbook/{y}",
                ],
                "zhuanwei": ["/committee/", "/committee/reports"],
                "lingdao": ["/board/", "/board/duties", f"/board/ranking/{y}/{q}"],
            }
            for username, urls in pages.items():
                measure(app, username, urls, args.repeat)
            db.session.remove()
            db.drop_all()


if __name__ == "__main__":
    main()
