"""The audit log: services write one event for every change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import OrgScoped, utcnow


class AuditEvent(OrgScoped, db.Model):
    __tablename__ = "audit_events"
    # a body's latest events (the secretariat's home): not the newest of every body's
    __table_args__ = (Index("ix_audit_events_org_id_id", "org_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column()
    summary: Mapped[str] = mapped_column(String(500), default="")

    user = relationship("User")
