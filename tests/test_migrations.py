"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import os
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lvzhi import create_app
from lvzhi.extensions import db

from .conftest import make_config


def _scratch_database(tmp_path):
    """A new empty database of the same kind as the test database."""
    pg = os.environ.get("LVZHI_TEST_DATABASE_URL")
    if not pg:
        return f"sqlite:///{tmp_path / 'migrations.sqlite3'}", lambda: None
    url = make_url(
        pg.replace("postgresql://", "postgresql+psycopg://", 1)
        if pg.startswith("postgresql://")
        else pg
    )
    name = f"lvzhi_migcheck_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def test_models_and_migrations_agree(tmp_path):
    url, drop = _scratch_database(tmp_path)
    try:
        app = create_app(make_config(url, tmp_path))
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                diff = compare_metadata(context, db.metadata)
            db.engine.dispose()
        assert diff == [], f"models and migrations disagree: {diff}"
    finally:
        drop()
