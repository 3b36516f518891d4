"""Proposal services from the draft to the verdict: consent, filing review, credit and its
withdrawal, merge, assignment (bulk too), department handling, evaluation, conflicts and
double taps, other organizations refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attachment, DutyRecord, MatterEvaluation, MatterEvent
from lvzhi.models.loops import MATTER_EVENT_FILES
from lvzhi.services import ConflictError, ServiceError
from lvzhi.services import loop_handling as handling
from lvzhi.services import loops as svc
from lvzhi.services import proposals as prop

from ..factories import (
    checked_png,
    gen_department,
    gen_department_user,
    gen_member,
    gen_proposal,
    gen_user,
    world,
)

TODAY = local_today()


def _credited(member) -> list[DutyRecord]:
    return list(
        db.session.scalars(
            select(DutyRecord).where(
                DutyRecord.member_id == member.id, DutyRecord.source_type == "proposal"
            )
        )
    )


def _submitted(w, **fields):
    m = gen_proposal(w.member_user, **fields)
    prop.proposal_submit(w.member_user, m)
    return m


def _filed(w, **fields):
    m = _submitted(w, **fields)
    prop.proposal_file(w.secretariat_user, m)
    return m


def _assigned(w, co=False):
    m = _filed(w)
    lead = gen_department(w.org, "县发改局")
    others = [gen_department(w.org, "县经信局")] if co else []
    svc.matter_assign(w.secretariat_user, m, lead, others)
    return m, lead, others


# --- draft and submission ------------------------------------------------------------------


def test_a_draft_saves_with_blank_fields_but_submission_needs_title_reason_and_suggestions(app):
    w = world()
    m = prop.proposal_save(w.member_user, title="", situation="")
    assert m.stage == "draft" and [p.member_id for p in m.people] == [w.member.id]
    prop.proposal_save(w.member_user, m, version=m.version, title="关于集采的建议")
    with pytest.raises(ServiceError) as refused:
        prop.proposal_submit(w.member_user, m)
    assert refused.value.message == "请填写案由。"
    prop.proposal_save(
        w.member_user, m, version=m.version, situation="情况", suggestions_text="建议"
    )
    prop.proposal_submit(w.member_user, m)
    assert m.stage == "submitted" and m.submitted_at is not None
    assert [e.action for e in m.events] == ["submit"]


def test_submitting_twice_changes_nothing_and_says_so(app):
    w = world()
    m = _submitted(w)
    version = m.version
    with pytest.raises(ServiceError) as refused:
        prop.proposal_submit(w.member_user, m, version=version - 1)
    assert refused.value.message == "该提案已提交，请勿重复提交。"
    assert m.version == version and len(m.events) == 1


def test_a_create_sent_twice_with_the_same_token_makes_one_proposal(app):
    w = world()
    first = gen_proposal(w.member_user, client_token="tok-1")
    again = gen_proposal(w.member_user, client_token="tok-1")
    assert again.id == first.id


def test_a_stale_form_gets_the_conflict_message(app):
    w = world()
    m = gen_proposal(w.member_user)
    stale = m.version
    prop.proposal_save(w.member_user, m, version=stale, title="新标题")
    with pytest.raises(ConflictError):
        prop.proposal_save(w.member_user, m, version=stale, title="另一个标题")
    prop.proposal_submit(w.member_user, m)
    with pytest.raises(ConflictError):
        prop.proposal_file(w.secretariat_user, m, version=stale)
    assert m.stage == "submitted"


def test_a_submitted_proposal_cannot_be_edited_and_a_peer_cannot_touch_it(app):
    w = world()
    m = _submitted(w)
    with pytest.raises(ServiceError) as refused:
        prop.proposal_save(w.member_user, m, title="改")
    assert refused.value.message == "“待立案”状态的提案不能修改。"
    peer_user = gen_user(w.org, "peer2", ["member"], gen_member(w.org))
    with pytest.raises(ServiceError):
        prop.proposal_recall(peer_user, m)
    prop.proposal_recall(w.member_user, m)
    assert m.stage == "draft"


# --- co-proposers ----------------------------------------------------------------------------


def test_a_co_proposer_is_listed_only_after_confirming(app):
    w = world()
    m = gen_proposal(w.member_user)
    other = gen_member(w.org)
    other_user = gen_user(w.org, "lianming", ["member"], other)
    assert prop.proposal_invite(w.member_user, m, [w.peer, other, w.peer]) == 2
    assert [p.member_id for p in m.listed_people] == [w.member.id]
    peer_user = w.peer.user
    prop.proposal_answer(peer_user, m, accept=True)
    prop.proposal_answer(other_user, m, accept=False)
    assert [p.member_id for p in m.listed_people] == [w.member.id, w.peer.id]
    with pytest.raises(ServiceError):
        prop.proposal_answer(w.head_user, m, accept=True)  # not invited
    with pytest.raises(ServiceError):
        prop.proposal_invite(w.member_user, m, [w.outsider])


# --- filing review and credit ----------------------------------------------------------------


def test_filing_numbers_within_the_session_and_credits_the_first_proposer_only(app):
    w = world()
    prop.loop_setting_save(w.secretariat_user, TODAY.year, "proposal", session="第十一届三次会议")
    m = gen_proposal(w.member_user)
    prop.proposal_invite(w.member_user, m, [w.peer])
    prop.proposal_answer(w.peer.user, m, accept=True)
    prop.proposal_submit(w.member_user, m)
    event = prop.proposal_file(w.secretariat_user, m)
    second = _filed(w, title="第二件")
    assert m.number_text == "第十一届三次会议 第0001号"
    assert second.number_text == "第十一届三次会议 第0002号"
    assert event.note == "立案编号：第十一届三次会议 第0001号"
    assert [r.status for r in _credited(w.member)] == ["confirmed", "confirmed"]
    assert _credited(w.peer) == []  # co-proposers are not credited by default


def test_co_proposers_are_credited_when_the_years_setting_says_so(app):
    w = world()
    prop.loop_setting_save(w.secretariat_user, TODAY.year, "proposal", credit_co_proposers=True)
    invited_only = gen_member(w.org)
    m = gen_proposal(w.member_user)
    prop.proposal_invite(w.member_user, m, [w.peer, invited_only])
    prop.proposal_answer(w.peer.user, m, accept=True)
    prop.proposal_submit(w.member_user, m)
    prop.proposal_file(w.secretariat_user, m)
    assert len(_credited(w.peer)) == 1
    assert _credited(invited_only) == []


def test_not_filed_becomes_an_opinion_with_a_standard_reason_and_still_credits(app):
    w = world()
    m = _submitted(w)
    with pytest.raises(ServiceError):
        prop.proposal_not_file(w.secretariat_user, m, "随便")
    prop.proposal_not_file(w.secretariat_user, m, "属于个人诉求")
    assert m.stage == "opinion" and m.not_filed_reason == "属于个人诉求"
    assert len(_credited(w.member)) == 1
    dept = gen_department(w.org)
    prop.proposal_forward(w.secretariat_user, m, dept)
    assert m.stage == "opinion" and m.assignments[0].department_id == dept.id


def test_unfiling_withdraws_the_credit_and_frees_the_number(app):
    w = world()
    m = _filed(w)
    assert len(_credited(w.member)) == 1
    with pytest.raises(ServiceError):
        prop.proposal_unfile(w.secretariat_user, m, " ")
    prop.proposal_unfile(w.secretariat_user, m, "误立案")
    assert m.stage == "submitted" and m.number is None
    assert _credited(w.member) == []


def test_returned_for_revision_the_proposer_edits_and_resubmits(app):
    w = world()
    m = _submitted(w)
    prop.proposal_return(w.secretariat_user, m, "请补充具体建议")
    assert m.stage == "returned" and m.events[-1].note == "请补充具体建议"
    prop.proposal_save(w.member_user, m, suggestions_text="更具体的建议")
    prop.proposal_submit(w.member_user, m)
    assert m.stage == "submitted"


def test_merging_lists_all_proposers_on_the_survivor_and_withdraws_the_merged_credit(app):
    w = world()
    survivor = _filed(w)
    other_user = w.peer.user
    m = gen_proposal(other_user, title="关于集采的另一件建议")
    prop.proposal_submit(other_user, m)
    prop.proposal_file(w.secretariat_user, m)
    assert len(_credited(w.peer)) == 1
    with pytest.raises(ServiceError):
        prop.proposal_merge(w.secretariat_user, m, m)
    prop.proposal_merge(w.secretariat_user, m, survivor)
    assert m.stage == "merged" and m.merged_into_id == survivor.id
    assert [p.member_id for p in survivor.listed_people] == [w.member.id, w.peer.id]
    assert survivor.events[-1].note == f"并入：{m.title}"
    assert _credited(w.peer) == []
    assert len(_credited(w.member)) == 1


# --- assignment and handling ---------------------------------------------------------------


def test_assignment_makes_a_lead_and_co_departments_due_after_the_years_period(app):
    w = world()
    m, lead, co = _assigned(w, co=True)
    assert m.stage == "assigned"
    assert [(a.department_id, a.is_lead) for a in m.assignments] == [
        (lead.id, True),
        (co[0].id, False),
    ]
    assert m.assignments[0].reply_months == 3
    prop.loop_setting_save(w.secretariat_user, TODAY.year, "proposal", reply_months=2)
    m2 = _filed(w, title="二")
    svc.matter_assign(w.secretariat_user, m2, lead)
    assert m2.assignments[0].reply_months == 2
    with pytest.raises(ServiceError) as refused:
        svc.matter_assign(w.secretariat_user, m2, lead)
    assert refused.value.message == "该提案已交办。"


def test_bulk_assignment_is_all_or_nothing(app):
    w = world()
    a, b = _filed(w, title="甲"), _filed(w, title="乙")
    lead = gen_department(w.org)
    assert svc.matters_assign(w.secretariat_user, [(a, lead, []), (b, lead, [])]) == 2
    assert a.stage == b.stage == "assigned"
    c, d = _filed(w, title="丙"), _submitted(w, title="丁")
    with pytest.raises(ServiceError):
        svc.matters_assign(w.secretariat_user, [(c, lead, []), (d, lead, [])])
    db.session.refresh(c)
    assert c.stage == "filed" and c.assignments == []


def test_the_department_accepts_contacts_and_replies_with_a_document(app):
    w = world()
    m, lead, _ = _assigned(w)
    contact = gen_department_user(w.org, lead)
    svc.matter_accept(contact, m)
    assert m.stage == "handling"
    handling.matter_contact(contact, m, "phone", TODAY, "电话沟通了集采方案")
    handling.matter_progress(contact, m, "已召开座谈会")
    with pytest.raises(ServiceError) as refused:
        handling.matter_reply(contact, m, "B", "列入明年计划", [])
    assert refused.value.message == "请上传盖章的答复函（PDF 或照片）。"
    event = handling.matter_reply(contact, m, "B", "列入明年计划", [checked_png()])
    assert m.stage == "replied"
    assert (m.lead_assignment.reply_class, m.lead_assignment.round) == ("B", 1)
    files = db.session.scalars(
        select(Attachment).where(
            Attachment.owner_type == MATTER_EVENT_FILES, Attachment.owner_id == event.id
        )
    ).all()
    assert len(files) == 1
    assert event.party == "department" and event.actor_id == contact.id


def test_the_secretariat_acts_for_a_department_and_the_actor_is_recorded(app):
    w = world()
    m, lead, _ = _assigned(w)
    event = svc.matter_accept(w.secretariat_user, m, lead)
    assert (event.actor_id, event.party, event.department_id) == (
        w.secretariat_user.id,
        "department",
        lead.id,
    )


def test_another_departments_contact_and_another_organization_are_refused(app):
    w = world()
    m, _lead, _ = _assigned(w)
    stranger = gen_department_user(w.org, gen_department(w.org, "县教育局"))
    with pytest.raises(ServiceError):
        svc.matter_accept(stranger, m)
    with pytest.raises(ServiceError):
        prop.proposal_file(w.other_secretariat_user, _submitted(w, title="外"))
    with pytest.raises(ServiceError):
        handling.matter_supervise(w.other_secretariat_user, m, "督办")
    assert svc.parties_of(w.other_secretariat_user, m) == set()


def test_a_co_handler_files_its_opinion_and_cannot_reply(app):
    w = world()
    m, _lead, co = _assigned(w, co=True)
    helper = gen_department_user(w.org, co[0])
    svc.matter_accept(helper, m)
    assert m.stage == "assigned"  # only the lead's acceptance moves the matter
    handling.matter_co_opinion(helper, m, "建议由发改局牵头")
    assert m.assignments[1].co_opinion == "建议由发改局牵头"
    svc.matter_accept(w.secretariat_user, m)
    with pytest.raises(ServiceError):
        handling.matter_reply(helper, m, "A", "", [checked_png()])


def test_reassignment_is_asked_within_ten_days_and_decided_by_the_secretariat(app):
    w = world()
    m, lead, _ = _assigned(w)
    contact = gen_department_user(w.org, lead)
    m.assignments[0].assigned_on = TODAY - timedelta(days=11)
    db.session.commit()  # a refused service rolls back what is not committed
    with pytest.raises(ServiceError):
        svc.matter_ask_reassign(contact, m, "不属于本局职责")
    m.assignments[0].assigned_on = TODAY - timedelta(days=10)
    db.session.commit()
    svc.matter_ask_reassign(contact, m, "不属于本局职责")
    other = gen_department(w.org, "县商务局")
    svc.matter_decide_reassign(w.secretariat_user, m, m.assignments[0], True, other)
    assert [(a.department_id, a.active) for a in m.assignments] == [
        (lead.id, False),
        (other.id, True),
    ]
    assert m.lead_assignment.department_id == other.id
    with pytest.raises(ServiceError):
        svc.matter_accept(contact, m)  # no longer theirs


def test_unsatisfied_sends_it_back_once_then_the_second_reply_closes_it(app):
    w = world()
    m, lead, _ = _assigned(w)
    contact = gen_department_user(w.org, lead)
    svc.matter_accept(contact, m)
    handling.matter_reply(contact, m, "B", "", [checked_png()])
    prop.proposal_evaluate(w.member_user, m, "unsatisfied", contacted=True, contact_way="phone")
    assert m.stage == "rehandling"
    handling.matter_reply(contact, m, "A", "已解决", [checked_png()])
    assert m.lead_assignment.round == 2
    prop.proposal_evaluate(w.member_user, m, "unsatisfied", contacted=True)
    assert m.stage == "closed"
    rounds = db.session.scalars(
        select(MatterEvaluation.round).where(MatterEvaluation.matter_id == m.id)
    ).all()
    assert sorted(rounds) == [1, 2]


def test_only_the_first_proposer_evaluates(app):
    w = world()
    m, lead, _ = _assigned(w)
    svc.matter_accept(w.secretariat_user, m)
    handling.matter_reply(w.secretariat_user, m, "A", "", [checked_png()])
    with pytest.raises(ServiceError):
        prop.proposal_evaluate(w.secretariat_user, m, "satisfied", contacted=False)
    prop.proposal_evaluate(w.member_user, m, "satisfied", contacted=False)
    with pytest.raises(ServiceError) as refused:
        prop.proposal_evaluate(w.member_user, m, "satisfied", contacted=False)
    assert refused.value.message == "该提案已评价。"


def test_an_extension_is_granted_once_with_a_reason_up_to_six_months(app):
    w = world()
    m, _lead, _ = _assigned(w)
    start = m.lead_assignment.assigned_on
    with pytest.raises(ServiceError):
        handling.matter_extend(w.secretariat_user, m, start + timedelta(days=200), "难")
    with pytest.raises(ServiceError):
        handling.matter_extend(w.secretariat_user, m, start + timedelta(days=120), " ")
    handling.matter_extend(w.secretariat_user, m, start + timedelta(days=120), "涉及多部门")
    assert m.lead_assignment.extended_to == start + timedelta(days=120)
    with pytest.raises(ServiceError) as refused:
        handling.matter_extend(w.secretariat_user, m, start + timedelta(days=150), "再延")
    assert refused.value.message == "每件只能延期一次。"


def test_a_key_proposal_gets_a_supervising_leader_who_instructs(app):
    w = world()
    m, _lead, _ = _assigned(w)
    with pytest.raises(ServiceError):
        handling.matter_mark_key(w.secretariat_user, m, w.member_user)
    handling.matter_mark_key(w.secretariat_user, m, w.leader_user)
    assert m.is_key and m.supervising_leader_id == w.leader_user.id
    handling.matter_supervise(w.leader_user, m, "请加快办理")
    handling.matter_instruct(w.leader_user, m, "请发改局牵头落实")
    with pytest.raises(ServiceError):
        handling.matter_instruct(w.secretariat_user, m, "机关不能批示")
    assert [e.action for e in m.events][-3:] == ["mark_key", "supervise", "instruct"]


def test_excellent_mark_and_every_move_is_audited(app):
    from lvzhi.models import AuditEvent

    w = world()
    m = _filed(w)
    prop.proposal_mark_excellent(w.secretariat_user, m)
    assert m.is_excellent
    codes = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert {
        "proposal.create",
        "proposal.submit",
        "proposal.file",
        "proposal.mark_excellent",
    } <= set(codes)
    assert db.session.scalar(select(MatterEvent.id).where(MatterEvent.matter_id == m.id))


def test_the_secretariat_creates_a_department_contact_account(app):
    from lvzhi.services.accounts import department_account_create

    w = world()
    dept = gen_department(w.org, "县发改局")
    user, password = department_account_create(w.secretariat_user, dept, "chengban", "")
    assert user.department_id == dept.id and user.roles == {"department"}
    assert user.display_name == "县发改局" and user.must_change_password and password
    with pytest.raises(ServiceError):
        department_account_create(w.other_secretariat_user, dept, "x1", "")


def test_a_collective_proposal_is_written_and_submitted_by_the_secretariat(app):
    w = world()
    m = gen_proposal(w.secretariat_user, collective_kind="committee", collective_name="经济科技委")
    assert m.people == []
    prop.proposal_submit(w.secretariat_user, m)
    prop.proposal_file(w.secretariat_user, m)
    assert m.stage == "filed"


def test_credit_lands_in_the_proposals_year(app):
    w = world()
    m = gen_proposal(w.member_user, year=TODAY.year - 1)
    prop.proposal_submit(w.member_user, m)
    prop.proposal_file(w.secretariat_user, m)
    (record,) = _credited(w.member)
    assert record.year == TODAY.year - 1 and record.occurred_on == date(TODAY.year - 1, 12, 31)
