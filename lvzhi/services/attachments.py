"""Adding and removing attachments: type checked by content, size-capped, stored with random
names outside static/, thumbnails for photos."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from .. import storage
from ..domain.uploads import (
    MAX_UPLOAD_BYTES,
    SNIFF_BYTES,
    check_file_count,
    check_upload,
    safe_display_name,
)
from ..extensions import db
from ..models import Attachment, User
from . import ServiceError
from .audit import audit
from .common import commit


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    data: bytes


def attachment_check(file_storage, field: str = "files") -> CheckedFile:
    """Read an uploaded file and judge it by its bytes; ServiceError with a clear message."""
    filename = file_storage.filename or ""
    data = file_storage.read(MAX_UPLOAD_BYTES + 1)
    verdict = check_upload(filename, data[:SNIFF_BYTES], len(data))
    if not verdict.ok:
        shown = safe_display_name(filename)
        raise ServiceError(f"“{shown}”无法上传：{verdict.error}。", field=field)
    return CheckedFile(safe_display_name(filename), verdict.kind or "", data)


def attachment_count(owner_type: str, owner_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(Attachment.id)).where(
                Attachment.owner_type == owner_type, Attachment.owner_id == owner_id
            )
        )
        or 0
    )


def attach_checked(
    actor: User,
    org_id: int,
    owner_type: str,
    owner_id: int,
    files: list[CheckedFile],
    existing: int,
    field: str = "files",
) -> list[Attachment]:
    """Store already-checked files for an owner inside the caller's transaction (no commit)."""
    if not files:
        return []
    error = check_file_count(existing, len(files))
    if error:
        raise ServiceError(error + "。", field=field)
    rows = []
    for f in files:
        stored = storage.save(f.data, f.kind)
        thumb = f.kind in ("jpg", "png") and storage.make_thumbnail(stored, f.data)
        row = Attachment(
            org_id=org_id,
            owner_type=owner_type,
            owner_id=owner_id,
            kind=f.kind,
            stored_name=stored,
            display_name=f.name,
            size=len(f.data),
            has_thumbnail=bool(thumb),
            uploaded_by_id=actor.id if actor else None,
        )
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    for row in rows:
        audit(actor, org_id, "attachment.add", row, f"上传附件 {row.display_name}")
    return rows


def attachment_add(
    actor: User, owner_type: str, owner_id: int, file_storage, org_id: int | None = None
) -> Attachment:
    """Check, store and record one file for (owner_type, owner_id); commits."""
    checked = attachment_check(file_storage)
    existing = attachment_count(owner_type, owner_id)
    try:
        (row,) = attach_checked(
            actor, org_id or actor.org_id, owner_type, owner_id, [checked], existing
        )
        commit()
    except Exception:
        db.session.rollback()
        raise
    return row


def detach(actor: User, attachment: Attachment) -> None:
    """Remove an attachment inside the caller's transaction; the file goes after commit."""
    audit(
        actor,
        attachment.org_id,
        "attachment.remove",
        attachment,
        f"删除附件 {attachment.display_name}",
    )
    db.session.delete(attachment)


def attachment_remove(actor: User, attachment: Attachment) -> None:
    stored = attachment.stored_name
    detach(actor, attachment)
    commit()
    storage.delete(stored)
