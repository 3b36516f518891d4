"""The secretariat sets the year's 申请改办 window and 会办意见 period (DOMAIN.md marks both
*default*); a proposal assigned afterwards keeps them, one assigned before keeps its own."""

from __future__ import annotations

from datetime import timedelta

from lvzhi.clock import local_today
from lvzhi.domain.calendar import add_months
from lvzhi.extensions import db
from lvzhi.services.proposal_review import proposal_file
from lvzhi.services.proposals import loop_setting_save, proposal_submit

from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    gen_proposal,
    world,
)
from .department_portal import _page

Y = local_today().year


def test_the_settings_page_saves_the_windows_and_refuses_what_is_out_of_bounds(client, auth):
    world()
    auth.login("jiguan")
    url = f"/secretariat/proposals/settings/{Y}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="reassign_days"' in page and 'value="10"' in page
    assert 'name="co_opinion_months"' in page
    typed = {"reply_months": "3", "reassign_days": "31", "co_opinion_months": "2", "session": ""}
    refused = client.post(url, data=typed)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "申请改办期限应为 1 至 30 天。" in html
    assert 'value="31"' in html  # kept
    assert client.post(url, data={**typed, "reassign_days": "15"}).status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert 'value="15"' in page and 'value="2"' in page


def test_an_assignment_keeps_the_windows_of_its_year_when_it_was_made(app, client, auth):
    w = world()
    lead, co = gen_department(w.org, "县发改局"), gen_department(w.org, "县经信局")
    gen_department_user(w.org, lead, "chengban")
    gen_department_user(w.org, co, "huiban")
    day = local_today() - timedelta(days=12)
    before = gen_assigned_proposal(w, lead, [co], "设置之前交办的提案", assigned_on=day)
    loop_setting_save(
        w.secretariat_user, Y, "proposal", reply_months=3, reassign_days=15, co_opinion_months=2
    )
    after = gen_assigned_proposal(w, lead, [co], "设置之后交办的提案", assigned_on=day)
    db.session.commit()
    auth.login("chengban")  # the 12th day: too late under 10 days, in time under 15
    page_before, page_after = _page(client, before), _page(client, after)
    assert "交办已超过 10 天" in page_before and "交办后 10 天内申请改办" in page_before
    assert "交办已超过" not in page_after
    assert "交办后 15 天内申请改办" in page_after and "交办后 15 天内可申请" in page_after
    assert "10 天" not in page_after
    refused = client.post(
        f"/department/matters/{before.id}/reassign",
        data={"version": before.version, "reason": "不属本局职责"},
    )
    assert "交办已超过 10 天" in refused.get_data(as_text=True)
    asked = client.post(
        f"/department/matters/{after.id}/reassign",
        data={"version": after.version, "reason": "不属本局职责"},
    )
    assert asked.status_code == 303
    auth.logout()
    auth.login("huiban")  # the co-handler's opinion: 1 month before, 2 months after
    assert add_months(day, 1).isoformat() in _page(client, before)
    assert add_months(day, 2).isoformat() in _page(client, after)
    client.post(f"/department/matters/{after.id}/accept", data={"version": after.version})
    assert "交办后 2 个月内提交主办单位" in _page(client, after)


def test_the_assign_page_states_the_years_windows(client, auth):
    w = world()
    m = gen_proposal(w.member_user, "待交办的提案")
    proposal_submit(w.member_user, m)
    proposal_file(w.secretariat_user, m)
    loop_setting_save(
        w.secretariat_user, Y, "proposal", reply_months=4, reassign_days=7, co_opinion_months=3
    )
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/secretariat/proposals/{m.id}/assign").get_data(as_text=True)
    assert "答复期限为交办后 4 个月" in page and "交办后 7 天内申请改办" in page
    assert "交办后 3 个月内向主办单位提交会办意见" in page
