"""On a 390×844 phone: a form that comes back with errors shows its error summary in view
even without JavaScript, and the head's member × item grid names its columns."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lvzhi.extensions import db
from lvzhi.models import Member, OfficeGroup

from ..factories import gen_record
from .conftest import login, no_horizontal_scroll, shot


@pytest.fixture
def nojs_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    yield context.new_page()
    context.close()


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.top < window.innerHeight; }""",
        selector,
    )


def _long_record(live_server) -> int:
    """A submitted record whose account fills more than a phone screen."""
    with live_server.app.app_context():
        member = db.session.scalar(
            db.select(Member)
            .join(OfficeGroup, OfficeGroup.id == Member.office_group_id)
            .where(OfficeGroup.name == "西塘桥街道", Member.name != "沈国平")
        )
        body = "走访了辖区内的学校和企业，听取师生和职工的意见建议。\n" * 30
        record = gen_record(member, "sector_visit", "submitted", title="界别走访", body=body)
        db.session.commit()
        return record.id


def test_return_without_reason_shows_the_error_summary_in_view_without_js(nojs_page, live_server):
    page = nojs_page
    record_id = _long_record(live_server)
    login(page, live_server, "shizu")
    page.goto(f"{live_server.url}/group/duties/records/{record_id}")
    page.get_by_role("button", name="退回给委员").click()  # no reason typed
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("请填写退回原因")
    assert in_view(page, ".error-summary")
    summary.get_by_role("link").first.click()  # the link leads to the field
    assert page.evaluate("location.hash") == "#reason"
    assert no_horizontal_scroll(page)
    shot(page, "error-summary-nojs")


def test_head_grid_heads_each_column_with_the_items_short_name(page, live_server):
    login(page, live_server, "shizu")
    grid = page.locator("table.duty-grid")
    for name in ("提案", "社情民意", "调研", "监督", "读书", "协商发言", "界别走访", "公益"):
        expect(grid.locator("thead").get_by_text(name, exact=True)).to_be_visible()
    expect(grid.locator("thead").get_by_text("联系村社", exact=True)).to_be_visible()
    header = grid.locator("thead").get_by_text("工作建议", exact=True)
    expect(header).to_be_visible()
    box = header.bounding_box()
    assert box["x"] + box["width"] <= 390  # the last item's column is on screen, no scrolling
    assert no_horizontal_scroll(page)
    shot(page, "group-grid-headers")
