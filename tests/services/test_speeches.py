"""Plenary speeches and work suggestions through their services: every transition writes its
timeline line, a double tap makes one matter and one move, item 6 follows a selected oral
speech (and leaves when it is unselected or withdrawn), item 10 follows a work suggestion,
and an instructed speech is handled by a department with the proposal's own services."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import DutyItem, DutyRecord, Matter, Meeting
from lvzhi.selectors import loop_deadlines as deadline_sel
from lvzhi.selectors import loops as loop_sel
from lvzhi.services import ConflictError, ServiceError, loop_intake
from lvzhi.services import loop_handling as handling
from lvzhi.services import loops as loop_svc
from lvzhi.services import speeches as svc

from ..factories import checked_png, gen_department, gen_department_user, world

TEXT = "建议加快城乡公交一体化，打通群众出行最后一公里。"


def credited(member, item: str) -> list[str]:
    return list(
        db.session.scalars(
            select(DutyRecord.status)
            .join(DutyItem, DutyItem.id == DutyRecord.item_id)
            .where(DutyRecord.member_id == member.id, DutyItem.code == item)
        )
    )


def speech(w, title="关于城乡公交一体化的发言", **kw) -> Matter:
    return svc.speech_submit(w.member_user, title, TEXT, **kw)


def test_a_member_submits_a_speech_and_a_double_tap_makes_one(app):
    w = world()
    first = speech(w, client_token="tok-1")
    again = speech(w, client_token="tok-1")
    assert again.id == first.id
    assert db.session.scalar(select(func.count(Matter.id)).where(Matter.loop == "speech")) == 1
    assert (first.stage, first.situation, first.year) == ("submitted", TEXT, local_today().year)
    assert [e.action for e in first.events] == ["submit"]
    assert credited(w.member, "consultation_speech") == []  # submitting credits nothing yet


def test_a_speech_needs_a_title_and_its_text(app):
    w = world()
    with pytest.raises(ServiceError) as refused:
        svc.speech_submit(w.member_user, " ", TEXT)
    assert (refused.value.message, refused.value.field) == ("请填写标题。", "title")
    with pytest.raises(ServiceError) as refused:
        svc.speech_submit(w.member_user, "标题", "")
    assert (refused.value.message, refused.value.field) == ("请填写发言稿。", "content")


def test_selected_oral_credits_item_six_and_unselecting_withdraws_it(app):
    w = world()
    m = speech(w)
    svc.speech_select(w.secretariat_user, m, "oral", "安排在第二次全体会议")
    assert (m.stage, m.kind) == ("selected", "oral")
    assert credited(w.member, "consultation_speech") == ["confirmed"]
    assert m.events[-1].note == "口头发言：安排在第二次全体会议"
    with pytest.raises(ServiceError) as refused:  # the second tap of the same button
        svc.speech_select(w.secretariat_user, m, "oral")
    assert refused.value.message == "该发言已选用。"
    with pytest.raises(ServiceError) as refused:
        svc.speech_unselect(w.secretariat_user, m, "")
    assert refused.value.message == "请填写取消选用的原因。"
    svc.speech_unselect(w.secretariat_user, m, "议程调整")
    assert (m.stage, m.kind) == ("submitted", "")
    assert credited(w.member, "consultation_speech") == []


def test_a_written_speech_earns_no_item_six_and_withdrawing_an_oral_one_takes_it_back(app):
    w = world()
    written = speech(w, "书面发言")
    svc.speech_select(w.secretariat_user, written, "written")
    assert credited(w.member, "consultation_speech") == []
    oral = speech(w, "口头发言")
    svc.speech_select(w.secretariat_user, oral, "oral")
    assert credited(w.member, "consultation_speech") == ["confirmed"]
    svc.speech_withdraw(w.member_user, oral)
    assert oral.stage == "withdrawn"
    assert credited(w.member, "consultation_speech") == []


def test_not_selected_is_recorded_with_its_word_and_only_the_secretariat_selects(app):
    w = world()
    m = speech(w)
    with pytest.raises(ServiceError):
        svc.speech_select(w.member_user, m, "oral")
    with pytest.raises(ServiceError) as refused:
        svc.speech_select(w.secretariat_user, m, "sung")
    assert refused.value.field == "mode"
    svc.speech_reject(w.secretariat_user, m, "与其他发言主题重复")
    assert m.stage == "not_selected" and m.events[-1].note == "与其他发言主题重复"
    with pytest.raises(ServiceError):
        svc.speech_select(w.other_secretariat_user, m, "oral")


def test_a_collective_speech_is_the_groups_and_credits_no_member(app):
    w = world()
    m = svc.speech_submit(
        w.head_user,
        "西塘桥街道委员室组发言",
        TEXT,
        collective_kind="office_group",
        collective_name="西塘桥街道",
    )
    svc.speech_select(w.secretariat_user, m, "oral")
    assert m.collective_name == "西塘桥街道"
    assert credited(w.head, "consultation_speech") == []
    with pytest.raises(ServiceError) as refused:  # not a group the member heads
        svc.speech_submit(
            w.member_user, "标题", TEXT, collective_kind="office_group", collective_name="武原街道"
        )
    assert refused.value.field == "collective"
    party = svc.speech_submit(
        w.secretariat_user, "民革县支部发言", TEXT, collective_kind="party", collective_name="民革"
    )
    assert (party.stage, party.people) == ("submitted", [])


def test_an_instructed_speech_is_assigned_handled_and_fed_back_on_the_portal(app):
    w = world()
    m = speech(w)
    svc.speech_select(w.secretariat_user, m, "oral")
    with pytest.raises(ServiceError):  # a member cannot instruct
        svc.speech_instruct(w.member_user, m, "请研究", "county")
    with pytest.raises(ServiceError) as refused:
        svc.speech_instruct(w.leader_user, m, "请研究", "")
    assert refused.value.field == "level"
    svc.speech_instruct(w.leader_user, m, "请县交通运输局研究落实。", "county")
    assert m.stage == "instructed"
    assert m.events[-1].note == "县级 lingdao 批示：请县交通运输局研究落实。"
    assert m.events[-1].party == "leader"
    dept = gen_department(w.org, "县交通运输局")
    contact = gen_department_user(w.org, dept)
    loop_svc.matter_assign(w.secretariat_user, m, dept)
    assert m.stage == "assigned"
    handling.matter_supervise(w.secretariat_user, m, "请按期反馈")
    loop_intake.matter_accept(contact, m)
    handling.matter_contact(contact, m, "phone", local_today(), "电话沟通")
    handling.matter_reply(contact, m, "A", "已开通两条城乡公交线路。", [checked_png()])
    assert m.stage == "feedback"
    assert m.lead_assignment.reply_text == "已开通两条城乡公交线路。"
    assert deadline_sel.matter_due(m) is None  # nothing due once fed back
    assert [e.action for e in m.events] == [
        "submit",
        "select",
        "instruct",
        "assign",
        "supervise",
        "accept",
        "contact",
        "reply",
    ]
    with pytest.raises(ServiceError):  # fed back: the speaker can no longer withdraw it
        svc.speech_withdraw(w.member_user, m)


def test_the_secretariat_records_an_outside_leaders_instruction_by_name(app):
    w = world()
    m = speech(w)
    svc.speech_select(w.secretariat_user, m, "written")
    with pytest.raises(ServiceError) as refused:
        svc.speech_instruct(w.secretariat_user, m, "请研究", "county")
    assert (refused.value.message, refused.value.field) == ("请填写批示领导。", "leader")
    svc.speech_instruct(w.secretariat_user, m, "请研究", "city", "王市长")
    assert m.events[-1].note == "市级 王市长 批示：请研究"


def test_the_feedback_deadline_is_next_years_prep_meeting_scheduled_or_not(app):
    w = world()
    m = speech(w, year=2026)
    svc.speech_select(w.secretariat_user, m, "oral")
    assert deadline_sel.matter_due(m) is None  # not instructed: nothing is due
    svc.speech_instruct(w.leader_user, m, "请研究", "county")
    due = deadline_sel.matter_due(m, loop_sel.meetings(w.org.id))
    assert (due.on, due.text) == (None, "下一年度全会预备会议前")
    db.session.add(
        Meeting(org_id=w.org.id, kind="plenary_prep", title="预备会议", held_on=date(2027, 1, 8))
    )
    db.session.commit()
    assert deadline_sel.matter_due(m, loop_sel.meetings(w.org.id)).on == date(2027, 1, 8)


def test_a_stale_form_conflicts(app):
    w = world()
    m = speech(w)
    stale = m.version
    svc.speech_reject(w.secretariat_user, m, "", version=stale)
    with pytest.raises((ConflictError, ServiceError)):
        svc.speech_select(w.secretariat_user, m, "oral", version=stale)


# --- work suggestions ----------------------------------------------------------------------


def suggestion(w, token=None) -> Matter:
    return svc.work_suggestion_submit(
        w.member_user, "建议增加委员读书活动场次", "每季度组织一次委员读书会。", client_token=token
    )


def test_submitting_a_work_suggestion_credits_item_ten_once_and_withdrawing_takes_it_back(app):
    w = world()
    m = suggestion(w, "tok-ws")
    assert suggestion(w, "tok-ws").id == m.id
    assert (m.stage, credited(w.member, "work_suggestion")) == ("submitted", ["confirmed"])
    svc.work_suggestion_withdraw(w.member_user, m)
    assert (m.stage, credited(w.member, "work_suggestion")) == ("withdrawn", [])


def test_the_secretariat_answers_adopted_or_noted_with_a_reply(app):
    w = world()
    adopted, noted = suggestion(w), suggestion(w)
    with pytest.raises(ServiceError) as refused:
        svc.work_suggestion_answer(w.secretariat_user, adopted, "adopt", " ")
    assert refused.value.message == "请填写答复内容。"
    svc.work_suggestion_answer(w.secretariat_user, adopted, "adopt", "已列入明年读书活动计划。")
    svc.work_suggestion_answer(w.secretariat_user, noted, "note", "感谢建议，已转相关委室。")
    assert (adopted.stage, noted.stage) == ("adopted", "noted")
    assert adopted.events[-1].note == "已列入明年读书活动计划。"
    with pytest.raises(ServiceError) as refused:
        svc.work_suggestion_answer(w.secretariat_user, adopted, "note", "再答一次")
    assert refused.value.message == "该建议已答复。"
    with pytest.raises(ServiceError):  # answered: no longer withdrawn by the member
        svc.work_suggestion_withdraw(w.member_user, noted)
    assert credited(w.member, "work_suggestion") == ["confirmed", "confirmed"]  # one each


def test_only_a_member_submits_a_work_suggestion_and_only_the_office_answers(app):
    w = world()
    with pytest.raises(ServiceError):
        svc.work_suggestion_submit(w.secretariat_user, "标题", "内容")
    m = suggestion(w)
    with pytest.raises(ServiceError):
        svc.work_suggestion_answer(w.member_user, m, "adopt", "自己采纳")
    with pytest.raises(ServiceError):
        svc.work_suggestion_answer(w.leader_user, m, "adopt", "领导采纳")
