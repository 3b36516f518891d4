"""PostgreSQL plans a page's statements once per connection, not once per request: psycopg
prepares a statement it has run five times on a connection, but forgot them all at every
rollback, and every request ends in one, so each statement of each page was parsed and
planned afresh (lvzhi.database)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from lvzhi.extensions import db

from .factories import world


def _prepared(fragment: str) -> int:
    """How many statements containing ``fragment`` the session's connection has prepared."""
    sql = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :like"
    return db.session.scalar(text(sql), {"like": f"%{fragment}%"})


def test_a_pages_statements_stay_prepared_from_one_request_to_the_next(app, client, auth):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements: PostgreSQL only")
    world()
    auth.login("weiyuan")
    for _ in range(8):
        assert client.get("/member/").status_code == 200
    db.session.rollback()
    # the session user's look-up, once per request, prepared after the fifth
    assert _prepared("FROM users JOIN login_sessions") == 1


def test_a_rollback_still_undoes_the_transactions_writes_and_settings(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements: PostgreSQL only")
    w = world()
    db.session.execute(text("SET enable_seqscan = off"))
    w.member.name = "改过的名字"
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(text("SHOW enable_seqscan")) == "on"
    assert w.member.name != "改过的名字"
