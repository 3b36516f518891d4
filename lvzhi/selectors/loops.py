"""Reading the closed loops: lists by loop / stage / department / deadline state with eager
loading (a fixed number of statements however many matters), one matter with its timeline,
and the year's figures from GROUP BY queries.

Deadlines are derived here from the loop's rules, the meeting calendar and today's local
date (``matter_due``, ``assignment_due``, ``deadline_state``) — nothing is a stored flag.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import selectinload

from ..clock import local_today
from ..domain import consultations as consultation_rules
from ..domain import loops as rules
from ..domain import overdue as overdue_rules
from ..domain.calendar import Meetings
from ..domain.loop_specs import spec as loop_spec
from ..extensions import db
from ..models import (
    Attachment,
    Department,
    Matter,
    MatterAssignment,
    MatterEvaluation,
    MatterEvent,
    MatterPerson,
    Meeting,
)
from ..models.loops import MATTER_EVENT_FILES

FILED_STAGES = (
    rules.FILED,
    rules.ASSIGNED,
    rules.HANDLING,
    rules.REPLIED,
    rules.REHANDLING,
    rules.CLOSED,
)
REPLIED_STAGES = (rules.REPLIED, rules.REHANDLING, rules.CLOSED)


def _eager():
    return (
        selectinload(Matter.people).selectinload(MatterPerson.member),
        selectinload(Matter.assignments).selectinload(MatterAssignment.department),
    )


def meetings(org_id: int) -> list[tuple[str, date]]:
    """The calendar as (kind, held_on) pairs, for the deadline rules (one statement)."""
    rows = db.session.execute(select(Meeting.kind, Meeting.held_on).where(Meeting.org_id == org_id))
    return [(kind, held_on) for kind, held_on in rows]


def matters(
    org_id: int,
    loop: str,
    *,
    year: int | None = None,
    stages: tuple[str, ...] | None = None,
    department_id: int | None = None,
    member_id: int | None = None,
    key_only: bool = False,
    public_only: bool = False,
    search: str = "",
) -> list[Matter]:
    """Matters of a loop, newest first, people and assignments loaded (3 statements).
    ``department_id``: active assignments of that department only; ``member_id``: matters
    the member is on (any part, any consent — screens filter the listing)."""
    stmt = select(Matter).where(Matter.org_id == org_id, Matter.loop == loop)
    if year is not None:
        stmt = stmt.where(Matter.year == year)
    if stages:
        stmt = stmt.where(Matter.stage.in_(stages))
    if department_id is not None:
        stmt = stmt.where(
            Matter.id.in_(
                select(MatterAssignment.matter_id).where(
                    MatterAssignment.department_id == department_id,
                    MatterAssignment.active.is_(True),
                )
            )
        )
    if member_id is not None:
        stmt = stmt.where(
            Matter.id.in_(select(MatterPerson.matter_id).where(MatterPerson.member_id == member_id))
        )
    if key_only:
        stmt = stmt.where(Matter.is_key.is_(True))
    if public_only:
        stmt = stmt.where(Matter.is_public.is_(True), Matter.stage.in_(FILED_STAGES))
    if search.strip():
        stmt = stmt.where(Matter.title.contains(search.strip(), autoescape=True))
    stmt = stmt.options(*_eager()).order_by(Matter.id.desc())
    return list(db.session.scalars(stmt))


def matter(org_id: int, matter_id: int) -> Matter | None:
    """One matter of the organization with people, assignments and its timeline loaded."""
    return db.session.scalar(
        select(Matter)
        .where(Matter.org_id == org_id, Matter.id == matter_id)
        .options(
            *_eager(),
            selectinload(Matter.events).selectinload(MatterEvent.actor),
            selectinload(Matter.events).selectinload(MatterEvent.department),
        )
    )


def by_token(user, token: str | None, loop: str) -> Matter | None:
    """The matter of ``loop`` that ``user`` created with a form's ``token`` (an earlier
    autosave or a double tap of the same form), else None."""
    if not token:
        return None
    return db.session.scalar(
        select(Matter).where(
            Matter.client_token == token,
            Matter.org_id == user.org_id,
            Matter.created_by_id == user.id,
            Matter.loop == loop,
        )
    )


def event_files(events: list[MatterEvent]) -> dict[int, list[Attachment]]:
    """The files of each timeline event (one statement)."""
    ids = [e.id for e in events]
    found: dict[int, list[Attachment]] = defaultdict(list)
    if not ids:
        return found
    rows = db.session.scalars(
        select(Attachment)
        .where(Attachment.owner_type == MATTER_EVENT_FILES, Attachment.owner_id.in_(ids))
        .order_by(Attachment.id)
    )
    for a in rows:
        found[a.owner_id].append(a)
    return found


# --- derived deadlines ---------------------------------------------------------------------


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
    inputs = (
        Matter.kind,
        Matter.year,
        Meeting.held_on,
        MatterAssignment.assigned_on,
        MatterAssignment.reply_months,
        MatterAssignment.extended_to,
    )
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


# --- figures -------------------------------------------------------------------------------


def stage_counts(org_id: int, year: int) -> dict[str, dict[str, int]]:
    """Every loop's matters by stage for the year — ONE GROUP BY: {loop: {stage: n}}."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    rows = db.session.execute(
        select(Matter.loop, Matter.stage, func.count(Matter.id))
        .where(Matter.org_id == org_id, Matter.year == year)
        .group_by(Matter.loop, Matter.stage)
    )
    for loop, stage, n in rows:
        counts[loop][stage] = n
    return counts


