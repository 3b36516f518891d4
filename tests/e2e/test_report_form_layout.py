"""The 十加一 form and its neighbours on a 390×844 phone: the save bar stays small above the
tab bar, the score form comes after what is scored, and 删除 is not bigger than 修改 / 提交."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import PHONE, login

SHOTS_VIEWPORT = {"full_page": False}


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None
    return box


def test_the_save_bar_and_tab_bar_leave_most_of_a_phone_screen_to_the_form(page, live_server):
    login(page, live_server, "shizu")
    page.goto(f"{live_server.url}/group/reports/{live_server.today.year}/{live_server.today.month}")
    page.locator("#report-item-research").get_by_label("工作内容").scroll_into_view_if_needed()
    bar = _box(page.locator(".sticky-actions"))
    tabs = _box(page.locator(".tabbar"))
    covered = (tabs["y"] + tabs["height"]) - bar["y"]
    assert bar["y"] + bar["height"] <= tabs["y"] + 1  # the bar sits on the tab bar, not under it
    assert covered <= PHONE["height"] * 0.16, covered
    expect(page.get_by_role("button", name="保存草稿")).to_be_visible()
    assert _box(page.get_by_role("button", name="保存草稿"))["height"] >= 44
    page.screenshot(path=_path("report-form-save-bar"), **SHOTS_VIEWPORT)


def test_the_scorer_reads_the_items_before_the_score_form(page, live_server):
    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/reports?status=all")
    page.locator("td[data-label='操作'] a").first.click()
    items = _box(page.locator(".report-view").first)
    form = _box(page.locator("#score-form"))
    assert form["y"] >= items["y"] + items["height"]
    page.get_by_role("link", name="↓").click()  # reachable from the top in one tap
    expect(page.get_by_label("质量分")).to_be_in_viewport()
    page.screenshot(path=_path("report-review-score-form"), **SHOTS_VIEWPORT)


def test_delete_is_not_bigger_than_edit_and_submit(page, live_server):
    login(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/duties/{live_server.today.year}/public_welfare")
    page.get_by_label("活动名称").fill("公益活动草稿")
    page.get_by_role("button", name="保存草稿").click()
    card = page.locator(".duty-record").first
    edit = _box(card.get_by_role("link", name="修改"))
    submit = _box(card.get_by_role("button", name="提交"))
    delete = _box(card.locator("summary", has_text="删除"))
    assert 44 <= delete["height"] <= max(edit["height"], submit["height"])
    assert delete["width"] <= max(edit["width"], submit["width"]) + 1
    card.scroll_into_view_if_needed()
    page.screenshot(path=_path("member-record-actions"), **SHOTS_VIEWPORT)


def _path(name: str) -> str:
    from .conftest import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    return str(SHOTS / f"{name}.png")
