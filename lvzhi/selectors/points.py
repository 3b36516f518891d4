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

from sqlalchemy import select
from sqlalchemy.orm import joinedload

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
)
from . import scores
from .duties import _progress, items, status_counts
from .duty_overview import RowPage, member_filters
from .scores import MATTER_LOOPS, proposer_of

# --- the year's configuration ----------------------------------------------------------------


def rule_rows(org_id: int, year: int) -> list[PointsRule]:
    return list(
        db.session.scalars(
            select(PointsRule)
            .where(PointsRule.org_id == org_id, PointsRule.year == year)
            .order_by(PointsRule.sort_order, PointsRule.id)
        )
    )


def as_rule(row: PointsRule) -> rules.Rule:
    return rules.Rule(row.code, row.name, row.unit, row.points, row.cap, row.active, row.sort_order)


def year_rules(org_id: int, year: int) -> list[rules.Rule]:
    """The year's catalogue: its own rows, else the default catalogue."""
    rows = rule_rows(org_id, year)
    return [as_rule(r) for r in rows] if rows else rules.default_rules()


@dataclass
class Settings:
    year: int
    thresholds: rules.Thresholds
    summary_until: date
    row: AssessmentSetting | None = None

    @property
    def version(self) -> int | None:
        return self.row.version if self.row else None


def settings(org_id: int, year: int) -> Settings:
    row = db.session.scalar(
        select(AssessmentSetting).where(
            AssessmentSetting.org_id == org_id, AssessmentSetting.year == year
        )
    )
    if row is None:
        return Settings(year, rules.Thresholds(), rules.default_summary_until(year))
    return Settings(
        year, rules.Thresholds(row.excellent, row.good, row.competent), row.summary_until, row
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


@dataclass
class Assessment:
    """One member's year: the 十个一 progress, attendance counts, matters, the ledger, the
    grade and the self-summary."""

    member: Member
    progress: duty_rules.MemberProgress
    ledger: rules.Ledger
    grade: str
    attendance: dict[tuple[str, str], int] = field(default_factory=dict)
    matters: list[Matter] = field(default_factory=list)
    summary: SelfSummary | None = None

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


def assess(org_id: int, year: int, members: list[Member]) -> list[Assessment]:
    """The assessments of ``members`` in the order given: one ledger line per source (item
    done, matter), with the matters and self-summaries loaded, for the ledger and the annual
    report. A fixed number of statements, whatever the number of members."""
    if not members:
        return []
    ids = [m.id for m in members]
    catalogue = year_rules(org_id, year)
    codes = [r.code for r in catalogue]
    setting = settings(org_id, year)
    year_items = items(org_id, year)
    counts = status_counts(org_id, year, year_items, ids)
    attendance = attendance_counts(org_id, year, ids)
    facts: dict[int, list[rules.Fact]] = defaultdict(list)
    matters: dict[int, list[Matter]] = defaultdict(list)
    adjustments: dict[int, list[rules.Adjustment]] = defaultdict(list)
    rows = db.session.execute(
        select(MatterPerson.member_id, Matter)
        .join(Matter, Matter.id == MatterPerson.matter_id)
        .where(*proposer_of(org_id, year, ids))
        .order_by(Matter.submitted_at, Matter.id)
    )
    for member_id, matter in rows:
        matters[member_id].append(matter)
        code = _matter_code(matter.loop, matter.stage)
        if code:
            on = matter.filed_on or (matter.submitted_at.date() if matter.submitted_at else None)
            facts[member_id].append(rules.Fact(code, matter.title, 1, ("matter", matter.id), on))
    for a in db.session.scalars(
        select(PointsAdjustment)
        .where(
            PointsAdjustment.org_id == org_id,
            PointsAdjustment.year == year,
            PointsAdjustment.member_id.in_(ids),
        )
        .options(joinedload(PointsAdjustment.created_by))
        .order_by(PointsAdjustment.created_at, PointsAdjustment.id)
    ):
        by = a.created_by.display_name if a.created_by else ""
        adjustments[a.member_id].append(
            rules.Adjustment(a.points, a.reason, a.created_at.date(), by)
        )
    summaries = {
        s.member_id: s
        for s in db.session.scalars(
            select(SelfSummary).where(
                SelfSummary.org_id == org_id,
                SelfSummary.year == year,
                SelfSummary.member_id.in_(ids),
            )
        )
    }
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
                rules.grade(ledger.total, setting.thresholds),
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
    """``scores.scored`` for the year's rules, thresholds and items (three statements; one
    fewer for each of ``thresholds`` and ``year_items`` the caller has read already)."""
    catalogue = year_rules(org_id, year)
    if year_items is None:
        year_items = items(org_id, year)
    if thresholds is None:
        thresholds = settings(org_id, year).thresholds
    item_ids = tuple(i.id for i in year_items)
    return scores.scored(org_id, year, where, catalogue, thresholds, item_ids), len(year_items)


def body_grade_counts(
    org_id: int, year: int, year_items: list[DutyItem] | None = None
) -> dict[str, int]:
    """grade → members of the body's active members (``scores.body_grade_counts``: three
    statements, two when the caller has the year's items)."""
    if year_items is None:
        year_items = items(org_id, year)
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
