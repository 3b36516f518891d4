"""The closed loops' derived deadlines: a matter's running deadline, an assignment's, which
matters are overdue (listed or counted in SQL) and a department's work list — all from
``domain.overdue``'s one rule, the loop's deadline rules, the meeting calendar and today's
local date. Nothing here is a stored flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import selectinload

from ..clock import local_today
from ..domain import consultations as consultation_rules
from ..domain import loops as rules
from ..domain import overdue as overdue_rules
from ..domain.calendar import Meetings
from ..domain.loop_specs import spec as loop_spec
from ..extensions import db
from ..models import Matter, MatterAssignment, Meeting
from .loops import _eager, matters, meetings

# a matter's deadline inputs after its loop (``domain.overdue.feedback_due``'s), as columns
DEADLINE_INPUTS = (
    Matter.kind,
    Matter.year,
    Meeting.held_on,
    MatterAssignment.assigned_on,
    MatterAssignment.reply_months,
    MatterAssignment.extended_to,
)


@cache
def owed_stage():
    """SQL: the matter is at a stage at which its loop still owes the feedback (``OWED``);
    built once (an expression is immutable; building it costs more than the count it serves)."""
    return or_(
        *(
            (Matter.loop == loop) & Matter.stage.in_(stages)
            for loop, stages in overdue_rules.OWED.items()
            if stages
        )
    )


def assignment_due(assignment: MatterAssignment, calendar: Meetings = ()) -> rules.Due:
    """The lead's reply due (its period, extension) or a co-handler's opinion due."""
    spec = loop_spec(assignment.matter.loop)
    if spec.code != "proposal":
        return matter_due(assignment.matter, calendar) or rules.Due(None, "")
    if not assignment.is_lead:
        return rules.due(spec.deadline("co_opinion"), assignment.assigned_on)
    return rules.due(
        spec.deadline("reply"),
        assignment.assigned_on,
        months=assignment.reply_months,
        extended_to=assignment.extended_to,
    )


def matter_due(matter: Matter, calendar: Meetings = ()) -> rules.Due | None:
    """The matter's running deadline: None when nothing is owed at its stage (not assigned,
    fed back…) or nothing to count from yet — ``domain.overdue``'s one rule, from its lead
    assignment and its meeting."""
    if not overdue_rules.feedback_owed(matter.loop, matter.stage):
        return None
    lead = matter.lead_assignment
    return overdue_rules.feedback_due(
        matter.loop,
        matter.kind,
        matter.year,
        lead.assigned_on if lead else None,
        calendar,
        held_on=matter.meeting.held_on if matter.meeting_id else None,
        months=lead.reply_months if lead else None,
        extended_to=lead.extended_to if lead else None,
    )


def lead_overdue_count(
    org_id: int, loop: str, stages: tuple[str, ...], calendar: Meetings = (), today=None
) -> int:
    """How many of the loop's matters at ``stages`` are overdue — ``matter_due``'s rule
    (``domain.overdue``) for matters counted from their lead assignment — from one GROUP BY
    over the rule's inputs instead of loading every matter (the to-do count in the top bar)."""
    today = today or local_today()
    owed = [s for s in stages if overdue_rules.feedback_owed(loop, s)]
    if not owed:
        return 0
    inputs = DEADLINE_INPUTS
    rows = db.session.execute(
        select(*inputs, func.count(Matter.id))
        .join(MatterAssignment, MatterAssignment.matter_id == Matter.id)
        .outerjoin(Meeting, Meeting.id == Matter.meeting_id)
        .where(
            Matter.org_id == org_id,
            Matter.loop == loop,
            Matter.stage.in_(owed),
            MatterAssignment.is_lead.is_(True),
            MatterAssignment.active.is_(True),
        )
        .group_by(*inputs)
    )
    n = 0
    for kind, year, held_on, start, months, extended_to, k in rows:
        due = overdue_rules.feedback_due(
            loop,
            kind,
            year,
            start,
            calendar,
            held_on=held_on,
            months=months,
            extended_to=extended_to,
        )
        if due and due.on and rules.deadline_state(due.on, today) == rules.OVERDUE:
            n += k
    return n


def consultation_due(matter: Matter, calendar: Meetings = ()) -> rules.Due:
    """A consultation's written feedback, by its kind (DOMAIN.md's table): from its meeting's
    date and the calendar, an X activity from its 交办 — whatever stage it is at (the topic's
    page shows it from the plan on)."""
    lead = matter.lead_assignment
    return consultation_rules.feedback_due(
        matter.kind,
        matter.year,
        matter.meeting.held_on if matter.meeting else None,
        lead.assigned_on if lead else None,
        calendar,
    )


