"""Issue 12's done-when for 社情民意, on a phone (390×844) against the demo county: 张岩枢
writes a report after a village visit (the counter counts, a photo goes with it) and sends
it; the secretariat adopts it into a new issue of 《社情民意》 and publishes it, records its
forwarding to the county and a county leader's 批示 and assigns it to 县发展和改革局; the
department's contact accepts and feeds back on the portal; 张岩枢 reads the feedback and his
十个一 item 2 lists the automatic record."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from ..factories import png_bytes
from .conftest import login, no_horizontal_scroll, shot

TITLE = "关于秦山街道农贸市场周边占道经营的情况反映"
SITUATION = "秦山街道农贸市场周边早市占道经营，早高峰车辆和行人混行，存在安全隐患。"
REPLY = "已会同秦山街道划定临时摊位区，早高峰安排执法人员值守。"


def _as(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def test_a_report_goes_from_the_phone_to_a_bulletin_a_leader_and_a_department_and_back(
    page, live_server, tmp_path
):
    photo = tmp_path / "现场.png"
    photo.write_bytes(png_bytes())

    # 张岩枢 writes and sends the report from his phone
    _as(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/opinions")
    page.get_by_role("link", name="写信息").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("基本情况").fill(SITUATION)
    expect(page.locator("#char-count")).to_have_text(
        f"已写 {len(SITUATION)} 字，建议不超过 1,500 字"
    )
    page.get_by_label("分析", exact=True).fill("市场摊位不足，管理力量分散。")
    page.get_by_label("意见建议").fill("一、增设临时摊位区；二、早高峰定点值守。")
    expect(page.get_by_text("已自动保存")).to_be_visible()
    page.get_by_label("照片或文件（最多 6 个）").set_input_files(str(photo))
    assert no_horizontal_scroll(page)
    shot(page, "opinion-01-form")
    page.get_by_role("button", name="报送").click()
    expect(page.get_by_text("已报送政协机关，等待采编。")).to_be_visible()
    expect(page.get_by_role("link", name="现场.png")).to_be_visible()
    report_url = page.url.split("#")[0]
    shot(page, "opinion-02-sent")

    # the secretariat adopts it, puts it in a new issue and publishes the issue
    _as(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/opinions")
    item = page.locator("li", has=page.get_by_role("link", name=TITLE))
    item.get_by_role("link", name="采编审核").click()
    page.get_by_label("采用", exact=True).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存采编意见。")).to_be_visible()
    page.goto(f"{live_server.url}/secretariat/bulletins")
    page.get_by_role("button", name="新建一期").click()
    expect(page.get_by_text(re.compile(r"已新建《社情民意》\d+年第3期"))).to_be_visible()
    page.get_by_label(re.compile(TITLE)).check()
    page.get_by_role("button", name="编入本期").click()
    expect(page.get_by_text("已编入 1 篇。")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "opinion-03-issue")
    page.get_by_label("已核对本期内容，确认印发（印发后不能修改）").check()
    page.get_by_role("button", name="印发本期").click()
    expect(page.get_by_text("已印发，全体委员可阅读。")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()  # the printable page
    shot(page, "opinion-04-printable")

    # forwarded to the county, a county leader's 批示, assigned to a department
    page.goto(report_url)
    page.get_by_role("link", name="登记报送").click()
    page.get_by_label("报送至").select_option(label="县委、县政府")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已登记报送。")).to_be_visible()
    page.get_by_role("link", name="登记领导批示").click()
    page.get_by_label("批示领导层级").select_option(label="县级领导")
    page.get_by_label("批示领导（姓名、职务）").fill("副县长 周某")
    page.get_by_label("批示内容").fill("请县发改局会同秦山街道研究解决。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已登记领导批示。")).to_be_visible()
    page.get_by_role("link", name="交办承办单位").click()
    page.get_by_label("主办单位").select_option(label="县发展和改革局")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已交办。")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "opinion-05-assigned")

    # the department accepts and feeds back on its portal
    _as(page, live_server, "chengban")
    page.goto(f"{live_server.url}/department/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    page.get_by_role("button", name="接收", exact=True).click()
    expect(page.get_by_text("已接收，请抓紧办理。")).to_be_visible()
    page.get_by_label("答复类别").select_option("A")
    page.get_by_label("答复内容").fill(REPLY)
    page.get_by_label("盖章的答复函：PDF 或照片（最多 6 个）").set_input_files(str(photo))
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("办理反馈已提交，提出人可以看到。")).to_be_visible()
    shot(page, "opinion-06-fed-back")

    # 张岩枢 reads the feedback; his 十个一 item 2 lists the automatic record
    _as(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/opinions")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name="办理和反馈")).to_be_visible()
    expect(page.get_by_text(REPLY).first).to_be_visible()
    expect(page.get_by_text("副县长 周某").first).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "opinion-07-feedback")
    page.goto(f"{live_server.url}/member/duties/{live_server.today.year}/public_opinion")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    expect(page.get_by_text("由系统根据履职闭环自动记入").first).to_be_visible()
    expect(page.locator(".duty-item-head .tag").first).to_have_text("已完成")
    shot(page, "opinion-08-credited")


def test_the_secretariats_queue_pages_the_whole_year_on_a_phone(page, live_server):
    from lvzhi.extensions import db
    from lvzhi.models import User

    from ..factories import gen_opinion

    with live_server.app.app_context():
        member = db.session.query(User).filter_by(username="weiyuan").one()
        for i in range(55):
            gen_opinion(member, f"第{i:02d}篇：村道路灯的情况反映", submit=True)
        db.session.commit()
    _as(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/opinions")
    page.get_by_role("link", name="全部").click()
    page.get_by_role("link", name="下一页").click()
    expect(page.get_by_text(re.compile(r"第 2 / \d+ 页，共 \d+ 条"))).to_be_visible()
    expect(page.locator("a.chip-on")).to_have_text("全部")
    expect(page.get_by_role("link", name="第54篇：村道路灯的情况反映")).to_be_visible()
    expect(page.get_by_role("link", name="上一页")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "opinion-queue-page-2")
