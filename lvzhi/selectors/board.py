"""The leaders' board: the year's figures over the three lists that the other selectors do not
already give, each one GROUP BY (a fixed number of statements whatever the size of the body).

The closed-loop figures are generic over ``Matter.loop`` and ``Matter.stage``: a loop's
matters show up here as soon as they exist. The overdue figures, ``domain.overdue``'s rule in
SQL, are ``selectors.board_overdue``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import case, func, select

from ..domain import duties as duty_rules
from ..extensions import db
from ..models import (
    DutyItem,
    DutyRecord,
    Matter,
    MatterEvaluation,
    Member,
    OfficeGroup,
    Suggestion,
)
from .board_overdue import _lead, matter_committee, overdue_condition, with_lead
from .duty_overview import _done_counts
from .loops import FILED_STAGES

ADOPTED = ("adopted", "partly")  # 采纳 or 部分采纳

# --- 十个一 --------------------------------------------------------------------------------


def item_done_counts(org_id: int, year: int, year_items: list[DutyItem]) -> dict[int, int]:
    """item id → how many active members have done it (one GROUP BY)."""
    if not year_items:
        return {}
    rows = db.session.execute(_item_done_counts(org_id, year, tuple(i.id for i in year_items)))
    return {item_id: n for item_id, n in rows}


@lru_cache(maxsize=128)
def _item_done_counts(org_id: int, year: int, item_ids: tuple[int, ...]):
    """``item_done_counts``' statement, built once per body, year and items (the values its
    SQL holds) and shared by requests, like ``duty_overview._completion_counts``."""
    done = (
        select(DutyRecord.member_id, DutyRecord.item_id)
        .join(DutyItem, DutyItem.id == DutyRecord.item_id)
        .join(Member, Member.id == DutyRecord.member_id)
        .where(
            DutyRecord.org_id == org_id,
            DutyRecord.year == year,
            DutyRecord.status == duty_rules.CONFIRMED,
            DutyRecord.item_id.in_(item_ids),
            Member.is_active.is_(True),
        )
        .group_by(DutyRecord.member_id, DutyRecord.item_id, DutyItem.required)
        .having(func.count(DutyRecord.id) >= DutyItem.required)
        .subquery()
    )
    return select(done.c.item_id, func.count(done.c.member_id)).group_by(done.c.item_id)


@dataclass
class Laggard:
    member_id: int
    name: str
    group: str
    done: int


def laggards(org_id: int, year: int, year_items: list[DutyItem], limit: int = 10) -> list[Laggard]:
    """The active members with the fewest items done, then by name (one statement)."""
    if not year_items:
        return []
    rows = db.session.execute(_laggards(org_id, year, tuple(i.id for i in year_items), limit))
    return [Laggard(mid, name, group or "", n) for mid, name, group, n in rows]


@lru_cache(maxsize=128)
def _laggards(org_id: int, year: int, item_ids: tuple[int, ...], limit: int):
    """``laggards``' statement, built once per body, year, items and limit and shared."""
    done = _done_counts(org_id, year, item_ids)
    n_done = func.coalesce(done.c.n, 0)
    return (
        select(Member.id, Member.name, OfficeGroup.name, n_done)
        .outerjoin(done, done.c.member_id == Member.id)
        .outerjoin(OfficeGroup, OfficeGroup.id == Member.office_group_id)
        .where(Member.org_id == org_id, Member.is_active.is_(True), n_done < len(item_ids))
        .order_by(n_done, Member.name, Member.id)
        .limit(limit)
    )


@dataclass
class MatterFilter:
    """The drill-down behind a closed-loop figure of the board."""

    year: int
    loop: str = ""
    stages: tuple[str, ...] = ()
    overdue: bool = False
    department_id: int | None = None
    committee_id: int | None = None
    reply_class: str = ""
    verdict: str = ""


def matters_select(org_id: int, f: MatterFilter, today: date):
    """The matters behind a figure, newest first (for ``db.paginate``): the same conditions
    the figures count with."""
    stmt = select(Matter).where(Matter.org_id == org_id, Matter.year == f.year)
    if f.loop:
        stmt = stmt.where(Matter.loop == f.loop)
    if f.stages:
        stmt = stmt.where(Matter.stage.in_(f.stages))
    lead = _lead()
    if f.overdue or f.department_id or f.reply_class:
        stmt = with_lead(stmt, lead)
    if f.overdue:
        stmt = stmt.where(overdue_condition(org_id, today, lead))
    if f.department_id:
        stmt = stmt.where(lead.department_id == f.department_id)
    if f.reply_class:
        stmt = stmt.where(lead.reply_class == f.reply_class, Matter.stage.in_(FILED_STAGES))
    if f.committee_id:
        stmt = stmt.where(matter_committee() == f.committee_id)
    if f.verdict:
        last = (
            select(MatterEvaluation.verdict)
            .where(MatterEvaluation.matter_id == Matter.id)
            .order_by(MatterEvaluation.round.desc())
            .limit(1)
            .correlate(Matter)
            .scalar_subquery()
        )
        stmt = stmt.where(last == f.verdict)
    return stmt.order_by(Matter.id.desc())


