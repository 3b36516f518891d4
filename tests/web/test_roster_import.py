"""Excel import of the roster: template, preview with every bad row, all-or-nothing write,
one-time credentials on a result page that survives reloads, double submit, work files."""

from __future__ import annotations

import io
import os
import re
import stat
import time
from pathlib import Path

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


def confirm_token(page: str) -> str:
    return re.search(r'action="/secretariat/roster/import/([\w-]+)"', page).group(1)


def one_row(mobile="13666660001"):
    return xlsx([["钱海涛", "男", mobile, "", "", "武原街道", "", "", ""]])


def import_file(client, buf):
    """Upload, confirm; return the result page's response (after the redirect)."""
    token = confirm_token(upload(client, buf).get_data(as_text=True))
    return client.post(f"/secretariat/roster/import/{token}", follow_redirects=True)


def sheet_link(page: str) -> str:
    return re.search(r"/secretariat/roster/credentials/[\w-]+\.xlsx", page).group(0)


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
    token = confirm_token(page)
    page = client.post(f"/secretariat/roster/import/{token}", follow_redirects=True).get_data(
        as_text=True
    )
    assert "已导入 2 名委员" in page
    assert count_members() == before + 2
    user = db.session.scalar(select(User).where(User.username == "13666660001"))
    assert user.member.office_group.name == "西塘桥街道" and user.must_change_password

    cred = sheet_link(page)
    sheet = load_workbook(io.BytesIO(client.get(cred).data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "室组", "登录手机号", "初始密码")
    assert {r[0] for r in rows[1:]} == {"钱海涛", "孙丽萍"}
    # the new member can log in with the initial password and must change it
    password = next(r[3] for r in rows[1:] if r[0] == "钱海涛")
    again = client.get(cred, follow_redirects=True)  # downloadable once
    assert again.mimetype == "text/html" and "初始密码表已下载过或已失效" in again.get_data(True)
    client.post("/logout")
    assert (
        client.post("/login", data={"login": "13666660001", "password": password}).headers[
            "Location"
        ]
        == "/password"
    )
    # a one-time password: 12 random characters under the cheaper one-time hash, until the
    # member sets their own, which gets the full-cost hash
    assert len(password) == 12
    temporary = app.config["TEMPORARY_PASSWORD_HASH_METHOD"]
    assert user.password_hash.startswith(temporary + "$")
    client.post(
        "/password",
        data={"current_password": password, "new_password": "mine-2026", "confirm": "mine-2026"},
    )
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.username == "13666660001"))
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    assert not user.must_change_password


def test_confirming_twice_imports_once(app, client, auth):
    world()
    auth.login("jiguan")
    token = confirm_token(upload(client, one_row()).get_data(as_text=True))
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
    token = confirm_token(upload(client, one_row()).get_data(as_text=True))
    client.post("/logout")
    auth.login("other_jiguan")
    page = client.post(f"/secretariat/roster/import/{token}", follow_redirects=True).get_data(
        as_text=True
    )
    assert "预览已失效" in page
    assert (
        db.session.scalar(select(func.count(Member.id)).where(Member.mobile == "13666660001")) == 0
    )


def test_reloading_the_result_page_keeps_the_password_sheet_until_downloaded(app, client, auth):
    world()
    auth.login("jiguan")
    done = import_file(client, one_row())
    result_url = done.request.path
    assert result_url.startswith("/secretariat/roster/import/done/")
    for _reload in range(2):
        page = client.get(result_url).get_data(as_text=True)
        assert "已导入 1 名委员" in page and "下载初始密码表" in page
        assert "该名册已经导入过" not in page
    # the import page's history leads back to it
    history = client.get("/secretariat/roster/import").get_data(as_text=True)
    assert "导入记录" in history and "Excel 导入委员 1 名" in history
    assert f'href="{result_url}"' in history and "初始密码表尚未下载" in history

    assert client.get(sheet_link(page)).mimetype.endswith("spreadsheetml.sheet")
    page = client.get(result_url).get_data(as_text=True)
    assert "初始密码表已于" in page and "下载初始密码表（仅可下载一次）" not in page
    history = client.get("/secretariat/roster/import").get_data(as_text=True)
    assert "（初始密码表已下载）" in history and f'href="{result_url}"' not in history


def test_another_bodys_secretariat_cannot_see_an_import_result_or_its_sheet(app, client, auth):
    world()
    auth.login("jiguan")
    done = import_file(client, one_row())
    result_url, cred = done.request.path, sheet_link(done.get_data(as_text=True))
    auth.logout()
    auth.login("other_jiguan")
    assert client.get(result_url).status_code == 404
    assert client.get(cred).status_code == 404
    assert "Excel 导入委员" not in client.get("/secretariat/roster/import").get_data(as_text=True)


def work_files(app) -> list[Path]:
    return sorted(Path(app.config["WORK_FOLDER"]).iterdir())


def test_work_files_are_private_and_the_sheet_is_deleted_once_downloaded(app, client, auth):
    world()
    auth.login("jiguan")
    upload(client, one_row())
    [preview] = work_files(app)
    assert stat.S_IMODE(preview.stat().st_mode) == 0o600
    done = import_file(client, one_row("13666660002"))
    files = work_files(app)
    assert {f.name.split("-")[0] for f in files} == {"import", "cred", "result"}
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    client.get(sheet_link(done.get_data(as_text=True)))
    assert not [f for f in work_files(app) if f.name.startswith("cred-")]


def test_work_files_older_than_a_day_are_deleted(app, client, auth, runner):
    world()
    auth.login("jiguan")
    upload(client, one_row())  # an abandoned preview
    done = import_file(client, one_row("13666660002"))  # a sheet never downloaded
    result_url = done.request.path
    day_ago = time.time() - 25 * 3600
    for path in work_files(app):
        os.utime(path, (day_ago, day_ago))
    fresh = upload(client, one_row("13666660003"))  # a new preview also sweeps
    assert fresh.status_code == 200
    assert [f.name.split("-")[0] for f in work_files(app)] == ["import"]
    for path in work_files(app):
        os.utime(path, (day_ago, day_ago))
    result = runner.invoke(args=["cleanup-work"])
    assert "已删除过期临时文件 1 个" in result.output and work_files(app) == []
    assert client.get(result_url).status_code == 404
