"""The organization's calendar and partners: years, meetings, departments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.calendar import MEETING_KINDS
from ..extensions import db
from .attendance import CheckInEvent
from .base import OrgScoped, Timestamps, Versioned, utcnow


class Year(OrgScoped, db.Model):
    """A 年度 the secretariat has opened; the lists are configured per year."""

    __tablename__ = "years"
    __table_args__ = (UniqueConstraint("org_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    is_current: Mapped[bool] = mapped_column(default=False)


MEETING_NOTES_MAX = 2000  # the notes are Text; the form and the service keep them this short


class Meeting(CheckInEvent, OrgScoped, Timestamps, Versioned, db.Model):
    __tablename__ = "meetings"
    source = "meeting"
    # the same meeting entered twice (a double tap) is refused
    __table_args__ = (UniqueConstraint("org_id", "kind", "held_on", "title"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # served by the (org_id, kind, …) unique
    title: Mapped[str] = mapped_column(String(120))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    location: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    @property
    def kind_label(self) -> str:
        return MEETING_KINDS.get(self.kind, self.kind)


class Department(OrgScoped, Timestamps, Versioned, db.Model):
    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    contact_name: Mapped[str] = mapped_column(String(40), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
