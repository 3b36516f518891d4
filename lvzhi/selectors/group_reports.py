"""Reading 十加一: the year's list and rubric, reports with their scores and the reviewers'
lists (the quarter ranking is in group_ranking.py, the monthly 晾晒台 in showcase.py).

Every function runs a fixed number of statements however many groups or reports there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from .. import clock
from ..domain import group_reports as rules
from ..domain.group_reports import (
    DEFAULT_GROUP_ITEMS,
    DEFAULT_RUBRIC,
    REPORT_STATUS_LABELS,
    REVIEWED,
    SIGNATURE_CODE,
    SUBMITTED,
    Rubric,
    ScoreBreakdown,
)
from ..domain.uploads import OWNER_GROUP_REPORT_ITEM
from ..extensions import db
from ..models import (
    Attachment,
    GroupReport,
    GroupReportEntry,
    GroupReportItem,
    GroupReportRubric,
    GroupSignatureItem,
    Member,
    OfficeGroup,
)

SHOWN = (SUBMITTED, REVIEWED)


@dataclass(frozen=True)
class ItemDef:
    code: str
    name: str
    description: str
    position: int

    @property
    def is_signature(self) -> bool:
        return self.code == SIGNATURE_CODE


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """The columns of a report that its score and the ranking read (no ORM entity)."""

    id: int
    office_group_id: int
    year: int
    month: int
    status: str
    submitted_at: datetime | None
    quality: int | None

    @property
    def status_label(self) -> str:
        return REPORT_STATUS_LABELS.get(self.status, self.status)


@dataclass
class ScoredReport:
    """A report with its derived facts: on time or late, and its score breakdown."""

    report: GroupReport | ReportFacts
    work_items: int
    on_time: bool | None  # None while not submitted
    score: ScoreBreakdown | None  # None while not submitted


@dataclass
class QuarterRow:
    group: OfficeGroup
    months: dict[int, ScoredReport] = field(default_factory=dict)


# --- the year's configuration -------------------------------------------------------------------


def rubric_row(org_id: int, year: int) -> GroupReportRubric | None:
    return db.session.scalar(
        select(GroupReportRubric).where(
            GroupReportRubric.org_id == org_id, GroupReportRubric.year == year
        )
    )


def _to_rubric(row: GroupReportRubric | None) -> Rubric:
    if row is None:
        return DEFAULT_RUBRIC
    return Rubric(
        coverage_weight=row.coverage_weight,
        quality_max=row.quality_max,
        timeliness_weight=row.timeliness_weight,
        due_day=row.due_day,
        flag_count=row.flag_count,
    )


def rubric_for(org_id: int, year: int) -> Rubric:
    return _to_rubric(rubric_row(org_id, year))


def rubrics_for(org_id: int, years: Iterable[int]) -> dict[int, Rubric]:
    years = tuple(sorted(set(years)))
    rows = {r.year: r for r in db.session.scalars(_rubrics_select(org_id, years))}
    return {y: _to_rubric(rows.get(y)) for y in years}


@lru_cache(maxsize=256)
def _rubrics_select(org_id: int, years: tuple[int, ...]) -> Select:
    """Built once per body and years: a head's badge asks on every page."""
    return select(GroupReportRubric).where(
        GroupReportRubric.org_id == org_id, GroupReportRubric.year.in_(years)
    )


def default_items() -> list[ItemDef]:
    return [ItemDef(c, n, d, i) for i, (c, n, d) in enumerate(DEFAULT_GROUP_ITEMS, start=1)]


def items_for(org_id: int, year: int) -> list[ItemDef]:
    """The year's eleven items: the secretariat's names where saved, DOMAIN.md defaults else."""
    saved = {
        r.code: r
        for r in db.session.scalars(
            select(GroupReportItem).where(
                GroupReportItem.org_id == org_id, GroupReportItem.year == year
            )
        )
    }
    items = []
    for item in default_items():
        row = saved.get(item.code)
        items.append(ItemDef(item.code, row.name, row.description, row.position) if row else item)
    return sorted(items, key=lambda i: (i.is_signature, i.position, i.code))


def item_rows(org_id: int, year: int) -> dict[str, GroupReportItem]:
    return {
        r.code: r
        for r in db.session.scalars(
            select(GroupReportItem).where(
                GroupReportItem.org_id == org_id, GroupReportItem.year == year
            )
        )
    }


def signatures(org_id: int, year: int) -> dict[int, GroupSignatureItem]:
    """office_group_id → the group's 特色 item for the year."""
    return {
        s.office_group_id: s
        for s in db.session.scalars(
            select(GroupSignatureItem).where(
                GroupSignatureItem.org_id == org_id, GroupSignatureItem.year == year
            )
        )
    }


def signature_for(group_id: int, year: int) -> GroupSignatureItem | None:
    return db.session.scalar(
        select(GroupSignatureItem).where(
            GroupSignatureItem.office_group_id == group_id, GroupSignatureItem.year == year
        )
    )


# --- scores -------------------------------------------------------------------------------------


to_local = clock.to_local  # stored UTC → the organization's local time, for the due-day rule


