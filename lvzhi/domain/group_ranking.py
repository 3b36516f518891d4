"""The 十加一 quarter: its months and score, a quarter still in progress (未到期 / 待评分 /
暂计), the ranking of the office groups with its tie rules, and each group's trend."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from .group_reports import Rubric, _check_month, _round1, is_overdue, report_due_date

Flag = Literal["top", "bottom"]
FLAG_TOP: Flag = "top"
FLAG_BOTTOM: Flag = "bottom"
FLAG_LABELS: dict[str, str] = {FLAG_TOP: "排名靠前", FLAG_BOTTOM: "排名靠后"}

# what separated two groups with the same quarter score, in the order the rules apply
TIE_BEST_MONTH = "同分，按单月最高分排序"
TIE_ON_TIME = "同分，按按时报送月数排序"
TIE_SORT_ORDER = "同分，按室组顺序排序"
TIE_GROUP_ID = "同分，按室组编号排序"
_TIE_REASONS = (TIE_BEST_MONTH, TIE_ON_TIME, TIE_SORT_ORDER, TIE_GROUP_ID)

_CHINESE_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}


def _check_quarter(quarter: int) -> None:
    if not 1 <= quarter <= 4:
        raise ValueError(f"季度应在 1 至 4 之间，收到 {quarter}")


# --- quarters -----------------------------------------------------------------------------------


def quarter_of(month: int) -> int:
    """The quarter (1..4) a month (1..12) falls in."""
    _check_month(month)
    return (month - 1) // 3 + 1


def quarter_months(quarter: int) -> tuple[int, int, int]:
    """The three months of a quarter, in order: quarter 2 -> (4, 5, 6)."""
    _check_quarter(quarter)
    first = (quarter - 1) * 3 + 1
    return (first, first + 1, first + 2)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    """The (year, quarter) before this one; Q1 goes back to Q4 of the year before."""
    _check_quarter(quarter)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    """The (year, quarter) after this one; Q4 moves on to Q1 of the next year."""
    _check_quarter(quarter)
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def quarter_label(year: int, quarter: int) -> str:
    """The Chinese name of a quarter, e.g. ``2026年第一季度``."""
    _check_quarter(quarter)
    return f"{year}年第{_CHINESE_QUARTERS[quarter]}季度"


def quarter_score(monthly_totals: Mapping[int, Decimal | None], quarter: int) -> Decimal:
    """A group's quarter score: the mean of its three monthly totals, rounded to one decimal.

    A month that is missing or ``None`` (no report) scores 0. Months of other quarters are
    ignored, so a whole year's totals may be passed in.
    """
    months = quarter_months(quarter)
    total = sum((Decimal(monthly_totals.get(m) or 0) for m in months), Decimal(0))
    return _round1(total / len(months))


# --- a quarter in progress ----------------------------------------------------------------------

MonthStatus = Literal["scored", "awaiting_score", "not_due", "missing"]
MONTH_SCORED: MonthStatus = "scored"
MONTH_AWAITING_SCORE: MonthStatus = "awaiting_score"
MONTH_NOT_DUE: MonthStatus = "not_due"
MONTH_MISSING: MonthStatus = "missing"
MONTH_STATUS_LABELS: dict[str, str] = {
    MONTH_SCORED: "已评分",
    MONTH_AWAITING_SCORE: "待评分",
    MONTH_NOT_DUE: "未到期",
    MONTH_MISSING: "未报送",
}
# the months that count towards a quarter score: a scored report, or nothing sent when due (0)
_COUNTED: frozenset[str] = frozenset({MONTH_SCORED, MONTH_MISSING})


def month_status(
    today: date, year: int, month: int, rubric: Rubric, *, submitted: bool, reviewed: bool
) -> MonthStatus:
    """Where one group's report for ``year``/``month`` stands on ``today``.

    A submitted report is scored once a reviewer gave its quality score, else it awaits its
    score (待评分). With nothing submitted the month is 未到期 up to and including its due day
    and 未报送 (0 points) from the day after (the rule of :func:`is_overdue`).
    """
    if submitted:
        return MONTH_SCORED if reviewed else MONTH_AWAITING_SCORE
    return MONTH_MISSING if is_overdue(today, year, month, rubric) else MONTH_NOT_DUE


def quarter_due_date(year: int, quarter: int, rubric: Rubric) -> date:
    """The due day of the quarter's last report (Q4's is 5 January of the next year)."""
    return report_due_date(year, quarter_months(quarter)[2], rubric)


def quarter_is_due(today: date, year: int, quarter: int, rubric: Rubric) -> bool:
    """Whether every report of the quarter is due: ``today`` is past its last due day."""
    return today > quarter_due_date(year, quarter, rubric)


def quarter_is_final(
    today: date, year: int, quarter: int, rubric: Rubric, statuses: Iterable[MonthStatus]
) -> bool:
    """Whether the quarter's ranking is final: its last report is due and every submitted
    report is scored. ``statuses`` are every group's month statuses for the quarter."""
    if not quarter_is_due(today, year, quarter, rubric):
        return False
    return all(status in _COUNTED for status in statuses)


