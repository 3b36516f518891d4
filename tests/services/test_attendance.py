"""Attendance services and selectors: invitations by scope, leave, check-in by tap, code,
tick and sheet, the derived results and the figures."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import Workbook

from lvzhi.clock import local_today
from lvzhi.domain import attendance as rules
from lvzhi.extensions import db
from lvzhi.models import AuditEvent
from lvzhi.models.base import utcnow
from lvzhi.selectors import attendance as sel
from lvzhi.services import ServiceError
from lvzhi.services import attendance as svc
from lvzhi.services.attendance_import import signin_sheet_import, signin_sheet_preview

from ..factories import gen_invited, gen_meeting, gen_member, world


def sheet(*rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "手机号"])
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_invite_by_committee_group_and_picked_adds_each_person_once(app):
    w = world()
    meeting = gen_meeting(w.org)
    s = w.secretariat_user
    assert svc.attendance_invite(s, meeting, "committee", w.committee.id) == 2  # 张岩枢, 朱明华
    assert svc.attendance_invite(s, meeting, "group", w.group.id) == 2  # + 李伟, 沈国平
    assert svc.attendance_invite(s, meeting, "picked", member_ids=[w.member.id]) == 0
    assert svc.attendance_invite(s, meeting, "all") == 0
    assert len(sel.event_invitees(meeting)) == 4


def test_invite_all_never_reaches_another_organization(app):
    w = world()
    meeting = gen_meeting(w.org)
    svc.attendance_invite(w.secretariat_user, meeting, "all")
    names = {i.row.member.name for i in sel.event_invitees(meeting)}
    assert "外县委员" not in names
    assert (
        svc.attendance_invite(w.secretariat_user, meeting, "picked", member_ids=[w.outsider.id])
        == 0
    )


def test_a_head_cannot_organize_a_meeting(app):
    w = world()
    meeting = gen_meeting(w.org)
    with pytest.raises(ServiceError, match="不能管理"):
        svc.attendance_invite(w.head_user, meeting, "all")


def test_tap_checkin_only_inside_the_window_and_twice_changes_nothing(app):
    w = world()
    meeting = gen_meeting(w.org)
    gen_invited(meeting, [w.member])
    db.session.commit()
    with pytest.raises(ServiceError, match="签到尚未开放"):
        svc.attendance_checkin(w.member_user, meeting)
    assert svc.invitation(meeting, w.member.id).checked_in_at is None
    svc.checkin_window_open(w.secretariat_user, meeting, 60)
    row, newly = svc.attendance_checkin(w.member_user, meeting)
    assert newly and row.checkin_method == "tap"
    first = row.checked_in_at
    row, newly = svc.attendance_checkin(w.member_user, meeting)
    assert not newly and row.checked_in_at == first
    assert db.session.query(AuditEvent).filter_by(action="attendance.checkin").count() == 1


def test_checkin_after_the_window_closed_records_nothing(app):
    w = world()
    meeting = gen_meeting(w.org)
    gen_invited(meeting, [w.member])
    svc.checkin_window_open(w.secretariat_user, meeting, 30)
    svc.checkin_window_close(w.secretariat_user, meeting)
    with pytest.raises(ServiceError, match="签到尚未开放或已经结束"):
        svc.attendance_checkin(w.member_user, meeting)
    assert svc.invitation(meeting, w.member.id).checked_in_at is None


def test_uninvited_member_cannot_check_in(app):
    w = world()
    meeting = gen_meeting(w.org)
    svc.checkin_window_open(w.secretariat_user, meeting, 30)
    with pytest.raises(ServiceError, match="邀请名单"):
        svc.attendance_checkin(w.member_user, meeting)


def test_code_checkin_refuses_an_expired_code_and_records_nothing(app):
    w = world()
    meeting = gen_meeting(w.org)
    gen_invited(meeting, [w.member, w.peer])
    svc.checkin_window_open(w.secretariat_user, meeting, 60)
    old = utcnow() - timedelta(minutes=rules.QR_VALID_MINUTES)
    source, ident, issued = svc.checkin_code_read(svc.checkin_code(meeting, old))
    assert (source, ident) == ("meeting", meeting.id)
    with pytest.raises(ServiceError, match="二维码已过期"):
        svc.attendance_checkin(w.member_user, meeting, issued)
    assert svc.invitation(meeting, w.member.id).checked_in_at is None
    _s, _i, fresh = svc.checkin_code_read(svc.checkin_code(meeting))
    row, newly = svc.attendance_checkin(w.member_user, meeting, fresh)
    assert newly and row.checkin_method == "qr"


def test_a_forged_code_is_refused(app):
    world()
    token = svc.checkin_code_read.__module__  # any text that is not a signed token
    with pytest.raises(ServiceError, match="签到链接无效"):
        svc.checkin_code_read(token)


def test_leave_before_the_start_then_approved_makes_the_member_excused(app):
    w = world()
    meeting = gen_meeting(w.org, held_on=local_today() + timedelta(days=3), start_time=time(9, 0))
    gen_invited(meeting, [w.member])
    db.session.commit()
    with pytest.raises(ServiceError, match="请填写请假事由"):
        svc.leave_request(w.member_user, meeting, " ")
    row = svc.leave_request(w.member_user, meeting, "出差在外")
    assert row.leave_status == rules.LEAVE_REQUESTED
    assert sel.waiting_leave(w.org.id, meetings=True) == 1
    svc.leave_decide(w.secretariat_user, row, approve=True)
    assert sel.invitee(row).result == rules.EXCUSED
    with pytest.raises(ServiceError, match="已处理过"):
        svc.leave_decide(w.secretariat_user, row, approve=False)


def test_leave_after_the_start_is_refused(app):
    w = world()
    meeting = gen_meeting(w.org, held_on=local_today() - timedelta(days=1))
    gen_invited(meeting, [w.member])
    with pytest.raises(ServiceError, match="已经开始"):
        svc.leave_request(w.member_user, meeting, "出差")


def test_head_schedules_an_activity_that_invites_the_group_and_decides_its_leave(app):
    w = world()
    day = local_today() + timedelta(days=5)
    activity = svc.activity_save(
        w.head_user, w.group, None, day, time(14, 30), "学习交流", "村委会"
    )
    names = {i.row.member.name for i in sel.event_invitees(activity)}
    assert names == {"张岩枢", "李伟", "沈国平"}
    row = svc.leave_request(w.member_user, activity, "家中有事")
    assert sel.waiting_leave(w.org.id, meetings=False, group_ids=[w.group.id]) == 1
    svc.leave_decide(w.head_user, row, approve=False)
    assert row.leave_status == rules.LEAVE_REFUSED


def test_a_head_cannot_schedule_for_another_group(app):
    w = world()
    with pytest.raises(ServiceError, match="不是该室组的负责人"):
        svc.activity_save(w.head_user, w.other_group, None, local_today(), None, "学习", "")


def test_tick_marks_present_and_can_be_taken_back(app):
    w = world()
    meeting = gen_meeting(w.org, held_on=local_today() - timedelta(days=2))
    (row,) = gen_invited(meeting, [w.member])
    assert sel.invitee(row).result == rules.ABSENT
    svc.attendance_tick(w.secretariat_user, row, True)
    assert sel.invitee(row).result == rules.PRESENT and row.checkin_method == "tick"
    svc.attendance_tick(w.secretariat_user, row, False)
    assert sel.invitee(row).result == rules.ABSENT


def test_sheet_preview_lists_every_bad_row_and_import_marks_all(app):
    w = world()
    meeting = gen_meeting(w.org)
    twin = gen_member(w.org, name="李伟", office_group_id=w.other_group.id)
    gen_invited(meeting, [w.member, w.peer, twin, w.head])
    bad = signin_sheet_preview(
        w.secretariat_user,
        meeting,
        sheet(("张岩枢", None), ("李伟", None), ("王五", None), ("张岩枢", None), (None, "1")),
    )
    assert [(r.line, r.error[:4]) for r in bad.bad_rows] == [
        (3, "名单中有"),
        (4, "不在本次"),
        (5, "与第 2"),
        (6, "缺少姓名"),
    ]
    good = signin_sheet_preview(
        w.secretariat_user, meeting, sheet(("张岩枢", None), ("李伟", twin.mobile))
    )
    assert not good.bad_rows
    assert signin_sheet_import(w.secretariat_user, meeting, good.member_ids) == 2
    present = {i.row.member.name for i in sel.event_invitees(meeting) if i.result == "present"}
    assert present == {"张岩枢", "李伟"}


def test_sheet_import_writes_nothing_when_a_member_left_the_list(app):
    w = world()
    meeting = gen_meeting(w.org)
    gen_invited(meeting, [w.member])
    db.session.commit()
    with pytest.raises(ServiceError, match="不再一致"):
        signin_sheet_import(w.secretariat_user, meeting, [w.member.id, w.peer.id])
    assert svc.invitation(meeting, w.member.id).checked_in_at is None


def test_unreadable_sheet_gets_a_clear_message(app):
    w = world()
    meeting = gen_meeting(w.org)
    with pytest.raises(ServiceError, match="无法读取"):
        signin_sheet_preview(w.secretariat_user, meeting, b"not a workbook")


def test_attendance_facts_count_results_by_member_and_kind(app):
    w = world()
    held, today, later = date(2025, 3, 5), date(2025, 3, 10), date(2025, 3, 20)
    past = gen_meeting(w.org, held_on=held, kind="plenary")
    coming = gen_meeting(w.org, held_on=later)
    svc.activity_save(w.head_user, w.group, None, held, None, "学习", "")
    gen_invited(past, [w.member], checked_in_at=datetime(2025, 3, 5, 1, 0))
    gen_invited(past, [w.peer], leave_status=rules.LEAVE_APPROVED)
    gen_invited(past, [w.head], leave_status=rules.LEAVE_REFUSED)
    gen_invited(coming, [w.member])
    db.session.commit()
    facts = sel.attendance_facts(w.org.id, 2025, today=today)
    assert facts[w.member.id]["plenary"] == {"present": 1, "excused": 0, "absent": 0}
    assert facts[w.peer.id]["plenary"] == {"present": 0, "excused": 1, "absent": 0}
    assert facts[w.head.id]["plenary"] == {"present": 0, "excused": 0, "absent": 1}
    assert facts[w.member.id]["group_activity"] == {"present": 0, "excused": 0, "absent": 1}
    assert "standing_committee" not in facts[w.member.id]  # not over yet: counted nowhere
    assert sel.attendance_facts(w.org.id, 2024, today=today) == {}


def test_rates_by_group_in_two_statements(app, statements):
    w = world()
    day = local_today()
    meeting = gen_meeting(w.org, held_on=day)
    gen_invited(meeting, [w.member, w.head], checked_in_at=datetime(2026, 1, 1))
    gen_invited(meeting, [w.peer], leave_status=rules.LEAVE_APPROVED)
    gen_invited(meeting, [w.director])
    db.session.commit()
    org_id = w.org.id
    with statements() as n:
        rows = sel.rates(org_id, day.year, "group", today=day + timedelta(days=1))
    assert n() == 2
    by_name = {r.name: r.rate for r in rows}
    assert by_name["西塘桥街道"] == rules.Rate(present=2, excused=1, absent=0)
    assert by_name["武原街道"] == rules.Rate(present=0, excused=0, absent=1)


def test_an_organizer_does_not_mark_themselves_present_by_a_sheet(app):
    """The sign-in sheet follows the tick list's rule: the head who runs the activity finds
    their own row refused in the preview, and an import naming them writes nothing."""
    w = world()
    activity = svc.activity_save(w.head_user, w.group, None, local_today(), None, "学习", "")
    preview = signin_sheet_preview(
        w.head_user, activity, sheet(("张岩枢", None), (w.head.name, None))
    )
    assert [(r.line, r.error) for r in preview.bad_rows] == [(3, svc.OWN_ROW)]
    with pytest.raises(ServiceError, match="不能为本人登记出席"):
        signin_sheet_import(w.head_user, activity, [w.member.id, w.head.id])
    assert svc.invitation(activity, w.member.id).checked_in_at is None
    assert svc.invitation(activity, w.head.id).checked_in_at is None
    assert signin_sheet_import(w.head_user, activity, [w.member.id]) == 1


def test_check_in_is_not_opened_weeks_before_the_meeting(app):
    """Opening check-in for a meeting days ahead is refused (the member page promises it on
    the day), and nobody checks in to it."""
    w = world()
    later = gen_meeting(w.org, held_on=local_today() + timedelta(days=18))
    gen_invited(later, [w.member])
    db.session.commit()
    with pytest.raises(ServiceError, match="会议当天"):
        svc.checkin_window_open(w.secretariat_user, later, 60)
    assert later.checkin_opens_at is None
    with pytest.raises(ServiceError, match="签到尚未开放"):
        svc.attendance_checkin(w.member_user, later)
    assert svc.invitation(later, w.member.id).checked_in_at is None


def test_the_organizer_records_a_leave_asked_by_phone_not_their_own(app):
    """代登记请假: excused at once in the organizer's name, before or after the event; not for
    someone checked in, not twice, and a head does not excuse themselves."""
    w = world()
    meeting = gen_meeting(w.org, held_on=local_today() - timedelta(days=1))  # over already
    gen_invited(meeting, [w.member, w.peer])
    row = svc.leave_record(w.secretariat_user, svc.invitation(meeting, w.member.id), "电话请假")
    assert row.leave_status == rules.LEAVE_APPROVED and row.leave_reason == "电话请假"
    assert row.leave_decided_by_id == w.secretariat_user.id
    result = {i.row.member_id: i.result for i in sel.event_invitees(meeting)}
    assert result == {w.member.id: "excused", w.peer.id: "absent"}
    with pytest.raises(ServiceError, match="已获批准"):
        svc.leave_record(w.secretariat_user, row, "又打了电话")
    with pytest.raises(ServiceError, match="请填写请假事由"):
        svc.leave_record(w.secretariat_user, svc.invitation(meeting, w.peer.id), "")
    db.session.commit()
    activity = svc.activity_save(w.head_user, w.group, None, local_today(), None, "学习", "")
    db.session.commit()
    with pytest.raises(ServiceError, match="不能为本人登记请假"):
        svc.leave_record(w.head_user, svc.invitation(activity, w.head.id), "外出")
    svc.attendance_tick(w.head_user, svc.invitation(activity, w.member.id), True)
    with pytest.raises(ServiceError, match="已签到"):
        svc.leave_record(w.head_user, svc.invitation(activity, w.member.id), "外出")


def test_nobody_is_marked_present_before_the_meeting_day(app):
    w = world()
    later = gen_meeting(w.org, held_on=local_today() + timedelta(days=18))
    gen_invited(later, [w.member])
    db.session.commit()
    row = svc.invitation(later, w.member.id)
    with pytest.raises(ServiceError, match="当天起才能登记出席"):
        svc.attendance_tick(w.secretariat_user, row, True)
    with pytest.raises(ServiceError, match="当天起才能登记出席"):
        signin_sheet_import(w.secretariat_user, later, [w.member.id])
    assert svc.invitation(later, w.member.id).checked_in_at is None
    past = gen_meeting(w.org, held_on=local_today() - timedelta(days=60), title="早先的会议")
    gen_invited(past, [w.member])
    db.session.commit()
    with pytest.raises(ServiceError, match="不能再开放签到"):
        svc.checkin_window_open(w.secretariat_user, past, 60)
    svc.attendance_tick(w.secretariat_user, svc.invitation(past, w.member.id), True)  # afterwards
    assert svc.invitation(past, w.member.id).checked_in_at is not None


def test_an_event_with_someone_present_is_not_moved_to_a_later_day(app):
    """Postponed after a check-in, its 出席 would stand for a meeting not held yet: refused
    for meetings and group activities; an earlier or today's date is fine."""
    from lvzhi.services.structure import meeting_save

    w = world()
    today = local_today()
    meeting = gen_meeting(w.org, held_on=today)
    gen_invited(meeting, [w.member])
    svc.attendance_tick(w.secretariat_user, svc.invitation(meeting, w.member.id), True)
    db.session.commit()
    fields = dict(kind=meeting.kind, title=meeting.title, location="", notes="")
    with pytest.raises(ServiceError, match="不能把日期改到今天以后") as refused:
        meeting_save(
            w.secretariat_user,
            meeting,
            held_on=today + timedelta(days=7),
            version=meeting.version,
            **fields,
        )
    assert refused.value.field == "held_on"
    meeting = db.session.get(type(meeting), meeting.id)
    meeting_save(
        w.secretariat_user,
        meeting,
        held_on=today - timedelta(days=1),
        version=meeting.version,
        **fields,
    )
    activity = svc.activity_save(w.head_user, w.group, None, today, None, "学习", "")
    svc.attendance_tick(w.head_user, svc.invitation(activity, w.member.id), True)
    db.session.commit()
    with pytest.raises(ServiceError, match="不能把日期改到今天以后"):
        svc.activity_save(
            w.head_user,
            w.group,
            activity,
            today + timedelta(days=3),
            None,
            "学习",
            "",
            activity.version,
        )
