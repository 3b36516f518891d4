"""十个一 on a phone: the demo member logs an activity with a photo and submits; the group
head confirms it; the member's progress shows one more item done; the handbook shows it."""

from __future__ import annotations

from playwright.sync_api import expect

from lvzhi.clock import local_today

from ..factories import png_bytes
from .conftest import login, no_horizontal_scroll, shot

# a title the demo never uses: the demo gives other members records of its own titles, and
# which are still waiting depends on the day
TITLE = "参加“银龄健康”社区义诊活动"


def test_member_logs_head_confirms_progress_and_handbook(page, live_server, tmp_path):
    year = local_today().year
    photo = tmp_path / "义诊现场.png"
    photo.write_bytes(png_bytes((640, 480)))

    login(page, live_server, "weiyuan")
    expect(page.get_by_text("已完成 3 项，还有 7 项待完成")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "duties-member-home")

    page.get_by_role("link", name="参加一次公益活动").click()
    expect(page.get_by_role("heading", name="参加一次公益活动")).to_be_visible()
    page.get_by_label("活动名称").fill(TITLE)
    page.get_by_label("活动内容").fill("在西塘桥街道为老年人义诊。")
    page.get_by_label("照片或文件（最多 6 个）").set_input_files(str(photo))
    page.get_by_role("button", name="提交确认").click()
    expect(page.get_by_text("已提交，等待室组负责人确认。")).to_be_visible()
    expect(page.locator("#duty-item .thumbs img")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "duties-member-item-submitted")

    page.context.clear_cookies()
    login(page, live_server, "shizu")
    assert no_horizontal_scroll(page)
    shot(page, "duties-head-grid")
    page.goto(f"{live_server.url}/group/duties/pending")
    card = page.locator(".pending-row", has_text=TITLE)
    card.get_by_role("link", name="查看并确认或退回").click()
    shot(page, "duties-head-review")
    page.get_by_role("button", name="确认这条记录").click()
    expect(page.get_by_text("已确认 张岩枢 的记录")).to_be_visible()

    page.context.clear_cookies()
    login(page, live_server, "weiyuan")
    expect(page.get_by_text("已完成 4 项，还有 6 项待完成")).to_be_visible()
    page.goto(f"{live_server.url}/member/handbook/{year}")
    expect(page.get_by_text(TITLE)).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "duties-handbook")


def test_lying_upload_is_refused_on_the_phone(page, live_server, tmp_path):
    fake = tmp_path / "照片.jpg"
    fake.write_bytes(b"%PDF-1.4 not a photo")
    login(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/duties/{local_today().year}/sector_visit")
    page.get_by_label("活动名称").fill("界别走访")
    page.get_by_label("照片或文件（最多 6 个）").set_input_files(str(fake))
    page.get_by_role("button", name="提交确认").click()
    expect(page.get_by_text("文件内容与扩展名不符").first).to_be_visible()
    shot(page, "duties-bad-upload")


def test_saving_a_draft_updates_the_todo_badge_without_a_reload(page, live_server):
    login(page, live_server, "weiyuan")
    badge = page.locator("#inbox-link .badge")
    before = int(badge.inner_text()) if badge.count() else 0
    page.goto(f"{live_server.url}/member/duties/{local_today().year}/public_welfare")
    page.get_by_label("活动名称").fill("公益活动草稿")
    page.evaluate("window.stillSamePage = true")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("公益活动草稿").first).to_be_visible()
    expect(badge).to_have_text(str(before + 1))
    assert page.evaluate("window.stillSamePage === true")  # htmx swapped, no page load
