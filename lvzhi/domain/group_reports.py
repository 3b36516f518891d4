"""Rules for the 十加一 office-group monthly reports: the rubric, deadlines, one report's
score, the yearly list and the report workflow. The quarter and its ranking: group_ranking."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .workflow import Workflow, step

# ten standard items plus the group's own 特色 (signature) item
TOTAL_ITEMS = 11

# the longest free texts, checked by the forms and again by the services
MAX_ITEM_TEXT = 2000  # an item's 工作内容, a committee's 指导意见, a meeting appearance's notes
MAX_REVIEW_COMMENT = 500  # the secretariat's 评语, shown publicly on the 晾晒台
MAX_ITEM_NAME = 60  # an item's or a signature item's name
MAX_ITEM_DESCRIPTION = 300

_ONE_DECIMAL = Decimal("0.1")


def _round1(value: Decimal) -> Decimal:
    """Round to one decimal place, halves away from zero (四舍五入)."""
    return value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"月份应在 1 至 12 之间，收到 {month}")


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