@dataclass
class Due:
    matter: Matter
    due: rules.Due
    state: str  # rules.DEADLINE_STATES


def deadlines(rows: list[Matter], calendar: Meetings, today: date | None = None) -> list[Due]:
    """Each matter with a running deadline and its derived state, overdue first then by date."""
    today = today or local_today()
    found = []
    for m in rows:
        d = matter_due(m, calendar)
        if d is not None:
            found.append(Due(m, d, rules.deadline_state(d.on, today)))
    order = {rules.OVERDUE: 0, rules.DUE_SOON: 1, rules.ON_TIME: 2, rules.UNSCHEDULED: 3}
    return sorted(found, key=lambda x: (order[x.state], x.due.on or date.max, x.matter.id))


def overdue(
    org_id: int, loop: str, today: date | None = None, department_id: int | None = None
) -> list[Due]:
    """The overdue matters of a loop (derived; 4 statements)."""
    owed = overdue_rules.OWED.get(loop, ())
    if not owed:
        return []
    rows = matters(org_id, loop, stages=owed, department_id=department_id)
    due = deadlines(rows, meetings(org_id), today)
    return [d for d in due if d.state == rules.OVERDUE]


def proposals_overdue_count(org_id: int, today: date | None = None) -> int:
    """How many proposals are overdue — counted in SQL (two statements, a few rows, however
    many are being handled): the lead's reply is late when it was extended to before today,
    or, unextended, assigned before the cut-off its reply period gives for today."""
    today = today or local_today()
    rule = loop_spec("proposal").deadline("reply")
    lead = (
        select(MatterAssignment.reply_months)
        .join(Matter, Matter.id == MatterAssignment.matter_id)
        .where(
            Matter.org_id == org_id,
            Matter.loop == "proposal",
            Matter.stage.in_(rules.IN_HANDS),
            MatterAssignment.is_lead.is_(True),
            MatterAssignment.active.is_(True),
        )
    )
    periods = db.session.scalars(lead.distinct()).all()
    late = [
        (MatterAssignment.reply_months == m)
        & (MatterAssignment.assigned_on < rules.first_start_not_overdue(rule, today, m))
        for m in periods
    ]
    unextended = MatterAssignment.extended_to.is_(None) & or_(false(), *late)
    stmt = lead.with_only_columns(func.count(func.distinct(Matter.id))).where(
        (MatterAssignment.extended_to < today) | unextended
    )
    return db.session.scalar(stmt) or 0


@dataclass
class Work:
    """One assignment on a department's list: what is due (reply or co-handling opinion),
    derived state; ``due`` None once its part is done."""

    assignment: MatterAssignment
    matter: Matter
    due: rules.Due | None
    state: str | None


def department_work(
    org_id: int,
    department_id: int,
    today: date | None = None,
    calendar: Meetings = (),
    *,
    open_only: bool = False,
) -> list[Work]:
    """A department's active assignments (every loop), overdue first, then due soon, then by
    due date; done ones last (six statements however many). ``open_only``: without the done
    ones unless a reassignment was refused (the to-dos: bounded by the open work, not by the
    years of history)."""
    today = today or local_today()
    stmt = (
        select(MatterAssignment)
        .join(Matter, Matter.id == MatterAssignment.matter_id)
        .where(
            Matter.org_id == org_id,
            MatterAssignment.department_id == department_id,
            MatterAssignment.active.is_(True),
        )
        .order_by(MatterAssignment.id.desc())
    )
    # the to-dos need no people or department names: only what the deadlines read
    eager = (selectinload(Matter.assignments),) if open_only else _eager()
    stmt = stmt.options(selectinload(MatterAssignment.matter).options(*eager))
    if open_only:
        stmt = stmt.where(or_(owed_stage(), MatterAssignment.reassign_decision == "refused"))
    work = []
    for a in db.session.scalars(stmt):
        m = a.matter
        open_ = overdue_rules.feedback_owed(m.loop, m.stage)
        if m.loop == "proposal":
            open_ = open_ and (a.is_lead or a.co_opinion_at is None)
        due = assignment_due(a, calendar) if open_ else None
        work.append(Work(a, m, due, rules.deadline_state(due.on, today) if due else None))
    order = {rules.OVERDUE: 0, rules.DUE_SOON: 1, rules.ON_TIME: 2, rules.UNSCHEDULED: 3, None: 4}
    return sorted(work, key=lambda x: (order[x.state], (x.due.on if x.due else None) or date.max))
