"""What an outside sweep of the standing rules found: no 500 and no lost work where a form is
refused, sent twice, or sent from a stale page."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.models import GroupInvitation, Matter, Meeting

from ..factories import gen_invited, gen_meeting, gen_topic, world


def test_deleting_a_meeting_keeps_what_it_carries(app, client, auth):
    w = world()
    held = gen_meeting(w.org, kind="chair_meeting", held_on=date(2026, 5, 20))
    topic = gen_topic(w, "数字经济协商", meeting=held)
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/meetings?year=2026").get_data(as_text=True)
    assert "依此会议计算的反馈期限将改为“待定”" in page
    done = client.post(f"/secretariat/meetings/{held.id}/delete", follow_redirects=True)
    assert done.status_code == 200 and "会议已删除。" in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Matter, topic.id).meeting_id is None  # the topic stays, 待定
    # a meeting a ranked group was invited to, or one with a check-in: refused, kept
    monthly = gen_meeting(w.org, kind="organ_monthly", held_on=date(2026, 4, 10))
    db.session.add(
        GroupInvitation(
            org_id=w.org.id,
            office_group_id=w.group.id,
            meeting_id=monthly.id,
            year=2026,
            quarter=1,
            flag="top",
            rank=1,
            score="90.0",
        )
    )
    attended = gen_meeting(w.org, kind="standing_committee", held_on=date(2026, 6, 1))
    gen_invited(attended, [w.member], checked_in_at=datetime(2026, 6, 1, 1, 0))
    db.session.commit()
    for meeting, why in ((monthly, "季度排名邀请"), (attended, "已有委员签到")):
        refused = client.post(f"/secretariat/meetings/{meeting.id}/delete", follow_redirects=True)
        assert refused.status_code == 200 and why in refused.get_data(as_text=True)
        assert db.session.scalar(select(Meeting.id).where(Meeting.id == meeting.id))


def test_a_crafted_form_token_longer_than_the_column_is_no_error(app, client, auth):
    w = world()
    auth.login("weiyuan")
    form = {
        "title": "关于村道养护的建议",
        "situation": "村道破损。",
        "analysis": "",
        "suggestions_text": "列入养护计划。",
        "category": "城建",
        "token": "x" * 41,
        "action": "save",
    }
    assert client.post("/member/proposals/new", data=form).status_code == 303
    opinion = {
        "title": "关于路灯的情况反映",
        "situation": "路灯不亮。",
        "analysis": "",
        "suggestions_text": "修复。",
        "token": "y" * 200,
    }
    assert client.post("/member/opinions/new", data=opinion).status_code in (200, 303)
    tokens = db.session.scalars(select(Matter.client_token).where(Matter.org_id == w.org.id))
    assert set(tokens) == {None}
