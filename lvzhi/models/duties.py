"""The "十个一" checklist: the items of each year and the members' duty records."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.duties import (
    AUTOMATIC_TAG,
    CONFIRMED,
    DRAFT,
    RETURNED,
    STATUS_LABELS,
    STATUS_TAGS,
    short_name,
)
from ..extensions import db
from .base import OrgScoped, Timestamps, Versioned
from .people import Member, User


class DutyItem(OrgScoped, Timestamps, Versioned, db.Model):
    """One item of one year's checklist. Retired, never deleted once it has records."""

    __tablename__ = "duty_items"
    # the unique (org_id, year, code) index serves a body's year; no index on year alone
    __table_args__ = (UniqueConstraint("org_id", "year", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[int] = mapped_column(default=1)
    sort_order: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)

    @property
    def short_name(self) -> str:
        return short_name(self.code, self.name)


class RecordFacts:
    """What a record's card reads besides its columns, from ``status``, ``source_type``,
    ``return_reason`` and ``decided_by_id``: shared by ``DutyRecord`` and the plain records
    the member's item page and archive read (``selectors.own_records.RecordView``)."""

    __slots__ = ()

    @property
    def automatic(self) -> bool:
        return self.source_type is not None

    @property
    def status_label(self) -> str:
        return "自动记入" if self.automatic else STATUS_LABELS.get(self.status, self.status)

    @property
    def status_tag(self) -> tuple[str, str]:
        """(tag style, words) for the record's card."""
        return AUTOMATIC_TAG if self.automatic else STATUS_TAGS[self.status]

    @property
    def shows_return_reason(self) -> bool:
        """Returned and not yet sent again: the member still has the reason to act on."""
        return self.status == RETURNED and bool(self.return_reason)

    @property
    def confirmed_by_hand(self) -> bool:
        return self.status == CONFIRMED and not self.automatic and self.decided_by_id is not None


class DutyRecord(RecordFacts, OrgScoped, Timestamps, Versioned, db.Model):
    """One activity of a member under one item: draft → submitted → confirmed | returned.

    Automatic records (``source_type`` set) are created confirmed by a closed loop and link
    to their source; the same source credits a member's item once.
    """

    __tablename__ = "duty_records"
    __table_args__ = (
        UniqueConstraint("member_id", "request_token"),
        UniqueConstraint("member_id", "item_id", "source_type", "source_id"),
        Index("ix_duty_records_year_member", "org_id", "year", "member_id"),
        # records awaiting confirmation, oldest first, of one body (not every body's by status)
        Index("ix_duty_records_org_status", "org_id", "status", "submitted_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("duty_items.id"), index=True)
    year: Mapped[int] = mapped_column()
    occurred_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    return_reason: Mapped[str] = mapped_column(String(500), default="")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    request_token: Mapped[str | None] = mapped_column(String(64))
    source_type: Mapped[str | None] = mapped_column(String(30))
    source_id: Mapped[int | None] = mapped_column()
    source_title: Mapped[str] = mapped_column(String(200), default="")
    source_url: Mapped[str] = mapped_column(String(300), default="")
    attachment_count: Mapped[int] = mapped_column(default=0)

    member: Mapped[Member] = relationship()
    item: Mapped[DutyItem] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def decider_name(self) -> str:
        """Who confirmed the record by hand (``confirmed_by_hand``): reads ``decided_by``."""
        return self.decided_by.display_name
