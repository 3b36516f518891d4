"""Reading the 十加一 quarter: every group's three months, the ranking with its flags, each
group's trend over past quarters, and the invitations to the next 机关月度会议.

Every function runs a fixed number of statements however many groups or reports there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..domain import group_reports as rules
from ..domain.group_reports import GroupQuarterEntry, Rubric
from ..extensions import db
from ..models import GroupInvitation, GroupReport, Meeting, OfficeGroup
from .group_reports import SHOWN, QuarterRow, rubric_for, rubrics_for, scored_reports
from .roster import office_groups


@dataclass
class Quarter:
    year: int
    quarter: int
    rubric: Rubric
    rows: list[QuarterRow]
    ranking: list[rules.RankedGroup]

    @property
    def months(self) -> tuple[int, int, int]:
        return rules.quarter_months(self.quarter)

    @property
    def label(self) -> str:
        return rules.quarter_label(self.year, self.quarter)


def quarter(org_id: int, year: int, q: int) -> Quarter:
    """Every group's three months and the ranking, in four statements."""
    months = rules.quarter_months(q)
    groups = office_groups(org_id)
    reports = list(
        db.session.scalars(
            select(GroupReport).where(
                GroupReport.org_id == org_id,
                GroupReport.year == year,
                GroupReport.month.in_(months),
                GroupReport.status.in_(SHOWN),
            )
        )
    )
    rubric = rubric_for(org_id, year)
    rows = {g.id: QuarterRow(g) for g in groups}
    for s in scored_reports(reports, {year: rubric}):
        if s.report.office_group_id in rows:
            rows[s.report.office_group_id].months[s.report.month] = s
    entries = []
    for row in rows.values():
        totals = {m: (row.months[m].score.total if m in row.months else None) for m in months}
        entries.append(
            GroupQuarterEntry(
                group_id=row.group.id,
                group_name=row.group.name,
                sort_order=row.group.sort_order,
                score=rules.quarter_score(totals, q),
                monthly_totals=totals,
                on_time_months=sum(1 for s in row.months.values() if s.on_time),
            )
        )
    ranking = rules.rank_groups(entries, rubric.flag_count)
    return Quarter(year, q, rubric, [rows[g.id] for g in groups], ranking)


def trend(org_id: int, year: int, q: int, count: int = 4) -> dict[int, list[rules.TrendPoint]]:
    """office_group_id → its quarter scores over the last ``count`` quarters (this one last),
    leaving out the quarters before the organization's first submitted report."""
    quarters = [(year, q)]
    while len(quarters) < count:
        quarters.insert(0, rules.previous_quarter(*quarters[0]))
    first_year = quarters[0][0]
    reports = list(
        db.session.scalars(
            select(GroupReport).where(
                GroupReport.org_id == org_id,
                GroupReport.year >= first_year,
                GroupReport.year <= year,
                GroupReport.status.in_(SHOWN),
            )
        )
    )
    rubrics = rubrics_for(org_id, range(first_year, year + 1))
    totals: dict[int, dict[tuple[int, int], dict[int, Decimal]]] = {}
    for s in scored_reports(reports, rubrics):
        key = (s.report.year, rules.quarter_of(s.report.month))
        if key in quarters and s.score is not None:
            totals.setdefault(s.report.office_group_id, {}).setdefault(key, {})[s.report.month] = (
                s.score.total
            )
    # quarters before the organization's first report are not part of anyone's trend
    reported = {k for by_quarter in totals.values() for k in by_quarter}
    while len(quarters) > 1 and quarters[0] not in reported:
        quarters.pop(0)
    group_ids = db.session.scalars(select(OfficeGroup.id).where(OfficeGroup.org_id == org_id))
    result = {}
    for gid in group_ids:
        mine = totals.get(gid, {})
        result[gid] = rules.quarter_trend(
            {k: rules.quarter_score(mine.get(k, {}), k[1]) for k in quarters}
        )
    return result


def invitations(org_id: int, year: int, q: int) -> list[GroupInvitation]:
    return list(
        db.session.scalars(
            select(GroupInvitation)
            .where(
                GroupInvitation.org_id == org_id,
                GroupInvitation.year == year,
                GroupInvitation.quarter == q,
            )
            .options(joinedload(GroupInvitation.office_group), joinedload(GroupInvitation.meeting))
            .order_by(GroupInvitation.rank)
        )
    )


def next_organ_meeting(org_id: int, after: date) -> Meeting | None:
    """The next 机关月度会议 on or after ``after``."""
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.org_id == org_id, Meeting.kind == "organ_monthly", Meeting.held_on >= after)
        .order_by(Meeting.held_on, Meeting.id)
        .limit(1)
    )
