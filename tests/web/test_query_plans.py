"""Every statement of the key pages is bound to an organization by an index: at province
scale (100 bodies in one database) a scan of a large table, or a search by a status or a
year alone, reads every body's rows. The check itself is bench/plans.py's."""

from __future__ import annotations

from bench.dataset import build
from bench.plans import capture, unbound
from lvzhi.clock import local_today


def test_key_pages_search_large_tables_by_an_index_bound_to_the_body(app):
    # no planner statistics: the planners assume large tables, not the test's few rows
    # (PostgreSQL runs with sequential scans and hash/merge joins off, see bench/plans.py)
    build(orgs=3, members=20, years=2, analyze=False)
    statements = capture(app, local_today())
    assert len(statements) > 100
    problems = unbound(statements)
    assert not problems, f"{len(problems)} unbound statements:\n\n" + "\n\n".join(problems)
