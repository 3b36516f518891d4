"""Forwarding (报送) and leader instructions (批示) recorded on any closed-loop matter: one
row per forwarding (to which level, when) and per 批示 (whose, which level, when, what).
The levels are ``domain/instructions.py``'s; figures count them by level with GROUP BY."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.instructions import FORWARD_LEVELS, INSTRUCTION_LEVELS
from ..extensions import db
from .base import OrgScoped, utcnow
from .loops import Matter


class MatterForward(OrgScoped, db.Model):
    """报送: a matter sent on to a level (县委县政府, 市/省/全国政协) on a day."""

    __tablename__ = "matter_forwards"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(12))
    forwarded_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    matter: Mapped[Matter] = relationship()

    @property
    def level_label(self) -> str:
        return FORWARD_LEVELS.get(self.level, "")


class MatterInstruction(OrgScoped, db.Model):
    """批示: a leader's instruction on a matter — who (name and post), their level, the day
    and the text, as recorded by the secretariat."""

    __tablename__ = "matter_instructions"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(12))
    leader: Mapped[str] = mapped_column(String(80))
    instructed_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    matter: Mapped[Matter] = relationship()

    @property
    def level_label(self) -> str:
        return INSTRUCTION_LEVELS.get(self.level, "")
