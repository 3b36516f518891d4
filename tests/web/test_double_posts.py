"""A double tap without JavaScript sends the same form twice: the second post creates
nothing, says why, and keeps what was typed. (With JavaScript, ``data-once`` forms disable
their buttons after the first tap; the server must not rely on it.)"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lvzhi.clock import local_today
from lvzhi.domain.points import REPEAT_WINDOW
from lvzhi.extensions import db
from lvzhi.models import Bulletin, GroupActivity, PointsAdjustment, Suggestion
from lvzhi.models.base import utcnow

from ..factories import gen_department, gen_loop_matter, gen_opinion, world

Y = local_today().year


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_points_adjustment_sent_twice_is_made_once(app, client, auth):
    w = world()
    auth.login("jiguan")
    url = f"/secretariat/assessment/{Y}/members/{w.member.id}/adjust"
    typed = {"points": "5", "reason": "牵头完成重点调研"}
    assert client.post(url, data=typed).status_code == 303
    again = client.post(url, data=typed)
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "10 分钟内已记入相同的积分调整（+5），未重复记入" in html
    assert 'value="牵头完成重点调研"' in html  # what was typed is kept
    assert count(PointsAdjustment, PointsAdjustment.member_id == w.member.id) == 1
    # another adjustment is made at once
    assert client.post(url, data={"points": "3", "reason": "牵头完成重点调研"}).status_code == 303
    assert count(PointsAdjustment, PointsAdjustment.member_id == w.member.id) == 2
    first = db.session.scalar(select(PointsAdjustment).where(PointsAdjustment.points == 5))
    first.created_at = utcnow() - REPEAT_WINDOW + timedelta(seconds=5)  # just within
    db.session.commit()
    assert client.post(url, data=typed).status_code == 200
    first.created_at = utcnow() - REPEAT_WINDOW - timedelta(seconds=5)  # just past
    db.session.commit()
    assert client.post(url, data=typed).status_code == 303
    assert count(PointsAdjustment, PointsAdjustment.member_id == w.member.id) == 3


def test_a_group_activity_sent_twice_is_scheduled_once(app, client, auth):
    w = world()
    auth.login("shizu")
    day = (local_today() + timedelta(days=3)).isoformat()
    typed = {"group": w.group.id, "held_on": day, "topic": "学习交流", "place": "村委会"}
    assert client.post("/attendance/activities/new", data=typed).status_code == 303
    again = client.post("/attendance/activities/new", data=typed)
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "同一天已安排了同一主题的活动，请勿重复提交" in html and 'value="村委会"' in html
    assert count(GroupActivity, GroupActivity.office_group_id == w.group.id) == 1
    other = {**typed, "topic": "学习交流（二）"}  # another activity that day is fine
    assert client.post("/attendance/activities/new", data=other).status_code == 303
    assert count(GroupActivity, GroupActivity.office_group_id == w.group.id) == 2


def test_a_pasted_suggestion_list_sent_twice_is_added_once(app, client, auth):
    w = world()
    dept = gen_department(w.org, "县经信局")
    m = gen_loop_matter(w, kind="chair_thematic", title="“专精特新”培育工程")
    db.session.commit()
    auth.login("jiguan")
    url = f"/secretariat/matters/{m.id}/suggestions"
    typed = {"text": "1、建立产业基金\n2、培育带头人", "department": dept.id}
    assert client.post(url, data=typed).status_code == 303
    again = client.post(url, data=typed)
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "第 1、2 条建议已在建议清单中，请勿重复添加" in html
    assert "培育带头人</textarea>" in html  # kept
    assert count(Suggestion, Suggestion.matter_id == m.id) == 2
    # a list with one new line among known ones adds nothing, and names the known one
    mixed = {"text": "培育带头人\n3、引进专业人才"}
    html = client.post(url, data=mixed).get_data(as_text=True)
    assert "第 1 条建议已在建议清单中" in html
    assert count(Suggestion, Suggestion.matter_id == m.id) == 2
    # the same line twice in one list is refused too
    html = client.post(url, data={"text": "引进专业人才\n引进专业人才"}).get_data(as_text=True)
    assert "第 2 条建议与第 1 条相同" in html
    assert client.post(url, data={"text": "引进专业人才"}).status_code == 303
    assert count(Suggestion, Suggestion.matter_id == m.id) == 3


def test_new_bulletin_tapped_twice_opens_the_same_empty_issue(app, client, auth):
    w = world()
    gen_opinion(w.member_user, submit=True)
    db.session.commit()
    auth.login("jiguan")
    first = client.post("/secretariat/bulletins/new")
    second = client.post("/secretariat/bulletins/new")
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Bulletin, Bulletin.org_id == w.org.id) == 1
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "尚未编入信息" in page
