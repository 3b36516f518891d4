"""On PostgreSQL a connection's reads run outside a transaction (no BEGIN before them, no
ROLLBACK after: two round trips of every request), and anything else — a write, a setting,
a SELECT that locks rows — turns the transaction back on, so writes are undone by a rollback
and committed only by a commit, as before (lvzhi.database)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from lvzhi.database import plain_read
from lvzhi.extensions import db
from lvzhi.models import Member

from .factories import world


@pytest.mark.parametrize(
    "statement, alone",
    [
        ("SELECT users.id FROM users WHERE users.id = %(id)s", True),
        ("  select 1", True),
        ("SELECT members.id FROM members WHERE id = 1 FOR UPDATE", False),
        ("SELECT id FROM members\nFOR NO KEY UPDATE", False),
        ("SELECT id FROM members FOR SHARE", False),
        ("SELECT id FROM members FOR KEY SHARE SKIP LOCKED", False),
        ("SELECT for_update FROM t", True),  # a column so named locks nothing
        ("INSERT INTO t VALUES (1)", False),
        ("UPDATE members SET name = 'x'", False),
        ("DELETE FROM t", False),
        ("WITH moved AS (DELETE FROM t RETURNING *) SELECT * FROM moved", False),
        ("SET enable_seqscan = off", False),
        ("SAVEPOINT sa_savepoint_1", False),
    ],
)
def test_only_a_select_that_locks_nothing_runs_alone(statement, alone):
    assert plain_read(statement) is alone


@pytest.fixture
def pg(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's transactions: PostgreSQL only")
    w = world()
    db.session.commit()
    ids = {"member": w.member.id, "user": w.member_user.id}
    db.session.close()  # the next statement takes a connection from the pool
    return ids


def _in_transaction() -> bool:
    from psycopg.pq import TransactionStatus

    raw = db.session.connection().connection.dbapi_connection
    return raw.info.transaction_status != TransactionStatus.IDLE


def test_reads_leave_no_transaction_open(pg):
    assert db.session.scalar(select(Member.name).where(Member.id == pg["member"]))
    assert db.session.scalar(text("SELECT count(*) FROM members")) >= 1
    assert not _in_transaction()


def test_a_write_after_reads_is_undone_by_a_rollback(pg):
    name = db.session.scalar(select(Member.name).where(Member.id == pg["member"]))
    member = db.session.get(Member, pg["member"])
    member.name = "改过的名字"
    db.session.flush()
    assert _in_transaction()
    db.session.execute(text("SET enable_seqscan = off"))
    db.session.rollback()
    db.session.close()
    assert db.session.scalar(select(Member.name).where(Member.id == pg["member"])) == name
    assert db.session.scalar(text("SHOW enable_seqscan")) == "on"


def test_a_committed_write_is_kept(pg):
    db.session.get(Member, pg["member"]).name = "新名字"
    db.session.commit()
    db.session.close()
    assert db.session.scalar(select(Member.name).where(Member.id == pg["member"])) == "新名字"


def test_a_select_for_update_holds_its_lock_in_a_transaction(pg):
    db.session.execute(select(Member.id).where(Member.id == pg["member"]).with_for_update())
    assert _in_transaction()
    db.session.rollback()


def test_a_connection_that_only_read_has_nothing_to_roll_back(pg, monkeypatch):
    """As a page's session closes after its reads: the connection is idle when it is rolled
    back, so no ROLLBACK is sent (before, every page ended in one); after a write there is
    a transaction to roll back, and it is."""
    from psycopg.pq import TransactionStatus

    from lvzhi.database import _kept_prepared_connection

    kept = _kept_prepared_connection()
    statuses = []
    real = kept.rollback

    def rollback(self):
        statuses.append(self.info.transaction_status)
        real(self)

    monkeypatch.setattr(kept, "rollback", rollback)
    db.session.scalar(select(Member.name).where(Member.id == pg["member"]))
    db.session.close()
    reads = list(statuses)
    db.session.get(Member, pg["member"]).name = "不会保存"
    db.session.flush()
    db.session.close()
    assert reads and set(reads) == {TransactionStatus.IDLE}  # nothing to send
    assert TransactionStatus.INTRANS in statuses[len(reads) :]  # the write's: rolled back
    assert db.session.scalar(select(Member.name).where(Member.id == pg["member"])) != "不会保存"


def test_a_connection_asked_for_autocommit_keeps_it(pg):
    """VACUUM runs only outside a transaction: a connection asked for autocommit stays so."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE members")
        conn.exec_driver_sql("SET enable_seqscan = off")  # not turned into a transaction
        assert conn.exec_driver_sql("SHOW enable_seqscan").scalar() == "off"
        conn.exec_driver_sql("RESET enable_seqscan")  # a pooled connection's own setting
