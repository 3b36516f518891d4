"""The closed loops' derived deadlines: a matter's running deadline, an assignment's, which
matters are overdue (listed or counted in SQL) and a department's work list — all from
``domain.overdue``'s one rule, the loop's deadline rules, the meeting calendar and today's
local date. Nothing here is a stored flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, bindparam, false, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

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
        return rules.due(
            spec.deadline("co_opinion"), assignment.assigned_on, months=assignment.co_opinion_months
        )
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


def proposal_leads(org_id) -> Select:
    """The reply periods of the body's proposals in hands, one row per active lead."""
    return (
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


def proposals_overdue_count(org_id: int, today: date | None = None) -> int:
    """How many proposals are overdue — counted in SQL (two statements, a few rows, however
    many are being handled): the lead's reply is late when it was extended to before today,
    or, unextended, assigned before the cut-off its reply period gives for today."""
    today = today or local_today()
    periods = db.session.scalars(proposal_leads(org_id).distinct()).all()
    return db.session.scalar(proposals_overdue_select(org_id, tuple(periods), today)) or 0


def proposals_overdue_select(org_id: int, periods: tuple, today: date):
    """``proposals_overdue_count``'s count as a SELECT, given the reply periods (months) of
    the proposals in hands (the badge runs it inside its one statement)."""
    rule = loop_spec("proposal").deadline("reply")
    late = [
        (MatterAssignment.reply_months == m)
        & (MatterAssignment.assigned_on < rules.first_start_not_overdue(rule, today, m))
        for m in periods
    ]
    unextended = MatterAssignment.extended_to.is_(None) & or_(false(), *late)
    return (
        proposal_leads(org_id)
        .with_only_columns(func.count(func.distinct(Matter.id)))
        .where((MatterAssignment.extended_to < today) | unextended)
    )


@dataclass
class Work:
    """One assignment on a department's list: what is due (reply or co-handling opinion),
    derived state; ``due`` None once its part is done."""

    assignment: MatterAssignment
    matter: Matter
    due: rules.Due | None
    state: str | None


class WorkInputs(NamedTuple):
    """What an assignment's due reads: its matter, itself, and its matter's lead."""

    loop: str
    kind: str
    year: int
    stage: str
    held_on: date | None  # the matter's meeting
    is_lead: bool
    assigned_on: date | None
    reply_months: int | None
    extended_to: date | None
    co_opinion_at: object
    co_opinion_months: int | None
    lead_assigned_on: date | None
    lead_reply_months: int | None
    lead_extended_to: date | None


def work_due(x: WorkInputs, calendar: Meetings = ()) -> rules.Due | None:
    """An assignment's due while its part is open (``assignment_due``'s rule), else None: a
    proposal's co-handler is done once its opinion is in; any other loop's assignment is
    open while the matter owes its feedback, due when the lead's is."""
    if not overdue_rules.feedback_owed(x.loop, x.stage):
        return None
    if x.loop != "proposal":
        due = overdue_rules.feedback_due(
            x.loop,
            x.kind,
            x.year,
            x.lead_assigned_on,
            calendar,
            held_on=x.held_on,
            months=x.lead_reply_months,
            extended_to=x.lead_extended_to,
        )
        return due or rules.Due(None, "")
    spec = loop_spec("proposal")
    if not x.is_lead:
        if x.co_opinion_at is not None:
            return None
        return rules.due(spec.deadline("co_opinion"), x.assigned_on, months=x.co_opinion_months)
    return rules.due(
        spec.deadline("reply"), x.assigned_on, months=x.reply_months, extended_to=x.extended_to
    )


def _inputs_of(a: MatterAssignment, m: Matter) -> WorkInputs:
    lead = m.lead_assignment
    return WorkInputs(
        m.loop,
        m.kind,
        m.year,
        m.stage,
        m.meeting.held_on if m.meeting_id else None,
        a.is_lead,
        a.assigned_on,
        a.reply_months,
        a.extended_to,
        a.co_opinion_at,
        a.co_opinion_months,
        lead.assigned_on if lead else None,
        lead.reply_months if lead else None,
        lead.extended_to if lead else None,
    )


WORK_ORDER = {rules.OVERDUE: 0, rules.DUE_SOON: 1, rules.ON_TIME: 2, rules.UNSCHEDULED: 3, None: 4}


def _work_key(x) -> tuple:
    return (WORK_ORDER[x.state], (x.due.on if x.due else None) or date.max)


def department_work(
    org_id: int, department_id: int, today: date | None = None, calendar: Meetings = ()
) -> list[Work]:
    """A department's active assignments (every loop), overdue first, then due soon, then by
    due date; done ones last (six statements however many)."""
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
        .options(selectinload(MatterAssignment.matter).options(*_eager()))
    )
    work = []
    for a in db.session.scalars(stmt):
        due = work_due(_inputs_of(a, a.matter), calendar)
        work.append(Work(a, a.matter, due, rules.deadline_state(due.on, today) if due else None))
    return sorted(work, key=_work_key)


