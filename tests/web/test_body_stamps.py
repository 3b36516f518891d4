"""Body stamps (``lvzhi.stamps``): every committed write to a body's rows gives the body a new
stamp in the same transaction, and nothing else does; the figures a worker keeps under the
stamp are never served after another worker's write or past their day."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import g
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import insert, select, update

from lvzhi import create_app
from lvzhi.clock import local_today
from lvzhi.domain.duties import DEFAULT_DUTY_ITEMS
from lvzhi.extensions import db
from lvzhi.models import BodyStamp, DutyItem, Matter, Meeting, RoleGrant, User
from lvzhi.stamps import Kept, kept_html

from ..conftest import TEST_PASSWORD, fresh_request_globals, make_config
from ..factories import gen_duty_items, gen_record, world
from ..services.test_overdue_costs import three_late_one_not


def _stamps() -> dict[int, int]:
    db.session.rollback()  # read what is committed
    return dict(db.session.execute(select(BodyStamp.org_id, BodyStamp.stamp)).all())


def test_a_commit_stamps_the_bodies_it_wrote_and_no_other(app):
    w = world()
    before = _stamps()
    assert set(before) == {w.org.id, w.other_org.id}  # every body has one once written
    db.session.add(Meeting(org_id=w.org.id, kind="plenary", title="全会", held_on=local_today()))
    db.session.commit()
    after = _stamps()
    assert after[w.org.id] != before[w.org.id]
    assert after[w.other_org.id] == before[w.other_org.id]
    # an update and a delete stamp too
    meeting = db.session.scalars(select(Meeting)).one()
    meeting.title = "十二届三次全会"
    db.session.commit()
    updated = _stamps()
    assert updated[w.org.id] != after[w.org.id]
    db.session.delete(db.session.scalars(select(Meeting)).one())
    db.session.commit()
    assert _stamps()[w.org.id] != updated[w.org.id]
    assert _stamps()[w.other_org.id] == before[w.other_org.id]


def test_a_rolled_back_write_and_an_unchanged_row_stamp_nothing(app):
    w = world()
    before = _stamps()
    db.session.add(Meeting(org_id=w.org.id, kind="plenary", title="全会", held_on=local_today()))
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert _stamps() == before
    org = db.session.get(type(w.org), w.org.id)
    org.name = org.name  # set to what it is: no change
    db.session.commit()
    assert _stamps() == before


def test_statements_stamp_the_bodies_of_their_rows_else_every_body(app):
    w = world()
    before = _stamps()
    rows = [
        {"org_id": w.other_org.id, "year": local_today().year, "code": "x1", "name": "调研"},
    ]
    db.session.execute(insert(DutyItem), rows)
    db.session.commit()
    after = _stamps()
    assert after[w.other_org.id] != before[w.other_org.id]
    assert after[w.org.id] == before[w.org.id]
    # an UPDATE whose rows the statement does not name, outside a request: every body
    db.session.execute(update(Meeting).where(Meeting.title == "无").values(title="无"))
    db.session.commit()
    last = _stamps()
    assert last[w.org.id] != after[w.org.id] and last[w.other_org.id] != after[w.other_org.id]


def test_a_row_without_a_body_stamps_the_request_users_body(app):
    """role_grants has no org_id: written in a request, it is the logged-in user's body's;
    written outside one (a command), every body's."""
    w = world()
    before = _stamps()
    with app.test_request_context():
        g._login_user = db.session.get(User, w.secretariat_user.id)  # as Flask-Login keeps it
        db.session.add(RoleGrant(user_id=w.leader_user.id, role="secretariat"))
        db.session.commit()
    inside = _stamps()
    assert inside[w.org.id] != before[w.org.id]
    assert inside[w.other_org.id] == before[w.other_org.id]
    db.session.add(RoleGrant(user_id=w.secretariat_user.id, role="leader"))
    db.session.commit()
    outside = _stamps()
    assert all(outside[org] != inside[org] for org in (w.org.id, w.other_org.id))


