"""十加一 on a phone: the head of 西塘桥街道 files this month's report with a photo, the
secretariat scores it, the showcase shows it beside the others, the quarter ranking and its
SVG chart include the score, and the quarter still in progress invites its provisional top and
bottom groups only after a confirmation."""

from __future__ import annotations

import re

from PIL import Image
from playwright.sync_api import expect

from .conftest import login, no_horizontal_scroll, shot


def _photo(tmp_path):
    path = tmp_path / "学习活动.png"
    Image.new("RGB", (640, 480), (180, 40, 40)).save(path, "PNG")
    return path


def test_head_files_secretariat_scores_showcase_and_ranking_show_it(page, live_server, tmp_path):
    today = live_server.today
    y, m, q = today.year, today.month, (today.month - 1) // 3 + 1
    base = live_server.url

    # --- the head files this month's report --------------------------------------------------
    login(page, live_server, "shizu")
    page.get_by_role("link", name="月报").click()
    expect(page.get_by_role("heading", name=re.compile("西塘桥街道.*月报"))).to_be_visible()
    page.get_by_role("link", name=f"填写{m}月报告").click()
    expect(page.get_by_role("heading", name=re.compile(f"{m}月“十加一”报告"))).to_be_visible()
    assert no_horizontal_scroll(page)

    study = page.locator("#report-item-study")
    study.get_by_label("工作内容").fill("组织委员集中学习全会精神，8名委员交流心得。")
    study.get_by_label("活动次数").fill("2")
    study.get_by_text("参与委员（已选 0 人）").click()
    study.get_by_label("张岩枢").check()
    expect(study.get_by_text("已自动保存")).to_be_visible()
    study.get_by_label("添加照片").set_input_files(str(_photo(tmp_path)))
    study.get_by_role("button", name="上传照片").click()
    expect(page.locator("#report-item-study img")).to_have_count(1)

    research = page.locator("#report-item-research")
    research.get_by_label("工作内容").fill("围绕港区企业用工难开展专题调研，走访企业5家。")
    research.get_by_label("活动次数").fill("1")
    expect(research.get_by_text("已自动保存")).to_be_visible()
    signature = page.locator("#report-item-signature")
    signature.get_by_label("工作内容").fill("“港城建言”委员工作室接待企业代表12人次。")
    shot(page, "group-reports-head-form")

    page.get_by_role("button", name=f"报送{m}月报告").click()
    expect(page.get_by_text(f"{y}年{m}月报告已报送")).to_be_visible()
    expect(page.locator("summary", has_text="撤回报告")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "group-reports-head-submitted")

    # --- the secretariat scores it -----------------------------------------------------------
    page.context.clear_cookies()
    login(page, live_server, "jiguan")
    page.get_by_role("link", name="十加一").click()
    expect(page.get_by_role("heading", name="室组“十加一”月报")).to_be_visible()
    page.get_by_role("link", name="评分 西塘桥街道").click()
    expect(page.get_by_text("组织委员集中学习全会精神")).to_be_visible()
    expect(page.locator(".report-view img")).to_have_count(1)
    page.get_by_label("质量分").fill("46")
    page.get_by_label("评语").fill("材料翔实，特色工作亮点突出。")
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_text(f"已为西塘桥街道{y}年{m}月报告评分")).to_be_visible()
    assert no_horizontal_scroll(page)

    # --- the showcase shows it beside the others ---------------------------------------------
    page.goto(f"{base}/showcase/{y}/{m}")
    missing = page.locator("#showcase-missing")
    expect(missing).not_to_contain_text("西塘桥街道")
    page.locator(".group-pick").get_by_role("link", name="西塘桥街道").click()
    card = page.locator("#showcase-group")
    expect(card.get_by_role("heading", name=re.compile("西塘桥街道"))).to_be_visible()
    expect(card.get_by_text("组织委员集中学习全会精神")).to_be_visible()
    expect(card.get_by_text("材料翔实，特色工作亮点突出。")).to_be_visible()
    total = card.locator(".score-total").inner_text()
    assert float(total) >= 46  # quality 46 plus coverage and timeliness
    assert page.locator(".group-pick a").count() >= 6  # the other groups' reports side by side
    expect(page.get_by_role("link", name=re.compile("›"))).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "group-reports-showcase-phone")

    # --- the quarter ranking and its SVG chart include the score -----------------------------
    page.goto(f"{base}/board/ranking/{y}/{q}")
    row = page.locator("#ranking-table tr", has_text="西塘桥街道")
    month_cell = row.locator(f"td[data-label='{m}月']")
    expect(month_cell).to_have_text(total)
    quarter_score = row.locator("td[data-label='季度得分'] strong").inner_text()
    chart_desc = page.locator("svg.chart desc").first.text_content()
    assert f"西塘桥街道 {quarter_score} 分" in chart_desc  # one decimal, as in the table
    assert no_horizontal_scroll(page)

    # --- today's quarter is in progress: nobody flagged, a provisional invitation ----------
    expect(page.locator("#ranking-table .tag-bottom, #ranking-table .tag-top")).to_have_count(0)
    page.get_by_role("link", name="仍要按暂计排名邀请…").click()
    expect(page.locator("#invite-missing")).to_contain_text("本季度尚未结束")
    flagged = page.locator("#invite-groups strong").all_inner_texts()
    assert len(flagged) == 4
    page.get_by_role("button", name="确认按暂计排名邀请").click()
    invitations = page.locator("#invitations")
    expect(page.get_by_text("个室组列入")).to_be_visible()
    for name in flagged:
        expect(invitations.get_by_text(name, exact=True)).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "group-reports-ranking")


