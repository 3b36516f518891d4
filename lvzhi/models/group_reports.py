"""十加一: the yearly office-group list and rubric, monthly reports, comments, invitations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.group_ranking import FLAG_LABELS
from ..domain.group_reports import APPEARANCE_KINDS, DRAFT, REPORT_STATUS_LABELS
from ..extensions import db
from .base import OrgScoped, Timestamps, Versioned, utcnow
from .org import Meeting
from .people import Member, OfficeGroup, User


class GroupReportRubric(OrgScoped, Timestamps, Versioned, db.Model):
    """One year's scoring rules (DOMAIN.md defaults until the secretariat saves its own)."""

    __tablename__ = "group_report_rubrics"
    __table_args__ = (UniqueConstraint("org_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    coverage_weight: Mapped[int] = mapped_column(default=40)
    quality_max: Mapped[int] = mapped_column(default=50)
    timeliness_weight: Mapped[int] = mapped_column(default=10)
    due_day: Mapped[int] = mapped_column(default=5)
    flag_count: Mapped[int] = mapped_column(default=2)


class GroupReportItem(OrgScoped, Versioned, db.Model):
    """One of the eleven items of a year's list, as the secretariat named it."""

    __tablename__ = "group_report_items"
    __table_args__ = (UniqueConstraint("org_id", "year", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)


class GroupSignatureItem(OrgScoped, Timestamps, Versioned, db.Model):
    """A group's own 特色 item for a year: its name and what it is about."""

    __tablename__ = "group_signature_items"
    __table_args__ = (UniqueConstraint("office_group_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_group_id: Mapped[int] = mapped_column(ForeignKey("office_groups.id"), index=True)
    year: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(300), default="")


class GroupReport(OrgScoped, Timestamps, Versioned, db.Model):
    """An office group's 书面晾晒 for one month: draft → submitted → reviewed."""

    __tablename__ = "group_reports"
    __table_args__ = (
        UniqueConstraint("office_group_id", "year", "month"),
        # a body's months and its reports by status; never every body's by year or status
        Index("ix_group_reports_org_period", "org_id", "year", "month"),
        Index("ix_group_reports_org_status", "org_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    office_group_id: Mapped[int] = mapped_column(ForeignKey("office_groups.id"), index=True)
    year: Mapped[int] = mapped_column()
    month: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    quality: Mapped[int | None] = mapped_column()
    review_comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    office_group: Mapped[OfficeGroup] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    entries: Mapped[list[GroupReportEntry]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="GroupReportEntry.id"
    )
    comments: Mapped[list[GroupReportComment]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="GroupReportComment.id"
    )

    @property
    def status_label(self) -> str:
        return REPORT_STATUS_LABELS.get(self.status, self.status)

    @property
    def period_label(self) -> str:
        return f"{self.year}年{self.month}月"


group_report_participants = Table(
    "group_report_participants",
    db.metadata,
    Column("entry_id", ForeignKey("group_report_entries.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
)


class GroupReportEntry(Versioned, db.Model):
    """What the group did under one item in the month: text, count, members, photos."""

    __tablename__ = "group_report_entries"
    __table_args__ = (UniqueConstraint("report_id", "item_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("group_reports.id", ondelete="CASCADE"), index=True
    )
    item_code: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    activity_count: Mapped[int] = mapped_column(default=0)
    has_work: Mapped[bool] = mapped_column(default=False)  # domain.item_has_work, kept on save
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    report: Mapped[GroupReport] = relationship(back_populates="entries")
    participants: Mapped[list[Member]] = relationship(
        secondary=group_report_participants, order_by="Member.name"
    )


class GroupReportComment(db.Model):
    """A comment on a report: the linked committee's guidance (指导意见)."""

    __tablename__ = "group_report_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("group_reports.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    token: Mapped[str] = mapped_column(String(40), unique=True)  # one-time form token
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    report: Mapped[GroupReport] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()


class GroupInvitation(OrgScoped, Timestamps, Versioned, db.Model):
    """A flagged group invited to a 机关月度会议, and what it did there."""

    __tablename__ = "group_report_invitations"
    __table_args__ = (UniqueConstraint("office_group_id", "year", "quarter"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_group_id: Mapped[int] = mapped_column(ForeignKey("office_groups.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    year: Mapped[int] = mapped_column()
    quarter: Mapped[int] = mapped_column()
    flag: Mapped[str] = mapped_column(String(10))
    rank: Mapped[int] = mapped_column()
    score: Mapped[str] = mapped_column(String(10))  # the quarter score shown when invited
    appearance_kind: Mapped[str] = mapped_column(String(20), default="")
    appearance_notes: Mapped[str] = mapped_column(Text, default="")
    appeared_at: Mapped[datetime | None] = mapped_column(DateTime)

    office_group: Mapped[OfficeGroup] = relationship()
    meeting: Mapped[Meeting] = relationship()

    @property
    def flag_label(self) -> str:
        return FLAG_LABELS.get(self.flag, self.flag)

    @property
    def appearance_label(self) -> str:
        return APPEARANCE_KINDS.get(self.appearance_kind, "")
