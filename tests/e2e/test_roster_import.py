"""The roster import on a phone: the result page survives a reload and is reached again from
the import history until its one-time password sheet is downloaded."""

from __future__ import annotations

from openpyxl import Workbook

from .conftest import login, no_horizontal_scroll, shot

HEADER = ["姓名*", "性别", "手机号*", "界别", "专委会", "室组*", "工作单位", "职务", "届次"]


def test_import_result_survives_a_reload_until_the_sheet_is_downloaded(page, live_server, tmp_path):
    roster = tmp_path / "名册.xlsx"
    wb = Workbook()
    wb.active.append(HEADER)
    wb.active.append(["钱海涛", "男", "13666660001", "", "", "武原街道", "某厂", "厂长", ""])
    wb.active.append(["孙丽萍", "女", "13666660002", "", "", "澉浦镇", "", "", ""])
    wb.save(roster)

    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/roster/import")
    page.get_by_label("名册文件（.xlsx）").set_input_files(str(roster))
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_role("button", name="确认导入 2 名委员").click()
    page.wait_for_load_state("networkidle")
    assert "/secretariat/roster/import/done/" in page.url
    result_url = page.url

    page.reload()  # the reload that used to say 该名册已经导入过
    assert page.get_by_role("heading", name="已导入 2 名委员").is_visible()
    download_link = page.get_by_role("link", name="下载初始密码表（仅可下载一次）")
    assert download_link.is_visible()
    assert no_horizontal_scroll(page)
    shot(page, "roster-import-result")

    page.goto(f"{live_server.url}/secretariat/roster/import")
    assert no_horizontal_scroll(page)
    shot(page, "roster-import-history")
    page.get_by_role("link", name="初始密码表尚未下载，查看并下载").click()
    assert page.url == result_url
    with page.expect_download() as download:
        page.get_by_role("link", name="下载初始密码表（仅可下载一次）").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.reload()
    assert page.get_by_text("初始密码表已于").is_visible()
    assert page.get_by_role("link", name="下载初始密码表（仅可下载一次）").count() == 0
