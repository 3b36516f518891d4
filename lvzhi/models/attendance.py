"""Attendance: office-group activities (meetings are in org.py), who is invited to each
event, their leave request and their check-in. The result (present / excused / absent) is
derived from these by ``domain.attendance.result``, never stored."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import ClassVar

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.attendance import EVENT_KINDS, GROUP_ACTIVITY
from ..extensions import db
from .base import OrgScoped, Timestamps, Versioned


class CheckInEvent:
    """What a meeting and a group activity share for attendance: a start time and the
    check-in window the organizer opens (naive UTC)."""

    source: ClassVar[str]  # "meeting" | "activity": the URL segment and the attendance column
    start_time: Mapped[time | None] = mapped_column(Time)
    checkin_opens_at: Mapped[datetime | None] = mapped_column(DateTime)
    checkin_closes_at: Mapped[datetime | None] = mapped_column(DateTime)


class GroupActivity(CheckInEvent, OrgScoped, Timestamps, Versioned, db.Model):
    """An office group's activity, scheduled by its head: date, place, topic."""

    __tablename__ = "group_activities"
    # one activity per group, day and topic: a form posted twice at once cannot make two
    __table_args__ = (
        Index(
            "uq_group_activities_office_group_id_held_on_topic",
            "office_group_id",
            "held_on",
            "topic",
            unique=True,
        ),
    )
    source = "activity"
    kind = GROUP_ACTIVITY
    id: Mapped[int] = mapped_column(primary_key=True)
    office_group_id: Mapped[int] = mapped_column(ForeignKey("office_groups.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(String(120))
    place: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    office_group = relationship("OfficeGroup")

    @property
    def title(self) -> str:
        return self.topic

    @property
    def location(self) -> str:
        return self.place

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS[GROUP_ACTIVITY]


class Attendance(OrgScoped, Timestamps, db.Model):
    """One invited person at one event (a meeting or a group activity)."""

    __tablename__ = "attendances"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id"),
        UniqueConstraint("activity_id", "member_id"),
        # the organizers' waiting leave requests (the top bar's to-do count on every page)
        Index("ix_attendances_org_leave", "org_id", "leave_status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_activities.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    leave_status: Mapped[str] = mapped_column(String(10), default="")
    leave_reason: Mapped[str] = mapped_column(String(200), default="")
    leave_asked_at: Mapped[datetime | None] = mapped_column(DateTime)
    leave_decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    leave_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    checkin_method: Mapped[str] = mapped_column(String(10), default="")
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    member = relationship("Member")
    meeting = relationship("Meeting")
    activity = relationship("GroupActivity")

    @property
    def event(self):
        return self.meeting if self.meeting_id else self.activity
