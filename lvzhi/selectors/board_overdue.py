"""The leaders' board's overdue figures: ``domain.overdue``'s one rule written in SQL (the
stages that still owe feedback, the rule chosen by kind, where it counts from, the meeting
calendar) — the same rule ``selectors.loop_deadlines.matter_due``, the overdue list and the
department portal apply in Python — so the board's count and the list behind it are one
condition. Counted by loop, lead department and committee in one GROUP BY."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import exists, extract, false, func, or_, select
from sqlalchemy.orm import aliased

from ..domain import loops as rules
from ..domain import overdue as overdue_rules
from ..domain.loop_specs import LOOPS
from ..extensions import db
from ..models import (
    Committee,
    Department,
    Matter,
    MatterAssignment,
    MatterPerson,
    Meeting,
    Member,
)

# --- overdue in SQL --------------------------------------------------------------


def _lead():
    return aliased(MatterAssignment, name="lead")


def _start(start: str, lead, rule: rules.DeadlineRule):
    """SQL for where ``rule``'s deadline counts from (``domain.overdue``'s start codes): a
    date, or — for a "next year's meeting" rule — the year it counts from."""
    own = aliased(Meeting, name="own_meeting")
    held = (
        select(own.held_on).where(own.id == Matter.meeting_id).correlate(Matter).scalar_subquery()
    )
    if start == overdue_rules.ASSIGNED:
        day = lead.assigned_on
    elif start == overdue_rules.MEETING_OR_ASSIGNED:
        day = func.coalesce(held, lead.assigned_on)
    elif rule.meeting and rule.next_year and start == overdue_rules.MEETING_OR_YEAR:
        return func.coalesce(extract("year", held), Matter.year)
    elif rule.meeting and rule.next_year and start == overdue_rules.YEAR:
        return Matter.year
    else:  # a rule the database form does not know yet: fail loudly, not silently wrong
        raise ValueError(f"no SQL for a {rule.code!r} deadline counted from {start!r}")
    return extract("year", day) if rule.meeting and rule.next_year else day


def _rule_overdue(rule: rules.DeadlineRule, start: str, lead, org_id: int, today: date):
    """The SQL condition "the deadline ``rule`` gives from ``start`` is past on ``today``"."""
    if rule.meeting:
        held = [Meeting.org_id == org_id, Meeting.kind == rule.meeting, Meeting.held_on < today]
        if rule.next_year:
            held.append(extract("year", Meeting.held_on) == _start(start, lead, rule) + 1)
        else:
            held.append(Meeting.held_on > _start(start, lead, rule))
        return exists(select(Meeting.id).where(*held))
    if start != overdue_rules.ASSIGNED:
        raise ValueError(f"no SQL for a {rule.code!r} period counted from {start!r}")
    return lead.assigned_on < rules.first_start_not_overdue(rule, today)


def _proposal_overdue(lead, today: date, periods: list[int]):
    rule = LOOPS["proposal"].deadline("reply")
    late = [
        (lead.reply_months == m)
        & (lead.assigned_on < rules.first_start_not_overdue(rule, today, m))
        for m in periods
    ]
    return (lead.extended_to < today) | (lead.extended_to.is_(None) & or_(false(), *late))


def _loop_overdue(code: str, lead, org_id: int, today: date):
    """A loop other than proposals: the rule chosen by the matter's kind (else the first),
    counted from where ``domain.overdue.feedback_start`` says."""
    spec = LOOPS[code]
    codes = [r.code for r in spec.deadlines]
    chosen = []
    for i, rule in enumerate(spec.deadlines):
        chosen.append(
            (Matter.kind == rule.code)
            & _rule_overdue(
                rule, overdue_rules.feedback_start(code, rule.code), lead, org_id, today
            )
        )
        if i == 0:  # a kind without a rule of its own takes the first
            other = overdue_rules.feedback_start(code, "")
            chosen.append(
                Matter.kind.not_in(codes) & _rule_overdue(rule, other, lead, org_id, today)
            )
    return or_(false(), *chosen)


def reply_periods(org_id: int) -> tuple[int, ...]:
    """The proposals' reply periods (months) the body's lead assignments use (one small
    statement)."""
    return tuple(
        sorted(
            db.session.scalars(
                select(MatterAssignment.reply_months)
                .where(MatterAssignment.org_id == org_id, MatterAssignment.is_lead.is_(True))
                .distinct()
            )
        )
    )


def overdue_condition(org_id: int, today: date, lead, periods: tuple[int, ...] | None = None):
    """Matters (joined to their active lead assignment ``lead``) past their deadline on
    ``today``, every loop — ``domain.overdue``'s rule in SQL: owed at their stage, past the
    deadline of their loop and kind. ``periods``: the body's ``reply_periods`` (read here
    when not given)."""
    periods = list(reply_periods(org_id) if periods is None else periods)
    per_loop = []
    for code, stages in overdue_rules.OWED.items():
        if not stages or not LOOPS[code].deadlines:
            continue
        late = (
            _proposal_overdue(lead, today, periods)
            if code == "proposal"
            else _loop_overdue(code, lead, org_id, today)
        )
        per_loop.append((Matter.loop == code) & Matter.stage.in_(stages) & late)
    return or_(false(), *per_loop)


def with_lead(stmt, lead):
    """The matter's active lead assignment as ``lead`` — NULL when it has none (a speech
    instructed but not yet assigned can be overdue all the same)."""
    return stmt.outerjoin(
        lead,
        (lead.matter_id == Matter.id) & lead.is_lead.is_(True) & lead.active.is_(True),
    )


def matter_committee():
    """The committee a matter belongs to: its own (a committee's consultation or collective
    proposal), else its first proposer's."""
    proposer = (
        select(Member.committee_id)
        .join(MatterPerson, MatterPerson.member_id == Member.id)
        .where(MatterPerson.matter_id == Matter.id, MatterPerson.part == "proposer")
        .order_by(MatterPerson.position)
        .limit(1)
        .correlate(Matter)
        .scalar_subquery()
    )
    return func.coalesce(Matter.committee_id, proposer)


