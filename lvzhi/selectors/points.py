"""Reading the points ledger and the year's assessment.

The ledger is **derived on read**, never stored: the year's facts come from GROUP BY queries
bounded by organization and year (十个一 items done, matters by loop and stage, attendance,
adjustments), and ``domain.points.ledger`` turns them into lines and a total. A confirmed
record, a filed proposal or a changed rule therefore shows in the next page view, with no
refresh to forget. A page's statement count is fixed whatever the number of members: the
facts of all the page's members are read at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Select,
    bindparam,
    literal_column,
    null,
    select,
    union_all,
)

from ..domain import duties as duty_rules
from ..domain import points as rules
from ..extensions import db
from ..models import (
    AssessmentSetting,
    DutyItem,
    Matter,
    MatterPerson,
    Member,
    PointsAdjustment,
    PointsRule,
    SelfSummary,
    User,
)
from ..stamps import kept
from . import scores
from .duties import _progress, status_counts
from .duties import year_items as year_items_of
from .duty_overview import RowPage, member_filters
from .scores import MATTER_LOOPS, proposer_of

# --- the year's configuration ----------------------------------------------------------------


def rule_rows(org_id: int, year: int) -> list[PointsRule]:
    """The year's stored rules, as the secretariat edits them (none: the year has the
    default catalogue)."""
    return list(
        db.session.scalars(
            select(PointsRule)
            .where(PointsRule.org_id == org_id, PointsRule.year == year)
            .order_by(PointsRule.sort_order, PointsRule.id)
        )
    )


def year_rules(org_id: int, year: int) -> tuple[rules.Rule, ...]:
    """The year's catalogue: its own rows, else the default catalogue. The body's, the same
    for every member: kept by the worker under the body's stamp (``stamps.kept``)."""
    return kept("points_rules", org_id, year, lambda: _year_rules(org_id, year))


def _year_rules(org_id: int, year: int) -> tuple[rules.Rule, ...]:
    rows = db.session.execute(_rules_select(), {"org_id": org_id, "year": year})
    return tuple(rules.Rule(*row) for row in rows) or tuple(rules.default_rules())


@cache
def _rules_select() -> Select:
    return (
        select(
            PointsRule.code,
            PointsRule.name,
            PointsRule.unit,
            PointsRule.points,
            PointsRule.cap,
            PointsRule.active,
            PointsRule.sort_order,
        )
        .where(PointsRule.org_id == bindparam("org_id"), PointsRule.year == bindparam("year"))
        .order_by(PointsRule.sort_order, PointsRule.id)
    )


@dataclass(frozen=True)
class Settings:
    """The year's thresholds and 述职 cut-off; ``version`` the stored row's, None while the
    year has the defaults."""

    year: int
    thresholds: rules.Thresholds
    summary_until: date
    version: int | None = None


def settings(org_id: int, year: int) -> Settings:
    """The year's settings, kept by the worker under the body's stamp (``stamps.kept``)."""
    return kept("assessment_settings", org_id, year, lambda: _settings(org_id, year))


def _settings(org_id: int, year: int) -> Settings:
    row = db.session.execute(_settings_select(), {"org_id": org_id, "year": year}).first()
    if row is None:
        return Settings(year, rules.Thresholds(), rules.default_summary_until(year))
    excellent, good, competent, summary_until, version = row
    return Settings(year, rules.Thresholds(excellent, good, competent), summary_until, version)


@cache
def _settings_select() -> Select:
    return select(
        AssessmentSetting.excellent,
        AssessmentSetting.good,
        AssessmentSetting.competent,
        AssessmentSetting.summary_until,
        AssessmentSetting.version,
    ).where(
        AssessmentSetting.org_id == bindparam("org_id"), AssessmentSetting.year == bindparam("year")
    )


def settings_row(org_id: int, year: int) -> AssessmentSetting | None:
    """The year's stored settings, to change them (None: the year has the defaults)."""
    return db.session.scalar(
        select(AssessmentSetting).where(
            AssessmentSetting.org_id == org_id, AssessmentSetting.year == year
        )
    )


