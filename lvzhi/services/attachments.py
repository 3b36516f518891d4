"""Adding and removing attachments: type checked by content, size-capped, photos checked for
their pixel count, HEIC converted to JPEG, stored with random names outside static/,
thumbnails for photos.

The slow part — decoding a photo for its thumbnail — happens in ``attachment_check``, and the
files are written by ``files_written``, both before the caller's first database write: a
write transaction never waits on an image codec or the disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from .. import storage
from ..domain.uploads import (
    CONVERTED_KINDS,
    IMAGE_KINDS,
    MAX_UPLOAD_BYTES,
    SNIFF_BYTES,
    check_file_count,
    check_upload,
    converted_name,
    safe_display_name,
)
from ..extensions import db
from ..files.images import ImageRefused, photo_prepare
from ..models import Attachment, User
from . import ServiceError, after_commit, in_unit_of_work, unit_of_work
from .audit import audit


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: its display name, kind and bytes, the photo's JPEG
    thumbnail, and — once ``files_written`` wrote it — its stored name."""

    name: str
    kind: str
    data: bytes
    thumb: bytes | None = None
    stored: str = ""


def attachment_check(file_storage, field: str = "files") -> CheckedFile:
    """Read an uploaded file and judge it by its bytes; ServiceError with a clear message
    naming the file. A photo is checked for its pixel count from its header before it is
    decoded for its thumbnail; a HEIC photo comes back as a JPEG."""
    filename = file_storage.filename or ""
    shown = safe_display_name(filename)
    data = file_storage.read(MAX_UPLOAD_BYTES + 1)
    verdict = check_upload(filename, data[:SNIFF_BYTES], len(data))
    if not verdict.ok:
        raise ServiceError(f"“{shown}”无法上传：{verdict.error}。", field=field)
    kind, thumb = verdict.kind or "", None
    if kind in IMAGE_KINDS or kind in CONVERTED_KINDS:
        try:
            photo = photo_prepare(data, kind)
        except ImageRefused as exc:
            raise ServiceError(f"“{shown}”无法上传：{exc.message}。", field=field) from exc
        if photo.kind != kind:
            shown = converted_name(shown, photo.kind)
        data, kind, thumb = photo.data, photo.kind, photo.thumb
    return CheckedFile(shown, kind, data, thumb)


@contextmanager
def files_written(files: list[CheckedFile]) -> Iterator[list[CheckedFile]]:
    """Write checked files to disk before the caller's first database write; if the block
    fails (a refused rule) or the caller's unit of work rolls back (a failed commit) they are
    deleted again."""
    written = [replace(f, stored=storage.save(f.data, f.kind, f.thumb)) for f in files]
    try:
        yield written
    except BaseException:
        files_discard(written)
        raise
    if in_unit_of_work():
        after_commit(lambda: None, lambda: files_discard(written))


def files_discard(files: list[CheckedFile]) -> None:
    """Delete written files that were not attached after all."""
    for f in files:
        if f.stored:
            storage.delete(f.stored)


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
    """Record checked files for an owner inside the caller's transaction (no commit). Files
    not yet on disk are written here; better write them first with ``files_written``."""
    if not files:
        return []
    error = check_file_count(existing, len(files))
    if error:
        raise ServiceError(error + "。", field=field)
    rows = []
    for f in files:
        stored = f.stored
        if not stored:  # written here: deleted again if the caller's unit rolls back
            stored = storage.save(f.data, f.kind, f.thumb)
            after_commit(lambda: None, lambda name=stored: storage.delete(name))
        row = Attachment(
            org_id=org_id,
            owner_type=owner_type,
            owner_id=owner_id,
            kind=f.kind,
            stored_name=stored,
            display_name=f.name,
            size=len(f.data),
            has_thumbnail=f.thumb is not None,
            uploaded_by_id=actor.id if actor else None,
        )
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    for row in rows:
        audit(actor, org_id, "attachment.add", row, f"上传附件 {row.display_name}")
    return rows


@unit_of_work
def attachment_add(
    actor: User, owner_type: str, owner_id: int, file_storage, org_id: int | None = None
) -> Attachment:
    """Check, store and record one file for (owner_type, owner_id)."""
    checked = attachment_check(file_storage)
    existing = attachment_count(owner_type, owner_id)
    with files_written([checked]) as written:
        (row,) = attach_checked(
            actor, org_id or actor.org_id, owner_type, owner_id, written, existing
        )
    return row


def detach(actor: User, attachment: Attachment) -> None:
    """Remove an attachment inside the caller's transaction; its file goes once that
    commits."""
    stored = attachment.stored_name
    after_commit(lambda: storage.delete(stored))
    audit(
        actor,
        attachment.org_id,
        "attachment.remove",
        attachment,
        f"删除附件 {attachment.display_name}",
    )
    db.session.delete(attachment)


@unit_of_work
def attachment_remove(actor: User, attachment: Attachment) -> None:
    detach(actor, attachment)
