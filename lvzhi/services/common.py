"""Helpers shared by services: version checks, text limits, flushes that name a clash."""

from __future__ import annotations

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


def check_version(obj: object, version: int | None) -> None:
    """Refuse an edit made on a stale copy of the object (optimistic locking)."""
    if version is not None and getattr(obj, "version", None) != version:
        raise ConflictError()


def flush_or_refuse(message: str) -> None:
    """Write the pending changes now, inside the unit of work; a unique or foreign-key clash
    is refused with ``message`` (for refusals that name the thing, which the unit's fixed
    ``duplicate=`` message cannot)."""
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise ServiceError(message) from exc