@dataclass(frozen=True)
class QuarterSoFar:
    """One group's quarter as far as it can be scored on a day.

    ``statuses`` holds each month of the quarter; ``totals`` the total of each scored month.
    """

    quarter: int
    statuses: Mapping[int, MonthStatus]
    totals: Mapping[int, Decimal]

    def __post_init__(self) -> None:
        if set(self.statuses) != set(quarter_months(self.quarter)):
            raise ValueError(f"应给出第{self.quarter}季度每个月的状态")
        for month, status in self.statuses.items():
            if status == MONTH_SCORED and month not in self.totals:
                raise ValueError(f"{month}月已评分，但没有得分")

    @property
    def counted(self) -> tuple[int, ...]:
        """The months in the score: scored ones, and those missed after their due day (0)."""
        return tuple(m for m in quarter_months(self.quarter) if self.statuses[m] in _COUNTED)

    @property
    def pending(self) -> dict[int, MonthStatus]:
        """The months not in the score yet, each with why: 未到期 or 待评分."""
        return {
            m: self.statuses[m]
            for m in quarter_months(self.quarter)
            if self.statuses[m] not in _COUNTED
        }

    @property
    def provisional(self) -> bool:
        """Whether some month is not counted yet, so the score may still change."""
        return bool(self.pending)

    @property
    def score(self) -> Decimal | None:
        """The mean over the counted months (a missed month is 0), rounded to one decimal;
        None while no month counts. With all three counted it is :func:`quarter_score`."""
        counted = self.counted
        if not counted:
            return None
        total = sum(
            (self.totals[m] if self.statuses[m] == MONTH_SCORED else Decimal(0) for m in counted),
            Decimal(0),
        )
        return _round1(total / len(counted))

    @property
    def scored_totals(self) -> dict[int, Decimal | None]:
        """month → total for the scored months, None for every other month."""
        return {
            m: self.totals[m] if self.statuses[m] == MONTH_SCORED else None
            for m in quarter_months(self.quarter)
        }


def not_final_reasons(
    today: date,
    year: int,
    quarter: int,
    rubric: Rubric,
    groups: Sequence[tuple[str, Mapping[int, MonthStatus]]],
) -> list[str]:
    """Why a quarter's ranking is not final yet, one Chinese sentence per reason (empty when
    it is final): the last report not yet due, then month by month the groups whose report
    is 未到期 (with its due day) or 待评分. ``groups`` holds every group's (name, pending
    months) in board order; when a month waits for every group it says 全部室组."""
    reasons = []
    if not quarter_is_due(today, year, quarter, rubric):
        last = quarter_months(quarter)[2]
        due = quarter_due_date(year, quarter, rubric)
        reasons.append(f"{last}月报告{due.year}年{due.month}月{due.day}日到期，本季度尚未结束")
    for month in quarter_months(quarter):
        for status in (MONTH_NOT_DUE, MONTH_AWAITING_SCORE):
            names = [name for name, pending in groups if pending.get(month) == status]
            if not names:
                continue
            who = "全部室组" if len(names) == len(groups) > 1 else "、".join(names)
            when = ""
            if status == MONTH_NOT_DUE:
                due = report_due_date(year, month, rubric)
                when = f"（{due.month}月{due.day}日到期）"
            reasons.append(f"{month}月{MONTH_STATUS_LABELS[status]}{when}：{who}")
    return reasons


