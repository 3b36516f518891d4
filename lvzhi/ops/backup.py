"""``flask backup`` and ``flask restore``: one dated archive holding a consistent snapshot of
the database and the uploads folder, and its way back into an empty installation.

``lvzhi-backup-20261126-023000.tar.gz`` (readable by its owner only) holds

- ``database.sqlite3`` — SQLite's online backup API, safe while the app writes; or
  ``database.pgdump`` — ``pg_dump --format=custom`` of a snapshot exported from a
  repeatable-read transaction, the same one the row counts are read in;
- ``uploads/…`` — the uploads folder, read after the snapshot (so every file the snapshot
  names is there; a file uploaded meanwhile comes along unused);
- ``manifest.json`` — format, time, database kind, every table's row count, the files.

The secret key and the work folder (temporary files) are not in it. A restore checks that the
installation is empty (no row in any table, no uploaded file), restores the database, moves
the files into place, and compares every table's row count with the manifest.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import make_url

from .. import storage
from ..clock import local_now
from ..extensions import db

FORMAT = 1
PREFIX = "lvzhi-backup-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
DIALECT_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """Why a backup or a restore cannot go on, in Chinese for the person at the console."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Summary:
    path: Path
    counts: dict[str, int]
    files: int
    removed: int = 0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# --- backup --------------------------------------------------------------------------------


def backup(folder: Path | None = None, keep: int | None = None) -> Summary:
    """Write a new archive into ``folder`` (``BACKUP_FOLDER``) and keep the newest ``keep``
    (``BACKUP_KEEP``; 0 keeps all)."""
    folder = Path(folder or current_app.config["BACKUP_FOLDER"])
    keep = current_app.config["BACKUP_KEEP"] if keep is None else keep
    dialect = _dialect()
    folder.mkdir(parents=True, exist_ok=True)
    target = _new_name(folder)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as work:
        dump = Path(work) / DUMPS[dialect]
        counts = _sqlite_dump(dump) if dialect == "sqlite" else _pg_dump(dump)
        partial = Path(work) / "archive.part"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dump, arcname=dump.name)
            files = [name for name, path in _upload_files() if _add_file(tar, name, path)]
            manifest = {
                "format": FORMAT,
                "created": local_now().isoformat(timespec="seconds"),
                "database": dialect,
                "tables": counts,
                "files": files,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        partial.chmod(0o600)
        os.replace(partial, target)
    removed = _prune(folder, keep) if keep else 0
    return Summary(target, counts, len(files), removed)


def _dialect() -> str:
    name = db.engine.dialect.name
    if name not in DUMPS:
        raise BackupError(f"不支持备份 {name} 数据库。")
    return name


def _new_name(folder: Path) -> Path:
    stamp = local_now().strftime("%Y%m%d-%H%M%S")
    target, n = folder / f"{PREFIX}{stamp}{SUFFIX}", 1
    while target.exists():  # two backups in one second
        n += 1
        target = folder / f"{PREFIX}{stamp}-{n}{SUFFIX}"
    return target


def _sqlite_path() -> Path:
    database = db.engine.url.database
    if not database or database == ":memory:":
        raise BackupError("内存中的 SQLite 数据库无法备份。")
    return Path(database).resolve()


def _sqlite_dump(dump: Path) -> dict[str, int]:
    """SQLite's online backup into ``dump``; the row counts read from the copy."""
    source = sqlite3.connect(_sqlite_path())
    copy = sqlite3.connect(dump)
    try:
        source.backup(copy)
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
        }
    finally:
        copy.close()
        source.close()


def _pg_dump(dump: Path) -> dict[str, int]:
    """pg_dump of a snapshot exported from the transaction the row counts are read in."""
    pg_dump = _pg_tool("pg_dump")
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        with conn.begin():
            snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
            counts = _counts(conn, inspect(conn).get_table_names())
            _run(
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges"]
                + [f"--snapshot={snapshot}", f"--file={dump}", "--dbname", _libpq_url()],
                "pg_dump",
            )
    return counts


def _counts(conn, names) -> dict[str, int]:
    return {name: conn.scalar(select(func.count()).select_from(table(name))) for name in names}


def _upload_files() -> list[tuple[str, Path]]:
    """Every uploaded file, by its path inside the folder (health checks' dotfiles left out)."""
    root = storage.upload_root()
    return [
        (path.relative_to(root).as_posix(), path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    ]


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> bool:
    """Add one uploaded file; False when it was deleted since the folder was listed."""
    try:
        tar.add(path, arcname=f"uploads/{name}")
    except FileNotFoundError:
        return False
    return True


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _prune(folder: Path, keep: int) -> int:
    archives = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), key=lambda p: p.stat().st_mtime)
    old = archives[:-keep]
    for path in old:
        path.unlink()
    return len(old)


# --- restore -------------------------------------------------------------------------------