def test_other_group_report_pages_fit_a_phone_and_the_grid_fits_a_desktop(page, live_server):
    today = live_server.today
    base = live_server.url
    login(page, live_server, "jiguan")
    for path, name in [
        ("/secretariat/reports?status=all", "secretariat-queue"),
        (f"/secretariat/group-reports/{today.year}", "secretariat-config"),
    ]:
        page.goto(base + path)
        assert no_horizontal_scroll(page), path
        shot(page, f"group-reports-{name}")
    page.goto(f"{base}/board/ranking/")
    page.get_by_role("link", name="‹ 上一季度").click()  # last quarter's invitations (demo)
    page.get_by_role("link", name="记录会上发言").first.click()
    expect(page.get_by_label("会上发言")).to_be_visible()
    assert no_horizontal_scroll(page)
    page.context.clear_cookies()
    login(page, live_server, "zhuanwei")
    page.goto(f"{base}/committee/reports")
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name="查看并指导").first.click()
    expect(page.get_by_label("指导意见")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "group-reports-committee-detail")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/showcase/{today.year}/{today.month}")
    grid = page.locator(".showcase-grid table")
    expect(grid).to_be_visible()
    expect(grid.get_by_role("columnheader", name="武原街道")).to_be_visible()
    shot(page, "group-reports-showcase-desktop")


def test_typed_text_autosaves_without_leaving_the_field_and_the_picked_count_follows(
    page, live_server
):
    # fill() sends input events only — like a phone's Chinese input method or voice input,
    # which send no key events
    m = live_server.today.month
    login(page, live_server, "shizu")
    page.goto(f"{live_server.url}/group/reports/{live_server.today.year}/{m}")
    study = page.locator("#report-item-study")
    study.get_by_label("工作内容").fill("语音输入：组织委员学习两次。")
    expect(page.locator("#item-status-study")).to_have_text("已自动保存", timeout=6000)
    study.get_by_text("参与委员（已选 0 人）").click()
    study.get_by_label("张岩枢").check()
    expect(study.get_by_text("参与委员（已选 1 人：张岩枢）")).to_be_visible()
    page.reload()
    expect(page.locator("#report-item-study").get_by_label("工作内容")).to_have_value(
        "语音输入：组织委员学习两次。"
    )
    shot(page, "group-reports-autosave-input")
