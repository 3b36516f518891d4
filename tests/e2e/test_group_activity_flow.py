"""A group head's activity on a phone (390×844) against the demo county: 沈国平 (head of
西塘桥街道) taps 活动, schedules today's activity for his group (the only group offered), finds
his group's members on the invitation list and can invite nobody outside it, registers 张岩枢
as present; 张岩枢's own attendance page and archive show the activity as 出席."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import login, no_horizontal_scroll, shot

TOPIC = "学习县政协全会精神（室组活动演示）"
GROUP = "西塘桥街道"


def _groups(select) -> list[str]:
    """The groups a select offers (its "— 选择 —" prompt left out)."""
    return [o.strip() for o in select.locator("option").all_inner_texts() if "—" not in o]


def test_a_head_schedules_his_groups_activity_and_registers_attendance(page, live_server):
    login(page, live_server, "shizu")
    page.locator("nav.tabbar").get_by_role("link", name="活动").click()
    expect(page.get_by_role("heading", name=f"{live_server.today.year} 年室组活动")).to_be_visible()
    page.get_by_role("link", name="安排活动").click()

    # only his own group is offered; an empty topic is refused and what he typed stays
    group = page.get_by_label("室组", exact=True)
    assert _groups(group) == [GROUP]
    page.get_by_label("日期").fill(live_server.today.isoformat())
    page.get_by_label("地点").fill("西塘桥街道议事厅")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("请填写活动主题。").first).to_be_visible()
    expect(page.get_by_label("地点")).to_have_value("西塘桥街道议事厅")
    assert no_horizontal_scroll(page)
    page.get_by_label("主题").fill(TOPIC)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("活动已安排，本组委员已列入邀请名单。")).to_be_visible()
    expect(page.get_by_role("heading", name=TOPIC)).to_be_visible()

    # the invitation list is his group's members, and he can pick only from his group
    rows = page.locator(".attendance-row")
    expect(rows.filter(has_text="张岩枢")).to_have_count(1)
    assert rows.count() >= 2
    for text in rows.all_inner_texts():
        assert GROUP in text
    assert _groups(page.locator("select[name=group]")) == [GROUP]
    page.get_by_text("指定人员（勾选）").click()
    for text in page.locator(".members-pick label.check").all_inner_texts():
        assert GROUP in text
    assert no_horizontal_scroll(page)
    shot(page, "group-activity-01-manage")

    # he registers 张岩枢 as present (a member who could not check in himself)
    page.get_by_role("button", name="登记出席：张岩枢", exact=True).click()
    zhang = page.locator(".attendance-row", has_text="张岩枢")
    expect(zhang.get_by_role("button", name="撤销出席：张岩枢")).to_be_visible()
    expect(zhang.locator(".result-present")).to_be_visible()
    shot(page, "group-activity-02-registered")

    # 张岩枢 sees it on his attendance page and in his archive
    page.context.clear_cookies()
    login(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/attendance/")
    item = page.locator(".attendance-list li", has_text=TOPIC)
    expect(item.locator(".result-present")).to_be_visible()
    assert no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/member/archive")
    entry = page.locator(".archive-attendance li", has_text=TOPIC)
    expect(entry.locator(".result-present")).to_have_text("出席")
    shot(page, "group-activity-03-archive")
