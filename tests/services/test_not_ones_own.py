"""Nobody decides on their own case (as nobody confirms their own duty record): a group head
does not approve their own leave from their group's activity, a clerk who is also a member
does not adjust their own points or review a proposal they wrote or joined."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import RoleGrant
from lvzhi.services import ServiceError, attendance, points, proposal_review
from lvzhi.services import proposals as prop

from ..factories import gen_proposal, world


def test_a_head_does_not_approve_their_own_leave_the_secretariat_does(app):
    w = world()
    activity = attendance.activity_save(
        w.head_user, w.group, None, local_today() + timedelta(days=2), None, "集中学习", ""
    )
    db.session.commit()
    row = attendance.leave_request(w.head_user, activity, "外出开会")
    with pytest.raises(ServiceError) as own:
        attendance.leave_decide(w.head_user, row, approve=True)
    assert own.value.message == "不能审批本人的请假，请由其他工作人员或政协机关办理。"
    attendance.leave_decide(w.secretariat_user, row, approve=True)
    assert row.leave_status == "approved"


def test_a_clerk_who_is_a_member_neither_adjusts_own_points_nor_reviews_own_proposal(app):
    w = world()
    clerk = w.peer.user  # 李伟, a member, also works in the office
    clerk.grants.append(RoleGrant(role="secretariat"))
    db.session.commit()
    year = local_today().year
    with pytest.raises(ServiceError) as own_points:
        points.points_adjust(clerk, w.peer, year, 15, "补记")
    assert "不能调整本人的积分" in own_points.value.message
    assert points.points_adjust(clerk, w.member, year, 5, "补记全会发言").points == 5
    mine = gen_proposal(clerk, title="本人提出的提案")
    joined = gen_proposal(w.member_user, title="本人联名的提案")
    prop.proposal_invite(w.member_user, joined, [w.peer])
    prop.proposal_answer(clerk, joined, accept=True)
    for m in (mine, joined):
        prop.proposal_submit(m.people[0].member.user, m)
        with pytest.raises(ServiceError) as own_review:
            proposal_review.proposal_file(clerk, m)
        assert "不能审查本人提出或参与的事项" in own_review.value.message
        with pytest.raises(ServiceError):
            proposal_review.proposal_return(clerk, m, "请补充")
        proposal_review.proposal_file(w.secretariat_user, m)  # another clerk files it
        assert m.stage == "filed"


def test_a_heads_own_leave_is_not_in_their_to_dos_and_their_page_says_who_decides(
    app, client, auth
):
    w = world()
    activity = attendance.activity_save(
        w.head_user, w.group, None, local_today() + timedelta(days=2), None, "集中学习", ""
    )
    db.session.commit()
    attendance.leave_request(w.head_user, activity, "外出开会")
    attendance.leave_request(w.member_user, activity, "出差")
    db.session.commit()
    auth.login("shizu")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "1 条请假申请待审批" in inbox  # 张岩枢's, not his own
    page = client.get(f"/attendance/activity/{activity.id}/manage").get_data(as_text=True)
    assert "本人的请假，由其他工作人员或政协机关审批。" in page
    assert "准假：张岩枢" in page and "准假：沈国平" not in page


def test_a_clerk_who_is_a_member_neither_adopts_own_report_nor_selects_own_speech(app):
    from lvzhi.services import public_opinion as po
    from lvzhi.services import speeches

    from ..factories import gen_opinion

    w = world()
    clerk = w.peer.user
    clerk.grants.append(RoleGrant(role="secretariat"))
    db.session.commit()
    report = gen_opinion(clerk, "本人的社情民意", submit=True)
    with pytest.raises(ServiceError, match="不能审查本人"):
        po.opinion_review(clerk, report, "adopt")
    po.opinion_review(w.secretariat_user, report, "adopt")
    speech = speeches.speech_submit(clerk, "本人的大会发言", "发言稿", client_token="sp1")
    with pytest.raises(ServiceError, match="不能审查本人"):
        speeches.speech_select(clerk, speech, "oral")
    speeches.speech_select(w.secretariat_user, speech, "oral")
    assert speech.stage == "selected"


def test_an_organizer_does_not_mark_themselves_present(app):
    w = world()
    activity = attendance.activity_save(
        w.head_user, w.group, None, local_today(), None, "集中学习", ""
    )
    db.session.commit()
    own = attendance.invitation(activity, w.head.id)
    with pytest.raises(ServiceError, match="不能为本人登记出席"):
        attendance.attendance_tick(w.head_user, own, True)
    other = attendance.invitation(activity, w.member.id)
    assert attendance.attendance_tick(w.head_user, other, True).checked_in_at is not None
