"""Suggestion screens: the pasted list, the bulk table's rows (htmx and plain posts, a stale
row's conflict message keeping what was typed), the .xlsx upload's preview and confirm, the
matter page's line and table, the department's answer with evidence, the overdue list and
the leader's to-do."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attachment, Suggestion
from lvzhi.services.suggestions import suggestion_answer

from ..factories import (
    edited_sheet,
    gen_department,
    gen_department_user,
    gen_loop_matter,
    gen_suggestions,
    png_bytes,
    world,
)

HX = {"HX-Request": "true"}


def _setup(n: int = 3):
    w = world()
    dept = gen_department(w.org, "县经信局")
    m = gen_loop_matter(w, kind="chair_thematic", title="“专精特新”培育工程")
    rows = gen_suggestions(w, m, [f"措施{i}号" for i in range(1, n + 1)], dept) if n else []
    db.session.commit()
    return w, dept, m, rows


def _row(s, **values) -> dict:
    data = {"department": s.department_id or "", "outcome": "", "note": "", "version": s.version}
    data.update(values)
    return {f"s{s.id}-{k}": v for k, v in data.items() if v is not False}


def test_a_pasted_list_is_added_numbered_and_shown_on_the_matter_page(app, client, auth):
    w, dept, m, _rows = _setup(0)
    auth.login("jiguan")
    response = client.post(
        f"/secretariat/matters/{m.id}/suggestions",
        data={"text": "1、建立产业基金\n2、培育带头人", "department": dept.id},
    )
    assert response.status_code == 303
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "建议2条，采纳落实0条" in page and "培育带头人" in page and "县经信局" in page
    refused = client.post(f"/secretariat/matters/{m.id}/suggestions", data={"text": " "})
    assert "请填写建议内容" in refused.get_data(as_text=True)


def test_a_stale_row_says_so_keeps_what_was_typed_and_saves_on_the_second_try(app, client, auth):
    w, dept, m, (s, *_rest) = _setup()
    opened = s.version
    suggestion_answer(w.secretariat_user, s, "partly", False, "另一位同事的说明")
    auth.login("jiguan")
    typed = _row(s, outcome="adopted", implemented="y", note="我填写的说明", version=opened)
    response = client.post(f"/secretariat/suggestions/{s.id}/row", data=typed, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "该建议已被他人修改" in html and "另一位同事的说明" in html
    assert 'value="我填写的说明"' in html
    db.session.expire_all()
    assert db.session.get(Suggestion, s.id).outcome == "partly"
    s = db.session.get(Suggestion, s.id)
    again = _row(s, outcome="adopted", implemented="y", note="我填写的说明")
    response = client.post(f"/secretariat/suggestions/{s.id}/row", data=again, headers=HX)
    assert "已保存" in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Suggestion, s.id)
    assert (saved.outcome, saved.implemented, saved.note) == ("adopted", True, "我填写的说明")


def test_a_row_saves_without_javascript_and_a_bad_row_comes_back_with_its_error(app, client, auth):
    w, dept, m, (s, t, _u) = _setup()
    auth.login("jiguan")
    response = client.post(
        f"/secretariat/suggestions/{s.id}/row?year={m.year}", data=_row(s, outcome="adopted")
    )
    assert response.status_code == 303 and f"year={m.year}" in response.headers["Location"]
    bad = client.post(
        f"/secretariat/suggestions/{t.id}/row", data=_row(t, outcome="not_adopted", implemented="y")
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "未采纳的建议不能标为已落实" in html
    assert html.count('<form id="suggestion-row-') == 3  # the whole table, this row's errors


def _sheet(client, m, changes: dict[int, dict[str, object]]) -> bytes:
    """The year's export, edited: {sheet row: {header: value}}."""
    return edited_sheet(
        client.get(f"/secretariat/suggestions/export.xlsx?year={m.year}").data, changes
    )


def _upload(client, data: bytes):
    return client.post(
        "/secretariat/suggestions/import",
        data={"file": (io.BytesIO(data), "建议.xlsx")},
        content_type="multipart/form-data",
    )


