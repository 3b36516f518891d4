"""Issue 12's speeches and work suggestions on a phone (390×844) against the demo county:
张岩枢 submits a plenary speech; the secretariat selects it as an oral speech; the leader
instructs on it (批示); the secretariat assigns it to 县发展和改革局, whose contact accepts it
and files the written feedback on the portal; 张岩枢 reads the feedback and his 十个一 item 6
lists the automatic record from this speech. Then he submits a work suggestion, the
secretariat adopts it with a reply, and item 10 lists it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import login, no_horizontal_scroll, shot

TITLE = "关于建设县域产教融合实训基地的发言"
IDEA = "建议全会期间开放委员网上议政通道"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _as(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def _open_from_queue(page, live_server, stage: str, title: str) -> None:
    page.goto(f"{live_server.url}/secretariat/speeches?stage={stage}")
    assert no_horizontal_scroll(page)
    shot(page, f"speech-queue-{stage}")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_a_speech_is_selected_instructed_handled_and_fed_back_and_a_suggestion_answered(
    page, live_server, tmp_path
):
    letter = tmp_path / "反馈函（盖章）.pdf"
    letter.write_bytes(PDF)
    year = live_server.today.year

    # 张岩枢 submits his speech from the phone
    login(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/speeches")
    page.get_by_role("link", name="提交发言").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("发言稿").fill("县内技工缺口大，建议建设共享实训基地，校企共建共管。")
    assert no_horizontal_scroll(page)
    shot(page, "speech-01-form")
    page.get_by_role("button", name="提交发言").click()
    expect(page.get_by_text("大会发言已提交，等待政协机关选用。")).to_be_visible()
    expect(page.get_by_text("待选用").first).to_be_visible()

    # the secretariat selects it as an oral speech
    _as(page, live_server, "jiguan")
    _open_from_queue(page, live_server, "submitted", TITLE)
    page.get_by_role("link", name="选用", exact=True).click()
    page.get_by_label("口头发言").check()
    page.get_by_label("说明（选填）").fill("安排在第二次全体会议")
    assert no_horizontal_scroll(page)
    shot(page, "speech-02-select")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已记录选用结果。")).to_be_visible()

    # the leader instructs on it from the board
    _as(page, live_server, "lingdao")
    page.goto(f"{live_server.url}/board/speeches")
    assert no_horizontal_scroll(page)
    shot(page, "speech-board")
    page.locator("li", has_text=TITLE).get_by_role("link", name="批示").click()
    page.get_by_label("级别").select_option(label="县级")
    page.get_by_label("批示内容").fill("请县发改局会同教育部门研究落实。")
    shot(page, "speech-03-instruct")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已记录领导批示，请交办。")).to_be_visible()
    expect(
        page.get_by_text("下一年度全会预备会议前")
        .or_(page.get_by_text(re.compile(rf"{year + 1}-\d\d-\d\d")))
        .first
    ).to_be_visible()

    # the secretariat assigns it to 县发展和改革局
    _as(page, live_server, "jiguan")
    _open_from_queue(page, live_server, "instructed", TITLE)
    page.get_by_role("link", name="交办", exact=True).click()
    page.get_by_label("主办单位").select_option(label="县发展和改革局")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已交办。")).to_be_visible()

    # the department accepts it and files the written feedback on the portal
    _as(page, live_server, "chengban")
    page.goto(f"{live_server.url}/department/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    page.get_by_role("button", name="接收", exact=True).click()
    expect(page.get_by_text("已接收，请抓紧办理。")).to_be_visible()
    page.get_by_label("答复类别").select_option("A")
    page.get_by_label("答复内容").fill("已将实训基地列入明年产教融合计划。")
    page.get_by_label("盖章的答复函：PDF 或照片（最多 6 个）").set_input_files(str(letter))
    assert no_horizontal_scroll(page)
    shot(page, "speech-04-portal")
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("办理反馈已提交，提出人可以看到。")).to_be_visible()

    # 张岩枢 reads the feedback; item 6 lists the record from this speech
    _as(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/speeches")
    item = page.locator("li", has_text=TITLE)
    expect(item.get_by_text("县发展和改革局已反馈")).to_be_visible()
    expect(item.get_by_text("已将实训基地列入明年产教融合计划。")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "speech-05-feedback")
    item.get_by_role("link", name=TITLE).click()
    expect(
        page.get_by_text("县级 陆忠祥 批示：请县发改局会同教育部门研究落实。").first
    ).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "speech-05-matter")
    page.goto(f"{live_server.url}/member/duties/{year}/consultation_speech")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    expect(page.locator(".duty-item-head .tag").first).to_have_text("已完成")
    shot(page, "speech-06-item6")

    # a work suggestion: submitted, adopted with a reply, item 10 lists it
    page.goto(f"{live_server.url}/member/work-suggestions/new")
    page.get_by_label("标题").fill(IDEA)
    page.get_by_label("建议内容").fill("全会期间开通网上议政，方便不能到会的委员发表意见。")
    page.get_by_role("button", name="提交建议").click()
    expect(page.get_by_text("工作建议已提交，已记入十个一。")).to_be_visible()
    _as(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/work-suggestions")
    page.locator("li", has_text=IDEA).get_by_role("link", name="答复").click()
    page.get_by_label("采纳").check()
    page.get_by_label("答复内容").fill("明年全会起开通网上议政通道。")
    shot(page, "speech-07-answer")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已答复。")).to_be_visible()
    _as(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/work-suggestions")
    expect(page.locator("li", has_text=IDEA).get_by_text("已采纳")).to_be_visible()
    expect(page.get_by_text("答复：明年全会起开通网上议政通道。")).to_be_visible()
    page.goto(f"{live_server.url}/member/duties/{year}/work_suggestion")
    expect(page.get_by_role("link", name=IDEA)).to_be_visible()
    expect(page.locator(".duty-item-head .tag").first).to_have_text("已完成")
    assert no_horizontal_scroll(page)
    shot(page, "speech-08-item10")
