"""flask backup / flask restore: the seeded demo county, with photos, backed up while the app
is live and restored into a fresh database and uploads folder — every table's row count and
the files byte for byte; an installation that is not empty is refused. Runs on SQLite and,
with LVZHI_TEST_DATABASE_URL, on PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from lvzhi import create_app, storage
from lvzhi.demo import DEMO_PASSWORD
from lvzhi.extensions import db
from lvzhi.models import DutyRecord, User

from .conftest import make_config
from .factories import gen_photo, gen_record, world


@pytest.fixture
def fresh_url(database_url, tmp_path):
    """A second, empty database next to the test database (no tables at all)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    url = make_url(database_url).set(drivername="postgresql+psycopg")
    name = f"{url.database}_restore"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    drop()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    drop()
    admin.dispose()


def row_counts() -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            name: conn.scalar(text(f'SELECT count(*) FROM "{name}"'))
            for name in inspect(conn).get_table_names()
        }


@pytest.fixture
def demo_with_photos(app, runner):
    """The demo county and three photos on 张岩枢's records: {photo id: its path in the
    uploads folder} and {path: bytes} of every file in the uploads folder (the photos, their
    thumbnails and the demo's own documents)."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    user = db.session.scalar(select(User).where(User.username == "weiyuan"))
    records = db.session.scalars(
        select(DutyRecord).where(DutyRecord.member_id == user.member_id).limit(3)
    ).all()
    assert records
    photos = [
        gen_photo(user, records[n % len(records)], f"现场{n}.png", (40 + n * 7, 30 + n))
        for n in range(3)
    ]
    root = storage.upload_root()
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    for photo in photos:
        for path in (storage.file_path(photo.stored_name), storage.thumb_path(photo.stored_name)):
            assert path.relative_to(root).as_posix() in files
    inside = {
        p.id: storage.file_path(p.stored_name).relative_to(storage.upload_root()).as_posix()
        for p in photos
    }
    return inside, files


def test_the_demo_county_backed_up_restores_into_a_fresh_installation(
    app, runner, demo_with_photos, fresh_url, tmp_path
):
    photos, files = demo_with_photos
    before = row_counts()
    backups = tmp_path / "backups"
    made = runner.invoke(args=["backup", "--to", str(backups)])
    assert made.exit_code == 0, made.output
    (archive,) = backups.glob("lvzhi-backup-*.tar.gz")
    assert f"已写入备份 {archive}" in made.output
    assert archive.stat().st_mode & 0o777 == 0o600  # members' personal data
    with tarfile.open(archive) as tar:
        assert "manifest.json" in tar.getnames()

    restored = create_app(make_config(fresh_url, tmp_path / "restored"))
    with restored.app_context():
        assert row_counts() == {}  # nothing at all, not even the tables
        done = restored.test_cli_runner().invoke(args=["restore", str(archive)])
        assert done.exit_code == 0, done.output
        assert "与备份一致" in done.output
        after = row_counts()
        root = storage.upload_root()
        restored_files = {name: (root / name).read_bytes() for name in files}
        restored_count = sum(1 for p in root.rglob("*") if p.is_file())
        db.session.remove()
        db.engine.dispose()

    assert after == before
    assert set(before) >= set(db.metadata.tables)  # every table of the app, counted
    assert before["members"] >= 217 and before["attachments"] >= 3
    assert restored_files == files  # byte for byte
    assert restored_count == len(files)

    # the restored installation works: 张岩枢 logs in and sees his photo
    client = restored.test_client()
    login = client.post("/login", data={"login": "weiyuan", "password": DEMO_PASSWORD})
    assert login.status_code == 303
    photo_id, inside = next(iter(photos.items()))
    shown = client.get(f"/files/{photo_id}")
    assert shown.status_code == 200 and shown.data == files[inside]
    with restored.app_context():
        db.engine.dispose()


def test_a_restore_into_an_installation_with_data_is_refused_and_changes_nothing(
    app, runner, tmp_path
):
    world()
    made = runner.invoke(args=["backup", "--to", str(tmp_path / "backups")])
    assert made.exit_code == 0, made.output
    (archive,) = (tmp_path / "backups").glob("*.tar.gz")
    before = row_counts()
    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code == 1
    assert "当前安装不是空的：数据库中已有数据" in refused.output
    assert "恢复只能在新建的空安装中进行" in refused.output
    assert row_counts() == before


def test_a_restore_into_an_empty_database_with_uploaded_files_is_refused(
    app, runner, tmp_path, database_url
):
    made = runner.invoke(args=["backup", "--to", str(tmp_path / "backups")])
    assert made.exit_code == 0, made.output
    (archive,) = (tmp_path / "backups").glob("*.tar.gz")
    storage.save(b"%PDF-1.4 left over", "pdf")
    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code == 1
    assert "上传文件夹" in refused.output and "已有文件" in refused.output


def test_a_file_that_is_not_a_backup_is_refused_with_a_clear_message(app, runner, tmp_path):
    stray = tmp_path / "notes.tar.gz"
    stray.write_bytes(b"not an archive")
    refused = runner.invoke(args=["restore", str(stray)])
    assert refused.exit_code == 1
    assert "不是 lvzhi 的备份归档" in refused.output


def test_backup_keeps_only_the_newest_archives(app, runner, tmp_path):
    folder = tmp_path / "backups"
    for _ in range(3):
        assert runner.invoke(args=["backup", "--to", str(folder), "--keep", "2"]).exit_code == 0
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 2 and all(Path(n).name.startswith("lvzhi-backup-") for n in kept)


def test_a_restore_into_a_database_with_empty_tables_replaces_them(
    app, runner, fresh_url, tmp_path
):
    """An installation after `flask init-db`: the tables are there, every one empty."""
    w = world()
    gen_photo(w.member_user, gen_record(w.member, status="draft"))
    made = runner.invoke(args=["backup", "--to", str(tmp_path / "backups")])
    assert made.exit_code == 0, made.output
    (archive,) = (tmp_path / "backups").glob("*.tar.gz")
    before = row_counts()

    restored = create_app(make_config(fresh_url, tmp_path / "restored"))
    with restored.app_context():
        db.create_all()
        assert set(row_counts()) >= set(db.metadata.tables)
        done = restored.test_cli_runner().invoke(args=["restore", str(archive)])
        assert done.exit_code == 0, done.output
        after = row_counts()
        db.session.remove()
        db.engine.dispose()
    assert after == before and before["attachments"] == 1
