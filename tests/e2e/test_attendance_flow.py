"""Issue 14's attendance on a phone (390×844) against the demo county: the secretariat
registers today's meeting, invites 西塘桥街道 and opens check-in; 沈国平 taps 签到, 张岩枢
opens the QR code's link; 张岩枢 asks leave for tomorrow's meeting and the secretariat
approves it; his archive shows the one 出席 and the other 请假, his annual report counts the
check-in (its attendance line and the 出席常委会会议 points), and the secretariat's assessment
table shows his grade."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from .conftest import login, no_horizontal_scroll, shot

TODAY_TITLE = "常委会会议（签到演示）"
TOMORROW_TITLE = "主席会议（请假演示）"


def _report_counts(page, live_server) -> tuple[dict[str, tuple[int, int, int]], int]:
    """张岩枢's annual report of this year: {kind: (出席, 请假, 缺席)} from its attendance line,
    and the units of its 出席常委会会议 points rule."""
    page.goto(f"{live_server.url}/member/assessment/{live_server.today.year}/report")
    line = page.locator(".report-attendance")
    text = line.inner_text() if line.count() else ""
    kinds = {
        kind: (int(p), int(e), int(a))
        for kind, p, e, a in re.findall(r"(\w+)：出席 (\d+)、请假 (\d+)、缺席 (\d+)", text)
    }
    row = page.locator(".handbook-table tr", has_text="出席常委会会议")
    units = re.search(r"(\d+) 次", row.inner_text()) if row.count() else None
    return kinds, int(units.group(1)) if units else 0


def _as(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def _tomorrows_meeting(live_server) -> None:
    """Tomorrow's meeting with 张岩枢 invited, set up through the services."""
    from sqlalchemy import select

    from lvzhi.extensions import db
    from lvzhi.models import Meeting, Member, Organization, User
    from lvzhi.services.attendance import attendance_invite

    with live_server.app.app_context():
        org = db.session.scalar(select(Organization))
        meeting = Meeting(
            org_id=org.id,
            kind="chair_meeting",
            title=TOMORROW_TITLE,
            held_on=live_server.today + timedelta(days=1),
        )
        db.session.add(meeting)
        db.session.commit()
        staff = db.session.scalar(select(User).where(User.username == "jiguan"))
        zhang = db.session.scalar(select(Member.id).where(Member.name == "张岩枢"))
        attendance_invite(staff, meeting, "picked", member_ids=[zhang])


def test_invite_open_checkin_tap_scan_leave_and_the_archive(page, live_server):
    _tomorrows_meeting(live_server)

    # the secretariat registers today's meeting, invites a group and opens check-in
    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/meetings/new")
    page.get_by_label("会议类型").select_option("standing_committee")
    page.get_by_label("会议名称").fill(TODAY_TITLE)
    page.get_by_label("日期").fill(live_server.today.isoformat())
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name=f"签到管理：{TODAY_TITLE}").click()
    page.get_by_label("邀请范围").select_option("group")
    page.get_by_label("室组", exact=True).select_option(label="西塘桥街道")
    page.get_by_role("button", name="加入邀请名单").click()
    expect(page.get_by_text("已邀请")).to_be_visible()
    page.get_by_role("button", name="开放签到").click()
    expect(page.get_by_text("签到已开放。")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "attendance-01-manage")
    page.get_by_role("link", name="显示签到二维码").click()
    expect(page.locator(".qr-image svg")).to_be_visible()
    shot(page, "attendance-02-qr")
    scan_link = page.locator("a.qr-link").get_attribute("href")

    # 沈国平 opens the meeting on his phone and taps 签到
    _as(page, live_server, "shizu")
    page.goto(f"{live_server.url}/attendance/")
    page.get_by_role("link", name=TODAY_TITLE).click()
    page.get_by_role("button", name="签到").click()
    expect(page.get_by_text("签到成功。")).to_be_visible()
    shot(page, "attendance-03-tapped")

    # 张岩枢 scans the code: the link opens in his phone's browser
    _as(page, live_server, "weiyuan")
    kinds_before, units_before = _report_counts(page, live_server)
    page.goto(scan_link)
    page.get_by_role("button", name="确认签到").click()
    expect(page.get_by_text("签到成功。")).to_be_visible()
    expect(page.get_by_text("扫码签到")).to_be_visible()

    # … and asks leave for tomorrow's meeting
    page.goto(f"{live_server.url}/attendance/")
    page.get_by_role("link", name=TOMORROW_TITLE).click()
    page.get_by_label("请假事由").fill("赴外地参加行业展会")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="提交请假").click()
    expect(page.get_by_text("请假申请已提交，等待审批。")).to_be_visible()
    shot(page, "attendance-04-leave")

    # the secretariat approves it from the to-do
    _as(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/inbox/")
    expect(page.get_by_text("条请假申请待审批")).to_be_visible()
    tomorrow = live_server.today + timedelta(days=1)
    page.goto(f"{live_server.url}/secretariat/meetings?year={tomorrow.year}")
    page.get_by_role("link", name=f"签到管理：{TOMORROW_TITLE}").click()
    page.get_by_role("button", name="准假：张岩枢", exact=True).click()
    row = page.locator(".attendance-row", has_text="张岩枢")
    expect(row.locator(".result-excused")).to_be_visible()

    # 张岩枢's archive: present at today's meeting, excused from tomorrow's
    _as(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/archive")
    present = page.locator(".archive-attendance li", has_text=TODAY_TITLE)
    excused = page.locator(".archive-attendance li", has_text=TOMORROW_TITLE)
    expect(present.locator(".result-present")).to_have_text("出席")
    expect(excused.locator(".result-excused")).to_have_text("请假")
    assert no_horizontal_scroll(page)
    shot(page, "attendance-05-archive")

    # his annual report counts the check-in: the attendance line and the points rule
    kinds, units = _report_counts(page, live_server)
    none = (0, 0, 0)
    present, excused, absent = kinds_before.get("常委会会议", none)
    assert kinds["常委会会议"] == (present + 1, excused, absent)
    assert units == units_before + 1
    if (live_server.today + timedelta(days=1)).year == live_server.today.year:
        present, excused, absent = kinds_before.get("主席会议", none)
        assert kinds["主席会议"] == (present, excused + 1, absent)
    shot(page, "attendance-06-annual-report")

    # the secretariat's assessment table shows his points and grade
    _as(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/assessment?year={live_server.today.year}")
    page.get_by_label("室组", exact=True).select_option(label="西塘桥街道")
    page.get_by_role("button", name="筛选").click()
    row = page.locator("tr", has_text="张岩枢")
    expect(row.locator("[data-label='等次'] .tag")).to_have_text(
        re.compile("优秀|良好|称职|不称职")
    )
    assert no_horizontal_scroll(page)