def test_reading_pages_and_failing_to_log_in_stamp_nothing(app, client, auth):
    world()
    auth.login("jiguan")
    before = _stamps()
    for path in ("/secretariat/", "/inbox/", "/secretariat/overdue", "/secretariat/members"):
        assert client.get(path).status_code == 200
    auth.logout()
    for _ in range(2):
        assert auth.login("jiguan", "wrong-password").status_code == 200
    assert auth.login("nobody", TEST_PASSWORD).status_code == 200
    assert _stamps() == before


def _badge(page) -> int:
    found = re.search(r'aria-label="待办，(\d+) 项"', page.text)
    return int(found.group(1)) if found else 0


def test_a_workers_kept_figures_follow_another_workers_write_and_the_day(
    app, database_url, tmp_path, travel
):
    """Two workers (two apps on one database) keep the secretariat's and the leaders' late
    figures. A write served by one is seen by the other at its next page; a deadline passing
    overnight is seen the next day with no write at all."""
    w = three_late_one_not()  # three 社情民意 overdue, one assigned today
    other = create_app(make_config(database_url, tmp_path / "other"))
    fresh_request_globals(other)
    clients = {}
    for name, worker in (("a", app), ("b", other)):
        for user in ("jiguan", "lingdao"):
            c = worker.test_client()
            assert c.post("/login", data={"login": user, "password": TEST_PASSWORD})
            clients[name, user] = c
    home = {"jiguan": "/secretariat/", "lingdao": "/board/"}
    first = {key: _badge(c.get(home[key[1]])) for key, c in clients.items()}
    for user in ("jiguan", "lingdao"):
        assert first["a", user] == first["b", user] > 0
        assert _badge(clients["b", user].get("/inbox/")) == first["b", user]  # kept, same
    # a write committed by another process (here the test, as a command would): one overdue
    # report answered; both workers had its figures kept
    late = db.session.scalars(select(Matter).where(Matter.title == "逾期0")).one()
    late.stage = "feedback"
    db.session.commit()
    for user in ("jiguan", "lingdao"):
        assert _badge(clients["b", user].get("/inbox/")) == first["b", user] - 1, user
        assert _badge(clients["a", user].get("/inbox/")) == first["a", user] - 1, user
    # the last report falls due in the coming months: no write, only days pass
    travel(local_today() + timedelta(days=200))
    for user in ("jiguan", "lingdao"):
        assert _badge(clients["b", user].get("/inbox/")) == first["b", user], user
    assert w.org.id in _stamps()


def test_the_kept_figures_are_bounded_and_drop_the_least_recently_used():
    kept = Kept(2)
    computed: list[str] = []

    def figure(name):
        return lambda: computed.append(name) or name.upper()

    assert kept.get("a", figure("a")) == "A"
    assert kept.get("b", figure("b")) == "B"
    assert kept.get("a", figure("a")) == "A"  # kept: not computed again, now the newest
    assert kept.get("c", figure("c")) == "C"  # drops b, the least recently used
    assert kept.get("a", figure("a")) == "A"
    assert kept.get("b", figure("b")) == "B"
    assert computed == ["a", "b", "c", "b"]


def test_the_leaders_board_kept_by_a_worker_shows_the_next_write(app, client, auth):
    """The board's figures are kept (``stamps.kept``) across leaders' pages: the records
    confirmed since are counted at the next page."""
    w = world()
    gen_duty_items(w.org)
    db.session.commit()
    auth.login("lingdao")

    def done_all() -> int:
        page = client.get("/dashboard/").get_data(as_text=True)
        return int(re.search(r'stat-num">(\d+)</span><span class="stat-label">全部完成', page)[1])

    assert done_all() == done_all() == 0  # the second from what the worker kept
    for code, _name, _desc in DEFAULT_DUTY_ITEMS:
        gen_record(w.member, code)
    db.session.commit()
    assert done_all() == 1


