"""Helpers shared by services: version checks, text limits, flushes that name a clash."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from . import ConflictError, ServiceError


def limited_text(value: str | None, limit: int, label: str, field: str) -> str:
    """The stripped text, or a refusal naming the field when it is longer than ``limit`` —
    never cut silently. Forms say the same with ``lvzhi.forms.at_most``."""
    text = (value or "").strip()
    if len(text) > limit:
        raise ServiceError(f"{label}最多 {limit} 字，现有 {len(text)} 字。", field=field)
    return text


UNSAVED = 0  # the version a form shows of a row not saved yet (a year's settings, say)


def check_version(obj: object, version: int | None) -> None:
    """Refuse an edit made on a stale copy of the object (optimistic locking). ``None``: no
    check (a service called from code). A form shown before the row existed sends
    ``UNSAVED``: saved since by someone else, it conflicts as a stale copy does."""
    if version is not None and (getattr(obj, "version", None) or UNSAVED) != version:
        raise ConflictError()


def another_like(model, row_id: int | None, *where) -> bool:
    """Whether a row of ``model`` other than ``row_id`` (None: a new row) matches ``where``:
    the same thing entered twice (a double tap, or a second hand). A new row added to the
    session is not flushed by the check."""
    with db.session.no_autoflush:
        found = db.session.scalar(
            select(model.id).where(*where, model.id != (row_id or -1)).limit(1)
        )
    return found is not None


def flush_or_refuse(message: str) -> None:
    """Write the pending changes now, inside the unit of work; a unique or foreign-key clash
    is refused with ``message`` (for refusals that name the thing, which the unit's fixed
    ``duplicate=`` message cannot)."""
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise ServiceError(message) from exc
