"""Many logins to one account at the same moment, on a real threaded server: no 500s, and
racing guesses never get more passwords checked than the lockout allows."""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from lvzhi.extensions import db
from lvzhi.models import User
from lvzhi.services import accounts

from ..conftest import TEST_PASSWORD
from ..factories import world

PARALLEL = 20
LOCKED = "账户已锁定"
BAD_LOGIN = "用户名或密码不正确。"


@pytest.fixture
def live_port(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture
def password_checks(monkeypatch) -> list[str]:
    """Every password the login service checks, in order. Each check takes a little while,
    as a real scrypt hash does, so that parallel requests really overlap."""
    checked: list[str] = []
    lock = threading.Lock()
    real = accounts.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        with lock:
            checked.append(password)
        time.sleep(0.05)
        return real(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    return checked


def post_login(port: int, login: str, password: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(
            "POST",
            "/login",
            urlencode({"login": login, "password": password}),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def race(port: int, login: str, passwords: list[str]) -> list[tuple[int, str]]:
    """Send one login per password, all released at the same moment."""
    start = threading.Barrier(len(passwords))
    results: list[tuple[int, str] | None] = [None] * len(passwords)

    def one(i: int, password: str) -> None:
        start.wait()
        results[i] = post_login(port, login, password)

    threads = [threading.Thread(target=one, args=(i, p)) for i, p in enumerate(passwords)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(r is not None for r in results)
    return results  # type: ignore[return-value]


def login_state(username: str) -> tuple[int, object]:
    db.session.expire_all()
    return db.session.execute(
        select(User.failed_logins, User.locked_until).where(User.username == username)
    ).one()


def test_parallel_correct_logins_all_succeed_or_get_the_lock_message(app, live_port):
    world()
    db.session.commit()
    results = race(live_port, "shizu", [TEST_PASSWORD] * PARALLEL)
    assert [status for status, _ in results if status not in (200, 303)] == []
    refused = [page for status, page in results if status == 200]
    assert all(LOCKED in page for page in refused)
    assert any(status == 303 for status, _ in results)
    # the owner is not locked out afterwards
    failed, locked_until = login_state("shizu")
    assert (failed, locked_until) == (0, None)
    assert post_login(live_port, "shizu", TEST_PASSWORD)[0] == 303


def test_parallel_wrong_passwords_check_no_more_than_the_limit(app, live_port, password_checks):
    world()
    db.session.commit()
    limit = app.config["LOGIN_MAX_FAILURES"]
    results = race(live_port, "weiyuan", [f"guess{i}" for i in range(PARALLEL)])
    assert [status for status, _ in results] == [200] * PARALLEL
    assert all(BAD_LOGIN in page or LOCKED in page for _, page in results)
    assert len(password_checks) <= limit
    assert sum(LOCKED in page for _, page in results) >= PARALLEL - limit
    # the account is locked: even the right password is refused without being checked
    status, page = post_login(live_port, "weiyuan", TEST_PASSWORD)
    assert status == 200 and LOCKED in page
    assert len(password_checks) <= limit


def test_right_password_among_parallel_wrong_ones_is_never_a_server_error(
    app, live_port, password_checks
):
    world()
    db.session.commit()
    guesses = [f"guess{i}" for i in range(PARALLEL - 1)] + [TEST_PASSWORD]
    results = race(live_port, "weiyuan", guesses)
    assert [status for status, _ in results if status not in (200, 303)] == []
    status, page = results[-1]
    assert status == 303 or LOCKED in page
