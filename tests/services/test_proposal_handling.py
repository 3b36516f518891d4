"""Proposal services after filing: assignment (bulk too), department handling, reassignment,
the proposer's evaluation, extension, key proposals, the excellent mark and the audit, other
departments and organizations refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attachment, MatterEvaluation, MatterEvent
from lvzhi.models.loops import MATTER_EVENT_FILES
from lvzhi.services import ServiceError, loop_intake, loop_parties, proposal_review
from lvzhi.services import loop_handling as handling
from lvzhi.services import loops as svc
from lvzhi.services import proposals as prop

from ..factories import (
    checked_png,
    gen_department,
    gen_department_user,
    world,
)
from .proposal_steps import _assigned, _filed, _submitted

TODAY = local_today()


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
    loop_intake.matter_accept(contact, m)
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
    event = loop_intake.matter_accept(w.secretariat_user, m, lead)
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
        loop_intake.matter_accept(stranger, m)
    with pytest.raises(ServiceError):
        proposal_review.proposal_file(w.other_secretariat_user, _submitted(w, title="外"))
    with pytest.raises(ServiceError):
        handling.matter_supervise(w.other_secretariat_user, m, "督办")
    assert loop_parties.parties_of(w.other_secretariat_user, m) == set()


def test_a_co_handler_files_its_opinion_and_cannot_reply(app):
    w = world()
    m, _lead, co = _assigned(w, co=True)
    helper = gen_department_user(w.org, co[0])
    loop_intake.matter_accept(helper, m)
    assert m.stage == "assigned"  # only the lead's acceptance moves the matter
    handling.matter_co_opinion(helper, m, "建议由发改局牵头")
    assert m.assignments[1].co_opinion == "建议由发改局牵头"
    loop_intake.matter_accept(w.secretariat_user, m)
    with pytest.raises(ServiceError):
        handling.matter_reply(helper, m, "A", "", [checked_png()])


def test_reassignment_is_asked_within_ten_days_and_decided_by_the_secretariat(app):
    w = world()
    m, lead, _ = _assigned(w)
    contact = gen_department_user(w.org, lead)
    m.assignments[0].assigned_on = TODAY - timedelta(days=11)
    db.session.commit()  # a refused service rolls back what is not committed
    with pytest.raises(ServiceError):
        loop_intake.matter_ask_reassign(contact, m, "不属于本局职责")
    m.assignments[0].assigned_on = TODAY - timedelta(days=10)
    db.session.commit()
    loop_intake.matter_ask_reassign(contact, m, "不属于本局职责")
    other = gen_department(w.org, "县商务局")
    loop_intake.matter_decide_reassign(w.secretariat_user, m, m.assignments[0], True, other)
    assert [(a.department_id, a.active) for a in m.assignments] == [
        (lead.id, False),
        (other.id, True),
    ]
    assert m.lead_assignment.department_id == other.id
    with pytest.raises(ServiceError):
        loop_intake.matter_accept(contact, m)  # no longer theirs


def test_unsatisfied_sends_it_back_once_then_the_second_reply_closes_it(app):
    w = world()
    m, lead, _ = _assigned(w)
    contact = gen_department_user(w.org, lead)
    loop_intake.matter_accept(contact, m)
    with pytest.raises(ServiceError) as refused:
        handling.matter_reply(contact, m, "B", "", [checked_png()])
    assert refused.value.message == "答复前须先与提案人沟通（办前沟通），请先记录沟通情况。"
    handling.matter_contact(contact, m, "phone", TODAY)
    handling.matter_reply(contact, m, "B", "", [checked_png()])
    prop.proposal_evaluate(w.member_user, m, "unsatisfied", contacted=True, contact_way="phone")
    assert m.stage == "rehandling"
    with pytest.raises(ServiceError) as again:  # the first contact was before the 不满意
        handling.matter_reply(contact, m, "A", "已解决", [checked_png()])
    assert again.value.message.startswith("答复前须先与提案人沟通")
    handling.matter_contact(contact, m, "visit", TODAY, "上门听取意见")
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
    loop_intake.matter_accept(w.secretariat_user, m)
    handling.matter_contact(w.secretariat_user, m, "phone", TODAY)
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
    assert m.supervising_leader_name == w.leader_user.display_name
    handling.matter_supervise(w.leader_user, m, "请加快办理")
    handling.matter_instruct(w.leader_user, m, "请发改局牵头落实")
    with pytest.raises(ServiceError):
        handling.matter_instruct(w.secretariat_user, m, "机关不能批示")
    assert [e.action for e in m.events][-3:] == ["mark_key", "supervise", "instruct"]


def test_excellent_mark_and_every_move_is_audited(app):
    from lvzhi.models import AuditEvent

    w = world()
    m = _filed(w)
    proposal_review.proposal_mark_excellent(w.secretariat_user, m)
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
    from lvzhi.services.department_accounts import department_account_create

    w = world()
    dept = gen_department(w.org, "县发改局")
    user, password = department_account_create(w.secretariat_user, dept, "chengban", "")
    assert user.department_id == dept.id and user.roles == {"department"}
    assert user.display_name == "县发改局" and user.must_change_password and password
    with pytest.raises(ServiceError):
        department_account_create(w.other_secretariat_user, dept, "x1", "")


def test_a_contact_is_dated_within_the_handling_and_a_co_opinion_is_sent_once(app):
    """办前沟通 dated before the 交办 cannot stand for the contact a reply needs; after 不满意
    the new contact is dated on or after it. A co-handler's 会办意见 goes once: a second post
    (a page opened before the first) does not overwrite it."""
    w = world()
    m, lead, co = _assigned(w, co=True)
    contact = gen_department_user(w.org, lead)
    loop_intake.matter_accept(contact, m)
    assigned_on = m.lead_assignment.assigned_on
    with pytest.raises(ServiceError) as early:
        handling.matter_contact(contact, m, "phone", assigned_on - timedelta(days=1))
    assert early.value.field == "on" and assigned_on.isoformat() in early.value.message
    handling.matter_contact(contact, m, "phone", assigned_on)  # the day itself stands
    co_contact = gen_department_user(w.org, co[0], "huiban")
    handling.matter_co_opinion(co_contact, m, "同意主办单位意见")
    with pytest.raises(ServiceError) as twice:
        handling.matter_co_opinion(co_contact, m, "第二次意见")
    assert "已提交会办意见" in twice.value.message
    assert m.assignments[1].co_opinion == "同意主办单位意见"
    assert [e.action for e in m.events].count("co_opinion") == 1
