"""Proposal services from the draft to filing: consent, filing review, credit and its
withdrawal, merge, conflicts and double taps, a collective proposal, the credit's year
(assignment, handling and evaluation: test_proposal_handling.py)."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.clock import local_today
from lvzhi.services import ConflictError, ServiceError, proposal_review
from lvzhi.services import proposals as prop

from ..factories import (
    gen_department,
    gen_member,
    gen_proposal,
    gen_user,
    world,
)
from .proposal_steps import _credited, _filed, _submitted

TODAY = local_today()


# --- draft and submission ------------------------------------------------------------------


def test_a_draft_saves_with_blank_fields_but_submission_needs_title_reason_and_suggestions(app):
    w = world()
    # nothing typed at all makes no draft (an empty form posted would leave one each time)
    with pytest.raises(ServiceError) as empty:
        prop.proposal_save(w.member_user, title="", situation=" ")
    assert empty.value.field == "title" and "还没有填写任何内容" in empty.value.message
    m = prop.proposal_save(w.member_user, title="", category="经济")
    assert m.stage == "draft" and [p.member_id for p in m.people] == [w.member.id]
    prop.proposal_save(w.member_user, m, version=m.version, title="关于集采的建议")
    with pytest.raises(ServiceError) as refused:
        prop.proposal_submit(w.member_user, m)
    assert refused.value.message == "请填写案由。"
    prop.proposal_save(
        w.member_user, m, version=m.version, situation="情况", suggestions_text="建议"
    )
    with pytest.raises(ServiceError) as refused:  # 有情况、有分析、有具体建议
        prop.proposal_submit(w.member_user, m)
    assert (refused.value.message, refused.value.field) == ("请填写情况分析。", "analysis")
    prop.proposal_save(w.member_user, m, version=m.version, analysis="集采分析")
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
        proposal_review.proposal_file(w.secretariat_user, m, version=stale)
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
    event = proposal_review.proposal_file(w.secretariat_user, m)
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
    proposal_review.proposal_file(w.secretariat_user, m)
    assert len(_credited(w.peer)) == 1
    assert _credited(invited_only) == []
    # once filed, the list stands: a late yes gets no listing and no credit, a late no does
    # not take the co-proposer off while leaving the credit
    late_user = gen_user(w.org, "late", ["member"], invited_only)
    for user, accept in ((late_user, True), (w.peer.user, False)):
        with pytest.raises(ServiceError) as late:
            prop.proposal_answer(user, m, accept=accept)
        assert late.value.message == "该提案已完成立案审查，联名名单不再变动。"
    assert [p.member_id for p in m.listed_people] == [w.member.id, w.peer.id]
    assert len(_credited(w.peer)) == 1 and _credited(invited_only) == []


def test_not_filed_becomes_an_opinion_with_a_standard_reason_and_still_credits(app):
    w = world()
    m = _submitted(w)
    with pytest.raises(ServiceError):
        proposal_review.proposal_not_file(w.secretariat_user, m, "随便")
    proposal_review.proposal_not_file(w.secretariat_user, m, "属于个人诉求")
    assert m.stage == "opinion" and m.not_filed_reason == "属于个人诉求"
    assert len(_credited(w.member)) == 1
    dept = gen_department(w.org)
    proposal_review.proposal_forward(w.secretariat_user, m, dept)
    assert m.stage == "opinion" and m.assignments[0].department_id == dept.id


def test_an_opinion_forwarded_then_unfiled_leaves_no_department_holding_it(app):
    """The department an opinion was forwarded to (转交) loses it when the filing is withdrawn;
    filed and assigned again, the proposal has one lead — the one it was assigned to."""
    from lvzhi.auth.permissions import can_see_matter
    from lvzhi.services.loop_intake import matter_accept
    from lvzhi.services.loops import matter_assign

    from ..factories import gen_department_user

    w = world()
    m = _submitted(w)
    proposal_review.proposal_not_file(w.secretariat_user, m, "属于个人诉求")
    forwarded, lead = gen_department(w.org, "县教育局"), gen_department(w.org, "县财政局")
    proposal_review.proposal_forward(w.secretariat_user, m, forwarded)
    with pytest.raises(ServiceError) as twice:
        proposal_review.proposal_forward(w.secretariat_user, m, forwarded)
    assert "请勿重复转交" in twice.value.message
    contact = gen_department_user(w.org, forwarded)
    assert can_see_matter(contact, m)
    proposal_review.proposal_unfile(w.secretariat_user, m, "重新审查")
    assert [a.active for a in m.assignments] == [False] and not can_see_matter(contact, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    matter_assign(w.secretariat_user, m, lead)
    assert [a.department_id for a in m.assignments if a.active] == [lead.id]
    assert m.lead_assignment.department_id == lead.id
    with pytest.raises(ServiceError):
        matter_accept(contact, m)  # the department it was forwarded to has nothing to accept
    with pytest.raises(ServiceError):
        matter_assign(w.secretariat_user, m, forwarded)  # the workflow: already assigned


def test_a_matter_is_never_given_a_second_lead(app):
    """Whatever stage a matter reached, 交办 never leaves two active lead assignments."""
    from lvzhi.models import MatterAssignment
    from lvzhi.services.loops import matter_assign

    w = world()
    m = _filed(w)
    first, second = gen_department(w.org, "县教育局"), gen_department(w.org, "县财政局")
    m.assignments.append(  # a stray lead left from an earlier path
        MatterAssignment(org_id=w.org.id, department_id=first.id, is_lead=True, assigned_on=TODAY)
    )
    with pytest.raises(ServiceError) as refused:
        matter_assign(w.secretariat_user, m, second)
    assert "已有承办单位" in refused.value.message


def test_unfiling_withdraws_the_credit_and_frees_the_number(app):
    w = world()
    m = _filed(w)
    assert len(_credited(w.member)) == 1
    with pytest.raises(ServiceError):
        proposal_review.proposal_unfile(w.secretariat_user, m, " ")
    proposal_review.proposal_unfile(w.secretariat_user, m, "误立案")
    assert m.stage == "submitted" and m.number is None
    assert _credited(w.member) == []


def test_returned_for_revision_the_proposer_edits_and_resubmits(app):
    w = world()
    m = _submitted(w)
    proposal_review.proposal_return(w.secretariat_user, m, "请补充具体建议")
    assert m.stage == "returned" and m.events[-1].note == "请补充具体建议"
    prop.proposal_save(w.member_user, m, suggestions_text="更具体的建议")
    prop.proposal_submit(w.member_user, m)
    assert m.stage == "submitted"


def test_merging_lists_all_proposers_on_the_survivor_and_moves_the_writers_credit(app):
    """并案: the merged proposal's credit is withdrawn and its writer — who wrote a proposal
    that is filed, merged — is credited from the survivor, even when the year credits no
    co-proposers (the default); the merged one's own co-proposer is not."""
    from lvzhi.selectors.proposals import merged_from

    w = world()
    survivor = _filed(w)
    other_user = w.peer.user
    co = gen_member(w.org)
    co_user = gen_user(w.org, "co", ["member"], co)
    m = gen_proposal(other_user, title="关于集采的另一件建议")
    prop.proposal_invite(other_user, m, [co])
    prop.proposal_answer(co_user, m, accept=True)
    prop.proposal_submit(other_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    assert len(_credited(w.peer)) == 1
    with pytest.raises(ServiceError):
        proposal_review.proposal_merge(w.secretariat_user, m, m)
    proposal_review.proposal_merge(w.secretariat_user, m, survivor)
    assert m.stage == "merged" and m.merged_into_id == survivor.id
    assert [p.member_id for p in survivor.listed_people] == [w.member.id, w.peer.id, co.id]
    assert survivor.events[-1].note == f"并入：{m.title}"
    [record] = _credited(w.peer)
    assert record.source_id == survivor.id
    assert _credited(co) == []
    assert len(_credited(w.member)) == 1
    assert merged_from(survivor, w.secretariat_user) == [
        (m.id, m.title, f"{w.peer.name}、{co.name}", True)
    ]
    # the survivor's own proposer, not on the merged one, reads its title without a link to
    # a page they cannot open; its writer opens it
    assert [row[3] for row in merged_from(survivor, w.member_user)] == [False]
    assert [row[3] for row in merged_from(survivor, other_user)] == [True]


def test_a_merged_collective_proposal_shows_its_proposer_on_the_survivor(app):
    from lvzhi.selectors.proposals import merged_from

    w = world()
    survivor = _filed(w)
    m = gen_proposal(w.secretariat_user, collective_kind="sector", collective_name="民建界别")
    prop.proposal_submit(w.secretariat_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    proposal_review.proposal_merge(w.secretariat_user, m, survivor)
    assert merged_from(survivor, w.secretariat_user) == [(m.id, m.title, "民建界别", True)]


def test_a_merged_proposals_writer_is_credited_on_the_survivor_when_co_proposers_are(app):
    w = world()
    prop.loop_setting_save(w.secretariat_user, TODAY.year, "proposal", credit_co_proposers=True)
    survivor = _filed(w)
    other_user = w.peer.user
    m = gen_proposal(other_user, title="关于集采的另一件建议")
    prop.proposal_submit(other_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    proposal_review.proposal_merge(w.secretariat_user, m, survivor)
    [record] = _credited(w.peer)  # the survivor's, not the merged one's
    assert record.source_id == survivor.id
    assert len(_credited(w.member)) == 1  # the survivor's writer keeps one record


def test_a_collective_proposal_is_written_and_submitted_by_the_secretariat(app):
    w = world()
    m = gen_proposal(w.secretariat_user, collective_kind="committee", collective_name="经济科技委")
    assert m.people == []
    prop.proposal_submit(w.secretariat_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    assert m.stage == "filed"


def test_credit_lands_in_the_proposals_year(app):
    w = world()
    m = gen_proposal(w.member_user, year=TODAY.year - 1)
    prop.proposal_submit(w.member_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    (record,) = _credited(w.member)
    assert record.year == TODAY.year - 1 and record.occurred_on == date(TODAY.year - 1, 12, 31)
