"""Issue 14's assessment on a phone: the secretariat raises a points rule, the member sees
their ledger and grade follow, writes the self-summary (述职), and the printable annual
report (one A4 page) shows the points, the grade and the summary."""

from __future__ import annotations

import re

from lvzhi.clock import local_today
from lvzhi.domain import points as rules

from .conftest import login, no_horizontal_scroll, shot
from .test_handbook_print import pdf_pages

Y = local_today().year
SUMMARY = "今年牵头紧固件集采提案，参加营商环境民主监督，明年补上读书分享。"


def _total(page) -> int:
    return int(page.get_by_test_id("points-total").inner_text())


def _items_done(page) -> int:
    return int(re.match(r"(\d+)/", page.locator(".stat-num").nth(2).inner_text()).group(1))


def test_rule_change_moves_the_members_points_and_the_report_shows_the_summary(
    page, browser, browser_context_args, live_server
):
    member = browser.new_context(**browser_context_args).new_page()
    login(member, live_server, "weiyuan")
    member.goto(f"{live_server.url}/member/")
    member.get_by_role("link", name="我的积分与考评").click()
    before, done = _total(member), _items_done(member)
    assert done > 0
    assert member.get_by_role("cell", name="完成十个一事项").first.is_visible()
    assert no_horizontal_scroll(member)
    shot(member, "assessment-member-before")

    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/assessment?year={Y}")
    page.get_by_role("link", name="积分规则与等次").click()
    rule = page.locator("#rule-duty_item")
    rule.get_by_label("每单位分值").fill("15")
    rule.get_by_role("button", name="保存 完成十个一事项").click()
    assert page.get_by_text("已保存积分规则“完成十个一事项”。").is_visible()
    assert no_horizontal_scroll(page)
    shot(page, "assessment-rules")

    member.reload()
    after = _total(member)
    assert after == before + 9 * min(done, 4)  # the 60-point cap stops the rule at 4 items
    grade = rules.GRADES[rules.grade(after, rules.Thresholds())]
    assert member.get_by_test_id("grade").inner_text() == grade

    member.get_by_label("述职（本年度履职情况自述）").fill(SUMMARY)
    member.get_by_role("button", name="保存述职").click()
    assert member.get_by_text("述职已保存。").is_visible()
    shot(member, "assessment-member-after")

    member.get_by_role("link", name="年度履职报告（打印）").click()
    report = member.locator(".annual-report")
    assert report.get_by_text(SUMMARY).is_visible()
    assert report.get_by_text(f"年度积分 {after} 分，考评等次 {grade}").is_visible()
    assert no_horizontal_scroll(member)
    shot(member, "assessment-report")
    assert pdf_pages(member) == 1

    page.goto(f"{live_server.url}/secretariat/assessment?year={Y}")
    page.get_by_label("室组", exact=True).select_option(label="西塘桥街道")
    page.get_by_label("等次", exact=True).select_option(label=grade)
    page.get_by_role("button", name="筛选").click()
    row = page.locator("#assessment-table tr", has_text="张岩枢")
    assert row.get_by_text(grade, exact=True).is_visible()
    assert no_horizontal_scroll(page)
    shot(page, "assessment-table")


def test_group_report_prints_one_page_per_member(page, live_server):
    login(page, live_server, "shizu")
    page.goto(f"{live_server.url}/group/")
    page.get_by_role("link", name="打印全组年度履职报告").click()
    members = page.locator(".annual-report").count()
    assert members >= 20  # 西塘桥街道's members in the demo county
    assert pdf_pages(page) == members
