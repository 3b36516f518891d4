"""Issue 15's done-when: the demo leader opens the board on a phone, sees the year's figures of
the three lists, follows "未完成" to the members behind it and a loop's "逾期" to its overdue
matters, and downloads the year workbook, whose sheets match the board."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import login, no_horizontal_scroll, shot


def _trim(row: list[str]) -> list[str]:
    while row and row[-1] == "":
        row = row[:-1]
    return row


def _board_tables(page) -> dict[tuple[str, str], list[list[str]]]:
    """Each table of the board by (section, title) with its rows of cell texts — the headline
    tiles as (label, number) rows, an empty table as its message — read from the page."""
    found = page.evaluate(
        """() => [...document.querySelectorAll('.board-section')].flatMap(s => {
            const section = s.querySelector('h2').textContent.trim();
            const tiles = [...s.querySelectorAll('.board-stats')].map(t => [section, '主要数字',
              [...t.querySelectorAll('.stat')].map(c => [
                c.querySelector('.stat-label').textContent.trim(),
                c.querySelector('.stat-num').textContent.trim()])]);
            const tables = [...s.querySelectorAll('.board-table')].map(t => [section,
              t.querySelector('h3').textContent.trim(),
              t.querySelector('p.empty') ? [[t.querySelector('p.empty').textContent.trim()]] :
              [...t.querySelectorAll('tbody tr')].map(r =>
                [...r.querySelectorAll('td')].map(c => c.textContent.trim()))]);
            return [...tiles, ...tables];
          })"""
    )
    return {(section, title): [_trim(r) for r in rows] for section, title, rows in found}


def _sheet_tables(wb) -> dict[tuple[str, str], list[list[str]]]:
    """Each table of each sheet by (sheet, title): the bold title line, the header, the rows
    up to a blank line."""
    found = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        i = 0
        while i < len(rows):
            title = rows[i][0]
            body, i = [], i + 2
            while i < len(rows) and any(c is not None for c in rows[i]):
                body.append(_trim(["" if c is None else str(c) for c in rows[i]]))
                i += 1
            found[(ws.title, title)] = body
            i += 1
    return found


def test_leader_reads_the_board_follows_figures_and_downloads_the_workbook(page, live_server):
    login(page, live_server, "lingdao")
    page.get_by_role("link", name="领导看板").click()  # from the 总览 tab's page
    expect(page.get_by_role("heading", name="领导看板")).to_be_visible()
    for heading in ("十个一", "十加一", "履职闭环", "提案", "出勤", "考核等次"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "leader-board-phone")

    # 十个一 "未完成" → the members behind it
    undone = page.locator("#duties-figures .stat", has_text="未完成")
    count = undone.locator(".stat-num").text_content()
    undone.get_by_role("link").click()
    expect(page.locator("#overview-narrowed")).to_contain_text(f"未全部完成的委员（{count} 名）")
    shot(page, "leader-board-unfinished-members")
    page.go_back()

    # a loop's "逾期" → its overdue matters
    row = page.locator("#loops-overview tbody tr", has_text="提案")
    overdue = row.locator("td").nth(2)
    n = int(overdue.text_content())
    assert n > 0, "the demo has overdue proposals"
    overdue.get_by_role("link").click()
    expect(page.get_by_role("heading", name="提案逾期事项")).to_be_visible()
    expect(page.locator("#board-matters .tag-bad")).to_have_count(min(n, 20))
    shot(page, "leader-board-overdue")
    page.go_back()

    # the year workbook: one sheet per list and loop, its tables as the board shows them
    shown = _board_tables(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载年度工作簿").click()
    wb = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    assert wb.sheetnames[:4] == ["十个一", "十加一", "履职闭环", "协商"]
    assert wb.sheetnames[-2:] == ["出勤", "考核等次"]
    sheets = _sheet_tables(wb)
    assert len(shown) > 20 and set(shown) == set(sheets)
    for key, rows in shown.items():
        assert sheets[key] == rows, key


def test_board_prints_on_a4_without_its_controls(page, live_server):
    login(page, live_server, "lingdao")
    page.goto(f"{live_server.url}/dashboard/")
    # A4's printable width at 96 dpi (210 mm less print.css's margins) is under the phone
    # breakpoint: the tables must still print as tables
    page.set_viewport_size({"width": 672, "height": 950})
    page.emulate_media(media="print")
    for hidden in (".tabbar", ".board-toc", ".board-export", "form.filters", "#year-workbook"):
        expect(page.locator(hidden).first).to_be_hidden()
    # the tables print as tables (a header row), not as the phone's cards
    expect(page.locator("#duties-groups thead th").first).to_be_visible()
    cell = page.locator("#duties-groups tbody td").first
    assert cell.evaluate("c => getComputedStyle(c).display") == "table-cell"
    assert page.evaluate("document.documentElement.scrollWidth <= 672")
    shot(page, "leader-board-print")
    assert len(page.pdf(format="A4")) > 10_000
