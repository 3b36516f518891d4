"""Per-connection database settings: SQLite gets WAL, foreign keys and a busy timeout;
PostgreSQL's connections keep the statements psycopg prepared across a rollback.

psycopg prepares a statement it has run ``prepare_threshold`` times (5) on a connection, so
that PostgreSQL parses and plans it once, but forgets them all at every rollback, in case
the rolled-back transaction changed the tables they read (a DDL statement). Every web request
ends in a rollback (the session closes; a request that writes has committed already), so no
statement ever reached the threshold: PostgreSQL parsed and planned each statement of each
page afresh (0.5 ms for the session user's join of four tables, 0.05 ms once prepared).
lvzhi's requests run no DDL, and a DDL statement still clears them when it runs (psycopg's
own rule), so the rollback here keeps them: it is still a ROLLBACK, with all its effects on
the data and on the session's settings.

PostgreSQL's reads also run outside a transaction: psycopg sends ``BEGIN`` before a
transaction's first statement, on its own round trip, and every request ended in a
``ROLLBACK``, another: two of a page's few round trips to PostgreSQL, a fifth of what it
cost the app over SQLite. A connection taken from the pool is in autocommit
(``_reads_alone``), so a plain ``SELECT`` runs alone, as it would in a transaction at READ
COMMITTED (PostgreSQL's level, and lvzhi's: every statement sees what was committed when it
began); any other statement (a write, a ``SET``, a ``SELECT … FOR UPDATE``) first turns the
transaction back on (``_transaction_for_the_rest``), so writes are transactional as before:
committed by the unit of work, or rolled back with the request. A connection that asks for
its own isolation level (the backup's REPEATABLE READ) is set by SQLAlchemy after this and
keeps its transaction."""

from __future__ import annotations

import re
from functools import cache

from flask import Flask
from sqlalchemy import event


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@cache
def _kept_prepared_connection() -> type:
    """psycopg's connection class whose rollback keeps the prepared statements (psycopg is
    only installed with the postgres extra, hence a class made at the first connection)."""
    import psycopg
    from psycopg.pq import TransactionStatus

    class KeptPreparedConnection(psycopg.Connection):
        def rollback(self) -> None:
            if self.info.transaction_status != TransactionStatus.INTRANS:
                super().rollback()  # nothing to end, or a failed transaction: psycopg's way
                return
            threshold = self.prepare_threshold
            self.prepare_threshold = None  # this statement neither prepared nor judged
            try:
                self.execute("ROLLBACK")
            finally:
                self.prepare_threshold = threshold

    return KeptPreparedConnection


def _psycopg_connect(_dialect, _record, cargs, cparams):
    return _kept_prepared_connection().connect(*cargs, **cparams)


# a SELECT that locks rows needs its transaction
_LOCKS = re.compile(r"\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY|KEY)\b", re.I)


def plain_read(statement: str) -> bool:
    """A statement that only reads: a SELECT that locks no row."""
    return statement.lstrip()[:6].upper() == "SELECT" and not _LOCKS.search(statement)


def _reads_alone(dbapi_connection, _record, _proxy) -> None:
    """Pool checkout: a connection starts in autocommit, its reads outside a transaction."""
    dbapi_connection.autocommit = True


def _transaction_for_the_rest(conn, _cursor, statement, *_args) -> None:
    """Before a statement that is not a plain read: the transaction back on, from this
    statement until the connection goes back to the pool (psycopg sends BEGIN with it).
    A connection asked for autocommit (``isolation_level="AUTOCOMMIT"``: a VACUUM) keeps it."""
    raw = conn.connection.dbapi_connection
    if (
        raw.autocommit
        and not plain_read(statement)
        and conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT"
    ):
        raw.autocommit = False


def init_app(app: Flask) -> None:
    from .extensions import db

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(
            engine, "connect", _sqlite_pragmas
        ):
            event.listen(engine, "connect", _sqlite_pragmas)
        if engine.dialect.driver == "psycopg" and not event.contains(
            engine, "do_connect", _psycopg_connect
        ):
            event.listen(engine, "do_connect", _psycopg_connect)
            event.listen(engine, "checkout", _reads_alone)
            event.listen(engine, "before_cursor_execute", _transaction_for_the_rest)
