"""Deadlines of the closed loops: when something is due, whether it is late, and whether an
extension may be granted.

A ``DeadlineRule`` counts ``months``/``days`` from its start event (交办, 报送 …) or waits for a
meeting (下次常委会会议前, 下一年度全会前); ``due`` turns it into a ``Due`` for one matter, and
``deadline_state`` derives 已逾期 / 即将到期 / 未到期 / 待定 from it — never stored. The loops'
own rules (``domain/loops.py``) name their deadlines with these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import MEETING_KINDS, Meetings, add_months, next_meeting, next_years_meeting

DUE_SOON_DAYS = 14  # "replies due within 14 days" in the to-dos


@dataclass(frozen=True)
class DeadlineRule:
    """When something is due: ``months``/``days`` after the start event, or at a meeting
    (``meeting`` kind; ``next_year`` for "next year's …"). ``max_months`` caps an extension
    (measured from the start event); ``extendable`` False refuses any."""

    code: str
    label: str  # what is due, e.g. "答复"
    starts: str  # the start event, e.g. "交办"
    months: int = 0
    days: int = 0
    meeting: str | None = None
    next_year: bool = False
    extendable: bool = False
    max_months: int = 0

    @property
    def meeting_text(self) -> str:
        """What the deadline reads while its meeting is not in the calendar."""
        prefix = "下一年度" if self.next_year else "下次"
        return f"{prefix}{MEETING_KINDS[self.meeting or '']}前"


@dataclass(frozen=True)
class Due:
    """A computed deadline: ``on`` the date, or None with ``text`` like "下次常委会会议前"."""

    on: date | None
    text: str
    extended: bool = False


def due(
    rule: DeadlineRule,
    start: date,
    meetings: Meetings = (),
    *,
    months: int | None = None,
    days: int | None = None,
    extended_to: date | None = None,
) -> Due:
    """The deadline ``rule`` gives for a start on ``start``. ``months`` and ``days`` override
    the rule's period (a body's own setting); an extension, when granted, replaces the date."""
    if extended_to is not None:
        return Due(extended_to, extended_to.isoformat(), extended=True)
    if rule.meeting:
        find = next_years_meeting if rule.next_year else next_meeting
        held = find(rule.meeting, start, meetings)
        return Due(held, held.isoformat() if held else rule.meeting_text)
    on = add_months(start, rule.months if months is None else months) + timedelta(
        days=rule.days if days is None else days
    )
    return Due(on, on.isoformat())


def first_start_not_overdue(rule: DeadlineRule, today: date, months: int | None = None) -> date:
    """For a period rule: the earliest start whose deadline is not overdue on ``today`` —
    a matter started before it is overdue (``due`` only grows with the start), so a database
    can count overdue matters by comparing start dates."""
    if rule.meeting:
        raise ValueError("a meeting-relative deadline has no start cut-off")
    months = rule.months if months is None else months

    def due_on(start: date) -> date:
        return add_months(start, months) + timedelta(days=rule.days)

    start = add_months(today - timedelta(days=rule.days), -months)
    while due_on(start) < today:
        start += timedelta(days=1)
    while due_on(start - timedelta(days=1)) >= today:
        start -= timedelta(days=1)
    return start


OVERDUE = "overdue"
DUE_SOON = "due_soon"
ON_TIME = "on_time"
UNSCHEDULED = "unscheduled"
DEADLINE_STATES = {OVERDUE: "已逾期", DUE_SOON: "即将到期", ON_TIME: "未到期", UNSCHEDULED: "待定"}


def deadline_state(on: date | None, today: date, soon_days: int = DUE_SOON_DAYS) -> str:
    """Derived, never stored: overdue the day *after* the due day; due soon from ``soon_days``
    days before it through the due day itself."""
    if on is None:
        return UNSCHEDULED
    if today > on:
        return OVERDUE
    if (on - today).days <= soon_days:
        return DUE_SOON
    return ON_TIME


def extension_refusal(
    rule: DeadlineRule, start: date, current: date | None, to: date | None, times: int
) -> str | None:
    """Why an extension to ``to`` is refused (Chinese), None if allowed: once only, later than
    the current due date, no later than ``max_months`` after the start."""
    if not rule.extendable:
        return f"{rule.label}期限不能延期"
    if times >= 1:
        return "每件只能延期一次"
    if to is None:
        return "请填写延期后的日期"
    if current is not None and to <= current:
        return "延期后的日期须晚于原期限"
    if rule.max_months and to > add_months(start, rule.max_months):
        return f"延期后最长不超过{rule.starts}后 {rule.max_months} 个月"
    return None