# --- ranking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupQuarterEntry:
    """One office group's results for the quarter being ranked.

    ``monthly_totals`` holds the quarter's months (month -> total, ``None`` = no score yet)
    and ``on_time_months`` how many of them were submitted on time. ``score`` is None while
    no month of a quarter in progress counts; ``statuses`` (month -> :data:`MonthStatus`)
    may be left empty for a finished quarter.
    """

    group_id: int
    group_name: str
    sort_order: int
    score: Decimal | None
    monthly_totals: Mapping[int, Decimal | None]
    on_time_months: int = 0
    statuses: Mapping[int, MonthStatus] = field(default_factory=dict)

    @property
    def best_month(self) -> Decimal:
        """The highest single monthly total of the quarter (0 when nothing was reported)."""
        return max(
            (Decimal(t) for t in self.monthly_totals.values() if t is not None), default=Decimal(0)
        )


@dataclass(frozen=True)
class RankedGroup:
    """A row of the ranking board: the entry, its rank, why a tie went its way, its flag.

    In a quarter in progress (``provisional``) the rank and ``flag`` are only what the
    scores so far give: ``final_flag`` and ``flag_label`` stay empty, so nobody is shown as
    排名靠前/靠后 before the quarter is over.
    """

    rank: int
    group_id: int
    group_name: str
    sort_order: int
    score: Decimal | None
    best_month: Decimal
    on_time_months: int
    monthly_totals: Mapping[int, Decimal | None]
    tie_broken_by: str | None
    flag: Flag | None
    provisional: bool = False
    statuses: Mapping[int, MonthStatus] = field(default_factory=dict)

    @property
    def final_flag(self) -> Flag | None:
        """The flag as the board shows it: none while the quarter is in progress."""
        return None if self.provisional else self.flag

    @property
    def flag_label(self) -> str | None:
        """The Chinese label for the shown flag, or None when the group is not flagged."""
        return FLAG_LABELS.get(self.final_flag) if self.final_flag else None

    @property
    def provisional_flag_label(self) -> str | None:
        """暂列排名靠前/靠后, for a confirmation that names the groups a provisional ranking
        would invite."""
        return f"暂列{FLAG_LABELS[self.flag]}" if self.flag else None

    def month_label(self, month: int) -> str:
        """What the board shows for a month: its total, or 待评分 / 未到期 / 未报送."""
        total = self.monthly_totals.get(month)
        status = self.statuses.get(month, MONTH_SCORED if total is not None else MONTH_MISSING)
        if status == MONTH_SCORED and total is not None:
            return str(total)
        return MONTH_STATUS_LABELS[status]


def _tie_key(entry: GroupQuarterEntry) -> tuple[Decimal, int, int, int]:
    """The tie-break criteria, most significant first, each oriented 'smaller ranks higher'."""
    return (-entry.best_month, -entry.on_time_months, entry.sort_order, entry.group_id)


def _tie_reason(a: GroupQuarterEntry, b: GroupQuarterEntry) -> str:
    """The first criterion that tells two equally scored groups apart."""
    for reason, x, y in zip(_TIE_REASONS, _tie_key(a), _tie_key(b), strict=True):
        if x != y:
            return reason
    return TIE_GROUP_ID


def _shown(score: Decimal | None) -> Decimal | None:
    return None if score is None else _round1(score)


