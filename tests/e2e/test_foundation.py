"""The foundation's main flows on a phone: log in as member and secretariat, import a roster."""

from __future__ import annotations

from openpyxl import Workbook
from playwright.sync_api import expect

from .conftest import login, no_horizontal_scroll, shot


def test_member_logs_in_and_lands_on_own_home(page, live_server):
    login(page, live_server, "weiyuan")
    expect(page).to_have_url(f"{live_server.url}/member/")
    expect(page.get_by_role("heading", name="我的履职")).to_be_visible()
    expect(page.get_by_text("张岩枢").first).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "foundation-member-home")


def test_wrong_password_shows_chinese_message(page, live_server):
    login(page, live_server, "weiyuan", "wrong-password")
    expect(page.get_by_text("用户名或密码不正确。").first).to_be_visible()
    shot(page, "foundation-login-error")


def test_secretariat_imports_roster_and_sees_new_members(page, live_server, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名*", "性别", "手机号*", "界别", "专委会", "室组*", "工作单位", "职务", "届次"])
    ws.append(
        [
            "钱海涛",
            "男",
            "13666660001",
            "经济界",
            "经济科技委员会",
            "澉浦镇",
            "澉浦某厂",
            "厂长",
            "第十一届",
        ]
    )
    ws.append(
        [
            "孙丽萍",
            "女",
            "13666660002",
            "教育界",
            "教科卫体委员会",
            "百步镇",
            "百步中学",
            "校长",
            "第十一届",
        ]
    )
    path = tmp_path / "名册.xlsx"
    wb.save(path)

    login(page, live_server, "jiguan")
    expect(page).to_have_url(f"{live_server.url}/secretariat/")
    shot(page, "foundation-secretariat-home")
    page.get_by_role("link", name="委员", exact=True).click()
    expect(page.get_by_role("heading", name="委员名册")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "foundation-roster")
    page.get_by_role("link", name="导入名册").first.click()
    page.get_by_label("名册文件（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("共 2 名委员，全部有效")).to_be_visible()
    shot(page, "foundation-import-preview")
    page.get_by_role("button", name="确认导入 2 名委员").click()
    expect(page.get_by_role("heading", name="已导入 2 名委员")).to_be_visible()
    page.get_by_role("link", name="返回委员名册").click()
    page.get_by_label("搜索").fill("钱海涛")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#member-table").get_by_role("link", name="钱海涛")).to_be_visible()
    shot(page, "foundation-roster-search")


def test_roster_import_with_bad_rows_lists_them_and_writes_nothing(page, live_server, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名*", "性别", "手机号*", "界别", "专委会", "室组*", "工作单位", "职务", "届次"])
    ws.append(["", "男", "13666660011", "", "", "澉浦镇", "", "", ""])
    ws.append(["周某", "男", "12345", "", "", "不存在镇", "", "", ""])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/roster/import")
    page.get_by_label("名册文件（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("有 2 行有误，未导入任何数据")).to_be_visible()
    expect(page.get_by_text("缺少姓名")).to_be_visible()
    expect(page.get_by_text("室组“不存在镇”不存在")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "foundation-import-errors")
