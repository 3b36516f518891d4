"""What a roster import refuses before it costs anything (too many rows, a zip bomb,
over-long text), and a large import that never locks out members saving meanwhile."""

from __future__ import annotations

import io
import threading
import zipfile

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import OperationalError

import lvzhi.excel
from lvzhi.extensions import db
from lvzhi.models import Member
from lvzhi.services import roster_import

from ..factories import world
from .test_roster_import import confirm_token, count_members, upload, xlsx


def row(i: int, **values) -> list:
    cells = {"name": f"委员{i}", "mobile": f"136{i:08d}", "group": "武原街道"} | values
    return [
        cells["name"],
        "",
        cells["mobile"],
        "",
        "",
        cells["group"],
        cells.get("employer", ""),
        cells.get("title", ""),
        cells.get("term", ""),
    ]


def test_every_over_long_field_is_a_bad_row_in_the_preview(app, client, auth):
    world()
    auth.login("jiguan")
    page = upload(
        client,
        xlsx(
            [
                row(1, employer="某" * 200),
                row(2, name="张" * 41),
                row(3, title="长" * 61, term="届" * 41),
                row(4, employer="某" * 120, name="张" * 40, title="长" * 60, term="届" * 40),
            ]
        ),
    ).get_data(as_text=True)
    assert "有 3 行有误，未导入任何数据" in page
    assert "工作单位最多 120 个字（现有 200 个字）" in page
    assert "姓名最多 40 个字（现有 41 个字）" in page
    assert "职务最多 60 个字（现有 61 个字）" in page and "届次最多 40 个字（现有 41 个字）" in page
    assert "确认导入" not in page


def test_a_file_over_the_row_cap_is_refused_with_the_cap_named(app, client, auth, monkeypatch):
    world()
    auth.login("jiguan")
    monkeypatch.setattr(roster_import, "MAX_IMPORT_ROWS", 3)
    page = upload(client, xlsx([row(i) for i in range(4)])).get_data(as_text=True)
    assert "一个文件最多导入 3 行" in page and "确认导入" not in page
    page = upload(client, xlsx([row(i) for i in range(3)])).get_data(as_text=True)
    assert "共 3 名委员，全部有效" in page


def test_the_real_cap_allows_ten_thousand_rows():
    assert roster_import.MAX_IMPORT_ROWS == 10_000


def with_sheet_changed(old: bytes, new: bytes) -> io.BytesIO:
    """A one-row roster whose sheet XML has ``old`` replaced by ``new``."""
    source = zipfile.ZipFile(xlsx([row(1)]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as changed:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(old, new)
            changed.writestr(info.filename, data)
    out.seek(0)
    return out


def zip_bomb() -> io.BytesIO:
    """A small .xlsx whose sheet unpacks to 40 MB (whitespace compresses a thousandfold)."""
    return with_sheet_changed(b"<sheetData>", b"<sheetData>" + b" " * (40 * 1024 * 1024))


def test_a_sheet_broken_inside_gets_the_unreadable_message(app, client, auth):
    world()
    auth.login("jiguan")
    broken = with_sheet_changed(
        b"</sheetData>", b'<row r="9"><c r="A9" t="s"><v>99</v></c></row></sheetData>'
    )
    page = upload(client, broken).get_data(as_text=True)
    assert "无法读取该文件" in page and "确认导入" not in page


def test_a_zip_bomb_is_refused_by_its_unpacked_size_before_it_is_opened(
    app, client, auth, monkeypatch
):
    world()
    auth.login("jiguan")
    bomb = zip_bomb()
    assert len(bomb.getvalue()) < 200 * 1024

    def never(*_args, **_kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(lvzhi.excel, "load_workbook", never)
    page = upload(client, bomb).get_data(as_text=True)
    assert "该文件解压后超过 20 MB" in page and "确认导入" not in page


def test_a_5000_row_import_never_locks_out_a_member_saving_meanwhile(
    app, client, auth, monkeypatch
):
    w = world()
    auth.login("jiguan")
    before = count_members()
    preview = upload(client, xlsx([row(i) for i in range(5000)])).get_data(as_text=True)
    assert "共 5000 名委员，全部有效" in preview and "其余 4800 名同样有效" in preview
    token = confirm_token(preview)

    hashed_in_transaction = []
    real_hash = roster_import.hash_temporary_password

    def watched_hash(password: str) -> str:
        hashed_in_transaction.append(db.session().in_transaction())
        return real_hash(password)

    monkeypatch.setattr(roster_import, "hash_temporary_password", watched_hash)

    # another client keeps saving a member on its own connection, willing to wait a moment
    # for the write lock but not the whole import
    stop, saved, errors = threading.Event(), [], []
    member_id = w.member.id

    def keep_saving() -> None:
        with app.app_context(), db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA busy_timeout=5000")
            while not stop.is_set() or not saved:
                try:
                    conn.execute(
                        update(Member).where(Member.id == member_id).values(title=f"{len(saved)}")
                    )
                    conn.commit()
                    saved.append(1)
                except OperationalError as exc:
                    conn.rollback()
                    errors.append(str(exc))
                stop.wait(0.02)
            conn.invalidate()  # not back into the pool with the shorter timeout

    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        done = client.post(f"/secretariat/roster/import/{token}", follow_redirects=True)
    finally:
        stop.set()
        writer.join()
    assert "已导入 5000 名委员" in done.get_data(as_text=True)
    assert count_members() == before + 5000
    assert errors == [] and saved
    assert len(hashed_in_transaction) == 5000 and not any(hashed_in_transaction)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Member.id)).where(Member.title != "")) >= 1
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_the_member_form_the_table_and_the_import_read_one_length_table():
    from wtforms.validators import Length

    from lvzhi.domain.roster import MAX_LENGTHS
    from lvzhi.secretariat.forms import MemberForm

    for key, limit in MAX_LENGTHS.items():
        assert Member.__table__.c[key].type.length == limit
        [length] = [
            v for v in getattr(MemberForm, key).kwargs["validators"] if isinstance(v, Length)
        ]
        assert length.max == limit