@dataclass
class WorkRow:
    """One line of a department's list before its matter is loaded (``department_rows``)."""

    assignment_id: int
    loop: str
    stage: str
    accepted_at: object
    reassign_decision: str
    reassign_asked_at: object
    due: rules.Due | None
    state: str | None


@cache
def _rows_select(open_only: bool):
    """``department_rows``' statement, built once (building it costs more than running it):
    the body and the department are parameters."""
    lead = aliased(MatterAssignment)
    a = MatterAssignment
    stmt = (
        select(
            a.id,
            a.accepted_at,
            a.reassign_decision,
            a.reassign_asked_at,
            Matter.loop,
            Matter.kind,
            Matter.year,
            Matter.stage,
            Meeting.held_on,
            a.is_lead,
            a.assigned_on,
            a.reply_months,
            a.extended_to,
            a.co_opinion_at,
            a.co_opinion_months,
            lead.assigned_on,
            lead.reply_months,
            lead.extended_to,
        )
        .join(Matter, Matter.id == a.matter_id)
        .outerjoin(Meeting, Meeting.id == Matter.meeting_id)
        .outerjoin(
            lead, (lead.matter_id == Matter.id) & lead.is_lead.is_(True) & lead.active.is_(True)
        )
        .where(
            Matter.org_id == bindparam("org_id"),
            a.department_id == bindparam("department_id"),
            a.active.is_(True),
        )
        .order_by(a.id.desc(), lead.id)
    )
    if open_only:
        stmt = stmt.where(or_(owed_stage(), a.reassign_decision == "refused"))
    return stmt


def department_rows(
    org_id: int,
    department_id: int,
    today: date | None = None,
    calendar: Meetings = (),
    *,
    open_only: bool = False,
) -> list[WorkRow]:
    """``department_work``'s list, in its order, from columns (one statement, no matter or
    assignment loaded): the portal counts and pages these and loads only a page's work
    (``work_of``). ``open_only``: without the done ones unless a reassignment was refused
    (the to-dos: bounded by the open work, not by the years of history)."""
    today = today or local_today()
    stmt = _rows_select(open_only)
    params = {"org_id": org_id, "department_id": department_id}
    rows, seen = [], set()
    for assignment_id, accepted_at, decision, asked_at, *inputs in db.session.execute(stmt, params):
        if assignment_id in seen:  # a matter's first active lead is its lead
            continue
        seen.add(assignment_id)
        x = WorkInputs(*inputs)
        due = work_due(x, calendar)
        state = rules.deadline_state(due.on, today) if due else None
        rows.append(
            WorkRow(assignment_id, x.loop, x.stage, accepted_at, decision, asked_at, due, state)
        )
    return sorted(rows, key=_work_key)


def work_of(rows: list[WorkRow]) -> list[Work]:
    """The ``rows``' assignments with their matters, as ``Work`` in the rows' order (two
    statements: the assignments with their matters, the matters' meetings)."""
    if not rows:
        return []
    found = db.session.scalars(
        select(MatterAssignment)
        .where(MatterAssignment.id.in_([r.assignment_id for r in rows]))
        .options(joinedload(MatterAssignment.matter))
    )
    by_id = {a.id: a for a in found}
    return [
        Work(by_id[r.assignment_id], by_id[r.assignment_id].matter, r.due, r.state) for r in rows
    ]