def test_the_showcase_kept_for_every_viewer_shows_the_next_report(app, client, auth):
    """One 晾晒台 month's content is kept for all the body's viewers (``stamps.kept_html``):
    a member, then the leader, read it as kept; a report handed in since shows at once."""
    from ..factories import gen_group_report

    w = world()
    y, m = local_today().year, local_today().month
    gen_group_report(w.group, y, m, "reviewed", work_items=3, quality=40)
    db.session.commit()
    path = f"/showcase/{y}/{m}"
    auth.login("weiyuan")
    assert "已报送 <strong>1</strong> 个室组" in client.get(path).get_data(as_text=True)
    auth.logout()
    auth.login("lingdao")
    page = client.get(path).get_data(as_text=True)
    assert "已报送 <strong>1</strong> 个室组" in page and "lingdao" in page  # its own top bar
    gen_group_report(w.other_group, y, m, "reviewed", work_items=5, quality=40)
    db.session.commit()
    assert "已报送 <strong>2</strong> 个室组" in client.get(path).get_data(as_text=True)


def test_a_kept_page_with_a_form_carries_each_sessions_own_token(app):
    """A form's token is the session's: the kept page is rendered with a mark in its place,
    and each request is served its own session's token (another's would refuse its forms)."""
    from flask_wtf.csrf import generate_csrf, validate_csrf

    from lvzhi.stamps import _FORM_MARK

    w = world()
    form = (
        '<form method="post"><input name="csrf_token" value="{{ csrf_token() }}">'
        "{{ calls.append(1) or '' }}</form>"
    )
    app.jinja_env.loader = ChoiceLoader([DictLoader({"form.html": form}), app.jinja_env.loader])
    calls: list[int] = []
    served = []
    for _ in range(2):  # two sessions (two viewers), each request with its own g
        with app.app_context(), app.test_request_context():
            html = str(kept_html("form", w.org.id, (), "form.html", lambda: {"calls": calls}))
            token = re.search(r'value="([^"]+)"', html).group(1)
            assert token == generate_csrf() and _FORM_MARK not in html
            validate_csrf(token)  # the session's own: its form is accepted
            assert g.csrf_token == token
            served.append(token)
    assert len(calls) == 1  # rendered once, kept for the second viewer
    assert served[0] != served[1]
    with app.app_context(), app.test_request_context():  # a token made before is kept
        mine = generate_csrf()
        html = str(kept_html("form", w.org.id, (), "form.html", lambda: {"calls": calls}))
        assert f'value="{mine}"' in html and g.csrf_token == mine


def test_a_form_built_before_the_kept_render_is_refused(app):
    """Its token is the session's own, already written: kept, it would be served to others."""
    from flask_wtf.csrf import generate_csrf

    w = world()
    form = (
        '<form method="post"><input type="hidden" name="s1-csrf_token" value="{{ token }}"></form>'
    )
    app.jinja_env.loader = ChoiceLoader([DictLoader({"early.html": form}), app.jinja_env.loader])
    with app.app_context(), app.test_request_context():
        token = generate_csrf()  # the form built outside the context
        with pytest.raises(RuntimeError, match="form token of its own"):
            kept_html("early", w.org.id, (), "early.html", lambda: {"token": token})


def test_a_body_deleted_is_not_stamped(app):
    """Its stamp row goes with it; the commit stamps only the bodies that still exist."""
    from lvzhi.models import Organization

    w = world()
    spare = Organization(name="待删除的政协")
    db.session.add(spare)
    db.session.commit()
    assert spare.id in _stamps()
    db.session.delete(db.session.get(Organization, spare.id))
    db.session.add(Meeting(org_id=w.org.id, kind="plenary", title="全会", held_on=local_today()))
    db.session.commit()
    assert set(_stamps()) == {w.org.id, w.other_org.id}