def test_the_uploaded_sheet_lists_every_bad_row_then_a_good_one_is_confirmed(app, client, auth):
    w, dept, m, rows = _setup()
    auth.login("jiguan")
    bad = _sheet(client, m, {2: {"采纳情况": "大概"}, 4: {"是否落实": "也许"}})
    html = _upload(client, bad).get_data(as_text=True)
    assert "有 2 行有误，未导入任何数据" in html and "第 2 行" in html and "第 4 行" in html
    good = _sheet(
        client, m, {2: {"采纳情况": "采纳", "是否落实": "是"}, 3: {"采纳情况": "部分采纳"}}
    )
    html = _upload(client, good).get_data(as_text=True)
    assert "确认更新 2 条建议" in html
    token = html.split("/secretariat/suggestions/import/")[1].split('"')[0]
    response = client.post(f"/secretariat/suggestions/import/{token}")
    assert response.status_code == 303
    overview = client.get(f"/secretariat/suggestions/overview?year={m.year}").get_data(as_text=True)
    assert "建议3条，采纳落实1条" in overview


def test_the_matter_page_costs_the_same_statements_however_many_suggestions(
    app, client, auth, statements
):
    w, dept, m, _rows = _setup(2)
    auth.login("jiguan")
    client.get(f"/loops/{m.id}")
    with statements() as few:
        assert client.get(f"/loops/{m.id}").status_code == 200
    gen_suggestions(w, m, [f"再一条{i}" for i in range(15)], gen_department(w.org, "县财政局"))
    db.session.commit()
    with statements() as many:
        html = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "建议17条" in html
    assert many() == few()


