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


def test_rows_survive_the_migrations_that_copy_tables(tmp_path):
    """SQLite alters a table by copying it and dropping the old one; with foreign keys on,
    that drop cascaded into every row referring to it (0020 deleted every activity's
    attendance, 0019's downgrade every matter's people). The rows are still there after
    0020 and after going back below 0019; 0020 renames a race's twin activity."""
    from datetime import date

    from flask_migrate import downgrade
    from sqlalchemy import func, select

    from lvzhi.models import Attendance, GroupActivity, MatterPerson

    from .factories import gen_invited, gen_proposal, world

    url, drop = _scratch_database(tmp_path)
    try:
        app = create_app(make_config(url, tmp_path))
        with app.app_context():
            upgrade(revision="0019")
            w = world()
            day = date(2026, 5, 1)
            activity, twin = (
                GroupActivity(org_id=w.org.id, office_group_id=w.group.id, held_on=day, topic=t)
                for t in ("集中学习", "集中学习")
            )
            db.session.add_all([activity, twin])
            db.session.flush()
            gen_invited(activity, [w.member, w.peer])
            gen_proposal(w.member_user, title="迁移前的提案")
            db.session.commit()
            twin_id = twin.id

            def counts():
                db.session.expire_all()
                return tuple(
                    db.session.scalar(select(func.count()).select_from(t))
                    for t in (Attendance, MatterPerson)
                )

            before = counts()
            assert before[0] == 2 and before[1] >= 1
            db.session.close()
            upgrade()
            assert counts() == before
            topics = sorted(db.session.scalars(select(GroupActivity.topic)))
            assert topics == ["集中学习", f"集中学习（重复{twin_id}）"]
            db.session.close()
            downgrade(revision="0018")
            assert counts() == before
            db.session.close()
            upgrade()
            assert counts() == before
            db.session.close()
            db.engine.dispose()
    finally:
        drop()
