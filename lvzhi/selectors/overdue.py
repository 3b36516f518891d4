"""Overdue everywhere: the written feedback past or near its deadline across every loop —
each matter's lead department (proposal replies, consultation/supervision/speech/public
opinion feedback), each co-handling department's 会办意见 on a proposal being handled and
each numbered suggestion's department — with who is responsible.

Which matters owe feedback and by when is ``domain.overdue``'s one rule (the stages, the
rule chosen by kind, where it counts from), so this list, the board's 逾期 figures and the
department portal count the same matters (the board counts matters, so a late 会办意见 is on
this list and in the count, not among the board's figures); a meeting not scheduled yet is not late. Four
statements whatever the count: the calendar, the open lead assignments (columns only,
bounded by organization and open stage), the owed 会办意见, the unanswered suggestions. The
count (the top bar's) runs the same three statements grouped by the deadline's inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Select, func, select

from ..clock import local_today
from ..domain import loops as rules
from ..domain.calendar import Meetings
from ..domain.loop_specs import LOOP_NAMES
from ..domain.loop_specs import spec as loop_spec
from ..domain.overdue import OWED, feedback_due, feedback_rule, suggestion_due
from ..extensions import db
from ..models import Committee, Department, Matter, MatterAssignment, Meeting, Suggestion
from ..stamps import kept
from . import same_body
from .loop_deadlines import DEADLINE_INPUTS, owed_stage
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


def _state(due: rules.Due | None, today: date) -> str | None:
    """The deadline's state when it is past or near, else None."""
    if due is None:
        return None
    state = rules.deadline_state(due.on, today)
    return state if state in LATE else None


# a matter's deadline inputs (``domain.overdue.feedback_due``'s): the list reads them per row,
# the count groups by them — the same statement's rows either way
MATTER_INPUTS = (Matter.loop, *DEADLINE_INPUTS)
SUGGESTION_INPUTS = (Matter.loop, Matter.kind, Matter.year, Meeting.held_on, Suggestion.assigned_on)


def _matters_select(org_id: int, department_id: int | None, *columns):
    """The matters owing feedback (at an owed stage) with their lead department, if any (an
    instructed speech may have none yet)."""
    stmt = (
        select(*columns)
        .select_from(Matter)
        .outerjoin(
            MatterAssignment,
            (MatterAssignment.matter_id == Matter.id)
            & MatterAssignment.active.is_(True)
            & MatterAssignment.is_lead.is_(True),
        )
        # the body's own meetings: unbound, PostgreSQL hashed every body's (≈ 6,000)
        .outerjoin(Meeting, same_body(Meeting, Matter.meeting_id))
        .where(Matter.org_id == org_id, owed_stage())
    )
    if department_id is not None:
        stmt = stmt.where(MatterAssignment.department_id == department_id)
    return stmt


def _suggestions_select(org_id: int, department_id: int | None, *columns):
    """The unanswered suggestions assigned to a department (and since when)."""
    stmt = (
        select(*columns)
        .select_from(Suggestion)
        .join(Matter, Matter.id == Suggestion.matter_id)
        .join(Department, same_body(Department, Suggestion.department_id))
        .outerjoin(Meeting, same_body(Meeting, Matter.meeting_id))  # a topic's own meeting
        .where(
            Suggestion.org_id == org_id,
            Suggestion.answered_at.is_(None),
            Suggestion.assigned_on.is_not(None),
        )
    )
    if department_id is not None:
        stmt = stmt.where(Suggestion.department_id == department_id)
    return stmt


CO_OPINION = loop_spec("proposal").deadline("co_opinion")
CO_INPUTS = (MatterAssignment.assigned_on, MatterAssignment.co_opinion_months)


