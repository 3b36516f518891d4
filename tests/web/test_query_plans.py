"""Every statement of the key pages is bound to an organization by an index: at province
scale (100 bodies in one database) a scan of a large table, or a search by a status or a
year alone, reads every body's rows. The check itself is bench/plans.py's."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import text

from bench.dataset import build
from bench.plans import capture, unbound
from lvzhi.clock import local_today
from lvzhi.extensions import db


@contextmanager
def no_autoanalyze():
    """PostgreSQL's autovacuum may ANALYZE a table the build has just filled while the check
    runs (it wakes once a minute): statistics of a few rows tempt the planner into reading a
    small index whole, which at province scale would be every body's rows. Keep it off the
    test's tables for the check."""
    postgres = db.engine.dialect.name == "postgresql"
    names = [f'"{t.name}"' for t in db.metadata.sorted_tables] if postgres else []
    for name in names:
        db.session.execute(text(f"ALTER TABLE {name} SET (autovacuum_enabled = false)"))
    db.session.commit()
    try:
        yield
    finally:
        db.session.rollback()
        for name in names:
            db.session.execute(text(f"ALTER TABLE {name} RESET (autovacuum_enabled)"))
        db.session.commit()


def test_key_pages_search_large_tables_by_an_index_bound_to_the_body(app):
    # no planner statistics: the planners assume large tables, not the test's few rows
    # (PostgreSQL runs with sequential scans and hash/merge joins off, see bench/plans.py)
    with no_autoanalyze():
        build(orgs=3, members=20, years=2, analyze=False)
        statements = capture(app, local_today())
    assert len(statements) > 100
    problems = unbound(statements)
    assert not problems, f"{len(problems)} unbound statements:\n\n" + "\n\n".join(problems)
