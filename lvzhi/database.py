"""Per-connection database settings: SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_app(app: Flask) -> None:
    from .extensions import db

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(
            engine, "connect", _sqlite_pragmas
        ):
            event.listen(engine, "connect", _sqlite_pragmas)
