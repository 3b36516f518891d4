"""Nobody decides on their own case (as nobody confirms their own duty record): a group head
does not approve their own leave from their group's activity, a clerk who is also a member
does not adjust their own points or review a proposal they wrote or joined."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import RoleGrant
from lvzhi.services import ServiceError, attendance, points
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
    assert own.value.message == "不能审批本人的请假，请由政协机关办理。"
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
            prop.proposal_file(clerk, m)
        assert "不能审查本人提出或联名的提案" in own_review.value.message
        with pytest.raises(ServiceError):
            prop.proposal_return(clerk, m, "请补充")
        prop.proposal_file(w.secretariat_user, m)  # another clerk files it
        assert m.stage == "filed"