def _co_opinions_select(org_id: int, department_id: int | None, *columns):
    """The co-handling departments' 会办意见 still owed on proposals being handled: the lead
    is waiting for them, and they have a deadline of their own (a month after 交办 by
    default)."""
    stmt = (
        select(*columns)
        .select_from(Matter)
        .join(
            MatterAssignment,
            (MatterAssignment.matter_id == Matter.id)
            & MatterAssignment.active.is_(True)
            & MatterAssignment.is_lead.is_(False)
            & MatterAssignment.co_opinion_at.is_(None),
        )
        .where(
            Matter.org_id == org_id,
            Matter.loop == "proposal",
            Matter.stage.in_(OWED["proposal"]),
        )
    )
    if department_id is not None:
        stmt = stmt.where(MatterAssignment.department_id == department_id)
    return stmt


def _co_opinion_due(_calendar, assigned_on, months) -> rules.Due:
    return rules.due(CO_OPINION, assigned_on, months=months)


def _matter_due(calendar, loop, kind, year, held_on, start, months, extended) -> rules.Due | None:
    return feedback_due(
        loop, kind, year, start, calendar, held_on=held_on, months=months, extended_to=extended
    )


def _suggestion_due(calendar, loop, kind, year, held_on, assigned_on) -> rules.Due | None:
    return suggestion_due(loop, kind, year, held_on, assigned_on, calendar)


def _judged(judge, calendar, today: date):
    """``judge``'s deadline and its late state for a row's inputs, worked out once for each
    distinct inputs (many rows share a 交办 day)."""
    memo: dict[tuple, tuple] = {}

    def of(inputs: list) -> tuple[rules.Due | None, str | None]:
        key = tuple(inputs)
        if key not in memo:
            due = judge(calendar, *key)
            memo[key] = (due, _state(due, today))
        return memo[key]

    return of


def _committee_name():
    """The lead committee's name, looked up by its key for each late row: joined, PostgreSQL
    could merge on ``org_id`` and read the committees' index whole when it expected few rows
    (the plan check caught it now and then on a near-empty test database)."""
    return (
        select(Committee.name)
        .where(same_body(Committee, Matter.committee_id))
        .correlate(Matter)
        .scalar_subquery()
    )


def _matters(org_id: int, calendar, today: date, department_id: int | None) -> list[Late]:
    stmt = _matters_select(
        org_id,
        department_id,
        Matter.id,
        Matter.title,
        _committee_name(),
        MatterAssignment.department_id,
        Department.name,
        *MATTER_INPUTS,
    ).outerjoin(
        Department,
        same_body(Department, MatterAssignment.department_id, Matter),
    )
    found, judged = [], _judged(_matter_due, calendar, today)
    for mid, title, committee, dept_id, dept, *inputs in db.session.execute(stmt):
        due, state = judged(inputs)
        if state:
            loop, kind = inputs[0], inputs[1]
            what = feedback_rule(loop_spec(loop), kind).label
            found.append(
                Late(mid, loop, title, what, dept_id, dept or "", committee or "", due, state)
            )
    return found


def _suggestions(org_id: int, calendar, today: date, department_id: int | None) -> list[Late]:
    stmt = _suggestions_select(
        org_id,
        department_id,
        Suggestion.id,
        Suggestion.number,
        Suggestion.department_id,
        Department.name,
        Matter.id,
        Matter.title,
        _committee_name(),
        *SUGGESTION_INPUTS,
    )
    found, judged = [], _judged(_suggestion_due, calendar, today)
    for sid, number, dept_id, dept, mid, title, committee, *inputs in db.session.execute(stmt):
        due, state = judged(inputs)
        if state:
            what = f"建议{number}答复"
            found.append(
                Late(mid, inputs[0], title, what, dept_id, dept, committee or "", due, state, sid)
            )
    return found


def _co_opinions(org_id: int, today: date, department_id: int | None) -> list[Late]:
    stmt = _co_opinions_select(
        org_id,
        department_id,
        Matter.id,
        Matter.title,
        _committee_name(),
        MatterAssignment.department_id,
        Department.name,
        *CO_INPUTS,
    ).join(Department, same_body(Department, MatterAssignment.department_id, Matter))
    found, judged = [], _judged(_co_opinion_due, (), today)
    for mid, title, committee, dept_id, dept, *inputs in db.session.execute(stmt):
        due, state = judged(inputs)
        if state:
            found.append(
                Late(
                    mid,
                    "proposal",
                    title,
                    CO_OPINION.label,
                    dept_id,
                    dept,
                    committee or "",
                    due,
                    state,
                )
            )
    return found


