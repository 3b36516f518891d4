"""Excel import of the roster: template, preview with every bad row, all-or-nothing write,
one-time credentials, double submit."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from lvzhi.extensions import db
from lvzhi.models import Member, User

from ..factories import world

HEADER = ["姓名*", "性别", "手机号*", "界别", "专委会", "室组*", "工作单位", "职务", "届次"]


def xlsx(rows, header=HEADER) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def upload(client, buf, name="名册.xlsx"):
    return client.post(
        "/secretariat/roster/import", data={"file": (buf, name)}, content_type="multipart/form-data"
    )


def count_members() -> int:
    return db.session.scalar(select(func.count(Member.id)))


def test_template_has_the_columns_and_an_example(app, client, auth):
    world()
    auth.login("jiguan")
    response = client.get("/secretariat/roster/template.xlsx")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][0] == "张三"


def test_the_templates_example_row_left_in_is_refused(app, client, auth):
    world()
    auth.login("jiguan")
    template = load_workbook(io.BytesIO(client.get("/secretariat/roster/template.xlsx").data))
    template.active.append(["钱海涛", "男", "13666660001", "", "", "西塘桥街道", "", "", ""])
    buf = io.BytesIO()
    template.save(buf)
    buf.seek(0)
    before = count_members()
    page = upload(client, buf).get_data(as_text=True)
    assert "第 2 行" in page and "这是模板中的示例行，请删除后再上传" in page
    assert "确认导入" not in page and count_members() == before


def test_good_file_previews_then_imports_members_with_accounts(app, client, auth):
    world()
    auth.login("jiguan")
    before = count_members()
    page = upload(
        client,
        xlsx(
            [
                [
                    "钱海涛",
                    "男",
                    13666660001,
                    "经济界",
                    "经济科技委员会",
                    "西塘桥街道",
                    "某厂",
                    "厂长",
                    "第十一届",
                ],
                ["孙丽萍", "女", "13666660002", "", "", "武原街道", "", "", ""],
            ]
        ),
    ).get_data(as_text=True)
    assert "共 2 名委员，全部有效" in page
    assert count_members() == before  # preview writes nothing
    token = re.search(r"/secretariat/roster/import/([\w-]+)", page).group(1)
    page = client.post(f"/secretariat/roster/import/{token}").get_data(as_text=True)
    assert "已导入 2 名委员" in page
    assert count_members() == before + 2
    user = db.session.scalar(select(User).where(User.username == "13666660001"))
    assert user.member.office_group.name == "西塘桥街道" and user.must_change_password

    cred = re.search(r"/secretariat/roster/credentials/([\w-]+)\.xlsx", page).group(0)
    sheet = load_workbook(io.BytesIO(client.get(cred).data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "室组", "登录手机号", "初始密码")
    assert {r[0] for r in rows[1:]} == {"钱海涛", "孙丽萍"}
    # the new member can log in with the initial password and must change it
    password = next(r[3] for r in rows[1:] if r[0] == "钱海涛")
    assert client.get(cred).status_code == 404  # downloadable once
    client.post("/logout")
    assert (
        client.post("/login", data={"login": "13666660001", "password": password}).headers[
            "Location"
        ]
        == "/password"
    )


def test_confirming_twice_imports_once(app, client, auth):
    world()
    auth.login("jiguan")
    page = upload(
        client, xlsx([["钱海涛", "男", "13666660001", "", "", "武原街道", "", "", ""]])
    ).get_data(as_text=True)
    token = re.search(r"/secretariat/roster/import/([\w-]+)", page).group(1)
    before = count_members()
    client.post(f"/secretariat/roster/import/{token}")
    page = client.post(f"/secretariat/roster/import/{token}", follow_redirects=True).get_data(
        as_text=True
    )
    assert "请勿重复提交" in page
    assert count_members() == before + 1


def test_bad_rows_are_all_listed_and_nothing_is_written(app, client, auth):
    w = world()
    auth.login("jiguan")
    before = count_members()
    page = upload(
        client,
        xlsx(
            [
                ["钱海涛", "男", "13666660001", "", "", "武原街道", "", "", ""],  # fine
                ["", "男", "13666660002", "", "", "武原街道", "", "", ""],  # no name
                ["周某", "男", w.member.mobile, "", "", "武原街道", "", "", ""],  # taken mobile
                ["吴某", "男", "13666660001", "", "", "武原街道", "", "", ""],  # duplicate in file
                ["郑某", "男", "13666660005", "无此界", "无此委", "不存在镇", "", "", ""],
            ]
        ),
    ).get_data(as_text=True)
    assert "有 4 行有误，未导入任何数据" in page
    assert "第 3 行" in page and "缺少姓名" in page
    assert f"手机号 {w.member.mobile} 已有委员使用" in page
    assert "手机号 13666660001 与第 2 行重复" in page
    assert "室组“不存在镇”不存在" in page and "专委会“无此委”不存在" in page
    assert "界别“无此界”不存在" in page
    assert "确认导入" not in page
    assert count_members() == before


def test_wrong_headers_and_non_excel_files_get_clear_messages(app, client, auth):
    world()
    auth.login("jiguan")
    page = upload(client, xlsx([["x"]], header=["名字", "电话"])).get_data(as_text=True)
    assert "表头缺少列：姓名、手机号、室组" in page
    page = upload(client, io.BytesIO(b"not a spreadsheet"), "fake.xlsx").get_data(as_text=True)
    assert "无法读取该文件" in page
    page = upload(client, io.BytesIO(b"a,b"), "roster.csv").get_data(as_text=True)
    assert "只能导入 .xlsx 格式的 Excel 文件。" in page
    page = upload(client, xlsx([])).get_data(as_text=True)
    assert "文件中没有委员数据。" in page


def test_import_token_of_another_user_is_refused(app, client, auth):
    world()
    auth.login("jiguan")
    page = upload(
        client, xlsx([["钱海涛", "男", "13666660001", "", "", "武原街道", "", "", ""]])
    ).get_data(as_text=True)
    token = re.search(r"/secretariat/roster/import/([\w-]+)", page).group(1)
    client.post("/logout")
    auth.login("other_jiguan")
    page = client.post(f"/secretariat/roster/import/{token}", follow_redirects=True).get_data(
        as_text=True
    )
    assert "预览已失效" in page
    assert (
        db.session.scalar(select(func.count(Member.id)).where(Member.mobile == "13666660001")) == 0
    )