def restore(archive: Path) -> Summary:
    """Bring ``archive`` into this installation, which must be empty."""
    dialect = _dialect()
    try:
        tar = tarfile.open(archive, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"无法读取备份文件 {archive}：它不是 lvzhi 的备份归档。") from exc
    with tar, tempfile.TemporaryDirectory(dir=storage.upload_root().parent) as work:
        manifest = _manifest(tar)
        if manifest["database"] != dialect:
            raise BackupError(
                f"这份备份来自 {DIALECT_NAMES.get(manifest['database'], manifest['database'])}"
                f" 数据库，当前安装使用 {DIALECT_NAMES[dialect]}，无法直接恢复。"
            )
        _refuse_unless_empty()
        dump = Path(work) / DUMPS[dialect]
        _extract(tar, DUMPS[dialect], dump)
        staged = Path(work) / "uploads"
        files = _stage_uploads(tar, staged)
        db.session.remove()
        db.engine.dispose()  # no pooled connection holds the old schema
        if dialect == "sqlite":
            _sqlite_restore(dump)
        else:
            _pg_restore(dump)
        root = storage.upload_root()
        for entry in staged.iterdir() if staged.exists() else ():
            os.replace(entry, root / entry.name)
    counts = _current_counts()
    expected = manifest["tables"]
    if counts != expected:
        differ = sorted(n for n in set(counts) | set(expected) if counts.get(n) != expected.get(n))
        raise BackupError(f"恢复后以下表的行数与备份不一致：{'、'.join(differ)}。")
    return Summary(Path(archive), counts, files)


def _manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, AttributeError, ValueError, tarfile.TarError) as exc:
        raise BackupError("备份文件中没有可读的 manifest.json：它不是 lvzhi 的备份归档。") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不认识的备份格式 {manifest.get('format')}，请用相同版本的程序恢复。")
    return manifest


def _current_counts() -> dict[str, int]:
    with db.engine.connect() as conn:
        return _counts(conn, inspect(conn).get_table_names())


def _refuse_unless_empty() -> None:
    filled = {name: n for name, n in _current_counts().items() if n and name != "alembic_version"}
    if filled:
        shown = "、".join(f"{name} {n} 行" for name, n in sorted(filled.items())[:5])
        more = "等" if len(filled) > 5 else ""
        raise BackupError(
            f"当前安装不是空的：数据库中已有数据（{shown}{more}）。恢复只能在新建的空安装中进行，"
            "以免覆盖现有数据；请新建一个空数据库、清空上传文件夹后再恢复。"
        )
    if _upload_files():
        raise BackupError(
            f"当前安装不是空的：上传文件夹 {storage.upload_root()} 中已有文件。"
            "恢复只能在新建的空安装中进行；请清空上传文件夹后再恢复。"
        )


def _extract(tar: tarfile.TarFile, name: str, to: Path) -> None:
    try:
        source = tar.extractfile(name)
    except KeyError as exc:
        raise BackupError(f"备份文件中缺少 {name}，无法恢复。") from exc
    with source, open(to, "wb") as out:
        shutil.copyfileobj(source, out)


def _stage_uploads(tar: tarfile.TarFile, staged: Path) -> int:
    """Unpack ``uploads/…`` into ``staged``; only plain files at plain relative paths."""
    count = 0
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        if path.parts[:1] != ("uploads",) or not member.isfile():
            continue
        inside = path.parts[1:]
        if not inside or any(part in ("", ".", "..") for part in inside):
            raise BackupError(f"备份文件中有不安全的路径 {member.name}，已停止恢复。")
        target = staged.joinpath(*inside)
        target.parent.mkdir(parents=True, exist_ok=True)
        _extract(tar, member.name, target)
        target.chmod(0o644)
        count += 1
    return count


def _sqlite_restore(dump: Path) -> None:
    copy = sqlite3.connect(dump)
    target = sqlite3.connect(_sqlite_path())
    try:
        copy.backup(target)
    finally:
        target.close()
        copy.close()


def _pg_restore(dump: Path) -> None:
    """Drop the (empty) tables an ``init-db`` may have made, then restore in one transaction."""
    names = inspect(db.engine).get_table_names()
    if names:
        with db.engine.begin() as conn:
            quoted = ", ".join(conn.dialect.identifier_preparer.quote(n) for n in names)
            conn.execute(text(f"DROP TABLE IF EXISTS {quoted} CASCADE"))
    db.engine.dispose()
    _run(
        [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction"]
        + ["--exit-on-error", "--dbname", _libpq_url(), str(dump)],
        "pg_restore",
    )


# --- PostgreSQL tools ------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    folder = current_app.config["PG_BIN_DIR"]
    candidates = [Path(folder) / name] if folder else []
    found = shutil.which(name)
    candidates += [Path(found)] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    raise BackupError(
        f"找不到 {name}：请安装 PostgreSQL 客户端（Debian 软件包 postgresql-client），"
        "或用 LVZHI_PG_BIN_DIR 指明它所在的文件夹。"
    )


def _libpq_url() -> str:
    """The database URL for libpq tools, without the password (that goes in PGPASSWORD)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(args: list[str], tool: str) -> None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{tool} 失败（退出码 {done.returncode}）：{done.stderr.strip()[-500:]}")
