"""Suggestions on a phone (390×844): the secretariat pastes three suggestions onto a
consultation, the department answers one in its portal, the secretariat sets the other two
by downloading the export, editing it and uploading it back, and the year overview counts
the new made / adopted / implemented."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.models import Department, Matter, Suggestion, User
from lvzhi.services.loop_handling import matter_create
from lvzhi.services.suggestions import suggestion_answer, suggestions_add

from .conftest import login, no_horizontal_scroll, shot

TITLE = "县域物流降本增效专题协商"


def office_of() -> User:
    return db.session.scalar(select(User).where(User.username == "jiguan"))


def _consultation(app) -> int:
    with app.app_context():
        return matter_create(office_of(), "consultation", TITLE, kind="chair_thematic").id


def consultation_row(page) -> list[int]:
    """made / adopted / implemented of the overview's 协商 row."""
    cells = page.locator("#by-loop tbody tr", has_text="协商").locator("td.num").all_inner_texts()
    return [int(c) for c in cells]


def add_suggestions(page, live_server, matter_id: int, lines: list[str], department: str):
    """The secretariat (logged in) pastes numbered ``lines`` onto the matter for one
    department."""
    page.goto(f"{live_server.url}/secretariat/matters/{matter_id}/suggestions")
    page.get_by_label("建议内容（每行一条）").fill(
        "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
    )
    page.get_by_label("承办单位").select_option(label=department)
    page.get_by_role("button", name="添加").click()
    expect(page.get_by_text(f"已添加 {len(lines)} 条建议。")).to_be_visible()
    expect(page.get_by_text(f"建议{len(lines)}条，采纳落实0条")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "suggestions-matter")


def department_answers_first(page, live_server, title: str) -> None:
    """The department (``chengban``) adopts and implements 建议1 on its portal."""
    page.context.clear_cookies()
    login(page, live_server, "chengban")
    page.goto(f"{live_server.url}/department/suggestions")
    page.get_by_role("link", name=f"{title} · 建议1").click()
    page.get_by_label("采纳情况").select_option(label="采纳")
    page.get_by_label("已落实").check()
    page.get_by_label("说明（采纳落实情况或未采纳的理由）").fill("平台已上线运行。")
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("建议1的答复已提交。")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "suggestions-department")


def set_two_from_the_sheet(page, live_server, tmp_path, matter_id: int) -> None:
    """The secretariat downloads the matter's suggestions, sets 建议2 (采纳, 落实) and 建议3
    (部分采纳, not yet) in the sheet with openpyxl, uploads it and confirms."""
    page.context.clear_cookies()
    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/suggestions?matter={matter_id}")
    expect(page.locator("form.suggestion-row")).to_have_count(3)
    assert no_horizontal_scroll(page)
    shot(page, "suggestions-bulk")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    sheet = tmp_path / "建议.xlsx"
    download.value.save_as(sheet)
    wb = load_workbook(sheet)
    ws = wb.active
    columns = {cell.value: cell.column - 1 for cell in ws[1]}
    for row in ws.iter_rows(min_row=2):
        number = int(row[columns["序号"]].value)
        if number == 2:
            row[columns["采纳情况"]].value = "采纳"
            row[columns["是否落实"]].value = "是"
        elif number == 3:
            row[columns["采纳情况"]].value = "部分采纳"
            row[columns["是否落实"]].value = "否"
            row[columns["说明"]].value = "列入明年计划"
    wb.save(sheet)

    page.get_by_role("link", name="上传 Excel 批量更新").click()
    page.get_by_label("建议表（.xlsx）").set_input_files(str(sheet))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("其中 2 条有改动")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "suggestions-import-preview")
    page.get_by_role("button", name="确认更新 2 条建议").click()
    expect(page.get_by_text("已更新 2 条建议。")).to_be_visible()


