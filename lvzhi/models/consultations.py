"""Democratic supervision's "5 requirements" checklist: one row per topic and requirement,
ticked by the secretariat with a note (the requirements are ``domain/consultations.py``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.consultations import REQUIREMENTS
from ..extensions import db
from .base import OrgScoped, Versioned, utcnow
from .people import User


class MatterCheck(OrgScoped, Versioned, db.Model):
    __tablename__ = "matter_checks"
    __table_args__ = (UniqueConstraint("matter_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    done: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(500), default="")
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    checked_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return REQUIREMENTS.get(self.code, self.code)