# --- facts -----------------------------------------------------------------------------------


def attendance_counts(
    org_id: int, year: int, members: list[int]
) -> dict[int, dict[tuple[str, str], int]]:
    """member id → {(event kind, outcome): number of events} for ``members``, outcome
    present / excused / absent, from ``selectors.attendance.attendance_facts`` (one GROUP
    BY, org and year bounded; an event not yet over counts nowhere)."""
    from .attendance import attendance_facts

    return {
        member_id: {
            (kind, outcome): n for kind, counts in kinds.items() for outcome, n in counts.items()
        }
        for member_id, kinds in attendance_facts(org_id, year, members=members).items()
    }


def _matter_code(loop: str, stage: str) -> str | None:
    code = MATTER_LOOPS.get(loop)
    return code if code and stage in rules.MATTER_SOURCES[code][1] else None


@dataclass(frozen=True, slots=True)
class LedMatter:
    """A matter a member leads as proposer, as the ledger and the annual report read it:
    its columns, not the ORM object (the report shows its loop, title, number and stage)."""

    id: int
    loop: str
    stage: str
    title: str
    session_label: str | None
    number: int | None
    on: date | None  # filed, else submitted: the day its ledger line counts from

    spec = Matter.spec
    stage_label = Matter.stage_label
    number_text = Matter.number_text


@dataclass(frozen=True, slots=True)
class Summary:
    """A member's 述职 of the year: its text and version (the form's)."""

    text: str
    version: int


@dataclass
class Assessment:
    """One member's year: the 十个一 progress, attendance counts, matters, the ledger, the
    grade and the self-summary."""

    member: Member
    progress: duty_rules.MemberProgress
    ledger: rules.Ledger
    grade: str
    attendance: dict[tuple[str, str], int] = field(default_factory=dict)
    matters: list[LedMatter] = field(default_factory=list)
    summary: Summary | None = None

    @property
    def total(self) -> int:
        return self.ledger.total

    @property
    def grade_label(self) -> str:
        return rules.GRADES[self.grade]

    def attendance_rows(self) -> list[tuple[str, int, int, int]]:
        """(kind label, present, excused, absent) per event kind."""
        kinds = sorted({k for k, _o in self.attendance})
        return [
            (
                rules.kind_label(k),
                *(self.attendance.get((k, o), 0) for o in rules.OUTCOMES),
            )
            for k in kinds
        ]


# ``assess`` reads the members' matters led, adjustments and 述职 of the year in one
# statement (each statement is a round trip on PostgreSQL): a UNION ALL of three parts over
# the same columns, its rows told apart by ``part``, built once per worker.
_MATTER, _ADJUSTMENT, _SUMMARY = 0, 1, 2


@cache
def _year_facts_select() -> CompoundSelect:
    """(part, member_id, id, at, n, text, loop, stage, label, day) rows: a matter's
    submitted_at, number, title, loop, stage, session label, filed_on; an adjustment's
    created_at, points, reason and its author's name; a 述职's version and text."""
    org, year = bindparam("org_id"), bindparam("year")
    members = bindparam("members", expanding=True)

    def part(n: int):
        return literal_column(str(n), Integer).label("part")

    matters = (
        select(
            part(_MATTER),
            MatterPerson.member_id,
            Matter.id,
            Matter.submitted_at.label("at"),
            Matter.number.label("n"),
            Matter.title.label("text"),
            Matter.loop,
            Matter.stage,
            Matter.session_label.label("label"),
            Matter.filed_on.label("day"),
        )
        .join(Matter, Matter.id == MatterPerson.matter_id)
        .where(*proposer_of(org, year, members))
    )
    adjustments = (
        select(
            part(_ADJUSTMENT),
            PointsAdjustment.member_id,
            PointsAdjustment.id,
            PointsAdjustment.created_at,
            PointsAdjustment.points,
            PointsAdjustment.reason,
            null(),
            null(),
            User.display_name,
            null(),
        )
        .outerjoin(User, User.id == PointsAdjustment.created_by_id)
        .where(
            PointsAdjustment.org_id == org,
            PointsAdjustment.year == year,
            PointsAdjustment.member_id.in_(members),
        )
    )
    summaries = select(
        part(_SUMMARY),
        SelfSummary.member_id,
        SelfSummary.id,
        null(),
        SelfSummary.version,
        SelfSummary.text,
        null(),
        null(),
        null(),
        null(),
    ).where(
        SelfSummary.org_id == org,
        SelfSummary.year == year,
        SelfSummary.member_id.in_(members),
    )
    facts = union_all(matters, adjustments, summaries)
    columns = facts.selected_columns
    return facts.order_by(columns.part, columns.at, columns.id)


