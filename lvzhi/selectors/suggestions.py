"""Reading numbered suggestions: a matter's, a department's, the secretariat's bulk table
(bounded by organization and year), and the roll-ups made / adopted / implemented per
matter, per loop and per year — each one GROUP BY, whatever the count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..domain import loops as rules
from ..domain import overdue as overdue_rules
from ..domain.loop_specs import LOOP_NAMES
from ..domain.suggestions import ADOPTED, NO, SHEET_COLUMNS, YES
from ..excel import workbook_bytes
from ..extensions import db
from ..models import Attachment, Matter, Suggestion
from ..models.loops import SUGGESTION_FILES
from .duties import attachments_by_owner
from .duty_overview import RowPage

SUGGESTION_LOOPS = ("consultation", "supervision", "speech", "public_opinion")


@dataclass
class Tally:
    """建议N条，采纳落实M条: made, adopted (采纳 or 部分采纳), adopted and implemented."""

    made: int = 0
    adopted: int = 0
    implemented: int = 0
    answered: int = 0

    @property
    def line(self) -> str:
        return f"建议{self.made}条，采纳落实{self.implemented}条"

    def add(self, other: Tally) -> None:
        self.made += other.made
        self.adopted += other.adopted
        self.implemented += other.implemented
        self.answered += other.answered


def _counts():
    adopted = Suggestion.outcome.in_(ADOPTED)
    return (
        func.count(Suggestion.id),
        func.coalesce(func.sum(case((adopted, 1), else_=0)), 0),
        func.coalesce(func.sum(case((and_(adopted, Suggestion.implemented), 1), else_=0)), 0),
        func.count(Suggestion.answered_at),
    )


def tallies(org_id: int, matter_ids: list[int]) -> dict[int, Tally]:
    """Each matter's tally (one GROUP BY); a matter without suggestions is absent."""
    if not matter_ids:
        return {}
    rows = db.session.execute(
        select(Suggestion.matter_id, *_counts())
        .where(Suggestion.org_id == org_id, Suggestion.matter_id.in_(matter_ids))
        .group_by(Suggestion.matter_id)
    )
    return {mid: Tally(*counts) for mid, *counts in rows}


@dataclass
class TopicTally:
    matter_id: int
    loop: str
    title: str
    kind: str
    tally: Tally


@dataclass
class YearOverview:
    year: int
    topics: list[TopicTally] = field(default_factory=list)
    loops: dict[str, Tally] = field(default_factory=dict)  # loop → tally, in LOOP order
    total: Tally = field(default_factory=Tally)

    @property
    def loop_rows(self) -> list[tuple[str, str, Tally]]:
        return [(code, LOOP_NAMES[code], t) for code, t in self.loops.items()]


def year_overview(org_id: int, year: int) -> YearOverview:
    """The year's suggestions per topic (matter) with loop totals and the year's total —
    one GROUP BY over the year's matters."""
    rows = db.session.execute(
        select(Matter.id, Matter.loop, Matter.title, Matter.kind, *_counts())
        .join(Suggestion, Suggestion.matter_id == Matter.id)
        .where(Matter.org_id == org_id, Matter.year == year)
        .group_by(Matter.id, Matter.loop, Matter.title, Matter.kind)
        .order_by(Matter.loop, Matter.id)
    )
    found = YearOverview(year)
    by_loop: dict[str, Tally] = defaultdict(Tally)
    for mid, loop, title, kind, *counts in rows:
        t = Tally(*counts)
        found.topics.append(TopicTally(mid, loop, title, kind, t))
        by_loop[loop].add(t)
        found.total.add(t)
    found.loops = {code: by_loop[code] for code in LOOP_NAMES if code in by_loop}
    return found


def years(org_id: int) -> dict[int, Tally]:
    """Every year's total (one GROUP BY), newest first."""
    rows = db.session.execute(
        select(Matter.year, *_counts())
        .join(Suggestion, Suggestion.matter_id == Matter.id)
        .where(Matter.org_id == org_id)
        .group_by(Matter.year)
        .order_by(Matter.year.desc())
    )
    return {y: Tally(*counts) for y, *counts in rows}


def of_matter(org_id: int, matter_id: int) -> list[Suggestion]:
    """A matter's suggestions in number order, departments loaded (one statement)."""
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.org_id == org_id, Suggestion.matter_id == matter_id)
            .options(joinedload(Suggestion.department))
            .order_by(Suggestion.number)
        )
    )


def one(org_id: int, suggestion_id: int) -> Suggestion | None:
    return db.session.scalar(
        select(Suggestion)
        .where(Suggestion.org_id == org_id, Suggestion.id == suggestion_id)
        .options(joinedload(Suggestion.matter), joinedload(Suggestion.department))
    )


# the table's state filter: code → label (what the secretariat looks for)
STATES: dict[str, str] = {
    "open": "未答复",
    "answered": "已答复",
    "adopted": "已采纳（含部分采纳）",
    "implemented": "已落实",
    "not_adopted": "未采纳",
}
# a page of the bulk table: each row is a form of four fields, about a screen of a phone; the
# whole filtered list is the .xlsx export
PER_PAGE = 20


@dataclass
class SuggestionFilter:
    year: int
    loop: str = ""
    matter_id: int | None = None
    department_id: int | None = None
    state: str = ""  # a ``STATES`` code, "" for all
    search: str = ""  # in the suggestion's text

    @property
    def open_only(self) -> bool:
        return self.state == "open"


