"""Back, then 提交确认 again, on a phone (issue 8.2), with JavaScript off and on: the same
activity is one record, and the member is told it was not created twice."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import DutyRecord

from .conftest import login, shot

TITLE = "参加“红船·同心”义诊活动（返回后再提交）"
BODY = "在西塘桥街道为老年人义诊。"


def _records(live_server) -> int:
    with live_server.app.app_context():
        n = db.session.scalar(select(func.count(DutyRecord.id)).where(DutyRecord.title == TITLE))
        db.session.remove()
    return n


def _fill_if_empty(page) -> None:
    """The browser usually restores the typed text after Back; type it again if it did not
    (the server must recognise the same activity either way)."""
    title = page.get_by_label("活动名称")
    if title.input_value() != TITLE:
        title.fill(TITLE)
        page.get_by_label("活动内容").fill(BODY)


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_back_then_submit_again_keeps_one_record(
    browser, browser_context_args, live_server, javascript
):
    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    page = context.new_page()
    try:
        login(page, live_server, "weiyuan")
        page.goto(f"{live_server.url}/member/duties/{local_today().year}/public_welfare")
        page.get_by_label("活动名称").fill(TITLE)
        page.get_by_label("活动内容").fill(BODY)
        page.get_by_role("button", name="提交确认").click()
        expect(page.get_by_text("已提交，等待室组负责人确认。")).to_be_visible()
        assert _records(live_server) == 1

        page.go_back()
        if javascript:  # htmx saved in place: Back left the item page, come forward again
            page.go_forward()
        _fill_if_empty(page)
        page.get_by_role("button", name="提交确认").click()
        expect(page.get_by_text("该记录已提交，未重复创建。")).to_be_visible()
        expect(page.locator(".duty-record", has_text=TITLE)).to_have_count(1)
        shot(page, f"duties-resubmit-{'js' if javascript else 'no-js'}")
        assert _records(live_server) == 1
    finally:
        context.close()