def overview_shows(page, live_server, title: str, before: list[int]) -> None:
    """The year overview: the topic's line and the 协商 row grown by 3 made, 3 adopted, 2
    implemented since ``before``."""
    page.goto(f"{live_server.url}/secretariat/suggestions/overview")
    expect(page.locator("#by-topic")).to_contain_text(
        re.compile(f"{title}\\s*建议3条，采纳落实2条")
    )
    assert consultation_row(page) == [before[0] + 3, before[1] + 3, before[2] + 2]
    assert no_horizontal_scroll(page)
    shot(page, "suggestions-overview")


LINES = ["建设县域公共物流信息平台", "推进城乡快递共配", "降低物流企业用地成本"]


def test_department_answers_one_and_the_secretariat_sets_two_from_the_sheet(
    page, live_server, tmp_path
):
    matter_id = _consultation(live_server.app)
    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/suggestions/overview")
    before = consultation_row(page)
    add_suggestions(page, live_server, matter_id, LINES, "县发展和改革局")
    department_answers_first(page, live_server, TITLE)
    set_two_from_the_sheet(page, live_server, tmp_path, matter_id)
    overview_shows(page, live_server, TITLE, before)


def test_a_row_saved_after_someone_else_warns_keeps_the_typing_and_saves_again(page, live_server):
    matter_id = _consultation(live_server.app)
    with live_server.app.app_context():
        dept = db.session.scalar(select(Department).where(Department.name == "县发展和改革局"))
        m = db.session.get(Matter, matter_id)
        (s,) = suggestions_add(office_of(), m, "推进城乡快递共配", dept)
        suggestion_id = s.id
    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/suggestions?matter={matter_id}")
    row = page.locator(f"#suggestion-row-{suggestion_id}")
    row.get_by_label("采纳情况").select_option(label="采纳")
    row.get_by_label("说明").fill("我刚填写的说明")
    with live_server.app.app_context():  # a colleague saves the same row meanwhile
        other = db.session.get(Suggestion, suggestion_id)
        suggestion_answer(office_of(), other, "partly", False, "同事的说明")
    row.get_by_role("button", name="保存建议1").click()
    expect(row.get_by_text("该建议已被他人修改")).to_be_visible()
    expect(row.get_by_label("说明")).to_have_value("我刚填写的说明")
    assert page.url.endswith(f"matter={matter_id}")  # swapped in place, no navigation
    shot(page, "suggestions-row-conflict")
    row.get_by_role("button", name="保存建议1").click()
    expect(row.get_by_text("已保存")).to_be_visible()
    expect(row.get_by_label("说明")).to_have_value("我刚填写的说明")


def test_the_year_table_pages_twenty_rows_and_a_row_on_page_two_saves_in_place(page, live_server):
    matter_id = _consultation(live_server.app)
    with live_server.app.app_context():
        dept = db.session.scalar(select(Department).where(Department.name == "县发展和改革局"))
        m = db.session.get(Matter, matter_id)
        suggestions_add(office_of(), m, "\n".join(f"措施{i}号" for i in range(1, 26)), dept)
    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/suggestions?matter={matter_id}")
    expect(page.locator("form.suggestion-row")).to_have_count(20)
    expect(page.locator("#suggestion-count")).to_contain_text("共 25 条")
    page.get_by_role("link", name="下一页").click()
    expect(page.locator("form.suggestion-row")).to_have_count(5)
    assert f"matter={matter_id}" in page.url and "page=2" in page.url
    row = page.locator("form.suggestion-row", has_text="建议23")
    row.get_by_label("采纳情况").select_option(label="部分采纳")
    row.get_by_label("说明").fill("分步实施")
    row.get_by_role("button", name="保存建议23").click()
    expect(row.get_by_text("已保存")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "suggestions-page-two")
    page.get_by_label("采纳落实").select_option(label="未答复")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#suggestion-count")).to_contain_text("共 24 条")
    with live_server.app.app_context():
        saved = db.session.scalar(
            select(Suggestion).where(Suggestion.matter_id == matter_id, Suggestion.number == 23)
        )
        assert (saved.outcome, saved.note) == ("partly", "分步实施")
