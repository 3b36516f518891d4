"""The points ledger and the year's assessment: each year's rules and grade thresholds, the
secretariat's adjustments and the members' self-summaries. The ledger itself is not stored:
it is derived on read from the year's records (``selectors/points.py``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import OrgScoped, Timestamps, Versioned, utcnow
from .people import Member, User


class PointsRule(OrgScoped, Versioned, db.Model):
    """One rule of one year's catalogue (``domain.points.Rule``); a year without rows reads
    the default catalogue, and the first edit stores the year's whole catalogue."""

    __tablename__ = "points_rules"
    __table_args__ = (UniqueConstraint("org_id", "year", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(10))
    points: Mapped[int] = mapped_column()
    cap: Mapped[int | None] = mapped_column()
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class AssessmentSetting(OrgScoped, Versioned, db.Model):
    """A year's grade thresholds and the self-summary cut-off; absent means the defaults."""

    __tablename__ = "assessment_settings"
    __table_args__ = (UniqueConstraint("org_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    excellent: Mapped[int] = mapped_column(default=90)
    good: Mapped[int] = mapped_column(default=80)
    competent: Mapped[int] = mapped_column(default=60)
    summary_until: Mapped[date] = mapped_column(Date)


class PointsAdjustment(OrgScoped, db.Model):
    """The secretariat's correction of a member's points, with its reason (audited)."""

    __tablename__ = "points_adjustments"
    __table_args__ = (
        Index("ix_points_adjustments_year_member", "org_id", "year", "member_id"),
        # the form's one-time token: the same form posted twice at once records one
        Index(
            "uq_points_adjustments_member_id_request_token",
            "member_id",
            "request_token",
            unique=True,
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    points: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    request_token: Mapped[str | None] = mapped_column(String(64))

    created_by: Mapped[User | None] = relationship()


class SelfSummary(OrgScoped, Timestamps, Versioned, db.Model):
    """A member's 述职 for a year, written before the year's cut-off."""

    __tablename__ = "self_summaries"
    __table_args__ = (
        UniqueConstraint("member_id", "year"),
        Index("ix_self_summaries_org_year", "org_id", "year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    text: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship()