# --- suggestions ------------------------------------------------------------------------------


@dataclass
class SuggestionLine:
    """建议N条，采纳M条，落实K条，采纳落实J条 of one matter (a topic) or one loop."""

    loop: str
    matter_id: int | None = None
    title: str = ""
    made: int = 0
    adopted: int = 0
    implemented: int = 0
    adopted_implemented: int = 0

    @property
    def headline(self) -> str:
        return f"建议{self.made}条，采纳落实{self.adopted_implemented}条"


@dataclass
class Suggestions:
    by_loop: dict[str, SuggestionLine] = field(default_factory=dict)
    by_topic: list[SuggestionLine] = field(default_factory=list)


def suggestions(org_id: int, year: int) -> Suggestions:
    """The year's suggestions per loop and per topic (matter) — one GROUP BY."""
    result = Suggestions()
    for loop, matter_id, title, made, a, i, ai in db.session.execute(_suggestions(org_id, year)):
        line = SuggestionLine(loop, matter_id, title, made, a, i, ai)
        result.by_topic.append(line)
        total = result.by_loop.setdefault(loop, SuggestionLine(loop))
        total.made += made
        total.adopted += a
        total.implemented += i
        total.adopted_implemented += ai
    return result


@lru_cache(maxsize=128)
def _suggestions(org_id: int, year: int):
    """``suggestions``' GROUP BY, built once per body and year and shared by requests."""
    adopted = Suggestion.outcome.in_(ADOPTED)
    done = Suggestion.implemented.is_(True)

    def n(cond):
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    return (
        select(
            Matter.loop,
            Matter.id,
            Matter.title,
            func.count(Suggestion.id),
            n(adopted),
            n(done),
            n(adopted & done),
        )
        .join(Matter, Matter.id == Suggestion.matter_id)
        .where(Suggestion.org_id == org_id, Matter.org_id == org_id, Matter.year == year)
        .group_by(Matter.loop, Matter.id, Matter.title)
        .order_by(Matter.loop, Matter.id)
    )


def suggestions_select(
    org_id: int, year: int, loop: str = "", matter_id: int | None = None, outcome: str = ""
):
    """The suggestions behind a figure: ``outcome`` "adopted" (采纳 or 部分采纳),
    "implemented" or "adopted_implemented"; by matter then number."""
    stmt = (
        select(Suggestion)
        .join(Matter, Matter.id == Suggestion.matter_id)
        .where(Suggestion.org_id == org_id, Matter.org_id == org_id, Matter.year == year)
    )
    if loop:
        stmt = stmt.where(Matter.loop == loop)
    if matter_id:
        stmt = stmt.where(Matter.id == matter_id)
    if outcome in ("adopted", "adopted_implemented"):
        stmt = stmt.where(Suggestion.outcome.in_(ADOPTED))
    if outcome in ("implemented", "adopted_implemented"):
        stmt = stmt.where(Suggestion.implemented.is_(True))
    return stmt.order_by(Matter.id, Suggestion.number)


# --- attendance and grades: slots wired at merge -------------------------------------------


@dataclass
class AttendanceLine:
    """One kind of meeting or activity (or one office group): invited, present, excused."""

    label: str
    invited: int
    present: int
    excused: int

    @property
    def rate(self) -> float | None:
        return self.present / self.invited if self.invited else None


def attendance_rates(org_id: int, year: int) -> list[AttendanceLine]:
    """The year's attendance by kind of meeting/activity: invited (present + excused +
    absent, events that are over), present, excused. One GROUP BY."""
    from ..domain.attendance import EVENT_KINDS
    from .attendance import kind_rates

    return [
        AttendanceLine(EVENT_KINDS[kind], r.total, r.present, r.excused)
        for kind, r in kind_rates(org_id, year)
    ]


def grade_distribution(
    org_id: int, year: int, year_items: list[DutyItem] | None = None
) -> list[tuple[str, int]]:
    """The year's assessment grades as (grade label, members), best grade first; empty when
    the body has no active member. ``year_items``: the year's 十个一 items, when the caller
    has them."""
    from ..domain.points import GRADES
    from .points import body_grade_counts

    by_grade = body_grade_counts(org_id, year, year_items)
    if not any(by_grade.values()):
        return []
    return [(label, by_grade[code]) for code, label in GRADES.items()]
