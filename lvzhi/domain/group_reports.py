"""Rules for the 十加一 office-group monthly reports: deadlines, scores, quarterly ranking."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from .workflow import Workflow, step

# ten standard items plus the group's own 特色 (signature) item
TOTAL_ITEMS = 11

# the longest free texts, checked by the forms and again by the services
MAX_ITEM_TEXT = 2000  # an item's 工作内容, a committee's 指导意见, a meeting appearance's notes
MAX_REVIEW_COMMENT = 500  # the secretariat's 评语, shown publicly on the 晾晒台
MAX_ITEM_NAME = 60  # an item's or a signature item's name
MAX_ITEM_DESCRIPTION = 300

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

_ONE_DECIMAL = Decimal("0.1")
_CHINESE_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}


def _round1(value: Decimal) -> Decimal:
    """Round to one decimal place, halves away from zero (四舍五入)."""
    return value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"月份应在 1 至 12 之间，收到 {month}")


def _check_quarter(quarter: int) -> None:
    if not 1 <= quarter <= 4:
        raise ValueError(f"季度应在 1 至 4 之间，收到 {quarter}")


# --- rubric -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rubric:
    """One year's scoring rules, set by the secretariat (DOMAIN.md defaults: 40 + 50 + 10).

    A report for month M is due by the end of day ``due_day`` of month M + 1. The top and
    bottom ``flag_count`` groups of each quarter are flagged for the next 机关月度会议.
    """

    coverage_weight: int = 40
    quality_max: int = 50
    timeliness_weight: int = 10
    due_day: int = 5
    flag_count: int = 2

    def __post_init__(self) -> None:
        weights = {
            "覆盖分权重": self.coverage_weight,
            "质量分上限": self.quality_max,
            "及时分权重": self.timeliness_weight,
        }
        for label, weight in weights.items():
            if weight < 0:
                raise ValueError(f"{label}不能为负数，收到 {weight}")
        if not 1 <= self.due_day <= 28:
            raise ValueError(f"报送截止日应在每月 1 至 28 日之间，收到 {self.due_day}")
        if self.flag_count < 0:
            raise ValueError(f"晾晒标记的室组数不能为负数，收到 {self.flag_count}")

    @property
    def full_marks(self) -> int:
        """The highest total a report can score (100 with the defaults)."""
        return self.coverage_weight + self.quality_max + self.timeliness_weight


DEFAULT_RUBRIC = Rubric()


# --- deadlines ----------------------------------------------------------------------------------


def report_due_date(year: int, month: int, rubric: Rubric) -> date:
    """The last day on which the report for ``year``/``month`` counts as on time.

    The December report is due in January of the following year.
    """
    _check_month(month)
    if month == 12:
        return date(year + 1, 1, rubric.due_day)
    return date(year, month + 1, rubric.due_day)


def is_late(submitted_at: datetime, year: int, month: int, rubric: Rubric) -> bool:
    """Whether a report submitted at ``submitted_at`` missed its due day.

    The whole due day counts (23:59 on the 5th is on time). ``submitted_at`` is read in the
    organization's local time; convert aware datetimes before calling.
    """
    return submitted_at.date() > report_due_date(year, month, rubric)


def is_overdue(today: date, year: int, month: int, rubric: Rubric) -> bool:
    """Whether a report not yet submitted on ``today`` is already past its due day."""
    return today > report_due_date(year, month, rubric)


# --- one report's score -------------------------------------------------------------------------


def item_has_work(text: str | None, activity_count: int) -> bool:
    """Whether one of the eleven items reports work: any non-blank text or a positive count."""
    if activity_count < 0:
        raise ValueError(f"活动次数不能为负数，收到 {activity_count}")
    return bool(text and text.strip()) or activity_count > 0


def item_fingerprint(text: str | None, activity_count: int | None, member_ids) -> str:
    """A short digest of one item's content as a form showed it. A whole-form save (no
    JavaScript) carries every item; an item whose posted content still matches the digest it
    was opened with was not touched in that form, so someone else's newer save of it stands
    instead of being reported as a conflict."""
    payload = "\x1f".join(
        [(text or "").strip(), str(activity_count or 0), ",".join(map(str, sorted(member_ids)))]
    )
    return hashlib.blake2s(payload.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class ScoreBreakdown:
    """A report's score by part, each rounded to one decimal; ``total`` is their sum.

    ``reviewed`` is False while no reviewer has given a quality score (quality then shows 0).
    """

    coverage: Decimal
    quality: Decimal
    timeliness: Decimal
    total: Decimal
    reviewed: bool


def report_score(
    items_with_work: int,
    total_items: int,
    quality: int | Decimal | None,
    on_time: bool,
    rubric: Rubric,
) -> ScoreBreakdown:
    """Score one monthly report with the year's rubric.

    coverage = coverage_weight × items_with_work ÷ total_items; quality is the reviewer's score
    (0..quality_max, ``None`` while not reviewed); timeliness = the full weight if on time.
    The total adds the rounded parts, so the breakdown on screen always adds up.
    """
    if total_items < 1:
        raise ValueError(f"工作项目总数至少为 1，收到 {total_items}")
    if not 0 <= items_with_work <= total_items:
        raise ValueError(f"有工作内容的项目数应在 0 至 {total_items} 之间，收到 {items_with_work}")
    if quality is not None and not 0 <= quality <= rubric.quality_max:
        raise ValueError(f"质量评分应在 0 至 {rubric.quality_max} 分之间，收到 {quality}")

    coverage = _round1(Decimal(rubric.coverage_weight) * items_with_work / total_items)
    quality_points = _round1(Decimal(0 if quality is None else quality))
    timeliness = _round1(Decimal(rubric.timeliness_weight if on_time else 0))
    return ScoreBreakdown(
        coverage=coverage,
        quality=quality_points,
        timeliness=timeliness,
        total=coverage + quality_points + timeliness,
        reviewed=quality is not None,
    )


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
    "top" and the last ``flag_count`` "bottom"; with few groups, "top" wins. A group with no
    score yet (a quarter in progress) comes last and is neither tied nor flagged. With
    ``final`` False every row is provisional: its flag is not shown as final.
    """
    if flag_count < 0:
        raise ValueError(f"晾晒标记的室组数不能为负数，收到 {flag_count}")
    ordered = sorted(
        entries,
        key=lambda e: (e.score is None, -(_shown(e.score) or Decimal(0)), *_tie_key(e)),
    )
    count = len(ordered)
    scored_count = sum(1 for e in ordered if e.score is not None)
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
        elif index < flag_count:
            flag = FLAG_TOP
        elif index >= scored_count - flag_count:
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