def scored(
    report: GroupReport | ReportFacts,
    work_items: int,
    rubric: Rubric,
    total_items: int = rules.TOTAL_ITEMS,
    tz: ZoneInfo | None = None,
) -> ScoredReport:
    if report.status not in SHOWN or report.submitted_at is None:
        return ScoredReport(report, work_items, None, None)
    submitted = to_local(report.submitted_at, tz)
    on_time = not rules.is_late(submitted, report.year, report.month, rubric)
    score = rules.report_score(
        min(work_items, total_items), total_items, report.quality, on_time, rubric
    )
    return ScoredReport(report, work_items, on_time, score)


def _work_counts(report_ids: list[int]) -> dict[int, int]:
    if not report_ids:
        return {}
    rows = db.session.execute(
        select(GroupReportEntry.report_id, func.count(GroupReportEntry.id))
        .where(GroupReportEntry.report_id.in_(report_ids), GroupReportEntry.has_work.is_(True))
        .group_by(GroupReportEntry.report_id)
    )
    return dict(rows.all())


def scored_reports(reports: list[GroupReport], rubrics: dict[int, Rubric]) -> list[ScoredReport]:
    counts = _work_counts([r.id for r in reports])
    return [scored(r, counts.get(r.id, 0), rubrics.get(r.year, DEFAULT_RUBRIC)) for r in reports]


def shown_scored(org_id: int, rubrics: dict[int, Rubric], *where) -> list[ScoredReport]:
    """The organization's shown reports matching ``where``, scored, in one statement: the
    columns the score reads and each report's count of items with work, as small rows."""
    work = (
        select(func.count(GroupReportEntry.id))
        .where(GroupReportEntry.report_id == GroupReport.id, GroupReportEntry.has_work.is_(True))
        .correlate(GroupReport)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            GroupReport.id,
            GroupReport.office_group_id,
            GroupReport.year,
            GroupReport.month,
            GroupReport.status,
            GroupReport.submitted_at,
            GroupReport.quality,
            work,
        ).where(GroupReport.org_id == org_id, GroupReport.status.in_(SHOWN), *where)
    )
    tz = clock.zone()
    return [
        scored(ReportFacts(*row[:7]), row[7], rubrics.get(row[2], DEFAULT_RUBRIC), tz=tz)
        for row in rows
    ]


def work_count(report: GroupReport) -> int:
    return sum(1 for e in report.entries if e.has_work)


# --- one report ---------------------------------------------------------------------------------


def report_get(group_id: int, year: int, month: int) -> GroupReport | None:
    return db.session.scalar(
        select(GroupReport)
        .where(
            GroupReport.office_group_id == group_id,
            GroupReport.year == year,
            GroupReport.month == month,
        )
        .options(
            selectinload(GroupReport.entries).selectinload(GroupReportEntry.participants),
            selectinload(GroupReport.comments),
        )
    )


def report_full(report_id: int) -> GroupReport | None:
    return db.session.scalar(
        select(GroupReport)
        .where(GroupReport.id == report_id)
        .options(
            joinedload(GroupReport.office_group),
            selectinload(GroupReport.entries).selectinload(GroupReportEntry.participants),
            selectinload(GroupReport.comments),
        )
    )


def group_roster(group_id: int) -> list[Member]:
    return list(
        db.session.scalars(
            select(Member)
            .where(Member.office_group_id == group_id, Member.is_active.is_(True))
            .order_by(Member.name, Member.id)
        )
    )


def photos_for(entry_ids: Iterable[int]) -> dict[int, list[Attachment]]:
    ids = list(entry_ids)
    if not ids:
        return {}
    result: dict[int, list[Attachment]] = {}
    for a in db.session.scalars(
        select(Attachment)
        .where(Attachment.owner_type == OWNER_GROUP_REPORT_ITEM, Attachment.owner_id.in_(ids))
        .order_by(Attachment.id)
    ):
        result.setdefault(a.owner_id, []).append(a)
    return result


def group_year_reports(group_id: int, year: int) -> dict[int, GroupReport]:
    return {
        r.month: r
        for r in db.session.scalars(
            select(GroupReport).where(
                GroupReport.office_group_id == group_id, GroupReport.year == year
            )
        )
    }


# --- lists for reviewers ------------------------------------------------------------------------


def review_queue(
    org_id: int,
    year: int,
    month: int | None,
    status: str | None,
    group_ids: Iterable[int] | None = None,
) -> list[ScoredReport]:
    stmt = (
        select(GroupReport)
        .where(
            GroupReport.org_id == org_id, GroupReport.year == year, GroupReport.status.in_(SHOWN)
        )
        .options(joinedload(GroupReport.office_group))
        .order_by(GroupReport.month.desc(), GroupReport.submitted_at)
    )
    if month:
        stmt = stmt.where(GroupReport.month == month)
    if status in SHOWN:
        stmt = stmt.where(GroupReport.status == status)
    if group_ids is not None:
        stmt = stmt.where(GroupReport.office_group_id.in_(list(group_ids) or [-1]))
    return scored_reports(list(db.session.scalars(stmt)), {year: rubric_for(org_id, year)})


def report_view(report_id: int) -> dict:
    """Everything a page that shows one whole report needs (review, committee comment)."""
    report = report_full(report_id)
    rubric = rubric_for(report.org_id, report.year)
    return {
        "report": report,
        "rubric": rubric,
        "s": scored(report, work_count(report), rubric),
        "items": items_for(report.org_id, report.year),
        "entries": {e.item_code: e for e in report.entries},
        "photos": photos_for(e.id for e in report.entries),
        "signature": signature_for(report.office_group_id, report.year),
    }