def assess(org_id: int, year: int, members: list[Member]) -> list[Assessment]:
    """The assessments of ``members`` in the order given: one ledger line per source (item
    done, matter), with the matters and self-summaries read, for the ledger and the annual
    report. A fixed number of statements, whatever the number of members (the year's rules
    and settings kept by the worker)."""
    if not members:
        return []
    ids = [m.id for m in members]
    catalogue = year_rules(org_id, year)
    codes = [r.code for r in catalogue]
    thresholds = settings(org_id, year).thresholds
    year_items = year_items_of(org_id, year)
    counts = status_counts(org_id, year, year_items, ids)
    attendance = attendance_counts(org_id, year, ids)
    facts: dict[int, list[rules.Fact]] = defaultdict(list)
    matters: dict[int, list[LedMatter]] = defaultdict(list)
    adjustments: dict[int, list[rules.Adjustment]] = defaultdict(list)
    summaries: dict[int, Summary] = {}
    rows = db.session.execute(
        _year_facts_select(), {"org_id": org_id, "year": year, "members": ids}
    )
    for part, member_id, id_, at, n, text, loop, stage, label, day in rows:
        if part == _MATTER:
            matter = LedMatter(id_, loop, stage, text, label, n, day or (at.date() if at else None))
            matters[member_id].append(matter)
            code = _matter_code(loop, stage)
            if code:
                source = ("matter", id_)
                facts[member_id].append(rules.Fact(code, text, 1, source, matter.on))
        elif part == _ADJUSTMENT:
            adjustments[member_id].append(rules.Adjustment(n, text, at.date(), label or ""))
        else:
            summaries[member_id] = Summary(text, n)
    result = []
    for m in members:
        progress = _progress(year_items, counts.get(m.id, {}))
        member_facts = [
            rules.Fact(rules.DUTY_ITEM, c.name, 1, ("duty_item", c.code))
            for c in progress.items
            if c.done
        ]
        member_facts.append(rules.Fact(rules.BASE, f"{year} 年度基础分"))
        member_facts += facts[m.id]
        member_facts += rules.attendance_facts(attendance.get(m.id, {}), codes)
        ledger = rules.ledger(catalogue, member_facts, adjustments[m.id])
        result.append(
            Assessment(
                m,
                progress,
                ledger,
                rules.grade(ledger.total, thresholds),
                attendance.get(m.id, {}),
                matters[m.id],
                summaries.get(m.id),
            )
        )
    return result


# --- the secretariat's table -----------------------------------------------------------------


@dataclass
class Score:
    """A row of the table: the member, items done, points and grade (from ``scores``)."""

    member: Member
    done: int
    total: int
    grade: str

    @property
    def grade_label(self) -> str:
        return rules.GRADES[self.grade]


@dataclass
class Table:
    year: int
    page: RowPage
    by_grade: dict[str, int]
    per_page: int = 50
    items: int = 0  # the year's 十个一 items

    @property
    def start(self) -> int:
        """The rank before the page's first row."""
        return (self.page.page - 1) * self.per_page

    @property
    def rows(self) -> list[Score]:
        return self.page.items

    @property
    def total(self) -> int:
        return self.page.total


