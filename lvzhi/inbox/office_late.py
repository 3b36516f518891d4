"""The secretariat's waiting and late matters, for its to-dos and its badge, from ONE statement
per request: the matters at each stage a provider waits on (``waiting_on``); 社情民意 in
hands, 批示 speeches and consultations past their feedback (each judged by
``domain.overdue``'s one rule, as the overdue list judges them); the reply periods of the
proposals in hands (``selectors.loop_deadlines.proposals_overdue_select`` counts the late
ones from them); and the body's meeting calendar the rules read (``todos.calendar``).
Before, each was its own statement: seven on every secretariat page's badge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from flask import g, has_request_context
from sqlalchemy import Integer, String, bindparam, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import aliased

from ..clock import local_today
from ..domain import loops as rules
from ..domain import public_opinion as po
from ..domain.overdue import OWED, feedback_due, feedback_owed
from ..extensions import db
from ..models import Matter, MatterAssignment, Meeting
from ..selectors.loop_deadlines import proposal_leads
from ..stamps import kept
from .todos import remember_calendar

MEETINGS, PERIODS, WAITING = "~meetings", "~periods", "~waiting"  # rows not judged here

_WAITING_ON: set[tuple[str, str]] = set()


def waiting_on(pairs) -> None:
    """(loop, stage) pairs at which matters wait for the secretariat, counted by the statement:
    each provider names its own when imported (the statement is built at the first request)."""
    _WAITING_ON.update(pairs)


@dataclass(frozen=True)
class OfficeLate:
    opinions: int  # 社情民意 past their feedback
    speeches: int  # instructed speeches past their feedback
    consultations: int  # consultations past their written feedback
    proposal_periods: tuple[int, ...]  # reply periods (months) of the proposals in hands
    waiting: Mapping[tuple[str, str], int]  # (loop, stage) → matters there, of ``waiting_on``'s


@cache
def _statement():
    """The statement, built once (building costs more than running): the body a parameter."""
    org = bindparam("org_id", type_=Integer)
    lead = aliased(MatterAssignment)
    inputs = (
        Matter.loop,
        Matter.stage,
        Matter.kind,
        Matter.year,
        Meeting.held_on,
        lead.id.is_not(None),
        lead.assigned_on,
        lead.reply_months,
        lead.extended_to,
    )
    late_rows = (
        select(*inputs, func.count(Matter.id))
        # the body's meetings only: joined by id alone, PostgreSQL hashed every body's
        .outerjoin(Meeting, (Meeting.id == Matter.meeting_id) & (Meeting.org_id == org))
        .outerjoin(
            lead,
            (lead.matter_id == Matter.id)
            & lead.is_lead.is_(True)
            & lead.active.is_(True)
            & Matter.loop.in_((po.LOOP, "consultation")),
        )
        .where(
            Matter.org_id == org,
            Matter.loop.in_((po.LOOP, "speech", "consultation")),  # the index's second column
            or_(
                (Matter.loop == po.LOOP) & Matter.stage.in_(OWED[po.LOOP]),
                (Matter.loop == "speech") & Matter.stage.in_(OWED["speech"]),
                (Matter.loop == "consultation") & Matter.stage.in_(OWED["consultation"]),
            ),
        )
        .group_by(*inputs)
    )
    types = [c.type for c in late_rows.selected_columns]

    def shaped(given: dict) -> list:  # the late rows' columns: NULL of their type but where given
        return [given.get(i, cast(null(), t)) for i, t in enumerate(types)]

    tag = 0
    periods = (
        proposal_leads(org)
        .with_only_columns(
            *shaped({tag: literal(PERIODS, String), 7: MatterAssignment.reply_months})
        )
        .distinct()
    )
    meetings = select(
        *shaped({tag: literal(MEETINGS, String), 2: Meeting.kind, 4: Meeting.held_on})
    ).where(Meeting.org_id == org)
    waiting = (
        select(
            *shaped(
                {tag: literal(WAITING, String), 1: Matter.stage, 2: Matter.loop, 9: func.count()}
            )
        )
        .where(
            Matter.org_id == org,
            Matter.loop.in_(sorted({lp for lp, _st in _WAITING_ON})),  # the index's second column
            or_(*((Matter.loop == lp) & (Matter.stage == st) for lp, st in sorted(_WAITING_ON))),
        )
        .group_by(Matter.loop, Matter.stage)
    )
    return union_all(late_rows, periods, meetings, waiting)


def office_late(org_id: int) -> OfficeLate:
    """The body's late figures, once per request (the badge and the to-do list share them)."""
    cache_ = g.setdefault("_office_late", {}) if has_request_context() else {}
    if org_id not in cache_:
        late, calendar = kept("office_late", org_id, (), lambda: _judged(org_id))
        remember_calendar(org_id, list(calendar))
        cache_[org_id] = late
    return cache_[org_id]


def _judged(org_id: int) -> tuple[OfficeLate, tuple]:
    """The figures and the body's calendar they were judged by, kept by the worker until the
    body's stamp or the day changes (``stamps.kept``: they depend on nothing else)."""
    return _judge(db.session.execute(_statement(), {"org_id": org_id}))


def _judge(rows) -> tuple[OfficeLate, tuple]:
    matters, periods, calendar, waiting = [], [], [], {}
    for row in rows:
        if row[0] == WAITING:
            waiting[(row[2], row[1])] = row[9]
        elif row[0] == MEETINGS:
            calendar.append((row[2], row[4]))
        elif row[0] == PERIODS:
            periods.append(row[7])
        else:
            matters.append(row)
    today = local_today()
    late = {po.LOOP: 0, "speech": 0, "consultation": 0}
    for loop, stage, kind, year, held_on, has_lead, start, months, extended_to, n in matters:
        if not feedback_owed(loop, stage):
            continue
        if loop == po.LOOP:  # counted from its lead's 交办 (no lead, no deadline yet)
            if not has_lead:
                continue
            due = feedback_due(
                loop, kind, year, start, (), held_on=held_on, months=months, extended_to=extended_to
            )
            late[loop] += n if due and due.on and _overdue(due.on, today) else 0
        elif loop == "speech":  # from its plenary year
            due = feedback_due(loop, "", year, None, calendar)
            late[loop] += n if _overdue(due.on, today) else 0
        else:
            due = feedback_due(loop, kind, year, start, calendar, held_on=held_on)
            late[loop] += n if due is not None and _overdue(due.on, today) else 0
    periods.sort(key=lambda m: (m is None, m or 0))  # one order: the count's kept statement
    figures = OfficeLate(
        late[po.LOOP],
        late["speech"],
        late["consultation"],
        tuple(periods),
        MappingProxyType(waiting),
    )
    return figures, tuple(calendar)


def _overdue(on, today) -> bool:
    return rules.deadline_state(on, today) == rules.OVERDUE
