"""Reading consultation and supervision topics: the year's 1+2+6+X plan with each topic's
stage and feedback deadline, the loop overview by stage (GROUP BY), one topic's people,
documents and requirements, the roster search of the people picker, the export rows.

Every list is a fixed number of statements however many topics or people there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import selectinload

from ..clock import local_day, local_today, zone
from ..domain import consultations as rules
from ..domain import loops as loop_rules
from ..domain.calendar import Meetings
from ..domain.loop_specs import spec
from ..domain.overdue import feedback_owed
from ..extensions import db
from ..models import Matter, MatterAssignment, MatterCheck, MatterEvent, MatterPerson, Member
from .loop_deadlines import consultation_due
from .loops import meetings

LOOPS = ("consultation", "supervision")


def topics(
    org_id: int,
    loop: str,
    year: int,
    *,
    people: bool = False,
    committee_ids: set[int] | None = None,
) -> list[Matter]:
    """The year's topics of ``loop`` with meeting, committee, lead department and
    assignments loaded (five statements), with ``people`` also their people and the
    assignments' departments (the export's columns; eight), in planned order;
    ``committee_ids``: only those the committees lead."""
    eager = [
        selectinload(Matter.committee),
        selectinload(Matter.lead_department),
        selectinload(Matter.assignments),
    ]
    if people:
        eager += [
            selectinload(Matter.people).selectinload(MatterPerson.member),
            selectinload(Matter.assignments).selectinload(MatterAssignment.department),
        ]
    return list(
        db.session.scalars(
            select(Matter)
            .where(Matter.org_id == org_id, Matter.loop == loop, Matter.year == year)
            .where(*(() if committee_ids is None else (Matter.committee_id.in_(committee_ids),)))
            .options(*eager)
            .order_by(Matter.id)
        )
    )


def topic_due(matter: Matter, calendar: Meetings) -> loop_rules.Due | None:
    """A consultation's written-feedback deadline (DOMAIN.md's table, from the calendar);
    None for a supervision topic (its 建言处置 runs from the report, ``supervision_due``)."""
    if matter.loop != "consultation" or matter.kind not in rules.PLAN_SLOTS:
        return None
    return consultation_due(matter, calendar)


def supervision_due(reported: date | None) -> loop_rules.Due | None:
    """建言处置 is due 3 months after the supervision report (None before it)."""
    if reported is None:
        return None
    return loop_rules.due(spec("supervision").deadline("handle"), reported)


def due_state(matter: Matter, due: loop_rules.Due | None, today: date) -> str | None:
    """Overdue / due soon / on time while the feedback is owed (``domain.overdue``), else
    None."""
    if due is None or not feedback_owed(matter.loop, matter.stage):
        return None
    return loop_rules.deadline_state(due.on, today)


@dataclass
class Row:
    """A topic with its derived deadline and state."""

    matter: Matter
    due: loop_rules.Due | None
    state: str | None


@dataclass
class Plan:
    year: int
    slots: list[rules.Slot]
    counts: dict[str, tuple[int, int | None]]
    rows: dict[int, Row] = field(default_factory=dict)  # matter id → row


def plan(org_id: int, year: int, today: date | None = None, *, people: bool = False) -> Plan:
    """The year's 1+2+6+X consultation plan: every place, filled or empty, each topic's
    stage and feedback deadline (six statements; ``people``: see ``topics``)."""
    today = today or local_today()
    calendar = meetings(org_id)
    rows = topics(org_id, "consultation", year, people=people)
    by_kind: dict[str, list[Matter]] = defaultdict(list)
    for m in sorted(rows, key=lambda m: (m.meeting.held_on if m.meeting else date.max, m.id)):
        by_kind[m.kind].append(m)
    p = Plan(year, rules.plan_slots(by_kind), rules.plan_counts(by_kind))
    for m in rows:
        due = topic_due(m, calendar)
        p.rows[m.id] = Row(m, due, due_state(m, due, today))
    return p


def committee_rows(org_id: int, committee_ids: set[int], year: int) -> list[Row]:
    """The year's consultation topics the committees lead, by meeting date, each with its
    feedback deadline: what their directors run."""
    if not committee_ids:
        return []
    today, calendar = local_today(), meetings(org_id)
    rows = topics(org_id, "consultation", year, committee_ids=committee_ids)
    rows.sort(key=lambda m: (m.meeting.held_on if m.meeting else date.max, m.id))
    out = []
    for m in rows:
        due = topic_due(m, calendar)
        out.append(Row(m, due, due_state(m, due, today)))
    return out


def supervision_rows(
    org_id: int, year: int, today: date | None = None, *, people: bool = False
) -> list[Row]:
    today = today or local_today()
    rows = topics(org_id, "supervision", year, people=people)
    reported = _event_dates([m.id for m in rows], "report")
    out = []
    for m in rows:
        due = supervision_due(reported.get(m.id))
        out.append(Row(m, due, due_state(m, due, today)))
    return out


def _event_dates(ids: list[int], action: str) -> dict[int, date]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(MatterEvent.matter_id, func.min(MatterEvent.at))
        .where(MatterEvent.matter_id.in_(ids), MatterEvent.action == action)
        .group_by(MatterEvent.matter_id)
    )
    tz = zone()
    return {mid: local_day(at, tz) for mid, at in rows}


# --- the year's overview -------------------------------------------------------------------


@dataclass
class Overview:
    year: int
    stages: dict[str, dict[str, int]]  # loop → stage → n
    kinds: dict[str, dict[str, int]]  # consultation kind → stage → n

    def total(self, loop: str) -> int:
        return sum(self.stages.get(loop, {}).values())


def overview(org_id: int, year: int) -> Overview:
    """Consultations by kind and stage, supervision by stage: one GROUP BY."""
    rows = db.session.execute(
        select(Matter.loop, Matter.kind, Matter.stage, func.count(Matter.id))
        .where(Matter.org_id == org_id, Matter.year == year, Matter.loop.in_(LOOPS))
        .group_by(Matter.loop, Matter.kind, Matter.stage)
    )
    stages: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for loop, kind, stage, n in rows:
        stages[loop][stage] += n
        if loop == "consultation":
            kinds[kind][stage] += n
    return Overview(year, stages, kinds)


# --- one topic -----------------------------------------------------------------------------


def checks(matter_id: int) -> dict[str, MatterCheck]:
    """A supervision topic's requirements, by code (one statement)."""
    rows = db.session.scalars(select(MatterCheck).where(MatterCheck.matter_id == matter_id))
    return {c.code: c for c in rows}


