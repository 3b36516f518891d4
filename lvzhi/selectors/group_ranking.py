"""Reading the 十加一 quarter: every group's three months, the ranking with its flags, each
group's trend over past quarters, and the invitations to the next 机关月度会议.

Every function runs a fixed number of statements however many groups or reports there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..domain import group_ranking as ranking_rules
from ..domain.group_ranking import GroupQuarterEntry
from ..domain.group_reports import Rubric
from ..extensions import db
from ..models import GroupInvitation, GroupReport, Meeting, OfficeGroup
from . import calendar
from .group_reports import (
    QuarterRow,
    ScoredReport,
    rubric_for,
    rubrics_for,
    shown_scored,
)
from .roster import office_groups


@dataclass
class Quarter:
    year: int
    quarter: int
    rubric: Rubric
    rows: list[QuarterRow]
    ranking: list[ranking_rules.RankedGroup]
    today: date
    final: bool
    so_far: dict[int, ranking_rules.QuarterSoFar]  # office_group_id → the group's quarter so far

    @property
    def months(self) -> tuple[int, int, int]:
        return ranking_rules.quarter_months(self.quarter)

    @property
    def label(self) -> str:
        return ranking_rules.quarter_label(self.year, self.quarter)

    @property
    def due_date(self) -> date:
        """The due day of the quarter's last report; the ranking can be final the day after."""
        return ranking_rules.quarter_due_date(self.year, self.quarter, self.rubric)

    @property
    def not_final_reasons(self) -> list[str]:
        """Why the ranking is not final yet, in Chinese; empty once it is."""
        groups = [(row.group.name, self.so_far[row.group.id].pending) for row in self.rows]
        return ranking_rules.not_final_reasons(
            self.today, self.year, self.quarter, self.rubric, groups
        )


def _quarter_so_far(
    months: dict[int, ScoredReport | None], year: int, q: int, today: date, rubric: Rubric
) -> ranking_rules.QuarterSoFar:
    """One group's quarter so far from its shown reports of the quarter's months."""
    statuses, totals = {}, {}
    for m in ranking_rules.quarter_months(q):
        s = months.get(m)
        submitted = s is not None and s.score is not None
        reviewed = submitted and s.score.reviewed
        statuses[m] = ranking_rules.month_status(
            today, year, m, rubric, submitted=submitted, reviewed=reviewed
        )
        if reviewed:
            totals[m] = s.score.total
    return ranking_rules.QuarterSoFar(q, statuses, totals)


@dataclass
class TrendReports:
    """The shown reports of a trend's quarters, scored, and their years' rubrics: what
    ``quarter`` and ``trend`` read, read once by a page that shows both."""

    quarters: list[tuple[int, int]]  # (year, quarter), oldest first, the trend's quarter last
    rubrics: dict[int, Rubric]
    shown: list[ScoredReport]

    def of_quarter(self, year: int, q: int) -> list[ScoredReport]:
        months = ranking_rules.quarter_months(q)
        return [s for s in self.shown if s.report.year == year and s.report.month in months]


def trend_reports(org_id: int, year: int, q: int, count: int = 4) -> TrendReports:
    """The last ``count`` quarters up to ``q`` of ``year``: their years' rubrics and shown
    reports, scored (two statements)."""
    quarters = [(year, q)]
    while len(quarters) < count:
        quarters.insert(0, ranking_rules.previous_quarter(*quarters[0]))
    rubrics = rubrics_for(org_id, range(quarters[0][0], year + 1))
    months_of = {}  # year → the months of its quarters in the trend
    for y, qq in quarters:
        months_of.setdefault(y, []).extend(ranking_rules.quarter_months(qq))
    shown = shown_scored(
        org_id,
        rubrics,
        or_(*(and_(GroupReport.year == y, GroupReport.month.in_(m)) for y, m in months_of.items())),
    )
    return TrendReports(quarters, rubrics, shown)


