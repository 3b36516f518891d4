"""Query plans of the key pages: which statements are not bound to a body by an index.

    .venv/bin/python -m bench.plans [--db postgresql://...]   # on the benchmark's data set

The statements are captured while each demo role requests its key pages (bench/run.py's
list and a few more) with Flask's test client, then explained with their parameters:
SQLite's ``EXPLAIN QUERY PLAN`` must neither scan a large table nor search it only by a
column every body shares (a status, a year); PostgreSQL's ``EXPLAIN``, with sequential scans
disabled (tiny tables tempt it otherwise), must find for each large table an index it
searches (an Index Cond) and that is not led by such a column.
tests/web/test_query_plans.py runs the same check on a small multi-body database.
"""

from __future__ import annotations

import re

from sqlalchemy import event, text

from lvzhi.extensions import db

PASSWORD = "lvzhi2026"
# every table holds all bodies' rows, except the bodies themselves
SMALL_TABLES = {"organizations"}
# columns every body's rows share: an index searched only by these is not bound to a body
UNBOUND_COLUMNS = {"status", "year", "month", "is_active", "role", "kind", "action", "retired"}


def pages_by_user(today) -> dict[str, list[str]]:
    from lvzhi.domain.group_ranking import previous_quarter, quarter_of

    from .run import EMPTY_PAGE, key_pages

    y, m = today.year, today.month
    q = quarter_of(m)
    last = (y, m - 1) if m > 1 else (y - 1, 12)
    pages: dict[str, list[str]] = {}
    for p in key_pages(y, m, q, last, previous_quarter(y, q)):
        if p.path != EMPTY_PAGE:  # the benchmark's own page; every page runs its statements
            pages.setdefault(p.username, []).append(p.path)
    for username, path in [
        ("weiyuan", f"/member/duties/{y}"),
        ("weiyuan", "/inbox/"),
        ("shizu", "/group/reports"),
        ("shizu", f"/group/reports/{y}/{m}"),
        ("shizu", "/inbox/"),
        ("zhuanwei", "/committee/reports"),
        ("jiguan", "/secretariat/duties/pending"),
        ("jiguan", "/secretariat/reports"),
        ("jiguan", "/secretariat/members?q=委员"),
        ("jiguan", "/inbox/"),
        ("lingdao", "/board/duties"),
        ("lingdao", "/board/assessment?grade=excellent"),
        ("chengban", "/department/suggestions"),
        ("chengban", "/inbox/"),
        ("lingdao", "/inbox/"),
    ]:
        pages.setdefault(username, []).append(path)
    return pages


def capture(app, today) -> list[tuple[str, str, object]]:
    """(page, statement, parameters) of every SELECT the key pages run."""
    seen: list[tuple[str, str, object]] = []
    current = {"page": ""}

    def before(_conn, _cursor, statement, parameters, _context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and not executemany:
            seen.append((current["page"], statement, parameters))

    for username, paths in pages_by_user(today).items():
        client = app.test_client()
        response = client.post("/login", data={"login": username, "password": PASSWORD})
        if response.status_code != 303:
            raise AssertionError(f"could not log in as {username}")
        event.listen(db.engine, "before_cursor_execute", before)
        try:
            for path in paths:
                current["page"] = f"{username} {path}"
                status = client.get(path).status_code
                if status != 200:
                    raise AssertionError(f"{current['page']} answered {status}")
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
    return seen


PG_SETTINGS = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")
SEARCH = re.compile(r"^SEARCH (\w+)(?: AS \w+)? USING .*?\((.*)\)$")
SCAN = re.compile(r"^SCAN (\w+)")
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
INDEX_SCAN = re.compile(
    r"(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)"
)


def _index_columns() -> dict[str, tuple[str, list[str]]]:
    """index name → (table, columns) of the models' named indexes."""
    return {
        index.name: (table.name, [c.name for c in index.columns])
        for table in db.metadata.sorted_tables
        for index in table.indexes
    }


def postgres_problems(plan: list[str]) -> list[str]:
    """Lines of PostgreSQL's plan that read every body's rows: a sequential scan of a large
    table, an index read whole (no Index Cond), an index led by a column every body shares."""
    indexes = _index_columns()
    problems = []
    for n, line in enumerate(plan):
        if (m := SEQ_SCAN.search(line)) and _large(m.group(1)):
            problems.append(f"{line.strip()}: scans the table")
        elif m := INDEX_SCAN.search(line):
            table, columns = indexes.get(m.group(1), ("", []))
            if table in SMALL_TABLES:
                continue
            details = []
            for following in plan[n + 1 :]:
                if "->" in following:
                    break
                details.append(following)
            if not any("Index Cond" in d for d in details):
                problems.append(f"{line.strip()}: reads the whole index")
            elif columns and columns[0] in UNBOUND_COLUMNS:
                problems.append(f"{line.strip()}: searches by a column every body shares")
    return problems


def _large(table: str) -> bool:
    """A table of the schema holding every body's rows (not a subquery's or a CTE's name)."""
    return table in db.metadata.tables and table not in SMALL_TABLES


def sqlite_problem(detail: str) -> str | None:
    """Why one line of SQLite's plan reads rows of every body, or None."""
    if (m := SCAN.match(detail)) and _large(m.group(1)):
        return "scans the table"
    if (m := SEARCH.match(detail)) and _large(m.group(1)):
        columns = set(re.findall(r"(\w+)[<>=]", m.group(2)))
        if "rowid" not in columns and columns <= UNBOUND_COLUMNS:
            return "searches by a column every body shares"
    return None


def unbound(statements) -> list[str]:
    """One message per statement whose plan is not bound to a body by an index."""
    problems = []
    conn = db.session.connection()
    postgres = conn.dialect.name == "postgresql"
    if postgres:  # plan as for a few rows of one body among many: nested index look-ups
        for setting in PG_SETTINGS:
            conn.execute(text(f"SET {setting} = off"))
    try:
        for page, statement, parameters in statements:
            if postgres:
                plan = [r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
                bad = postgres_problems(plan)
            else:
                plan = [
                    r[3]
                    for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                ]
                bad = [f"{line}: {why}" for line in plan if (why := sqlite_problem(line))]
            if bad:
                problems.append(f"{page}\n  {' '.join(statement.split())}\n  " + "\n  ".join(bad))
    finally:
        if postgres:
            for setting in PG_SETTINGS:
                conn.execute(text(f"RESET {setting}"))
    return problems


def main() -> None:
    import argparse
    import os

    from lvzhi.clock import local_today

    from .run import bench_app, prepare

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=os.environ.get("DB") or None)
    args = parser.parse_args()
    url, size = prepare(args.db, 100, 250, 5, rebuild=False)
    with bench_app(url, SECRET_KEY="plans", WTF_CSRF_ENABLED=False) as app:

        @app.before_request
        def _fresh_g():  # the pushed app context would keep g between requests and clients
            from flask import g

            for name in list(g):
                g.pop(name)

        with app.app_context():
            statements = capture(app, local_today())
            problems = unbound(statements)
    print(f"{size}: {len(statements)} statements, {len(problems)} not bound to a body")
    print("\n\n".join(problems))


if __name__ == "__main__":
    main()