def late(org_id: int, today: date | None = None, department_id: int | None = None) -> list[Late]:
    """Everything past or near its deadline, overdue first then by date (4 statements)."""
    today = today or local_today()
    calendar = meetings(org_id)
    rows = _matters(org_id, calendar, today, department_id)
    rows += _co_opinions(org_id, today, department_id)
    rows += _suggestions(org_id, calendar, today, department_id)
    order = {rules.OVERDUE: 0, rules.DUE_SOON: 1}
    return sorted(rows, key=lambda x: (order[x.state], x.due.on or date.max, x.matter_id))


def overdue_count(
    org_id: int,
    today: date | None = None,
    department_id: int | None = None,
    *,
    matters: bool = True,
    calendar: Meetings | None = None,
) -> int:
    """How many of ``late``'s items are overdue (not just due soon): every loop's feedback
    and the numbered suggestions, or with ``matters`` False the suggestions only — the count
    the to-dos show. The very statements ``late`` lists from (same joins, same conditions),
    grouped by the deadline's inputs and each group judged by the same rule: small rows, no
    list built (3–4 statements; 2–3 given the ``calendar``, read once per request by the
    to-dos). Today's count is kept by the worker until the body's stamp changes
    (``stamps.kept``): the leaders' and departments' badge shows it on every page."""
    if today is None or today == local_today():  # kept by the worker for the body's stamp
        return kept(
            "overdue_count",
            org_id,
            (department_id, matters),
            lambda: _overdue_count(org_id, local_today(), department_id, matters, calendar),
        )
    return _overdue_count(org_id, today, department_id, matters, calendar)


def _overdue_count(
    org_id: int, today: date, department_id: int | None, matters: bool, calendar: Meetings | None
) -> int:
    calendar = meetings(org_id) if calendar is None else calendar
    verdicts = _verdicts(tuple(calendar), today)
    n = 0
    if matters:
        for *inputs, k in db.session.execute(_matter_groups(org_id, department_id)):
            n += k if _overdue(verdicts, _matter_due, calendar, today, inputs) else 0
        for *inputs, k in db.session.execute(_co_opinion_groups(org_id, department_id)):
            n += k if _overdue(verdicts, _co_opinion_due, calendar, today, inputs) else 0
    for *inputs, k in db.session.execute(_suggestion_groups(org_id, department_id)):
        n += k if _overdue(verdicts, _suggestion_due, calendar, today, inputs) else 0
    return n


@lru_cache(maxsize=256)  # a province's hundred bodies, each with its calendar
def _verdicts(_calendar: tuple, _today: date) -> dict:
    """Whether a group's deadline inputs are overdue, judged once per calendar and day and
    kept (the rule is a pure function of them): the leaders' and departments' badge judges
    the same groups on every page."""
    return {}


def _overdue(verdicts: dict, judge, calendar, today: date, inputs: list) -> bool:
    key = (judge, *inputs)
    if key not in verdicts:
        verdicts[key] = _state(judge(calendar, *inputs), today) == rules.OVERDUE
    return verdicts[key]


# ``overdue_count``'s GROUP BYs, built once per body and department (all they hold): building
# a statement costs more than running it, and the count is in the top bar of every page


@lru_cache(maxsize=256)
def _matter_groups(org_id: int, department_id: int | None) -> Select:
    stmt = _matters_select(org_id, department_id, *MATTER_INPUTS, func.count())
    return stmt.group_by(*MATTER_INPUTS)


@lru_cache(maxsize=256)
def _suggestion_groups(org_id: int, department_id: int | None) -> Select:
    stmt = _suggestions_select(org_id, department_id, *SUGGESTION_INPUTS, func.count())
    return stmt.group_by(*SUGGESTION_INPUTS)


@lru_cache(maxsize=256)
def _co_opinion_groups(org_id: int, department_id: int | None) -> Select:
    stmt = _co_opinions_select(org_id, department_id, *CO_INPUTS, func.count())
    return stmt.group_by(*CO_INPUTS)