@dataclass
class Overdue:
    by_loop: dict[str, int] = field(default_factory=dict)
    by_department: list[tuple[int | None, str, int]] = field(default_factory=list)  # id, name, n
    by_committee: list[tuple[int | None, str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_loop.values())


@lru_cache(maxsize=128)
def _overdue_counts(org_id: int, year: int, today: date, periods: tuple[int, ...]):
    """The GROUP BY behind ``overdue``, each group with its department's and committee's
    names: built once per body, year, day and reply periods — the rule's SQL is a large
    expression (≈ 7 ms of Python to build), its values all in the key, and a built statement
    is immutable, so requests share it."""
    lead = _lead()
    committee = matter_committee().label("committee_id")
    counts = (
        with_lead(
            select(
                Matter.loop,
                lead.department_id.label("department_id"),
                committee,
                func.count(Matter.id).label("n"),
            ),
            lead,
        )
        .where(
            Matter.org_id == org_id,
            Matter.year == year,
            overdue_condition(org_id, today, lead, periods),
        )
        .group_by(Matter.loop, lead.department_id, committee)
        .subquery("counts")
    )
    return (
        select(
            counts.c.loop,
            counts.c.department_id,
            Department.name,
            counts.c.committee_id,
            Committee.name,
            counts.c.n,
        )
        .outerjoin(
            Department,
            (Department.id == counts.c.department_id) & (Department.org_id == org_id),
        )
        .outerjoin(
            Committee, (Committee.id == counts.c.committee_id) & (Committee.org_id == org_id)
        )
    )


def overdue(org_id: int, year: int, today: date) -> Overdue:
    """The year's overdue matters by loop, lead department and committee (two statements:
    the reply periods, the counts with the names)."""
    stmt = _overdue_counts(org_id, year, today, reply_periods(org_id))
    result = Overdue()
    by_dept: dict[int | None, int] = {}
    by_committee: dict[int | None, int] = {}
    names: tuple[dict, dict] = ({}, {})
    for loop, dept_id, dept_name, committee_id, committee_name, n in db.session.execute(stmt):
        result.by_loop[loop] = result.by_loop.get(loop, 0) + n
        by_dept[dept_id] = by_dept.get(dept_id, 0) + n
        by_committee[committee_id] = by_committee.get(committee_id, 0) + n
        if dept_name is not None:
            names[0][dept_id] = dept_name
        if committee_name is not None:
            names[1][committee_id] = committee_name
    result.by_department = sorted(
        ((d, names[0].get(d, "（未交办）"), n) for d, n in by_dept.items()),
        key=lambda x: (-x[2], x[1]),
    )
    result.by_committee = sorted(
        ((c, names[1].get(c, "（未分配）"), n) for c, n in by_committee.items()),
        key=lambda x: (-x[2], x[1]),
    )
    return result
