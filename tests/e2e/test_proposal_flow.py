"""Issue 11's done-when, on a phone (390×844) against the demo county: 张岩枢 writes a proposal
and invites 沈国平, who confirms; the secretariat files it and assigns it to 县发展和改革局
(lead) and 县经济和信息化局 (co-handling); the lead department's contact logs in, records its
contact with the proposer and files a class-B reply with a signed PDF; 张岩枢 rates it
不满意; it returns to the department, which replies again; his 十个一 item 1 lists the
automatic record from this proposal and the year's figures count it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import login, no_horizontal_scroll, shot

TITLE = "关于县域职业教育校企合作的建议"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIGURES = ("收到提案", "立案", "已答复")


def _as(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def _figures(page, live_server) -> dict[str, int]:
    page.goto(f"{live_server.url}/secretariat/proposals/figures?year={live_server.today.year}")
    found = {}
    for label in FIGURES:
        stat = page.locator(
            ".stat", has=page.locator(".stat-label", has_text=re.compile(f"^{label}$"))
        )
        found[label] = int(stat.locator(".stat-num").inner_text())
    return found


def _open_own_proposal(page, live_server) -> None:
    page.goto(f"{live_server.url}/member/proposals")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()


def _reply(page, letter, text: str) -> None:
    page.get_by_label("答复类别").select_option("B")
    page.get_by_label("答复内容").fill(text)
    page.get_by_label("盖章的答复函：PDF 或照片（最多 6 个）").set_input_files(str(letter))
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("答复已提交，等待提案人评价。")).to_be_visible()


def test_a_proposal_goes_from_the_member_to_two_departments_and_back_and_is_credited(
    page, live_server, tmp_path
):
    letter = tmp_path / "答复函（盖章）.pdf"
    letter.write_bytes(PDF)
    login(page, live_server, "jiguan")
    before = _figures(page, live_server)

    # 张岩枢 writes the proposal and invites 沈国平
    _as(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/proposals/new")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("类别").fill("教育")
    page.get_by_label("案由").fill("县内企业技工缺口大，职业学校专业设置与产业脱节。")
    page.get_by_label("情况分析").fill("校企合作多停留在签约层面，实训岗位少。")
    page.get_by_label("具体建议").fill("一、建立产教联盟；二、企业实训岗位给予补贴。")
    expect(page.get_by_text("已自动保存")).to_be_visible()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存。")).to_be_visible()
    shot(page, "flow-01-draft")
    page.get_by_role("link", name="修改").click()
    page.get_by_label("按姓名查找委员").fill("沈国平")
    page.get_by_role("button", name="查找联名人").click()
    page.get_by_label("沈国平").check()
    page.get_by_role("button", name="发送联名邀请").click()
    expect(page.get_by_text("已邀请 1 位委员联名")).to_be_visible()
    shot(page, "flow-02-invited")

    # 沈国平 confirms
    _as(page, live_server, "shizu")
    page.goto(f"{live_server.url}/member/proposals")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="同意联名").click()
    expect(page.get_by_text("已同意联名。")).to_be_visible()
    shot(page, "flow-03-confirmed")

    # 张岩枢 submits, with his co-proposer listed
    _as(page, live_server, "weiyuan")
    _open_own_proposal(page, live_server)
    expect(page.get_by_text("张岩枢、沈国平")).to_be_visible()
    page.get_by_role("link", name="修改").click()
    page.get_by_role("button", name="提交提案").click()
    expect(page.get_by_text("提案已提交，等待立案审查。")).to_be_visible()
    shot(page, "flow-04-submitted")

    # the secretariat files it and assigns it to two departments
    _as(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/proposals")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="立案审查").click()
    page.get_by_role("button", name="立案", exact=True).click()
    expect(page.get_by_text("已立案。")).to_be_visible()
    page.get_by_role("link", name="交办").click()
    page.get_by_label("主办单位").select_option(label="县发展和改革局")
    page.get_by_label("县经济和信息化局").check()
    page.get_by_role("button", name="交办").click()
    expect(page.get_by_text("已交办。")).to_be_visible()
    matter_url = page.url.split("#")[0]
    # the matter page offers the secretariat each department's actions on its behalf
    expect(page.get_by_role("link", name="代县发展和改革局接收")).to_be_visible()
    expect(page.get_by_role("link", name="代县经济和信息化局接收")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "flow-05-assigned")

    # the lead department: from the matter page to its portal, accept, contact, reply (B, PDF)
    _as(page, live_server, "chengban")
    page.goto(matter_url)
    page.get_by_role("link", name="接收", exact=True).click()
    page.wait_for_url(re.compile(r"/department/matters/\d+#accept$"))
    assert no_horizontal_scroll(page)  # a long contact name no longer widens the top bar
    shot(page, "flow-06-portal-accept")
    page.get_by_role("button", name="接收", exact=True).click()
    expect(page.get_by_text("已接收，请抓紧办理。")).to_be_visible()
    page.get_by_label("沟通方式").select_option(label="走访")
    page.get_by_label("沟通情况").fill("登门听取张岩枢委员意见，约定共同调研两家职校。")
    page.get_by_role("button", name="记录沟通").click()
    expect(page.get_by_text("已记录办前沟通。")).to_be_visible()
    shot(page, "flow-06-contacted")
    _reply(page, letter, "已列入明年产教融合工作计划。")
    expect(page.get_by_role("link", name="PDF · 答复函（盖章）.pdf").first).to_be_visible()
    shot(page, "flow-07-replied")

    # 张岩枢 reads the reply on his phone and rates it 不满意
    _as(page, live_server, "weiyuan")
    _open_own_proposal(page, live_server)
    expect(page.get_by_text("已列入明年产教融合工作计划。").first).to_be_visible()
    page.get_by_role("link", name="评价答复").click()
    page.locator("#contacted").get_by_label("已沟通").check()
    page.locator("#contact_way").get_by_label("走访").check()
    page.locator("#attitude").get_by_label("基本满意").check()
    page.locator("#verdict").get_by_label("不满意").check()
    page.get_by_label("意见（选填）").fill("补贴标准未明确，请再研究。")
    assert no_horizontal_scroll(page)
    shot(page, "flow-08-evaluate")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价。")).to_be_visible()
    shot(page, "flow-09-unsatisfied")

    # it returns to the department, which replies again
    _as(page, live_server, "chengban")
    page.goto(f"{live_server.url}/department/")
    page.locator(".dept-work li", has_text=TITLE).get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("补贴标准未明确，请再研究。").first).to_be_visible()
    shot(page, "flow-10-rehandling")
    # 再办理 starts with talking to the proposer again (办前沟通), then the second reply
    page.get_by_label("沟通方式").select_option(label="座谈")
    page.get_by_label("沟通情况").fill("召开座谈会，与张岩枢委员商定补贴标准。")
    page.get_by_role("button", name="记录沟通").click()
    expect(page.get_by_text("已记录办前沟通。")).to_be_visible()
    _reply(page, letter, "已明确每个实训岗位每月补贴 500 元，列入明年预算。")
    shot(page, "flow-11-replied-again")

    # his 十个一 item 1 lists the automatic record from this proposal
    _as(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/duties/{live_server.today.year}/proposal")
    record = page.get_by_role("link", name=TITLE)
    expect(record).to_be_visible()
    expect(page.get_by_text("由系统根据履职闭环自动记入").first).to_be_visible()
    expect(page.locator(".duty-item-head .tag").first).to_have_text("已完成")
    assert no_horizontal_scroll(page)
    shot(page, "flow-12-credited")
    record.click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    # the year's figures count it
    _as(page, live_server, "jiguan")
    after = _figures(page, live_server)
    shot(page, "flow-13-figures")
    assert after == {label: before[label] + 1 for label in FIGURES}
