"""Shared column helpers for the models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    """Now as stored: naive UTC, read from the organization's clock (lvzhi.clock.utc_now)."""
    from ..clock import utc_now

    return utc_now().replace(tzinfo=None)


class OrgScoped:
    """Every row belongs to one organization; queries are always filtered by it."""

    @declared_attr
    def org_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("organizations.id"), index=True)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class Versioned:
    """Optimistic concurrency: a stale edit raises StaleDataError instead of overwriting."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805
        return {"version_id_col": cls.version}