def quarter(
    org_id: int, year: int, q: int, today: date | None = None, reports: TrendReports | None = None
) -> Quarter:
    """Every group's three months and the ranking as it stands on ``today``, in three
    statements (one when the caller has read the ``reports`` of a trend ending with this
    quarter). Months not yet due and reports awaiting their score are not counted, and
    until the quarter is final nobody is flagged (see :func:`ranking_rules.rank_groups`)."""
    today = today or local_today()
    months = ranking_rules.quarter_months(q)
    groups = office_groups(org_id)
    if reports is not None:
        rubric, shown = reports.rubrics[year], reports.of_quarter(year, q)
    else:
        rubric = rubric_for(org_id, year)
        shown = shown_scored(
            org_id, {year: rubric}, GroupReport.year == year, GroupReport.month.in_(months)
        )
    rows = {g.id: QuarterRow(g) for g in groups}
    for s in shown:
        if s.report.office_group_id in rows:
            rows[s.report.office_group_id].months[s.report.month] = s
    so_far = {
        gid: _quarter_so_far(dict(row.months), year, q, today, rubric) for gid, row in rows.items()
    }
    final = ranking_rules.quarter_is_final(
        today, year, q, rubric, (st for f in so_far.values() for st in f.statuses.values())
    )
    entries = []
    for gid, row in rows.items():
        mine = so_far[gid]
        entries.append(
            GroupQuarterEntry(
                group_id=row.group.id,
                group_name=row.group.name,
                sort_order=row.group.sort_order,
                score=mine.score,
                monthly_totals=mine.scored_totals,
                on_time_months=sum(
                    1 for m in mine.counted if m in row.months and row.months[m].on_time
                ),
                statuses=mine.statuses,
            )
        )
    ranking = ranking_rules.rank_groups(entries, rubric.flag_count, final=final)
    return Quarter(year, q, rubric, [rows[g.id] for g in groups], ranking, today, final, so_far)


def trend(
    org_id: int,
    year: int,
    q: int,
    count: int = 4,
    today: date | None = None,
    group_ids: list[int] | None = None,
    reports: TrendReports | None = None,
) -> dict[int, list[ranking_rules.TrendPoint]]:
    """office_group_id → its quarter scores over the last ``count`` quarters (this one last),
    leaving out the quarters before the organization's first submitted report. A quarter not
    final on ``today`` is a provisional point over its counted months (none counted: no point)
    and is compared with no other quarter. ``reports``: the quarters' ``trend_reports`` when
    the caller has read them."""
    today = today or local_today()
    if reports is None:
        reports = trend_reports(org_id, year, q, count)
    quarters, rubrics, shown = list(reports.quarters), reports.rubrics, reports.shown
    by_month: dict[tuple[int, int, int], ScoredReport] = {}
    for s in shown:
        if s.score is not None:
            by_month[(s.report.office_group_id, s.report.year, s.report.month)] = s
    # quarters before the organization's first report are not part of anyone's trend
    reported = {(y, ranking_rules.quarter_of(m)) for _g, y, m in by_month}
    while len(quarters) > 1 and quarters[0] not in reported:
        quarters.pop(0)
    if group_ids is None:  # the caller that has the groups already passes their ids
        group_ids = list(
            db.session.scalars(select(OfficeGroup.id).where(OfficeGroup.org_id == org_id))
        )
    so_far = {
        (gid, yq): _quarter_so_far(
            {m: by_month.get((gid, yq[0], m)) for m in ranking_rules.quarter_months(yq[1])},
            *yq,
            today,
            rubrics[yq[0]],
        )
        for gid in group_ids
        for yq in quarters
    }
    not_final = {
        yq
        for yq in quarters
        if not ranking_rules.quarter_is_final(
            today,
            *yq,
            rubrics[yq[0]],
            (st for gid in group_ids for st in so_far[(gid, yq)].statuses.values()),
        )
    }
    result = {}
    for gid in group_ids:
        scores = {yq: so_far[(gid, yq)].score for yq in quarters}
        result[gid] = ranking_rules.quarter_trend(
            {yq: score for yq, score in scores.items() if score is not None}, not_final
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
    return calendar.next_meeting(org_id, "organ_monthly", after)
