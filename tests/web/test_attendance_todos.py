"""The attendance to-dos: leave waiting for the organizer, and today's open check-in for
the member."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.inbox.attendance_todos import attendance_todos
from lvzhi.services import attendance as svc

from ..factories import gen_invited, gen_meeting, world


@pytest.fixture
def request_context(app):
    """Providers build links with url_for, as they do inside a request."""
    with app.test_request_context():
        yield


def test_member_gets_a_todo_while_check_in_is_open_today(app, request_context):
    w = world()
    meeting = gen_meeting(w.org, title="三季度常委会")
    gen_invited(meeting, [w.member])
    db.session.commit()
    assert attendance_todos(w.member_user) == []
    svc.checkin_window_open(w.secretariat_user, meeting, 60)
    (todo,) = attendance_todos(w.member_user)
    assert todo.title == "签到：三季度常委会" and todo.urgent
    svc.attendance_checkin(w.member_user, meeting)
    assert attendance_todos(w.member_user) == []


def test_secretariat_and_head_get_their_own_waiting_leave(app, request_context):
    w = world()
    later = local_today() + timedelta(days=3)
    meeting = gen_meeting(w.org, held_on=later, title="全会预备会")
    gen_invited(meeting, [w.member])
    activity = svc.activity_save(w.head_user, w.group, None, later, None, "学习交流", "")
    svc.leave_request(w.member_user, meeting, "出差")
    svc.leave_request(w.member_user, activity, "家事")
    (office,) = attendance_todos(w.secretariat_user)
    assert office.title == "1 条请假申请待审批" and "全会预备会" in office.detail
    head = [t for t in attendance_todos(w.head_user) if t.kind == "attendance_leave"]
    assert [t.detail for t in head] == ["学习交流"]
    assert attendance_todos(w.director_user) == []


def test_inbox_page_lists_the_waiting_leave(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org, held_on=local_today() + timedelta(days=3), title="全会预备会")
    gen_invited(meeting, [w.member])
    db.session.commit()
    svc.leave_request(w.member_user, meeting, "出差")
    auth.login("jiguan")
    assert "1 条请假申请待审批" in client.get("/inbox/").get_data(as_text=True)
