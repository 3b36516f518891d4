"""The meeting calendar, pure: meeting kinds and "the next meeting of a kind after a date".

Deadlines in the closed loops often name a meeting rather than a date ("at the next 常委会会议",
"next year's 全会预备会议"). These functions answer them from a plain list of
``(kind, held_on)`` pairs, so the rule is testable without a database; ``None`` means that
meeting is not in the calendar yet and the deadline reads "下次常委会会议前" until it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

PLENARY = "plenary"
PLENARY_PREP = "plenary_prep"
STANDING_COMMITTEE = "standing_committee"
CHAIR_MEETING = "chair_meeting"
JOINT_MEETING = "joint_meeting"
ORGAN_MONTHLY = "organ_monthly"

MEETING_KINDS: dict[str, str] = {
    PLENARY: "全会",
    PLENARY_PREP: "全会预备会议",
    STANDING_COMMITTEE: "常委会会议",
    CHAIR_MEETING: "主席会议",
    JOINT_MEETING: "政府政协联席会议",
    ORGAN_MONTHLY: "机关月度会议",
}

Meetings = Iterable[tuple[str, date]]  # (kind, held_on) of every scheduled meeting


def next_meeting(kind: str, after: date, meetings: Meetings) -> date | None:
    """The first meeting of ``kind`` held strictly after ``after``; None if none scheduled."""
    days = [held for k, held in meetings if k == kind and held > after]
    return min(days) if days else None


def next_years_meeting(kind: str, after: date, meetings: Meetings) -> date | None:
    """The first meeting of ``kind`` in the calendar year after ``after``'s year (e.g. next
    year's 全会预备会议 for an opinion from this year's plenary); None if not scheduled."""
    days = [held for k, held in meetings if k == kind and held.year == after.year + 1]
    return min(days) if days else None


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; a day the target month lacks becomes its last
    (30 November + 3 months = 28/29 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = _month_length(year, month)
    return date(year, month, min(day.day, last))


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days
