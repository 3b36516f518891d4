"""Nothing typed or picked is lost on the 十加一 form and the member's record form, on a
390×844 phone: a photo picked but not uploaded is saved with the form (JS on and off); a
request that fails (expired session, network down, 409, 500) says so in Chinese, gives the
buttons back and keeps the text; two tabs without JavaScript keep the second tab's work."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..factories import png_bytes
from .conftest import DEMO_PASSWORD, login, no_horizontal_scroll, shot


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "学习现场.png"
    path.write_bytes(png_bytes((640, 480)))
    return path


@pytest.fixture
def no_js_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    yield context.new_page()
    context.close()


def _report_url(live_server) -> str:
    return f"{live_server.url}/group/reports/{live_server.today.year}/{live_server.today.month}"


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("button", ["保存草稿", "报送"])
def test_a_photo_picked_but_not_uploaded_is_kept_when_the_report_is_saved(
    page, no_js_page, live_server, photo, js, button
):
    page = page if js else no_js_page
    login(page, live_server, "shizu")
    page.goto(_report_url(live_server))
    study = page.locator("#report-item-study")
    study.get_by_label("工作内容").fill("组织委员集中学习全会精神。")
    study.get_by_label("添加照片").set_input_files(str(photo))
    page.get_by_role("button", name=button, exact=False).first.click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("#report-item-study .photos img, .report-view img").first).to_be_visible()
    assert no_horizontal_scroll(page)


def test_a_refused_photo_marks_only_its_field_and_keeps_the_typed_text(page, live_server, tmp_path):
    fake = tmp_path / "不是照片.png"
    fake.write_bytes(b"%PDF-1.4 not a picture")
    login(page, live_server, "shizu")
    page.goto(_report_url(live_server))
    study = page.locator("#report-item-study")
    study.get_by_label("工作内容").fill("学习内容不能丢。")
    study.get_by_label("添加照片").set_input_files(str(fake))
    page.get_by_role("button", name="保存草稿").click()
    study = page.locator("#report-item-study")
    expect(study.locator(".photo-add .field-error")).to_contain_text("不是照片")
    expect(study.get_by_label("工作内容")).to_have_value("学习内容不能丢。")
    expect(study).not_to_have_class("has-error")
    expect(page.locator(".error-summary")).to_contain_text("请重新选择照片")
    shot(page, "report-form-refused-photo")


def test_member_record_form_keeps_a_picked_file_without_javascript(no_js_page, live_server, photo):
    page = no_js_page
    login(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/duties/{live_server.today.year}/public_welfare")
    page.get_by_label("活动名称").fill("无脚本时登记的公益活动")
    page.get_by_label("照片或文件（最多 6 个）").set_input_files(str(photo))
    page.get_by_role("button", name="提交确认").click()
    expect(page.locator("#duty-item .thumbs img")).to_be_visible()


def test_expired_session_on_a_member_item_page_says_so_and_brings_the_text_back(page, live_server):
    login(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/duties/{live_server.today.year}/public_welfare")
    page.get_by_label("活动名称").fill("会话过期前写的活动")
    page.get_by_label("活动内容").fill("这段内容不能丢。")
    page.context.clear_cookies()
    page.get_by_role("button", name="提交确认").click()
    alert = page.locator("#duty-form [role=alert]")
    expect(alert).to_contain_text("登录已过期，内容尚未保存")
    expect(page.get_by_role("button", name="提交确认")).to_be_enabled()
    expect(page.get_by_role("button", name="保存草稿")).to_be_enabled()
    expect(page.get_by_label("活动内容")).to_have_value("这段内容不能丢。")
    shot(page, "member-item-session-expired")
    # log in again and come back to the same page with the text put back
    alert.get_by_role("button", name="重新登录（已填内容会保留）").click()
    page.get_by_label("用户名或手机号").fill("weiyuan")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("已恢复您刚才填写、尚未保存的内容")).to_be_visible()
    expect(page.get_by_label("活动名称")).to_have_value("会话过期前写的活动")
    expect(page.get_by_label("活动内容")).to_have_value("这段内容不能丢。")
    page.get_by_role("button", name="提交确认").click()
    expect(page.get_by_text("已提交，等待室组负责人确认。")).to_be_visible()


def test_expired_session_on_the_report_form_fails_autosave_and_submit_out_loud(page, live_server):
    login(page, live_server, "shizu")
    page.goto(_report_url(live_server))
    page.context.clear_cookies()
    study = page.locator("#report-item-study")
    study.get_by_label("工作内容").fill("会话过期后写的学习内容。")
    expect(page.locator("#item-status-study")).to_contain_text("自动保存失败", timeout=6000)
    page.get_by_role("button", name="报送").click()
    alert = page.locator("#report-form .request-failed [role=alert]")
    expect(alert).to_contain_text("登录已过期，内容尚未保存")
    expect(page.get_by_role("button", name="报送")).to_be_enabled()
    expect(page.get_by_role("button", name="保存草稿")).to_be_enabled()
    expect(study.get_by_label("工作内容")).to_have_value("会话过期后写的学习内容。")
    shot(page, "report-form-session-expired")


@pytest.mark.parametrize(
    ("answer", "says"),
    [("abort", "网络连接失败"), (409, "已被他人修改"), (500, "服务器暂时出错")],
    ids=["network-down", "409", "500"],
)
def test_a_failed_save_says_why_and_keeps_the_text(page, live_server, answer, says):
    login(page, live_server, "shizu")
    page.goto(_report_url(live_server))

    def fail(route):
        if route.request.method != "POST":
            return route.continue_()
        if answer == "abort":
            return route.abort("internetdisconnected")
        return route.fulfill(status=answer, body="")

    page.route("**/group/reports/**", fail)
    study = page.locator("#report-item-study")
    study.get_by_label("工作内容").fill("网络不好时写的内容。")
    expect(page.locator("#item-status-study")).to_contain_text(says, timeout=6000)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#report-form .request-failed [role=alert]")).to_contain_text(says)
    expect(page.get_by_role("button", name="保存草稿")).to_be_enabled()
    expect(study.get_by_label("工作内容")).to_have_value("网络不好时写的内容。")


def test_two_tabs_without_javascript_keep_the_second_tabs_work(no_js_page, live_server):
    tab_a = no_js_page
    login(tab_a, live_server, "shizu")
    tab_b = tab_a.context.new_page()
    for tab in (tab_a, tab_b):
        tab.goto(_report_url(live_server))
    tab_a.locator("#report-item-study").get_by_label("工作内容").fill("甲标签写的学习。")
    tab_a.get_by_role("button", name="保存草稿").click()
    expect(tab_a.locator(".flash-success")).to_be_visible()

    tab_b.locator("#report-item-study").get_by_label("工作内容").fill("乙标签写的学习。")
    tab_b.locator("#report-item-research").get_by_label("工作内容").fill("乙标签写的调研。")
    tab_b.get_by_role("button", name="保存草稿").click()
    study = tab_b.locator("#report-item-study")
    expect(tab_b.locator(".error-summary")).to_contain_text("有 1 项已被他人修改")
    expect(study.locator(".lost-text")).to_have_text("乙标签写的学习。")
    expect(study.get_by_label("工作内容")).to_have_value("甲标签写的学习。")
    expect(tab_b.locator("#report-item-research").get_by_label("工作内容")).to_have_value(
        "乙标签写的调研。"
    )
    shot(tab_b, "report-form-two-tabs-no-js")
    tab_a.reload()
    expect(tab_a.locator("#report-item-research").get_by_label("工作内容")).to_have_value(
        "乙标签写的调研。"
    )