def _state_condition(state: str):
    adopted = Suggestion.outcome.in_(ADOPTED)
    return {
        "open": Suggestion.answered_at.is_(None),
        "answered": Suggestion.answered_at.is_not(None),
        "adopted": adopted,
        "implemented": and_(adopted, Suggestion.implemented.is_(True)),
        "not_adopted": Suggestion.outcome == "not_adopted",
    }.get(state)


def _listing_select(org_id: int, f: SuggestionFilter):
    stmt = (
        select(Suggestion)
        .join(Matter, Matter.id == Suggestion.matter_id)
        .where(Suggestion.org_id == org_id, Matter.org_id == org_id, Matter.year == f.year)
    )
    if f.loop:
        stmt = stmt.where(Matter.loop == f.loop)
    if f.matter_id is not None:
        stmt = stmt.where(Matter.id == f.matter_id)
    if f.department_id is not None:
        stmt = stmt.where(Suggestion.department_id == f.department_id)
    condition = _state_condition(f.state)
    if condition is not None:
        stmt = stmt.where(condition)
    if f.search.strip():
        stmt = stmt.where(Suggestion.text.contains(f.search.strip(), autoescape=True))
    return stmt


def _with_rows(stmt):
    return stmt.options(joinedload(Suggestion.matter), joinedload(Suggestion.department)).order_by(
        Matter.id, Suggestion.number
    )


def listing(org_id: int, f: SuggestionFilter) -> list[Suggestion]:
    """Every suggestion of the year ``f`` matches (matter and department loaded; one
    statement), by matter then number: the export."""
    return list(db.session.scalars(_with_rows(_listing_select(org_id, f))))


def listing_page(org_id: int, f: SuggestionFilter, page: int, per_page: int = PER_PAGE) -> RowPage:
    """One page of the secretariat's table: the count of all matches and ``per_page`` of
    them (two statements, ``per_page`` rows loaded however many the year holds); a page past
    the last shows the last."""
    stmt = _listing_select(org_id, f)
    total = db.session.scalar(stmt.with_only_columns(func.count(Suggestion.id))) or 0
    page, pages = RowPage.bounds(total, page, per_page)
    rows = db.session.scalars(_with_rows(stmt).limit(per_page).offset((page - 1) * per_page))
    return RowPage(list(rows), page, pages, total)


def matters_with_suggestions(org_id: int, year: int) -> list[tuple[int, str]]:
    """(id, title) of the year's matters that hold suggestions, for the table's filter."""
    holding = select(Suggestion.id).where(Suggestion.matter_id == Matter.id).exists()
    rows = db.session.execute(
        select(Matter.id, Matter.title)
        .where(
            Matter.org_id == org_id,
            Matter.year == year,
            Matter.loop.in_(SUGGESTION_LOOPS),
            holding,
        )
        .order_by(Matter.loop, Matter.id)
    )
    return list(rows.all())


@dataclass
class Owed:
    """One suggestion on a department's list with its derived deadline state."""

    suggestion: Suggestion
    due: rules.Due | None
    state: str | None


def suggestion_due(s: Suggestion, calendar) -> rules.Due | None:
    """A suggestion's answer deadline (``domain.overdue.suggestion_due``); None once answered
    or while unassigned."""
    if s.answered_at is not None:
        return None
    m = s.matter
    held_on = m.meeting.held_on if m.meeting is not None else None
    return overdue_rules.suggestion_due(m.loop, m.kind, m.year, held_on, s.assigned_on, calendar)


def of_department(
    org_id: int, department_id: int, calendar, today: date | None = None
) -> list[Owed]:
    """A department's suggestions, overdue first, then due soon, open ones before answered
    (one statement, and one for their topics' meetings)."""
    today = today or local_today()
    rows = db.session.scalars(
        select(Suggestion)
        .join(Matter, Matter.id == Suggestion.matter_id)
        .where(Suggestion.org_id == org_id, Suggestion.department_id == department_id)
        .options(joinedload(Suggestion.matter))
        .order_by(Matter.year.desc(), Matter.id, Suggestion.number)
    )
    owed = []
    for s in rows:
        d = suggestion_due(s, calendar)
        owed.append(Owed(s, d, rules.deadline_state(d.on, today) if d else None))
    order = {rules.OVERDUE: 0, rules.DUE_SOON: 1, rules.ON_TIME: 2, rules.UNSCHEDULED: 3, None: 4}
    return sorted(owed, key=lambda o: (order[o.state], (o.due.on if o.due else None) or date.max))


def files_of(suggestion_ids: list[int]) -> dict[int, list[Attachment]]:
    """Each suggestion's evidence files (one statement)."""
    return attachments_by_owner(suggestion_ids, SUGGESTION_FILES)


def sheet(rows: list[Suggestion]) -> bytes:
    """The .xlsx export of ``rows``, which is also the sheet the secretariat uploads back
    (编号 and 版本 say which suggestion, as of when)."""
    headers = [label for _key, label in SHEET_COLUMNS]
    data = [
        [
            s.id,
            s.matter.title,
            s.number,
            s.text,
            s.department.name if s.department else "",
            s.outcome_label,
            (YES if s.implemented else NO) if s.outcome else "",
            s.note,
            s.version,
        ]
        for s in rows
    ]
    return workbook_bytes("建议", headers, data, widths=[8, 30, 6, 50, 16, 18, 10, 30, 6])


def matter_context(m) -> dict:
    """A matter page's numbered suggestions and its "建议N条，采纳落实M条" line (two statements;
    none for a proposal, which is answered as a whole)."""
    if m.loop == "proposal":
        return {"rows": [], "tally": None}
    return {
        "rows": of_matter(m.org_id, m.id),
        "tally": tallies(m.org_id, [m.id]).get(m.id, Tally()),
    }
