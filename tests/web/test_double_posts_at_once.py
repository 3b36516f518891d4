"""The same form posted several times at the same moment (a double tap on a slow link, a
retry) on a real threaded server makes one row: a group's activity (one per group, day and
topic) and a points adjustment (its form's one-time token) — and no post gets a 500."""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlencode

from sqlalchemy import func, select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attendance, GroupActivity, PointsAdjustment
from lvzhi.services import attendance, points

from ..conftest import TEST_PASSWORD
from ..factories import world
from .test_login_concurrency import live_port  # noqa: F401  (the threaded server)

PARALLEL = 4


def _request(port: int, method: str, path: str, data: dict, cookie: str = ""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if cookie:
            headers["Cookie"] = cookie
        conn.request(method, path, urlencode(data), headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Set-Cookie") or ""
    finally:
        conn.close()


def _login(port: int, login: str) -> str:
    status, cookie = _request(port, "POST", "/login", {"login": login, "password": TEST_PASSWORD})
    assert status in (302, 303)
    return cookie.split(";", 1)[0]


def _race(port: int, path: str, data: dict, cookie: str) -> list[int]:
    start = threading.Barrier(PARALLEL)
    statuses: list[int] = [0] * PARALLEL

    def one(i: int) -> None:
        start.wait()
        statuses[i] = _request(port, "POST", path, data, cookie)[0]

    threads = [threading.Thread(target=one, args=(i,)) for i in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return statuses


def _slowed(monkeypatch, module, name: str) -> None:
    """Let every post pass its "already there?" check before any of them writes."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        found = real(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(module, name, slow)


def test_one_activity_from_a_form_posted_at_once(app, live_port, monkeypatch):  # noqa: F811
    w = world()
    group_id = w.group.id
    db.session.commit()
    _slowed(monkeypatch, attendance, "another_like")
    cookie = _login(live_port, "shizu")
    form = {"group": group_id, "held_on": local_today().isoformat(), "topic": "集中学习"}
    statuses = _race(live_port, "/attendance/activities/new", form, cookie)
    assert all(s < 500 for s in statuses) and 303 in statuses, statuses
    db.session.expire_all()
    assert db.session.scalar(select(func.count(GroupActivity.id))) == 1
    # the group's members are invited once
    invited = db.session.scalars(select(Attendance.member_id)).all()
    assert len(invited) == len(set(invited)) > 0


def test_one_points_adjustment_from_a_form_posted_at_once(app, live_port, monkeypatch):  # noqa: F811
    w = world()
    member_id = w.member.id
    db.session.commit()
    _slowed(monkeypatch, points, "_adjusted_by_token")
    cookie = _login(live_port, "jiguan")
    year = local_today().year
    path = f"/secretariat/assessment/{year}/members/{member_id}/adjust"
    form = {"points": "5", "reason": "补记全会发言", "token": "a1b2c3"}
    statuses = _race(live_port, path, form, cookie)
    assert statuses == [303] * PARALLEL  # each answers as the first one did
    db.session.expire_all()
    assert db.session.scalar(select(func.count(PointsAdjustment.id))) == 1
    # the same words under a new token (Back, then post again) are refused as a repeat within
    # the repeat window, as before: the form comes back with the reason
    status, _ = _request(live_port, "POST", path, form | {"token": "d4e5f6"}, cookie)
    assert status == 200
    assert db.session.scalar(select(func.count(PointsAdjustment.id))) == 1
