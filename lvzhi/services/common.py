"""Helpers shared by services: version checks and commit with conflict mapping."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from . import ConflictError, ServiceError


def check_version(obj: object, version: int | None) -> None:
    """Refuse an edit made on a stale copy of the object (optimistic locking)."""
    if version is not None and getattr(obj, "version", None) != version:
        raise ConflictError()


def commit(duplicate_message: str = "记录已存在，请勿重复提交。") -> None:
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise ConflictError() from exc
    except IntegrityError as exc:
        db.session.rollback()
        raise ServiceError(duplicate_message) from exc
