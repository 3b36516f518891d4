"""Every Excel export writes user text as text: a name typed as "=1+1" is never a formula."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from lvzhi.clock import local_today
from lvzhi.excel import workbook_bytes
from lvzhi.extensions import db

from ..factories import gen_group_report, gen_member, world

HOSTILE = ["=1+1", "+SUM(A1)", "-1+2", "@x", "\t=x", "\n=x", '=HYPERLINK("http://x")', "#N/A"]


def cells(data: bytes):
    return [c for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]


def assert_text_cells(data: bytes, texts) -> None:
    by_value = {c.value: c for c in cells(data) if c.value in texts}
    assert set(by_value) == set(texts)
    for text, cell in by_value.items():
        assert cell.data_type == "s", (text, cell.data_type)


def test_workbook_keeps_text_as_text_and_numbers_as_numbers():
    data = workbook_bytes("表", ["文字", "数字", "小数"], [[t, 3, 2.5] for t in HOSTILE])
    assert_text_cells(data, HOSTILE)
    numbers = [c for c in cells(data) if c.column > 1 and c.row > 1]
    assert {c.value for c in numbers} == {3, 2.5}
    assert all(c.data_type == "n" for c in numbers)


def test_control_characters_a_spreadsheet_cannot_hold_are_dropped_not_a_500():
    data = workbook_bytes("表", ["文字"], [["张\x00三\x01"], ["\r=x"], ["甲\r\n乙"]])
    assert [c.value for c in cells(data)] == ["文字", "张三", "\n=x", "甲\n乙"]
    assert all(c.data_type == "s" for c in cells(data))


def test_roster_export_writes_hostile_names_as_text(app, client, auth):
    w = world()
    for i, text in enumerate(HOSTILE):
        gen_member(
            w.org, name=text, employer=text, office_group_id=w.group.id, mobile=f"1390000{i:04d}"
        )
    db.session.commit()
    auth.login("jiguan")
    response = client.get("/secretariat/members/export.xlsx")
    assert response.status_code == 200
    assert_text_cells(response.data, HOSTILE)


def test_ranking_and_scores_exports_for_every_member_write_group_names_as_text(app, client, auth):
    w = world()
    today = local_today()
    quarter = (today.month - 1) // 3 + 1
    w.group.name = "=1+1"
    w.other_group.name = "@x"
    gen_group_report(w.group, today.year, today.month, status="reviewed", work_items=3, quality=30)
    db.session.commit()
    auth.login("weiyuan")  # a plain member may download both
    for name in ("ranking", "scores"):
        response = client.get(f"/board/ranking/{today.year}/{quarter}/{name}.xlsx")
        assert response.status_code == 200, name
        assert_text_cells(response.data, ["=1+1", "@x"])
        scores = [c for c in cells(response.data) if isinstance(c.value, (int, float))]
        assert scores and all(c.data_type == "n" for c in scores), name


def test_every_export_goes_through_workbook_bytes():
    from pathlib import Path

    import lvzhi

    root = Path(lvzhi.__file__).parent
    users = [p for p in root.rglob("*.py") if "openpyxl" in p.read_text(encoding="utf-8")]
    assert users == [root / "excel.py"]