def people_lists(matter: Matter) -> list[tuple[str, str, list[MatterPerson]]]:
    """(part, label, people) of each list the loop keeps, in order."""
    return [
        (part, label, [p for p in matter.people if p.part == part])
        for part, label in rules.PEOPLE.get(matter.loop, {}).items()
    ]


def documents(matter: Matter, files: dict) -> list[tuple[str, MatterEvent, list]]:
    """The documents on the timeline: (name, event, files) of each document step."""
    names = rules.DOCUMENTS.get(matter.loop, {})
    return [
        (names[e.action], e, files.get(e.id, []))
        for e in matter.events
        if e.action in names and (files.get(e.id) or e.note)
    ]


def roster_search(
    org_id: int, q: str, limit: int = 20, committee_ids: set[int] | None = None
) -> list[Member]:
    """Active members whose name (or mobile) contains ``q``, with their group (two
    statements); nothing for an empty search. ``committee_ids``: only those committees'
    members (a committee director's picker)."""
    q = q.strip()
    if not q or committee_ids is not None and not committee_ids:
        return []
    scope = () if committee_ids is None else (Member.committee_id.in_(committee_ids),)
    return list(
        db.session.scalars(
            select(Member)
            .where(
                Member.org_id == org_id,
                Member.is_active.is_(True),
                *scope,
                Member.name.contains(q, autoescape=True)
                | Member.mobile.startswith(q, autoescape=True),
            )
            .options(selectinload(Member.office_group))
            .order_by(Member.name, Member.id)
            .limit(limit)
        )
    )


def fed_back_to_all_select(org_id: int):
    """The plenary group discussions' topics whose written feedback is given — to every
    member of the body (``rules.open_to_all_members``) — newest year first, for paging."""
    return (
        select(Matter)
        .where(
            Matter.org_id == org_id,
            Matter.loop == "consultation",
            Matter.kind == rules.PLENARY_GROUP,
            Matter.stage.in_(rules.FED_BACK),
        )
        .order_by(Matter.year.desc(), Matter.id.desc())
    )


def fed_back_to_all_count(org_id: int) -> int:
    """How many there are (the members' 建言献策 page: one statement, built once)."""
    return db.session.scalar(_fed_back_count_select(), {"org_id": org_id}) or 0


@cache
def _fed_back_count_select() -> Select:
    return select(func.count(Matter.id)).where(
        Matter.org_id == bindparam("org_id"),
        Matter.loop == "consultation",
        Matter.kind == rules.PLENARY_GROUP,
        Matter.stage.in_(rules.FED_BACK),
    )