# --- the yearly 十加一 list and the report workflow ---------------------------------------------

SIGNATURE_CODE = "signature"

# (code, name, description) — DOMAIN.md's *default* ten standard items plus the 特色 item
DEFAULT_GROUP_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("study", "组织委员学习", "组织委员开展政治理论、履职知识学习。"),
    ("consultation", "开展协商议事", "围绕镇街中心工作和群众关切开展协商议事。"),
    ("supervision", "开展民主监督", "组织委员参与专项监督、视察评议等民主监督活动。"),
    ("research", "组织调研视察", "组织委员开展专题调研、视察考察。"),
    ("public_opinion", "收集报送社情民意", "收集、整理并报送社情民意信息。"),
    ("service", "委员联系服务群众", "委员联系群众、听取意见、帮办实事。"),
    ("sector_visit", "界别走访活动", "组织界别委员走访调研、服务界别群众。"),
    ("center_work", "助推镇街中心工作", "发挥委员作用，助推镇街重点工作。"),
    ("member_management", "委员履职管理", "督促委员完成“十个一”任务，做好履职登记。"),
    ("publicity", "阵地建设与宣传", "委员工作室、履职阵地建设和宣传报道。"),
    (SIGNATURE_CODE, "特色品牌工作", "各室组自定的特色品牌工作。"),
)

DRAFT = "draft"
SUBMITTED = "submitted"
REVIEWED = "reviewed"
REPORT_STATUS_LABELS: dict[str, str] = {DRAFT: "草稿", SUBMITTED: "已报送", REVIEWED: "已评分"}

APPEARANCE_KINDS: dict[str, str] = {"exchange": "交流经验", "statement": "表态发言"}


# who acts: the office group's head, or the secretariat reviewing it
HEAD = "head"
REVIEWER = "reviewer"

EDIT = "edit"
SUBMIT = "submit"
WITHDRAW = "withdraw"
SCORE = "score"

REPORT_WORKFLOW = Workflow(
    name="group_report",
    subject="报告",
    stages=REPORT_STATUS_LABELS,
    transitions=(
        step(EDIT, "修改", DRAFT, parties=[HEAD]),
        step(SUBMIT, "报送", DRAFT, SUBMITTED, parties=[HEAD]),
        step(WITHDRAW, "撤回", SUBMITTED, DRAFT, parties=[HEAD]),
        step(SCORE, "评分", (SUBMITTED, REVIEWED), REVIEWED, parties=[REVIEWER]),
    ),
    refusals={
        (SUBMITTED, EDIT): "报告已报送，请先撤回再修改",
        (REVIEWED, EDIT): "报告已评分，不能再修改",
        (SUBMITTED, SUBMIT): "报告已报送，无需再次报送",
        (REVIEWED, SUBMIT): "报告已评分，无需再次报送",
        (DRAFT, WITHDRAW): "报告尚未报送，无需撤回",
        (REVIEWED, WITHDRAW): "报告已评分，不能撤回",
        (DRAFT, SCORE): "只能给已报送的报告评分",
    },
)


def report_can_edit(status: str) -> bool:
    """Items can be changed while the report is a draft (never once reviewed)."""
    return REPORT_WORKFLOW.can(status, EDIT)


def report_can_withdraw(status: str) -> bool:
    """A submitted report can be taken back to draft until the secretariat reviews it."""
    return REPORT_WORKFLOW.can(status, WITHDRAW)


def report_can_score(status: str) -> bool:
    """The secretariat scores a submitted report, and may correct the score of a reviewed one."""
    return REPORT_WORKFLOW.can(status, SCORE)


def reporting_months(today: date) -> list[tuple[int, int]]:
    """The months a head may still be reminded of on ``today``: last month and this month."""
    previous = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return [previous, (today.year, today.month)]


def due_soon(today: date, year: int, month: int, rubric: Rubric, days: int = 3) -> bool:
    """Whether an unsubmitted report is due within ``days`` days (or already overdue)."""
    return today >= report_due_date(year, month, rubric) - timedelta(days=days)
