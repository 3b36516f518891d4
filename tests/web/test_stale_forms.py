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


CONFLICT = "该内容已被他人修改，请刷新页面后重新编辑。"


def _version(page: str, name: str = "version") -> str:
    import re

    return re.search(rf'name="{name}"[^>]*value="(\d*)"', page).group(1)


def test_two_secretaries_on_the_years_proposal_settings(app, client, auth):
    world()
    auth.login("jiguan")
    url = "/secretariat/proposals/settings/2027"
    shown = _version(client.get(url).get_data(as_text=True))
    assert shown == "0"  # not saved yet
    form = {"reply_months": "3", "reassign_days": "10", "co_opinion_months": "1", "session": ""}
    assert client.post(url, data={**form, "reply_months": "4", "version": shown}).status_code == 303
    stale = client.post(url, data={**form, "reassign_days": "15", "version": shown})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 200 and CONFLICT in html and 'value="15"' in html
    page = client.get(url).get_data(as_text=True)
    assert 'value="4"' in page and 'value="15"' not in page  # the first save stands


def test_the_first_save_of_a_years_rubric_is_not_overwritten_by_a_stale_form(app, client, auth):
    world()
    auth.login("jiguan")
    url = "/secretariat/group-reports/2027"
    shown = _version(client.get(url).get_data(as_text=True))
    assert shown == "0"
    rubric = {
        "coverage_weight": "40",
        "quality_max": "50",
        "timeliness_weight": "10",
        "due_day": "5",
        "flag_count": "2",
        "version": shown,
    }
    assert client.post(url, data={**rubric, "quality_max": "60"}).status_code == 303
    stale = client.post(url, data={**rubric, "timeliness_weight": "8"})
    assert CONFLICT in stale.get_data(as_text=True)


def test_two_secretaries_linking_a_committees_groups(app, client, auth):
    from lvzhi.models import Committee

    w = world()
    auth.login("jiguan")
    url = f"/secretariat/committees/{w.committee.id}/groups"
    version = w.committee.version
    assert client.post(url, data={"groups": [w.group.id], "version": version}).status_code == 303
    stale = client.post(url, data={"groups": [w.other_group.id], "version": version})
    assert CONFLICT in stale.get_data(as_text=True)
    db.session.expire_all()
    assert [g.id for g in db.session.get(Committee, w.committee.id).office_groups] == [w.group.id]


def test_a_supervision_requirement_conflicts_keeps_its_note_and_records_a_double_tap_once(
    app, client, auth
):
    from lvzhi.models import MatterEvent

    w = world()
    s = gen_topic(w, "河道治理监督", loop="supervision", kind="")
    db.session.commit()
    auth.login("jiguan")
    url = f"/secretariat/topics/{s.id}/requirements/central_topic"
    shown = _version(client.get(f"/loops/{s.id}").get_data(as_text=True))
    assert shown == "0"
    first = {"done": "y", "note": "选题紧扣县委中心工作", "version": shown}
    assert client.post(url, data=first).status_code == 303
    assert client.post(url, data=first).status_code == 303  # the same post again
    checks = db.session.scalars(
        select(MatterEvent).where(MatterEvent.matter_id == s.id, MatterEvent.action == "check")
    ).all()
    assert len(checks) == 1
    stale = client.post(url, data={"done": "", "note": "另一位秘书的说明", "version": shown})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 200 and CONFLICT in html and "另一位秘书的说明" in html
    long = client.post(url, data={"done": "y", "note": "长" * 501, "version": "1"})
    html = long.get_data(as_text=True)
    assert "说明最多 500 字" in html and "长" * 501 in html  # kept, next to the field


def test_a_stale_roles_form_conflicts_and_a_refused_one_keeps_its_ticks(app, client, auth):
    from lvzhi.models import User

    w = world()
    peer = db.session.scalar(select(User).where(User.member_id == w.peer.id))
    auth.login("jiguan")
    url = f"/secretariat/members/{w.peer.id}/roles"
    shown = _version(client.get(f"/secretariat/members/{w.peer.id}").get_data(as_text=True))
    granted = {"roles": ["member", "committee"], "committee_id": w.committee.id, "version": shown}
    assert client.post(url, data=granted).status_code == 303
    stale = client.post(url, data={"roles": ["member", "leader"], "version": shown})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 200 and CONFLICT in html
    db.session.refresh(peer)
    assert peer.roles == {"member", "committee"}
    fresh = _version(client.get(f"/secretariat/members/{w.peer.id}").get_data(as_text=True))
    refused = client.post(url, data={"roles": ["member", "committee"], "version": fresh})
    html = refused.get_data(as_text=True)
    assert "专委会角色需要选择所负责的专委会。" in html
    assert 'value="committee" checked' in html or 'checked value="committee"' in html


def test_a_topic_step_sent_from_a_stale_page_keeps_what_was_typed(app, client, auth):
    from lvzhi.services import consultations as svc

    w = world()
    m = gen_topic(w)
    db.session.commit()
    auth.login("jiguan")
    form = {"start_research-note": "组织两次座谈", "start_research-version": m.version}
    assert (
        client.post(f"/secretariat/topics/{m.id}/steps/start_research", data=form).status_code
        == 303
    )
    again = client.post(
        f"/secretariat/topics/{m.id}/steps/start_research",
        data={**form, "start_research-note": "第二位秘书写的调研安排"},
    )
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and "第二位秘书写的调研安排" in html
    assert "未保存，可复制" in html
    assert svc is not None


def test_what_cannot_be_undone_asks_first(app, client, auth):
    from lvzhi.services.speeches import speech_submit, work_suggestion_submit

    w = world()
    speech = speech_submit(w.member_user, "关于城乡公交的发言", "内容")
    suggestion = work_suggestion_submit(w.member_user, "委员讲堂改在晚上", "白天委员多在上班。")
    db.session.commit()
    auth.login("weiyuan")
    # a speech not yet selected has earned nothing; a work suggestion is credited when sent
    for m, question in (
        (speech, "确定撤回？撤回后不能恢复。"),
        (suggestion, "确定撤回？撤回后不能恢复，已记入的十个一也随之撤销。"),
    ):
        page = client.get(f"/loops/{m.id}").get_data(as_text=True)
        assert question in page and '<details class="confirm">' in page
