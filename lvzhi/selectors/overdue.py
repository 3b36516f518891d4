"""Overdue everywhere: the written feedback past or near its deadline across every loop —
each matter's lead department (proposal replies, consultation/supervision/speech/public
opinion feedback) and each numbered suggestion's department — with who is responsible.

Deadlines come from each loop spec's rules (``domain.overdue.feedback_rule``) and the
meeting calendar, generically by ``Matter.loop``; a rule whose meeting is not scheduled yet
is not late. Three statements whatever the count: the calendar, the open lead assignments
(columns only, bounded by organization and open stage), the unanswered suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select

from ..clock import local_today
from ..domain import loops as rules
from ..domain.loop_specs import LOOP_NAMES
from ..domain.loop_specs import spec as loop_spec
from ..domain.overdue import FEEDBACK_GIVEN, feedback_rule
from ..extensions import db
from ..models import Committee, Department, Matter, MatterAssignment, Suggestion
from .loops import meetings

LATE = (rules.OVERDUE, rules.DUE_SOON)


@dataclass
class Late:
    matter_id: int
    loop: str
    title: str
    what: str  # 书面反馈 / 答复 / 建议3
    department_id: int | None
    department: str
    committee: str
    due: rules.Due
    state: str  # overdue or due soon
    suggestion_id: int | None = None

    @property
    def loop_name(self) -> str:
        return LOOP_NAMES.get(self.loop, self.loop)

    @property
    def responsible(self) -> str:
        return " · ".join(x for x in (self.department, self.committee) if x) or "未指定"


def _late(loop: str, kind: str, start: date, calendar, today: date, **period):
    """(rule, due, state) of feedback started on ``start`` when it is past or near its
    deadline, else None."""
    rule = feedback_rule(loop_spec(loop), kind)
    if rule is None:
        return None
    due = rules.due(rule, start, calendar, **period)
    state = rules.deadline_state(due.on, today)
    return (rule, due, state) if state in LATE else None


def _open_stage():
    return or_(
        and_(Matter.loop == "proposal", Matter.stage.in_(rules.IN_HANDS)),
        and_(Matter.loop != "proposal", Matter.stage.not_in(FEEDBACK_GIVEN)),
    )


def _open_assignments(org_id: int, department_id: int | None, *columns):
    """``columns`` of the body's open lead assignments (of one department's)."""
    stmt = (
        select(*columns)
        .select_from(Matter)
        .join(MatterAssignment, MatterAssignment.matter_id == Matter.id)
        .join(Department, Department.id == MatterAssignment.department_id)
        .outerjoin(Committee, Committee.id == Matter.committee_id)
        .where(
            Matter.org_id == org_id,
            _open_stage(),
            MatterAssignment.active.is_(True),
            MatterAssignment.is_lead.is_(True),
        )
    )
    if department_id is not None:
        stmt = stmt.where(MatterAssignment.department_id == department_id)
    return stmt


def _matters(org_id: int, calendar, today: date, department_id: int | None) -> list[Late]:
    stmt = _open_assignments(
        org_id,
        department_id,
        Matter.id,
        Matter.loop,
        Matter.kind,
        Matter.title,
        Committee.name,
        MatterAssignment.assigned_on,
        MatterAssignment.reply_months,
        MatterAssignment.extended_to,
        MatterAssignment.department_id,
        Department.name,
    )
    found = []
    for (
        mid,
        loop,
        kind,
        title,
        committee,
        start,
        months,
        extended,
        dept_id,
        dept,
    ) in db.session.execute(stmt):
        period = {"months": months, "extended_to": extended} if loop == "proposal" else {}
        late = _late(loop, kind, start, calendar, today, **period)
        if late:
            rule, due, state = late
            found.append(
                Late(mid, loop, title, rule.label, dept_id, dept, committee or "", due, state)
            )
    return found


def _unanswered(org_id: int, department_id: int | None, *columns):
    """``columns`` of the body's assigned, unanswered suggestions (of one department's)."""
    stmt = (
        select(*columns)
        .select_from(Suggestion)
        .join(Matter, Matter.id == Suggestion.matter_id)
        .join(Department, Department.id == Suggestion.department_id)
        .outerjoin(Committee, Committee.id == Matter.committee_id)
        .where(
            Suggestion.org_id == org_id,
            Suggestion.answered_at.is_(None),
            Suggestion.assigned_on.is_not(None),
        )
    )
    if department_id is not None:
        stmt = stmt.where(Suggestion.department_id == department_id)
    return stmt


def _suggestions(org_id: int, calendar, today: date, department_id: int | None) -> list[Late]:
    stmt = _unanswered(
        org_id,
        department_id,
        Suggestion.id,
        Suggestion.number,
        Suggestion.assigned_on,
        Suggestion.department_id,
        Department.name,
        Matter.id,
        Matter.loop,
        Matter.kind,
        Matter.title,
        Committee.name,
    )
    found = []
    for sid, number, start, dept_id, dept, mid, loop, kind, title, committee in db.session.execute(
        stmt
    ):
        late = _late(loop, kind, start, calendar, today)
        if late:
            _rule, due, state = late
            what = f"建议{number}答复"
            found.append(
                Late(mid, loop, title, what, dept_id, dept, committee or "", due, state, sid)
            )
    return found


def late(org_id: int, today: date | None = None, department_id: int | None = None) -> list[Late]:
    """Everything past or near its deadline, overdue first then by date (3 statements)."""
    today = today or local_today()
    calendar = meetings(org_id)
    rows = _matters(org_id, calendar, today, department_id)
    rows += _suggestions(org_id, calendar, today, department_id)
    order = {rules.OVERDUE: 0, rules.DUE_SOON: 1}
    return sorted(rows, key=lambda x: (order[x.state], x.due.on or date.max, x.matter_id))


def overdue_count(
    org_id: int,
    today: date | None = None,
    department_id: int | None = None,
    *,
    matters: bool = True,
) -> int:
    """How many of ``late``'s rows are overdue (suggestions only unless ``matters``): the
    same rows counted by one GROUP BY over each deadline's inputs, so the rule runs once per
    start date and kind instead of once per row (the top bar's to-do count, on every page)."""
    today = today or local_today()
    calendar = meetings(org_id)
    n = 0
    if matters:
        inputs = (
            Matter.loop,
            Matter.kind,
            MatterAssignment.assigned_on,
            MatterAssignment.reply_months,
            MatterAssignment.extended_to,
        )
        stmt = _open_assignments(org_id, department_id, *inputs, func.count(MatterAssignment.id))
        for loop, kind, start, months, extended, k in db.session.execute(stmt.group_by(*inputs)):
            period = {"months": months, "extended_to": extended} if loop == "proposal" else {}
            late = _late(loop, kind, start, calendar, today, **period)
            n += k if late and late[2] == rules.OVERDUE else 0
    inputs = (Matter.loop, Matter.kind, Suggestion.assigned_on)
    stmt = _unanswered(org_id, department_id, *inputs, func.count(Suggestion.id))
    for loop, kind, start, k in db.session.execute(stmt.group_by(*inputs)):
        late = _late(loop, kind, start, calendar, today)
        n += k if late and late[2] == rules.OVERDUE else 0
    return n