def test_the_department_answers_with_evidence_and_the_secretariat_can_on_its_behalf(
    app, client, auth
):
    w, dept, m, (s, t, _u) = _setup()
    gen_department_user(w.org, dept, "chengban")
    db.session.commit()
    auth.login("chengban")
    listing = client.get("/department/suggestions").get_data(as_text=True)
    assert "措施1号" in listing and "措施3号" in listing
    refused = client.post(f"/department/suggestions/{s.id}", data={"version": s.version})
    assert "请选择采纳情况" in refused.get_data(as_text=True)
    response = client.post(
        f"/department/suggestions/{s.id}",
        data={
            "version": s.version,
            "outcome": "adopted",
            "implemented": "y",
            "note": "已设立两亿元产业基金",
            "files": [(io.BytesIO(png_bytes()), "现场.png")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    page = client.get(f"/department/suggestions/{s.id}").get_data(as_text=True)
    assert "PNG · 现场.png" in page
    assert db.session.query(Attachment).filter_by(owner_type="suggestion").count() == 1
    auth.logout()
    auth.login("jiguan")
    response = client.post(
        f"/department/suggestions/{t.id}?department={dept.id}",
        data={"version": t.version, "outcome": "partly"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Suggestion, t.id).answered_party == "secretariat"
    assert "建议3条，采纳落实1条" in client.get(f"/loops/{m.id}").get_data(as_text=True)


def test_overdue_feedback_of_every_loop_is_listed_and_counted_in_the_leaders_todos(
    app, client, auth
):
    w = world()
    dept = gen_department(w.org, "县经信局")
    long_ago = local_today() - timedelta(days=200)
    gen_loop_matter(w, kind="other", title="逾期的X类协商", lead=dept, assigned_on=long_ago)
    gen_loop_matter(w, "supervision", "逾期的监督", lead=dept, assigned_on=long_ago)
    db.session.commit()
    auth.login("jiguan")
    html = client.get("/secretariat/overdue").get_data(as_text=True)
    assert "逾期的X类协商" in html and "逾期的监督" in html and "责任单位：县经信局" in html
    # the same rows in Excel, every one (user text as text)
    assert 'href="/secretariat/overdue?format=xlsx"' in html
    sheet = load_workbook(io.BytesIO(client.get("/secretariat/overdue?format=xlsx").data)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["闭环", "事项", "反馈内容", "期限", "状态", "责任单位"]
    assert {r[1] for r in rows[1:]} >= {"逾期的X类协商", "逾期的监督"}
    assert all(r[4] in ("已逾期", "即将到期") for r in rows[1:])
    auth.logout()
    auth.login("lingdao")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "2 项反馈已逾期" in inbox


def test_the_year_table_costs_the_same_statements_however_many_suggestions(
    app, client, auth, statements
):
    w, dept, m, _rows = _setup(2)
    auth.login("jiguan")
    client.get("/secretariat/suggestions")
    with statements() as few:
        assert client.get("/secretariat/suggestions").status_code == 200
    gen_suggestions(w, m, [f"再一条{i}" for i in range(15)], dept)
    db.session.commit()
    with statements() as many:
        html = client.get("/secretariat/suggestions").get_data(as_text=True)
    assert "再一条14" in html
    assert many() == few()


def _rows_on(html: str) -> int:
    return html.count('<form id="suggestion-row-')


def test_the_year_table_shows_twenty_rows_a_page_with_the_count_and_links_keeping_the_filter(
    app, client, auth, statements
):
    w, dept, m, _rows = _setup(2)
    auth.login("jiguan")
    url = f"/secretariat/suggestions?year={m.year}&department={dept.id}"
    client.get(url)
    with statements() as few:
        client.get(url)
    gen_suggestions(w, m, [f"再一条{i}" for i in range(28)], dept)
    db.session.commit()
    with statements() as many:
        first = client.get(url)
    html = first.get_data(as_text=True)
    assert many() == few()
    assert _rows_on(html) == 20 and "共 30 条" in html and "第 1 / 2 页" in html
    assert f"page=2&amp;year={m.year}&amp;department={dept.id}" in html  # 下一页 keeps the filter
    second = client.get(f"/secretariat/suggestions?year={m.year}&department={dept.id}&page=2")
    html = second.get_data(as_text=True)
    assert _rows_on(html) == 10 and "再一条27" in html and "再一条17" not in html
    # a row's own post carries the page, so without JavaScript it comes back to it
    assert f"/row?year={m.year}&amp;department={dept.id}&amp;page=2" in html
    past_the_end = client.get("/secretariat/suggestions?page=99").get_data(as_text=True)
    assert _rows_on(past_the_end) == 10
    sheet = client.get(f"/secretariat/suggestions/export.xlsx?year={m.year}").data
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(sheet)).active.max_row == 1 + 30  # every match, not a page


def test_the_year_table_filters_by_state_department_and_text_and_a_row_saves_back_to_its_page(
    app, client, auth
):
    w, dept, m, (s, t, u) = _setup()
    other = gen_department(w.org, "县财政局")
    u.department_id = other.id
    suggestion_answer(w.secretariat_user, t, "adopted", True, "已落实")
    db.session.commit()
    auth.login("jiguan")

    def numbers(query: str) -> set[str]:
        html = client.get(f"/secretariat/suggestions?year={m.year}&{query}").get_data(as_text=True)
        return {n for n in ("措施1号", "措施2号", "措施3号") if n in html}

    assert numbers("state=open") == {"措施1号", "措施3号"}
    assert numbers("open=1") == {"措施1号", "措施3号"}  # the earlier tick box's link
    assert numbers("state=implemented") == {"措施2号"}
    assert numbers(f"department={other.id}") == {"措施3号"}
    assert numbers("q=3号") == {"措施3号"}
    assert numbers("state=nonsense&q=" + "长" * 500) == set()
    assert "没有符合条件的建议" in client.get(
        f"/secretariat/suggestions?year={m.year}&q=没有这条"
    ).get_data(as_text=True)
    response = client.post(
        f"/secretariat/suggestions/{s.id}/row?year={m.year}&state=open&page=2",
        data=_row(s, outcome="partly"),
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"year={m.year}&state=open&page=2")


def test_the_overdue_list_shows_fifty_a_page_with_the_count_of_all_overdue(
    app, client, auth, statements
):
    w = world()
    dept = gen_department(w.org, "县经信局")
    m = gen_loop_matter(w, kind="other", title="X类协商")  # a period rule from 交办
    long_ago = local_today() - timedelta(days=400)
    for s in gen_suggestions(w, m, ["措施1号", "措施2号", "措施3号"], dept):
        s.assigned_on = long_ago
    db.session.commit()
    auth.login("jiguan")
    client.get("/secretariat/overdue")
    with statements() as few:
        client.get("/secretariat/overdue")
    for s in gen_suggestions(w, m, [f"逾期建议{i}" for i in range(52)], dept):
        s.assigned_on = long_ago
    db.session.commit()
    with statements() as many:
        html = client.get("/secretariat/overdue").get_data(as_text=True)
    assert many() == few()
    listed = html.split('id="late-list"')[1].split("</ul>")[0]
    assert listed.count("<li>") == 50 and "已逾期 55 项" in html and "第 1 / 2 页" in html
    assert 'href="/secretariat/overdue?page=2"' in html
    second = client.get("/secretariat/overdue?page=2").get_data(as_text=True)
    assert second.split('id="late-list"')[1].split("</ul>")[0].count("<li>") == 5
    auth.logout()
    auth.login("lingdao")
    board = client.get("/board/overdue?page=2").get_data(as_text=True)
    assert 'href="/board/overdue?page=1"' in board and "已逾期 55 项" in board
