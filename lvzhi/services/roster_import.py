"""Excel import of the member roster: preview every row, write all or nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..domain.roster import ROSTER_COLUMNS, TEMPLATE_EXAMPLE, RosterRow, validate_rows
from ..excel import ExcelReadError, read_rows, workbook_bytes
from ..extensions import db
from ..models import Committee, Member, OfficeGroup, Sector, User
from . import ServiceError
from .accounts import hash_password, temporary_password, user_create
from .audit import audit
from .common import commit

HEADERS = {key: label for key, label, _req in ROSTER_COLUMNS}
REQUIRED = {key for key, _label, req in ROSTER_COLUMNS if req}


@dataclass
class ImportPreview:
    token: str | None  # set only when every row is valid
    rows: list[RosterRow]

    @property
    def bad_rows(self) -> list[RosterRow]:
        return [r for r in self.rows if not r.ok]


def template_bytes() -> bytes:
    headers = [f"{label}*" if req else label for _k, label, req in ROSTER_COLUMNS]
    return workbook_bytes("委员名册", headers, [list(TEMPLATE_EXAMPLE)])


def _work_dir() -> Path:
    path = Path(current_app.config["WORK_FOLDER"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def _lookups(org_id: int) -> dict[str, dict[str, int]]:
    def names(model):
        return {
            n: i
            for i, n in db.session.execute(
                select(model.id, model.name).where(model.org_id == org_id)
            )
        }

    return {
        "office_group": names(OfficeGroup),
        "committee": names(Committee),
        "sector": names(Sector),
    }


def _validate(org_id: int, data: bytes) -> list[RosterRow]:
    try:
        raw = read_rows(data, HEADERS, REQUIRED)
    except ExcelReadError as exc:
        raise ServiceError(str(exc), field="file") from exc
    if not raw:
        raise ServiceError("文件中没有委员数据。", field="file")
    look = _lookups(org_id)
    existing = set(db.session.scalars(select(Member.mobile).where(Member.org_id == org_id)))
    existing |= {m for m in db.session.scalars(select(User.mobile)) if m}
    return validate_rows(
        raw,
        groups=set(look["office_group"]),
        committees=set(look["committee"]),
        sectors=set(look["sector"]),
        existing_mobiles=existing,
    )


def roster_import_preview(actor: User, data: bytes) -> ImportPreview:
    rows = _validate(actor.org_id, data)
    token = None
    if all(r.ok for r in rows):
        token = secrets.token_urlsafe(16)
        (_work_dir() / f"import-{actor.org_id}-{actor.id}-{token}.xlsx").write_bytes(data)
    return ImportPreview(token, rows)


def roster_import_commit(actor: User, token: str) -> tuple[int, str]:
    """Write every row of a previewed file in one transaction. Returns (count, credentials
    token). A second submit of the same token finds the file gone and is refused."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise ServiceError("导入凭据无效，请重新上传。")
    path = _work_dir() / f"import-{actor.org_id}-{actor.id}-{token}.xlsx"
    try:
        data = path.read_bytes()
        path.unlink()
    except FileNotFoundError as exc:
        raise ServiceError("该名册已经导入过，或预览已失效，请勿重复提交。") from exc
    rows = _validate(actor.org_id, data)
    if not all(r.ok for r in rows):
        raise ServiceError("名册在预览后发生了变化（如手机号已被占用），请重新上传。")
    look = _lookups(actor.org_id)
    credentials: list[tuple[str, str, str, str]] = []
    for row in rows:
        v = row.values
        member = Member(
            org_id=actor.org_id,
            name=v["name"],
            gender=v["gender"],
            mobile=v["mobile"],
            employer=v["employer"],
            title=v["title"],
            term=v["term"],
            office_group_id=look["office_group"][v["office_group"]],
            committee_id=look["committee"].get(v["committee"]),
            sector_id=look["sector"].get(v["sector"]),
        )
        db.session.add(member)
        db.session.flush()
        password = temporary_password()
        user_create(
            actor.org_id,
            v["mobile"],
            v["name"],
            password,
            ["member"],
            mobile=v["mobile"],
            member_id=member.id,
            must_change_password=True,
            actor=actor,
            password_hash=hash_password(password),
        )
        credentials.append((v["name"], v["office_group"], v["mobile"], password))
    audit(actor, actor.org_id, "roster.import", None, f"Excel 导入委员 {len(rows)} 名")
    commit("导入的名册与现有数据冲突，未写入任何数据。")
    cred_token = secrets.token_urlsafe(16)
    (_work_dir() / f"cred-{actor.org_id}-{actor.id}-{cred_token}.xlsx").write_bytes(
        workbook_bytes(
            "初始密码",
            ["姓名", "室组", "登录手机号", "初始密码"],
            credentials,
            widths=[12, 14, 16, 16],
        )
    )
    return len(rows), cred_token


def credentials_take(actor: User, token: str) -> bytes:
    """The initial-password sheet can be downloaded once, then it is deleted."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise ServiceError("文件不存在。")
    path = _work_dir() / f"cred-{actor.org_id}-{actor.id}-{token}.xlsx"
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ServiceError("初始密码表已下载过或已失效。") from exc
    path.unlink()
    return data