def rank_groups(
    entries: Sequence[GroupQuarterEntry], flag_count: int, final: bool = True
) -> list[RankedGroup]:
    """Rank office groups by quarter score, highest first, every group with its own rank.

    Equal scores (compared as displayed, to one decimal) are ordered by the best single
    month, then more on-time months, then ``sort_order``, then ``group_id``. A group in a
    tie explains the criterion that separated it from the group just above it (or, for the
    first of the tie, from the group just below). The first ``flag_count`` groups are flagged
    "top" and the last ``flag_count`` "bottom"; with few groups, "top" wins. A group is ahead
    (or behind) only of groups it outscores: one scoring no more than the lowest score is
    never "top", one scoring no less than the highest never "bottom" — groups all tied (a
    quarter nobody reported in) are not flagged at all. A group with no score yet (a quarter
    in progress) comes last and is neither tied nor flagged. With ``final`` False every row
    is provisional: its flag is not shown as final.
    """
    if flag_count < 0:
        raise ValueError(f"晾晒标记的室组数不能为负数，收到 {flag_count}")
    ordered = sorted(
        entries,
        key=lambda e: (e.score is None, -(_shown(e.score) or Decimal(0)), *_tie_key(e)),
    )
    count = len(ordered)
    scored_count = sum(1 for e in ordered if e.score is not None)
    shown_scores = [_shown(e.score) for e in ordered if e.score is not None]
    highest, lowest = max(shown_scores, default=None), min(shown_scores, default=None)
    ranked: list[RankedGroup] = []
    for index, entry in enumerate(ordered):
        score = _shown(entry.score)
        above = ordered[index - 1] if index > 0 else None
        below = ordered[index + 1] if index + 1 < count else None
        if score is None:
            tie_broken_by: str | None = None
        elif above is not None and _shown(above.score) == score:
            tie_broken_by = _tie_reason(above, entry)
        elif below is not None and _shown(below.score) == score:
            tie_broken_by = _tie_reason(entry, below)
        else:
            tie_broken_by = None

        flag: Flag | None = None
        if score is None:
            flag = None
        elif index < flag_count and score > lowest:
            flag = FLAG_TOP
        elif index >= scored_count - flag_count and score < highest:
            flag = FLAG_BOTTOM

        ranked.append(
            RankedGroup(
                rank=index + 1,
                group_id=entry.group_id,
                group_name=entry.group_name,
                sort_order=entry.sort_order,
                score=score,
                best_month=entry.best_month,
                on_time_months=entry.on_time_months,
                monthly_totals=entry.monthly_totals,
                tie_broken_by=tie_broken_by,
                flag=flag,
                provisional=not final,
                statuses=entry.statuses,
            )
        )
    return ranked


# --- trend --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One quarter on a group's trend chart; ``change`` is None without the previous quarter.

    A ``provisional`` point is a quarter in progress (暂计): its score covers only the months
    counted so far, so it is not compared with a whole quarter.
    """

    year: int
    quarter: int
    score: Decimal
    change: Decimal | None
    provisional: bool = False

    @property
    def label(self) -> str:
        """The quarter's Chinese name, for the chart axis."""
        return quarter_label(self.year, self.quarter)

    @property
    def direction(self) -> str | None:
        """上升 / 下降 / 持平 against the previous quarter, None when there is nothing to compare."""
        if self.change is None:
            return None
        if self.change > 0:
            return "上升"
        return "下降" if self.change < 0 else "持平"


def quarter_trend(
    scores_by_quarter: Mapping[tuple[int, int], Decimal],
    provisional: Collection[tuple[int, int]] = (),
) -> list[TrendPoint]:
    """A group's quarter scores in calendar order, each with its change from the quarter before.

    The change is only computed against the calendar-previous quarter; after a gap in the
    data (or for the first point) it is None rather than a jump across the missing quarter.
    Quarters in ``provisional`` (in progress) are marked so and compared with nothing, nor is
    the quarter after one: a part of a quarter is not like a whole one.
    """
    for _year, quarter in scores_by_quarter:
        _check_quarter(quarter)
    points: list[TrendPoint] = []
    for year, quarter in sorted(scores_by_quarter):
        key = (year, quarter)
        score = _round1(Decimal(scores_by_quarter[key]))
        before = previous_quarter(year, quarter)
        previous = scores_by_quarter.get(before)
        comparable = previous is not None and key not in provisional and before not in provisional
        change = score - _round1(Decimal(previous)) if comparable else None
        points.append(
            TrendPoint(
                year=year,
                quarter=quarter,
                score=score,
                change=change,
                provisional=key in provisional,
            )
        )
    return points
