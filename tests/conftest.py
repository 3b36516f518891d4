"""Fixtures: a fresh app and empty database per test (SQLite by default, PostgreSQL when
LVZHI_TEST_DATABASE_URL is set), a client, a CLI runner, a login helper and a statement
counter."""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import g, has_app_context
from sqlalchemy import event, select, text, update

from lvzhi import create_app
from lvzhi.extensions import db
from lvzhi.stamps import forget_kept

PG_URL = os.environ.get("LVZHI_TEST_DATABASE_URL")
# LVZHI_TEST_TODAY=2026-12-31 runs the whole suite as if it were that day (see below)
TEST_TODAY = os.environ.get("LVZHI_TEST_TODAY")
TEST_PASSWORD = "secret123"


def travel_to(day: date, real_now=lambda: datetime.now(UTC)):
    """Run the app's clock as if today were ``day`` (local time), time still running: every
    "now" in lvzhi is read through ``lvzhi.clock.utc_now``. No assertion may depend on the day
    of the month the suite runs on; running the suite on the 1st, the 5th, the 6th and
    31 December (``LVZHI_TEST_TODAY=…``) proves it. Returns the function that travels back.
    (``real_now``: the real clock, which a test of this function replaces.)"""
    import lvzhi.clock

    zone = lvzhi.clock.zone()

    def now() -> datetime:
        # the shift is taken afresh on every call, so a run that goes past local midnight
        # stays on ``day`` (a shift taken once would carry it into the next day — on
        # 31 December, into the next year — halfway through the suite)
        real = real_now()
        return real + timedelta(days=(day - real.astimezone(zone).date()).days)

    before = lvzhi.clock.utc_now
    lvzhi.clock.utc_now = now

    def back() -> None:
        lvzhi.clock.utc_now = before

    return back


def _session_day() -> date:
    """The day the whole run is on: ``LVZHI_TEST_TODAY``, else the local day it started.
    Modules read "today" once, when they are collected (``TODAY = local_today()``), so a
    run that went past local midnight (16:00 UTC in Haiyan) would set up data from the
    day before while the app had moved on: pinning the day keeps them agreeing."""
    if TEST_TODAY:
        return date.fromisoformat(TEST_TODAY)
    from lvzhi.clock import local_today

    return local_today()


travel_to(_session_day())


def make_config(database_url: str, tmp_path) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "WORK_FOLDER": str(tmp_path / "work"),
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if PG_URL:
        return PG_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    app = create_app(make_config(database_url, tmp_path_factory.mktemp("schema")))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()


def empty_database() -> None:
    db.session.rollback()
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


def fresh_request_globals(app) -> None:
    """The test body keeps an app context pushed, and Flask reuses it for client requests,
    so ``g`` would carry the logged-in user and per-request caches from one request (and
    client) to the next. Empty it at the start of every request, as a real server would."""

    @app.before_request
    def _fresh_g():
        for name in list(g):
            g.pop(name)


@pytest.fixture
def app(database_url, _schema, tmp_path):
    app = create_app(make_config(database_url, tmp_path))
    fresh_request_globals(app)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            empty_database()
            db.engine.dispose()


@pytest.fixture
def travel():
    """``travel(date(2026, 12, 6))`` runs the app's clocks on that day until the test ends;
    a browser logged in before the trip stays logged in (``logins_arrive``)."""
    backs = []

    def go(day):
        backs.append(travel_to(day))
        logins_arrive()

    yield go
    for back in reversed(backs):
        back()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str = TEST_PASSWORD):
        return self.client.post("/login", data={"login": username, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@contextmanager
def count_statements():
    """Count the SQL statements run inside the block: ``with count_statements() as n: ...``
    then ``n()`` is the count."""
    count = 0
    db.session.expire_all()  # start from the same (cold) state as a fresh request
    forget_kept()  # … in a worker that has kept nothing

    def before(*_args, **_kwargs):
        nonlocal count
        count += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield lambda: count
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def statements():
    return count_statements


@pytest.fixture(scope="session", autouse=True)
def delete_output_dir():
    """pytest-playwright wipes its output folder (test-results/) at the start of every run,
    even one without browser tests; that folder keeps our screenshots, so keep it (it is
    git-ignored and each browser test overwrites its own screenshots by name)."""


def freeze_local_time(monkeypatch, local: datetime) -> None:
    """Make the organization's clock read ``local`` (a naive local time, Asia/Shanghai by
    default): every local_today()/local_now() in the app, live servers included."""
    from lvzhi import clock

    moment = local.replace(tzinfo=clock.zone()).astimezone(UTC)
    monkeypatch.setattr(clock, "utc_now", lambda: moment)
    logins_arrive()


def logins_arrive() -> None:
    """After the clock moved on: a browser logged in before counts its login from the
    arrival, if the move would have ended it (a login lasts LOGIN_SESSION_DAYS; a test that
    moves months on tests something else — the lifetime's own test sets a login's moment)."""
    if not has_app_context():
        return
    from lvzhi.models import LoginSession
    from lvzhi.models.base import utcnow
    from lvzhi.stamps import unstamped

    now = utcnow()
    with db.session.no_autoflush:  # a service test's pending rows stay as they are
        ended = db.session.scalar(
            select(LoginSession.id)
            .where(LoginSession.created_at < now - timedelta(days=1))
            .limit(1)
        )
    if ended is not None:
        stmt = update(LoginSession).where(LoginSession.created_at < now - timedelta(days=1))
        db.session.execute(unstamped(stmt.values(created_at=now)))
        db.session.commit()


def pytest_collection_modifyitems(session, config, items):
    """The query-plan check runs first, on tables no earlier test has filled: PostgreSQL's
    planner statistics outlive TRUNCATE, and statistics gathered from other tests' data
    (thousands of members in one body) would choose plans for that data, not the check's."""
    first = [i for i in items if i.nodeid.startswith("tests/web/test_query_plans.py")]
    items[:] = first + [i for i in items if i not in first]
