"""社情民意信息 on the services: drafts, submission credits item 2, withdrawal and the editor's
rejection take it back (declining keeps it), the bulletin's issues, forwarding and 批示 by
level, 交办 and the department's reply, and who reads a report."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lvzhi.auth.permissions import can_see_matter
from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import DutyRecord, MatterForward, MatterInstruction
from lvzhi.selectors import public_opinion as sel
from lvzhi.services import ServiceError, loop_intake
from lvzhi.services import loops as loop_svc
from lvzhi.services import public_opinion as svc
from lvzhi.services.loop_handling import matter_reply
from lvzhi.services.loop_instructions import matter_forward_record, matter_instruction_record

from ..factories import (
    checked_png,
    gen_department,
    gen_department_user,
    gen_instructed_opinion,
    gen_opinion,
    world,
)


def _credits(member) -> list[str]:
    return list(
        db.session.scalars(
            select(DutyRecord.status).where(
                DutyRecord.member_id == member.id, DutyRecord.source_type == "public_opinion"
            )
        )
    )


def test_a_draft_credits_nothing_and_sending_it_credits_item_2(app):
    w = world()
    m = gen_opinion(w.member_user)
    assert m.stage == "draft" and _credits(w.member) == []
    svc.opinion_submit(w.member_user, m)
    assert m.stage == "submitted" and _credits(w.member) == ["confirmed"]
    assert m.office_group_id == w.group.id and m.sector_id == w.sector.id


def test_sending_needs_title_situation_and_suggestions(app):
    w = world()
    m = svc.opinion_save(w.member_user, title="只有标题")
    with pytest.raises(ServiceError) as refused:
        svc.opinion_submit(w.member_user, m)
    assert refused.value.message == "请填写基本情况。" and refused.value.field == "situation"
    assert m.stage == "draft" and _credits(w.member) == []


def test_withdrawing_takes_the_credit_back_and_a_resend_gives_it_again(app):
    w = world()
    m = gen_opinion(w.member_user, submit=True)
    svc.opinion_withdraw(w.member_user, m, "内容需要补充")
    assert m.stage == "withdrawn" and _credits(w.member) == []
    taken = sel.credits_taken_back(w.member.id)[m.year]
    assert [(t.why, t.reason) for t in taken] == [("本人撤回", "内容需要补充")]
    svc.opinion_save(w.member_user, m, analysis="补充了分析。")
    svc.opinion_submit(w.member_user, m)
    assert _credits(w.member) == ["confirmed"] and sel.credits_taken_back(w.member.id) == {}


def test_rejected_as_not_public_opinion_loses_the_credit_declined_keeps_it(app):
    w = world()
    rejected = gen_opinion(w.member_user, "个人求职诉求", submit=True)
    declined = gen_opinion(w.member_user, "重复反映的问题", submit=True)
    with pytest.raises(ServiceError) as no_reason:
        svc.opinion_review(w.secretariat_user, rejected, "reject")
    assert no_reason.value.message == "请填写不属于社情民意信息的理由。"
    svc.opinion_review(w.secretariat_user, rejected, "reject", "属于个人诉求")
    svc.opinion_review(w.secretariat_user, declined, "decline", "内容与已采用信息重复")
    assert (rejected.stage, declined.stage) == ("rejected", "declined")
    assert _credits(w.member) == ["confirmed"]  # the declined one's
    taken = sel.credits_taken_back(w.member.id)[rejected.year]
    assert [(t.title, t.why, t.reason) for t in taken] == [
        ("个人求职诉求", "经审核不属于社情民意信息", "属于个人诉求")
    ]


def test_a_member_cannot_review_and_the_editor_cannot_send_twice(app):
    w = world()
    m = gen_opinion(w.member_user, submit=True)
    with pytest.raises(ServiceError):
        svc.opinion_review(w.member_user, m, "adopt")
    svc.opinion_review(w.secretariat_user, m, "adopt")
    with pytest.raises(ServiceError) as again:
        svc.opinion_review(w.secretariat_user, m, "adopt")
    assert again.value.message == "该信息已采用。"
    with pytest.raises(ServiceError) as resend:
        svc.opinion_submit(w.member_user, m)
    assert "不能报送" in resend.value.message


def test_a_group_head_reports_for_the_group_which_credits_nobody(app):
    w = world()
    m = svc.opinion_save(
        w.head_user,
        collective_kind="office_group",
        collective_id=w.group.id,
        title="西塘桥街道集体反映",
        situation="情况",
        suggestions_text="建议",
    )
    svc.opinion_submit(w.head_user, m)
    assert (m.collective_name, m.office_group_id) == ("西塘桥街道", w.group.id)
    assert _credits(w.head) == []
    with pytest.raises(ServiceError) as other:
        svc.opinion_save(
            w.head_user, collective_kind="office_group", collective_id=w.other_group.id
        )
    assert other.value.field == "collective"


def test_bulletin_issues_are_numbered_and_carry_adopted_reports_only(app):
    w = world()
    adopted = gen_opinion(w.member_user, "已采用", submit=True)
    waiting = gen_opinion(w.member_user, "待采编", submit=True)
    svc.opinion_review(w.secretariat_user, adopted, "adopt")
    first = svc.bulletin_create(w.secretariat_user)
    assert svc.bulletin_create(w.secretariat_user) is first  # no empty issue after an empty one
    assert first.reopened
    with pytest.raises(ServiceError) as not_adopted:
        svc.bulletin_add(w.secretariat_user, first, [waiting])
    assert not_adopted.value.message == "“待采编”尚未采用，不能编入。"
    with pytest.raises(ServiceError):
        svc.bulletin_publish(w.secretariat_user, first)  # empty
    svc.bulletin_add(w.secretariat_user, first, [adopted])
    second = svc.bulletin_create(w.secretariat_user)
    assert (first.number, second.number) == (1, 2) and not second.reopened
    assert second.title == f"《社情民意》{local_today().year}年第2期"
    with pytest.raises(ServiceError) as twice:
        svc.bulletin_add(w.secretariat_user, second, [adopted])
    assert twice.value.message == "“已采用”已编入其他一期。"
    assert sel.adopted_unissued(w.org.id, adopted.year) == []
    svc.bulletin_publish(w.secretariat_user, first)
    assert first.is_published
    with pytest.raises(ServiceError):
        svc.bulletin_remove(w.secretariat_user, first, first.entries[0])
    assert adopted.events[-1].note == f"编入{first.title}"


def test_a_member_reads_another_report_only_once_adopted_and_published(app):
    w = world()
    peer_user = db.session.scalar(select(type(w.member_user)).filter_by(member_id=w.peer.id))
    m = gen_opinion(peer_user, "李伟的信息", submit=True)
    assert can_see_matter(peer_user, m) and not can_see_matter(w.member_user, m)
    svc.opinion_review(w.secretariat_user, m, "adopt")
    issue = svc.bulletin_create(w.secretariat_user)
    svc.bulletin_add(w.secretariat_user, issue, [m])
    assert not can_see_matter(w.member_user, m)  # in an issue being edited
    svc.bulletin_publish(w.secretariat_user, issue)
    assert can_see_matter(w.member_user, m)
    draft = gen_opinion(peer_user, "草稿")
    assert not can_see_matter(w.secretariat_user, draft)


def test_forwarding_and_instructions_are_recorded_by_level(app):
    w = world()
    m = gen_opinion(w.member_user, submit=True)
    today = local_today()
    with pytest.raises(ServiceError) as early:
        matter_forward_record(w.secretariat_user, m, "county", today)
    assert "不能报送" in early.value.message  # not adopted yet
    svc.opinion_review(w.secretariat_user, m, "adopt")
    with pytest.raises(ServiceError) as level:
        matter_forward_record(w.secretariat_user, m, "town", today)
    assert level.value.field == "level"
    matter_forward_record(w.secretariat_user, m, "county", today)
    matter_forward_record(w.secretariat_user, m, "city", today, "市政协信息处")
    assert m.stage == "forwarded"
    with pytest.raises(ServiceError) as no_text:
        matter_instruction_record(w.secretariat_user, m, "county", "县长", today, " ")
    assert no_text.value.field == "text"
    matter_instruction_record(w.secretariat_user, m, "county", "县长 王某", today, "请研究。")
    matter_instruction_record(w.secretariat_user, m, "city", "副市长 李某", today, "阅。")
    assert m.stage == "instructed"
    assert sorted(db.session.scalars(select(MatterForward.level))) == ["city", "county"]
    assert [i.leader for i in db.session.scalars(select(MatterInstruction))] == [
        "县长 王某",
        "副市长 李某",
    ]
    with pytest.raises(ServiceError):
        matter_instruction_record(w.member_user, m, "county", "县长", today, "批示")
    # the secretariat names the leader; a leader's own is in their name unless another is given
    with pytest.raises(ServiceError) as unnamed:
        matter_instruction_record(w.secretariat_user, m, "county", " ", today, "阅。")
    assert unnamed.value.field == "leader"
    matter_instruction_record(w.leader_user, m, "county", "", today, "请抓紧办理。")
    matter_instruction_record(w.leader_user, m, "city", "副市长 赵某", today, "同意。")
    assert [i.leader for i in db.session.scalars(select(MatterInstruction))][2:] == [
        w.leader_user.display_name,
        "副市长 赵某",
    ]


def test_an_instructed_report_is_assigned_handled_and_fed_back(app):
    w = world()
    m = gen_instructed_opinion(w)
    dept = gen_department(w.org, "县交通运输局")
    contact = gen_department_user(w.org, dept)
    loop_svc.matter_assign(w.secretariat_user, m, dept)
    assert m.stage == "assigned"
    loop_intake.matter_accept(contact, m)
    matter_reply(contact, m, "A", "已全部修复并明确维护主体。", [checked_png()])
    assert m.stage == "feedback" and m.lead_assignment.reply_text.startswith("已全部修复")
    assert [e.action for e in m.events][-3:] == ["assign", "accept", "reply"]
