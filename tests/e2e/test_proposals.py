"""提案 on a phone: 张岩枢 writes a proposal and invites 沈国平, who confirms; 张岩枢 submits;
the secretariat files it and assigns it to two departments. (The department's part is the
department portal's.)"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import login, no_horizontal_scroll, shot

TITLE = "关于港区企业用工保障的建议"


def test_member_writes_invites_submits_and_the_office_files_and_assigns(page, live_server):
    login(page, live_server, "weiyuan")
    page.get_by_role("link", name="建言献策").click()  # the tab, then the hub's line
    page.get_by_role("link", name=re.compile("^我的提案")).click()
    expect(page.get_by_role("heading", name="我的提案")).to_be_visible()
    shot(page, "proposals-member-list")
    page.get_by_role("link", name="写提案").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("类别").fill("经济")
    page.get_by_label("案由").fill("港区企业招工难、留人难。")
    page.get_by_label("情况分析").fill("企业用工季节性强，配套服务不足。")
    page.get_by_label("具体建议").fill("一、建立用工调剂平台；二、完善人才公寓。")
    expect(page.get_by_text("已自动保存")).to_be_visible()  # htmx saved the draft
    assert no_horizontal_scroll(page)
    shot(page, "proposals-form")
    page.get_by_role("button", name="保存草稿").click()  # the same draft, its new version
    expect(page.get_by_text("草稿已保存。")).to_be_visible()
    page.get_by_role("link", name="修改").click()
    page.get_by_label("按姓名查找委员").fill("沈国平")
    page.get_by_role("button", name="查找联名人").click()
    page.get_by_label("沈国平").check()
    shot(page, "proposals-invite")
    page.get_by_role("button", name="发送联名邀请").click()
    expect(page.get_by_text("已邀请 1 位委员联名")).to_be_visible()

    page.context.clear_cookies()
    login(page, live_server, "shizu")
    page.goto(f"{live_server.url}/member/proposals")
    page.get_by_role("link", name=TITLE).click()
    shot(page, "proposals-invitation")
    page.get_by_role("button", name="同意联名").click()
    expect(page.get_by_text("已同意联名。")).to_be_visible()

    page.context.clear_cookies()
    login(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/proposals")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("张岩枢、沈国平")).to_be_visible()
    page.get_by_role("link", name="修改").click()
    page.get_by_role("button", name="提交提案").click()
    expect(page.get_by_text("提案已提交，等待立案审查。")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "proposals-submitted")

    page.context.clear_cookies()
    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/proposals")
    assert no_horizontal_scroll(page)
    shot(page, "proposals-queue")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="立案审查").click()
    shot(page, "proposals-review")
    page.get_by_role("button", name="立案", exact=True).click()
    expect(page.get_by_text("已立案。")).to_be_visible()
    page.get_by_role("link", name="交办").click()
    page.get_by_label("主办单位").select_option(label="县发展和改革局")
    page.get_by_label("县经济和信息化局").check()
    shot(page, "proposals-assign")
    page.get_by_role("button", name="交办").click()
    expect(page.get_by_text("已交办。")).to_be_visible()
    expect(page.get_by_text("县经济和信息化局").first).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "proposals-assigned")
