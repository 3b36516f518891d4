"""Consultation and supervision topics on the services: the plan's places, meetings of the
kind's own, the people lists and their 十个一 credit (given once the activity took place,
withdrawn from the one person and list removed), documents the steps need, the feedback
deadline the selectors derive, the five requirements."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import DutyItem, DutyRecord
from lvzhi.selectors import consultations as sel
from lvzhi.selectors import loops as loop_sel
from lvzhi.services import ServiceError
from lvzhi.services import consultations as svc

from ..factories import checked_png, gen_department, gen_meeting, gen_topic, world


def credited_items(member) -> list[str]:
    return sorted(
        db.session.scalars(
            select(DutyItem.code)
            .join(DutyRecord, DutyRecord.item_id == DutyItem.id)
            .where(DutyRecord.member_id == member.id, DutyRecord.source_id.is_not(None))
        )
    )


def test_a_year_takes_six_chair_meeting_topics_and_any_number_of_x(app):
    w = world()
    for i in range(6):
        gen_topic(w, f"主席会议协商{i}", year=2026)
    with pytest.raises(ServiceError) as full:
        gen_topic(w, "第七项", year=2026)
    assert full.value.message == "本年度主席会议专题协商已排满 6 项。"
    for i in range(8):
        gen_topic(w, f"其他协商{i}", kind="other", year=2026)
    p = sel.plan(w.org.id, 2026)
    assert p.counts["chair_thematic"] == (6, 6)
    assert p.counts["standing_thematic"] == (0, 2)
    assert p.counts["other"] == (8, None)


def test_a_topic_must_sit_at_a_meeting_of_its_kind_and_year(app):
    w = world()
    plenary = gen_meeting(w.org, "plenary", date(2026, 1, 7))
    with pytest.raises(ServiceError) as wrong:
        gen_topic(w, meeting=plenary)
    assert wrong.value.message == "主席会议专题协商应安排在主席会议。"
    chair = gen_meeting(w.org, "chair_meeting", date(2026, 6, 12))
    with pytest.raises(ServiceError) as other_year:
        gen_topic(w, meeting=chair, year=2027)
    assert other_year.value.message == "所选会议不在 2027 年度。"


def test_speakers_and_researchers_are_credited_when_the_consultation_is_held(app):
    w = world()
    m = gen_topic(w, meeting=gen_meeting(w.org, "chair_meeting", local_today()))
    svc.people_add(w.secretariat_user, m, "researcher", [w.member, w.peer])
    svc.people_add(w.secretariat_user, m, "speaker", [w.member])
    svc.topic_step(w.secretariat_user, m, "start_research")
    assert credited_items(w.member) == []
    svc.topic_step(w.secretariat_user, m, "hold")
    assert credited_items(w.member) == ["consultation_speech", "research"]
    assert credited_items(w.peer) == ["research"]
    # a speaker added after the meeting is credited at once
    svc.people_add(w.secretariat_user, m, "speaker", [w.peer])
    assert credited_items(w.peer) == ["consultation_speech", "research"]


def test_removing_a_speaker_withdraws_only_that_persons_speech_credit(app):
    w = world()
    m = gen_topic(w)
    svc.people_add(w.secretariat_user, m, "researcher", [w.member])
    svc.people_add(w.secretariat_user, m, "speaker", [w.member, w.peer])
    svc.topic_step(w.secretariat_user, m, "start_research")
    svc.topic_step(w.secretariat_user, m, "hold")
    svc.person_remove(w.secretariat_user, m, "speaker", w.member)
    assert credited_items(w.member) == ["research"]  # the research credit stays
    assert credited_items(w.peer) == ["consultation_speech"]
    assert [p.part for p in m.people if p.member_id == w.member.id] == ["researcher"]
    assert m.events[-1].note == "移出协商发言委员：张岩枢"


def test_supervision_participants_are_credited_item_four_at_the_report(app):
    w = world()
    s = gen_topic(w, "河道治理民主监督", loop="supervision", kind="")
    svc.people_add(w.secretariat_user, s, "participant", [w.member])
    svc.people_add(w.secretariat_user, s, "researcher", [w.peer])
    svc.topic_step(w.secretariat_user, s, "start_research")
    with pytest.raises(ServiceError) as no_file:
        svc.topic_step(w.secretariat_user, s, "report")
    assert no_file.value.message == "请上传监督报告（PDF 或照片）。"
    svc.topic_step(w.secretariat_user, s, "report", files=[checked_png("监督报告.png")])
    assert credited_items(w.member) == ["supervision"]
    assert credited_items(w.peer) == ["research"]
    svc.person_remove(w.secretariat_user, s, "participant", w.member)
    assert credited_items(w.member) == []


def test_the_written_feedback_needs_its_text_and_document(app):
    w = world()
    dept = gen_department(w.org)
    m = gen_topic(w, kind="other", department=dept)
    for action in ("start_research", "hold"):
        svc.topic_step(w.secretariat_user, m, action)
    svc.topic_assign(w.secretariat_user, m)
    assert m.lead_assignment.department_id == dept.id
    svc.topic_step(w.secretariat_user, m, "implement")
    with pytest.raises(ServiceError) as no_text:
        svc.topic_step(w.secretariat_user, m, "feedback", files=[checked_png()])
    assert no_text.value.message == "请填写书面反馈的主要内容。"
    with pytest.raises(ServiceError):
        svc.topic_step(w.secretariat_user, m, "feedback", note="已落实")
    svc.topic_step(w.secretariat_user, m, "feedback", note="已落实", files=[checked_png()])
    assert m.stage == "feedback"
    names = [name for name, _e, _f in sel.documents(m, loop_sel.event_files(m.events))]
    assert names == ["书面反馈"]


def test_the_feedback_deadline_follows_its_meeting_when_it_moves(app):
    w = world()
    first = gen_meeting(w.org, "standing_committee", date(2026, 4, 20))
    gen_meeting(w.org, "standing_committee", date(2026, 8, 18))
    later = gen_meeting(w.org, "standing_committee", date(2026, 12, 10))
    m = gen_topic(w, kind="standing_thematic", meeting=first)
    calendar = loop_sel.meetings(w.org.id)
    assert sel.topic_due(m, calendar).on == date(2026, 8, 18)
    first.held_on = date(2026, 9, 1)  # 改期
    db.session.flush()
    assert sel.topic_due(m, loop_sel.meetings(w.org.id)).on == later.held_on


def test_a_chair_meeting_topic_reads_next_years_joint_meeting_until_it_is_entered(app):
    w = world()
    m = gen_topic(w, meeting=gen_meeting(w.org, "chair_meeting", date(2026, 6, 12)))
    assert sel.topic_due(m, loop_sel.meetings(w.org.id)).text == "下一年度政府政协联席会议前"
    gen_meeting(w.org, "joint_meeting", date(2027, 2, 24))
    assert sel.topic_due(m, loop_sel.meetings(w.org.id)).on == date(2027, 2, 24)


def test_the_secretariat_ticks_the_five_requirements_with_a_note(app):
    w = world()
    s = gen_topic(w, "监督", loop="supervision", kind="")
    svc.requirement_set(w.secretariat_user, s, "central_topic", True, "围绕县委中心工作")
    svc.requirement_set(w.secretariat_user, s, "central_topic", False, "重新确定")
    checks = sel.checks(s.id)
    assert (checks["central_topic"].done, checks["central_topic"].note) == (False, "重新确定")
    assert s.events[-1].note == "选题中心化：未落实（重新确定）"
    with pytest.raises(ServiceError):
        svc.requirement_set(w.member_user, s, "results", True)


def test_only_the_secretariat_plans_and_picks(app):
    w = world()
    with pytest.raises(ServiceError):
        gen_topic_by(w.member_user)
    m = gen_topic(w)
    with pytest.raises(ServiceError):
        svc.people_add(w.other_secretariat_user, m, "speaker", [w.member])
    with pytest.raises(ServiceError) as twice:
        svc.people_add(w.secretariat_user, m, "speaker", [w.member])
        svc.people_add(w.secretariat_user, m, "speaker", [w.member])
    assert "已在名单中的不会重复加入" in twice.value.message


def gen_topic_by(user):
    return svc.topic_save(user, "consultation", title="委员不能安排议题", year=2026, kind="other")


def test_nobody_puts_themselves_on_a_list_that_credits_them(app):
    """The lead committee's director picks the committee's members, never themselves (a list
    credits 十个一 with nobody else reviewing it); nor does a clerk who is also a member."""
    from ..factories import gen_member, gen_user

    w = world()
    m = gen_topic(w)
    for part in ("researcher", "speaker"):
        with pytest.raises(ServiceError) as refused:
            svc.people_add(w.director_user, m, part, [w.director])
        assert "不能把本人列入名单" in refused.value.message
    own = gen_member(w.org, name="王芳", office_group_id=w.member.office_group_id)
    clerk = gen_user(w.org, "jiguan2", ["secretariat", "member"], own)
    with pytest.raises(ServiceError):
        svc.people_add(clerk, m, "speaker", [w.member, own])
    assert [p.member_id for p in m.people if p.part == "speaker"] == []
    svc.people_add(w.secretariat_user, m, "speaker", [w.director])  # someone else lists them
    assert [p.member_id for p in m.people if p.part == "speaker"] == [w.director.id]


def test_the_office_moves_an_assigned_topic_to_another_lead_department(app):
    """Before 交办 the plan's lead department simply changes; 交办 to another department than
    planned makes that one the topic's lead (its page and export name it); after it, picking
    another department is the office's 改办 — the opinions move, the deadline counts afresh,
    the department left no longer sees it — and the rest of the plan stays editable, even
    once the assigned department has been switched off."""
    from lvzhi.auth.permissions import can_see_matter

    from ..factories import gen_department_user

    w = world()
    planned, assigned, other = (
        gen_department(w.org, "县经信局"),
        gen_department(w.org, "县发改局"),
        gen_department(w.org, "县商务局"),
    )
    m = gen_topic(w, kind="other", department=planned)

    def save(department, title=None):
        return svc.topic_save(
            w.secretariat_user,
            "consultation",
            matter=m,
            version=m.version,
            title=title or m.title,
            year=m.year,
            kind=m.kind,
            committee=w.committee,
            department=department,
        )

    save(other)
    assert m.lead_department_id == other.id
    for action in ("start_research", "hold"):
        svc.topic_step(w.secretariat_user, m, action)
    svc.topic_assign(w.secretariat_user, m, assigned)
    assert m.lead_department_id == m.lead_assignment.department_id == assigned.id
    save(assigned, title="改过标题的议题")  # nothing else changes
    assert m.title == "改过标题的议题" and len(m.assignments) == 1
    contact = gen_department_user(w.org, assigned)
    assert can_see_matter(contact, m)
    save(other)
    assert [(a.department_id, a.active) for a in m.assignments] == [
        (assigned.id, False),
        (other.id, True),
    ]
    assert m.events[-1].action == "reassign" and "县发改局 → 县商务局" in m.events[-1].note
    assert not can_see_matter(contact, m)
    with pytest.raises(ServiceError) as cleared:
        save(None)
    assert cleared.value.field == "department"
    other.is_active = False
    save(other, title="停用后仍可修改")
    assert m.title == "停用后仍可修改"


def test_a_supervision_report_made_before_its_department_goes_to_it_once_set(app):
    w = world()
    m = gen_topic(w, loop="supervision", kind="")
    svc.topic_step(w.secretariat_user, m, "start_research")
    svc.topic_step(w.secretariat_user, m, "report", files=[checked_png()])
    assert m.lead_assignment is None
    dept = gen_department(w.org, "县农业农村局")
    svc.topic_save(
        w.secretariat_user,
        "supervision",
        matter=m,
        version=m.version,
        title=m.title,
        year=m.year,
        committee=w.committee,
        department=dept,
    )
    assert m.lead_assignment.department_id == dept.id


def test_the_plain_step_form_does_not_offer_a_reassignment(app):
    """改办 moves the assignment through the topic's edit; a bare 改办 step would only write a
    line on the timeline."""
    w = world()
    m = gen_topic(w, kind="other", department=gen_department(w.org))
    for action in ("start_research", "hold"):
        svc.topic_step(w.secretariat_user, m, action)
    svc.topic_assign(w.secretariat_user, m)
    with pytest.raises(ServiceError, match="请在相应的表单中办理"):
        svc.topic_step(w.secretariat_user, m, "reassign", note="改办")
    assert [e.action for e in m.events if e.action == "reassign"] == []
