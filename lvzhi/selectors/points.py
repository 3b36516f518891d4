"""Reading the year's assessment: its rules and settings (kept by the worker) and the
secretariat's table of totals. One member's ledger, line by line, is ``selectors.ledger``'s.

The points are **derived on read**, never stored: the year's facts come from GROUP BY queries
bounded by organization and year (十个一 items done, matters by loop and stage, attendance,
adjustments), and ``domain.points.ledger`` turns them into lines and a total. A confirmed
record, a filed proposal or a changed rule therefore shows in the next page view, with no
refresh to forget. A page's statement count is fixed whatever the number of members: the
facts of all the page's members are read at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import (
    Select,
    bindparam,
    select,
)

from ..domain import points as rules
from ..extensions import db
from ..models import (
    AssessmentSetting,
    DutyItem,
    Member,
    PointsRule,
    SelfSummary,
)
from ..stamps import kept
from . import scores
from .duties import year_items as year_items_of
from .duty_overview import RowPage, member_filters

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
