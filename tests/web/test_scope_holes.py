"""Holes inside one body that an outside review found, each closed: a writer's draft stays
the writer's on every list and action page; a department a matter was reassigned away from
no longer sees it or the new department's reply; a group head invites only within the groups
they head; a member's proposal pages take proposals only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attachment, Attendance, MatterAssignment
from lvzhi.models.loops import MATTER_EVENT_FILES
from lvzhi.services import attendance as att
from lvzhi.services import loop_intake
from lvzhi.services.loop_handling import matter_contact, matter_reply

from ..factories import checked_png, gen_department, gen_department_user, gen_opinion, gen_proposal
from .department_portal import _setup


def test_no_list_or_action_page_shows_a_writers_draft(app, client, auth):
    from ..factories import world

    w = world()
    draft = gen_proposal(w.member_user, "草稿里的提案标题")
    report = gen_opinion(w.member_user, "草稿里的社情民意标题")
    db.session.commit()
    auth.login("jiguan")
    listed = client.get("/secretariat/proposals?stage=draft").get_data(as_text=True)
    assert "草稿里的提案标题" not in listed
    for url in (
        f"/secretariat/proposals/{draft.id}/review",
        f"/secretariat/proposals/{draft.id}/assign",
        f"/secretariat/opinions/{report.id}/review",
        f"/secretariat/opinions/{report.id}/forward",
    ):
        assert client.get(url).status_code == 404, url
    auth.logout()
    auth.login("lingdao")
    assert client.get(f"/board/proposals/{draft.id}/instruct").status_code == 404
    auth.logout()
    auth.login("weiyuan")  # the writer still opens their own
    assert client.get(f"/member/proposals/{draft.id}/edit").status_code == 200
    # a member's proposal pages take proposals only: not their own 社情民意 draft
    invite = client.post(f"/member/proposals/{report.id}/invite", data={"member": w.peer.id})
    assert invite.status_code == 404
    assert client.get(f"/member/proposals/{report.id}/edit").status_code == 404


def test_a_department_reassigned_away_no_longer_sees_the_matter_or_the_new_reply(app, client, auth):
    w, m, lead, _ = _setup()
    contact = db.session.scalar(select(MatterAssignment).where(MatterAssignment.matter_id == m.id))
    other = gen_department(w.org, "县经信局")
    other_user = gen_department_user(w.org, other, "jingxin")
    db.session.commit()
    auth.login("chengban")
    assert client.get(f"/loops/{m.id}").status_code == 200  # while it is theirs
    from lvzhi.models import User

    asker = db.session.scalar(select(User).where(User.username == "chengban"))
    loop_intake.matter_ask_reassign(asker, m, "不属本局职责")
    loop_intake.matter_decide_reassign(w.secretariat_user, m, contact, True, other)
    loop_intake.matter_accept(other_user, m)
    matter_contact(other_user, m, "phone", local_today())
    event = matter_reply(other_user, m, "A", "已解决", [checked_png("经信局答复函.png")])
    file_id = db.session.scalar(
        select(Attachment.id).where(
            Attachment.owner_type == MATTER_EVENT_FILES, Attachment.owner_id == event.id
        )
    )
    auth.logout()
    auth.login("jingxin")
    assert client.get(f"/files/{file_id}").status_code == 200
    auth.logout()
    auth.login("chengban")
    assert client.get(f"/loops/{m.id}").status_code == 404
    assert client.get(f"/files/{file_id}").status_code == 404


def test_a_group_head_invites_only_within_the_groups_they_head(app, client, auth):
    from ..factories import world

    w = world()
    activity = att.activity_save(
        db.session.get(type(w.secretariat_user), w.secretariat_user.id),
        w.group,
        None,
        local_today() + timedelta(days=3),
        None,
        "学习交流",
        "村委会",
    )
    db.session.commit()
    invited = (
        select(func.count()).select_from(Attendance).where(Attendance.activity_id == activity.id)
    )
    before = db.session.scalar(invited)  # the group's members, invited on creation
    auth.login("shizu")
    url = f"/attendance/activity/{activity.id}/invite"
    page = client.get(f"/attendance/activity/{activity.id}/manage").get_data(as_text=True)
    assert "朱明华" not in page and "张岩枢" in page  # only the head's own group to pick from
    assert 'value="all"' not in page and 'name="committee"' not in page
    assert 'value="picked"' in page and 'value="group"' in page
    for data in (
        {"scope": "all"},
        {"scope": "committee", "committee": w.committee.id},
        {"scope": "group", "group": w.other_group.id},
        {"scope": "picked", "members": [w.director.id]},
    ):
        refused = client.post(url, data=data)
        assert refused.status_code == 200, data
        assert db.session.scalar(invited) == before, data
    # the service refuses the same whatever the form offers
    head = db.session.scalar(
        select(type(w.secretariat_user)).where(type(w.secretariat_user).username == "shizu")
    )
    import pytest

    from lvzhi.services import ServiceError

    with pytest.raises(ServiceError, match="只能邀请本室组的委员"):
        att.attendance_invite(head, activity, "picked", None, [w.member.id, w.director.id])
    auth.logout()
    auth.login("jiguan")  # the secretariat invites anyone
    assert client.post(url, data={"scope": "picked", "members": [w.director.id]}).status_code == 303
    assert db.session.scalar(invited) == before + 1
