"""The ranking board on 26 November, the fourth quarter in progress, on a 390×844 phone: the
months not due read 未到期, the unscored ones 待评分, nobody is flagged, and inviting goes
through a confirmation that names what is missing. On a 1280 px desktop the chart text stays
small and the 晾晒台 grid scrolls inside the screen with its headers in view."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import expect

from ..conftest import freeze_local_time
from .conftest import SHOTS, login, no_horizontal_scroll, shot

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def november(monkeypatch, request):
    """The demo county seeded and served on 26 November 2026, 10:00 local time."""
    freeze_local_time(monkeypatch, datetime(2026, 11, 26, 10, 0))
    return request.getfixturevalue("live_server")


def test_quarter_in_progress_on_a_phone_and_a_provisional_invitation(page, november):
    login(page, november, "jiguan")
    page.goto(f"{november.url}/board/ranking/2026/4")
    expect(page.get_by_role("heading", name="本季度进行中，排名为暂计")).to_be_visible()
    expect(page.locator("#quarter-in-progress")).to_contain_text("12月报告2027年1月5日到期")
    table = page.locator("#ranking-table")
    december = table.locator("td[data-label='12月']")
    expect(december).to_have_count(9)
    for text in december.all_inner_texts():
        assert text.strip() == "未到期"
    # 于城镇 and 通元镇 have not filed November yet: it is not due until 5 December
    for name in ("于城镇", "通元镇"):
        row = table.locator("tr", has_text=name)
        expect(row.locator("td[data-label='11月']")).to_have_text("未到期")
    expect(table.get_by_text("待评分").first).to_be_visible()
    expect(page.locator(".tag-bottom, .tag-top, tr.row-bottom, tr.row-top")).to_have_count(0)
    expect(page.get_by_role("button", name="邀请排名前后的室组参会")).to_have_count(0)
    assert no_horizontal_scroll(page)
    shot(page, "ranking-in-progress-phone")

    page.get_by_role("link", name="仍要按暂计排名邀请…").click()
    missing = page.locator("#invite-missing")
    expect(missing).to_contain_text("11月未到期（12月5日到期）：西塘桥街道、于城镇、通元镇")
    expect(page.locator("#invite-groups li")).to_have_count(4)
    expect(page.locator("#invite-groups")).to_contain_text("暂列排名靠后")
    assert no_horizontal_scroll(page)
    shot(page, "ranking-invite-confirm-phone")
    page.get_by_role("button", name="确认按暂计排名邀请").click()
    expect(page.get_by_text("个室组列入政协机关12月月度会议邀请名单")).to_be_visible()
    expect(page.locator("#invitations li")).to_have_count(4)
    expect(page.locator("#invitations")).to_contain_text("暂计第")


def test_desktop_chart_text_stays_small_and_the_showcase_grid_scrolls_in_view(page, november):
    page.set_viewport_size(DESKTOP)
    login(page, november, "lingdao")
    page.goto(f"{november.url}/board/ranking/2026/4")
    heights = page.locator("svg.chart text").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    # a 16 px CJK line box is 24 px high; the labels had grown to 40 px text (60 px boxes)
    assert heights and max(heights) <= 24, heights
    table_score = (
        page.locator("#ranking-table tr").nth(1).locator("td[data-label='季度得分'] strong")
    )
    assert f">{table_score.inner_text()}</text>" in page.locator("svg.chart").first.inner_html()
    shot(page, "ranking-in-progress-desktop")

    page.goto(f"{november.url}/showcase/2026/10")
    wrap = page.locator(".showcase-grid .table-wrap")
    # scrolled to the grid, the whole grid and its own scrollbar are on the screen (the
    # scrollbar was 4,500 px down the page)
    wrap.evaluate("e => e.scrollIntoView({block: 'start'})")
    box = wrap.bounding_box()
    page.screenshot(path=str(SHOTS / "showcase-desktop-1280-screen.png"))
    below_bar = page.locator(".topbar").bounding_box()["height"]
    assert box["y"] >= below_bar and box["y"] + box["height"] <= DESKTOP["height"], box
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")  # nine groups: it scrolls across
    last = page.locator(".showcase-grid thead th").last
    wrap.evaluate("e => { e.scrollLeft = e.scrollWidth; e.scrollTop = 600; }")
    last_box = last.bounding_box()
    assert (
        last_box["x"] + last_box["width"] <= box["x"] + box["width"] + 1
    )  # 7th+ columns reachable
    assert last_box["y"] >= box["y"] - 1  # the header row stays in view while scrolling down
    first_col = page.locator(".showcase-grid tbody th[scope=row]").first.bounding_box()
    assert first_col["x"] >= box["x"] - 1  # the item names stay in view while scrolling across
    page.screenshot(path=str(SHOTS / "showcase-desktop-1280-scrolled-screen.png"))