@dataclass
class DepartmentFigures:
    department_id: int
    name: str
    assigned: int = 0
    replied: int = 0
    classes: dict[str, int] = field(default_factory=dict)


@dataclass
class ProposalFigures:
    received: int = 0
    filed: int = 0
    opinions: int = 0
    merged: int = 0
    replied: int = 0
    classes: dict[str, int] = field(default_factory=dict)  # A/B/C → n
    verdicts: dict[str, int] = field(default_factory=dict)  # satisfied/basic/unsatisfied → n
    departments: list[DepartmentFigures] = field(default_factory=list)

    @property
    def reply_rate(self) -> float | None:
        """办复率 = replied ÷ filed; None before anything is filed."""
        return self.replied / self.filed if self.filed else None


def proposal_figures(org_id: int, year: int) -> ProposalFigures:
    """The year's proposal figures in three GROUP BY statements, whatever the count."""
    by_stage = stage_counts(org_id, year).get("proposal", {})
    f = ProposalFigures(
        received=sum(n for s, n in by_stage.items() if s != rules.DRAFT),
        filed=sum(by_stage.get(s, 0) for s in FILED_STAGES),
        opinions=by_stage.get(rules.OPINION, 0),
        merged=by_stage.get(rules.MERGED, 0),
        replied=sum(by_stage.get(s, 0) for s in REPLIED_STAGES),
    )
    rows = db.session.execute(
        select(
            MatterAssignment.department_id,
            Department.name,
            MatterAssignment.reply_class,
            func.count(MatterAssignment.id),
        )
        .join(Matter, Matter.id == MatterAssignment.matter_id)
        .join(Department, Department.id == MatterAssignment.department_id)
        .where(
            Matter.org_id == org_id,
            Matter.year == year,
            Matter.loop == "proposal",
            Matter.stage.in_(FILED_STAGES),
            MatterAssignment.active.is_(True),
            MatterAssignment.is_lead.is_(True),
        )
        .group_by(MatterAssignment.department_id, Department.name, MatterAssignment.reply_class)
        .order_by(Department.name)
    )
    by_department: dict[int, DepartmentFigures] = {}
    for dept_id, name, reply_class, n in rows:
        d = by_department.setdefault(dept_id, DepartmentFigures(dept_id, name))
        d.assigned += n
        if reply_class:
            d.replied += n
            d.classes[reply_class] = n
            f.classes[reply_class] = f.classes.get(reply_class, 0) + n
    f.departments = list(by_department.values())
    last_round = (
        select(MatterEvaluation.matter_id, func.max(MatterEvaluation.round).label("r"))
        .where(MatterEvaluation.org_id == org_id)  # the body's evaluations, not every body's
        .group_by(MatterEvaluation.matter_id)
        .subquery()
    )
    verdicts = db.session.execute(
        select(MatterEvaluation.verdict, func.count(MatterEvaluation.id))
        .join(
            last_round,
            (last_round.c.matter_id == MatterEvaluation.matter_id)
            & (last_round.c.r == MatterEvaluation.round),
        )
        .join(Matter, Matter.id == MatterEvaluation.matter_id)
        .where(Matter.org_id == org_id, Matter.year == year, Matter.loop == "proposal")
        .group_by(MatterEvaluation.verdict)
    )
    f.verdicts = {v: n for v, n in verdicts}
    return f


@dataclass
class Work:
    """One assignment on a department's list: what is due (reply or co-handling opinion),
    derived state; ``due`` None once its part is done."""

    assignment: MatterAssignment
    matter: Matter
    due: rules.Due | None
    state: str | None


WORK_DONE = ("feedback", "track", "closed", "handled")  # a loop's stages past the handling


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
        stmt = stmt.where(
            or_(
                (Matter.loop == "proposal") & Matter.stage.in_(rules.IN_HANDS),
                (Matter.loop != "proposal") & Matter.stage.not_in(WORK_DONE),
                MatterAssignment.reassign_decision == "refused",
            )
        )
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