def year_scores(
    org_id: int,
    year: int,
    where,
    thresholds: rules.Thresholds | None = None,
    year_items: list[DutyItem] | None = None,
):
    """``scores.scored`` for the year's rules, thresholds and items: a statement for the
    items unless the caller has them, the rules and thresholds as the worker keeps them
    (a statement each when not yet kept)."""
    catalogue = year_rules(org_id, year)
    if year_items is None:
        year_items = year_items_of(org_id, year)
    if thresholds is None:
        thresholds = settings(org_id, year).thresholds
    item_ids = tuple(i.id for i in year_items)
    return scores.scored(org_id, year, where, catalogue, thresholds, item_ids), len(year_items)


def body_grade_counts(
    org_id: int, year: int, year_items: list[DutyItem] | None = None
) -> dict[str, int]:
    """grade → members of the body's active members (``scores.body_grade_counts``: its
    statements, one for the year's items unless the caller has them; the rules and
    thresholds kept as ``year_scores`` reads them)."""
    if year_items is None:
        year_items = year_items_of(org_id, year)
    thresholds = settings(org_id, year).thresholds
    catalogue = year_rules(org_id, year)
    return scores.body_grade_counts(org_id, year, catalogue, thresholds, year_items)


def table(
    org_id: int,
    year: int,
    scope,
    *,
    group: int | None = None,
    committee: int | None = None,
    sector: int | None = None,
    grade: str | None = None,
    page: int = 1,
    per_page: int | None = 50,
    thresholds: rules.Thresholds | None = None,
) -> Table:
    """Every active member in scope with points and grade, highest first, filtered and
    paged — summed, counted by grade and paged in SQL (``selectors.scores``): four
    statements (the page of a whole table and its counts are one), five for a grade's,
    and only the page's members loaded, whatever the size of the body.
    ``per_page`` None: every row on one page (the export); ``thresholds``: the year's
    settings' when the caller has read them."""
    where = [scope, *member_filters(group, committee, sector)]
    scored, n_items = year_scores(org_id, year, where, thresholds)
    grade = grade if grade in rules.GRADES else None
    page, rows, by_grade = max(1, page), [], {}
    if per_page and not grade:  # the usual table: its page and the counts in one statement
        rows, by_grade = scores.ranked_and_counted(scored, org_id, per_page, (page - 1) * per_page)
    if not rows:  # a grade's table, the export, a page past the last: counts first
        by_grade = scores.grade_counts(scored)
    total = by_grade[grade] if grade else sum(by_grade.values())
    per_page = per_page or max(1, total)
    pages = max(1, -(-total // per_page))
    if not rows:
        page = min(page, pages)
        rows = (
            scores.ranked(scored, org_id, grade, per_page, (page - 1) * per_page) if total else []
        )
    shown = [Score(*row) for row in rows]
    return Table(year, RowPage(shown, page, pages, total), by_grade, per_page, n_items)


def summary_cutoffs(org_id: int, years: tuple[int, ...]) -> dict[int, date]:
    """Each year's 述职 cut-off, the default where the year has no settings (one statement)."""
    rows = db.session.execute(
        select(AssessmentSetting.year, AssessmentSetting.summary_until).where(
            AssessmentSetting.org_id == org_id, AssessmentSetting.year.in_(years)
        )
    )
    set_on = dict(rows.all())
    return {y: set_on.get(y) or rules.default_summary_until(y) for y in years}


def summaries_written(member_id: int, years: list[int]) -> set[int]:
    """The years among ``years`` the member has written a (non-empty) 述职 for."""
    if not years:
        return set()
    rows = db.session.execute(
        select(SelfSummary.year, SelfSummary.text).where(
            SelfSummary.member_id == member_id, SelfSummary.year.in_(years)
        )
    )
    return {y for y, text in rows if text.strip()}
