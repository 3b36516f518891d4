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

from sqlalchemy import Integer, String, case, cast, func, literal, null, select, union_all

from ..extensions import db
from ..models import (
    DutyItem,
    Matter,
    MatterEvaluation,
    Member,
    OfficeGroup,
    Suggestion,
)
from . import same_body
from .board_overdue import _lead, matter_committee, overdue_condition, with_lead
from .duties import items
from .duty_overview import Completion, by_scope, completion_of
from .duty_overview import done_items as overview_done_items
from .loops import FILED_STAGES

ADOPTED = ("adopted", "partly")  # 采纳 or 部分采纳

# --- 十个一 --------------------------------------------------------------------------------


@dataclass
class Laggard:
    member_id: int
    name: str
    group: str
    done: int


@dataclass
class DutyFigures:
    """The board's 十个一: the completion (``duty_overview.completion``'s), how many active
    members have done each item, and the ``LAGGARDS`` members with the fewest items done."""

    completion: Completion
    done_by_item: dict[int, int]  # item id → active members who have done it
    laggards: list[Laggard]  # fewest done first, then by name


LAGGARDS = 10


def duty_figures(org_id: int, year: int) -> DutyFigures:
    """Two statements whatever the size of the body: the year's items, then ONE statement
    that finds each member's done items once (a CTE) and counts them three ways — by scope
    and items done, by item, and the laggards — where three statements each found them."""
    year_items = items(org_id, year)
    if not year_items:
        return DutyFigures(Completion(year_items), {}, [])
    parts: tuple[list, list, list] = ([], [], [])
    for row in db.session.execute(_duty_figures(org_id, year, tuple(i.id for i in year_items))):
        parts[row[-1]].append(row)
    scopes, per_item, lagging = parts
    return DutyFigures(
        completion_of(year_items, scopes),
        {row[0]: row[7] for row in per_item},
        [Laggard(r[0], r[3], r[4] or "", r[6]) for r in sorted(lagging, key=lambda r: r[7])],
    )


@lru_cache(maxsize=128)
def _duty_figures(org_id: int, year: int, item_ids: tuple[int, ...]):
    """``duty_figures``' statement, built once per body, year and items (the values its SQL
    holds) and shared by requests: rows of ``by_scope``'s nine columns and the part (0: by
    scope, 1: by item, 2: a laggard ranked in the eighth)."""
    done_items = overview_done_items(org_id, year, item_ids).cte("done_items")
    member_id = done_items.c.member_id
    done = select(member_id, func.count().label("n")).group_by(member_id).cte("done")
    no_id, no_name = cast(null(), Integer), cast(null(), String)
    scopes = by_scope(org_id, done).add_columns(literal(0, Integer))
    per_item = (
        select(done_items.c.item_id, no_id, no_id, no_name, no_name, no_name, no_id)
        .add_columns(func.count(member_id), literal(1, Integer))
        .select_from(done_items)
        .join(Member, Member.id == member_id)
        .where(Member.is_active.is_(True))
        .group_by(done_items.c.item_id)
    )
    n_done = func.coalesce(done.c.n, 0)
    ranked = (
        select(
            Member.id,
            Member.name,
            OfficeGroup.name.label("group_name"),
            n_done.label("n"),
            func.row_number().over(order_by=(n_done, Member.name, Member.id)).label("rank"),
        )
        .outerjoin(done, done.c.member_id == Member.id)
        .outerjoin(OfficeGroup, same_body(OfficeGroup, Member.office_group_id))
        .where(Member.org_id == org_id, Member.is_active.is_(True), n_done < len(item_ids))
        .subquery("ranked")
    )
    lagging = (
        select(ranked.c.id, no_id, no_id, ranked.c.name, ranked.c.group_name, no_name, ranked.c.n)
        .add_columns(ranked.c.rank, literal(2, Integer))
        .where(ranked.c.rank <= LAGGARDS)
    )
    return union_all(scopes, per_item, lagging)


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
