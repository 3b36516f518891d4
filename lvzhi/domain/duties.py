"""The "十个一" member duty checklist: its items, the record workflow, progress and config rules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from .workflow import TransitionError, Workflow, step

# --- the checklist ---------------------------------------------------------------------------

DEFAULT_REQUIRED_COUNT = 1
MIN_REQUIRED_COUNT = 1
MAX_REQUIRED_COUNT = 99

# (code, name, description), in the seed's order
DEFAULT_DUTY_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("proposal", "撰写一件提案", "以个人或联名方式撰写并提交一件提案，立案或转为建议的都算。"),
    ("public_opinion", "报送一篇社情民意信息", "围绕群众关心的问题撰写并报送一篇社情民意信息。"),
    ("research", "参与一项调查研究", "参加政协组织的课题调研或视察调研，并参与形成调研成果。"),
    ("supervision", "参加一项民主监督", "参加政协组织的民主监督活动，如专项监督、视察或评议。"),
    ("reading_share", "一次读书分享", "在委员讲堂、读书会等学习活动中作一次读书分享或主题发言。"),
    (
        "consultation_speech",
        "一次重点协商发言",
        "在全会、常委会议、主席会议专题协商等重点协商活动中作一次发言。",
    ),
    ("sector_visit", "一次界别走访服务", "参加一次界别组织的走访、调研或服务群众活动。"),
    ("public_welfare", "参加一次公益活动", "参加一次志愿服务、捐资助学、义诊等社会公益活动。"),
    ("village_link", "联系一个村社", "固定联系一个村或社区，经常听取群众意见、帮助解决困难。"),
    ("work_suggestion", "一条政协工作建议", "就政协工作和自身建设提出一条意见建议。"),
)

# the grids' column headers: a word or two per item, so a phone shows them all at once
SHORT_NAMES: dict[str, str] = {
    "proposal": "提案",
    "public_opinion": "社情民意",
    "research": "调研",
    "supervision": "监督",
    "reading_share": "读书",
    "consultation_speech": "协商发言",
    "sector_visit": "界别走访",
    "public_welfare": "公益",
    "village_link": "联系村社",
    "work_suggestion": "工作建议",
}
SHORT_NAME_LENGTH = 4
# "参加一次" / "撰写一件" … say how often, not what: an added item's header skips them
_COUNTING_START = re.compile(r"^(?:撰写|报送|参与|参加|开展|提出|联系|提交)?一[件篇项次条个]")


def short_name(code: str, name: str) -> str:
    """The item's column header: the standard word, or the start of an added item's name
    without its counting words (参加一次网上议政 → 网上议政)."""
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    return (_COUNTING_START.sub("", name) or name)[:SHORT_NAME_LENGTH]


@dataclass(frozen=True)
class ItemSpec:
    """One item of a year's checklist as the secretariat configures it."""

    code: str
    name: str
    description: str = ""
    required: int = DEFAULT_REQUIRED_COUNT
    order: int = 0
    retired: bool = False


def default_item_specs() -> list[ItemSpec]:
    """The ten default items, numbered 1..10, each required once."""
    return [
        ItemSpec(code=code, name=name, description=description, order=position)
        for position, (code, name, description) in enumerate(DEFAULT_DUTY_ITEMS, start=1)
    ]


# --- record workflow -------------------------------------------------------------------------

DRAFT = "draft"
SUBMITTED = "submitted"
CONFIRMED = "confirmed"
RETURNED = "returned"

STATUS_LABELS: dict[str, str] = {
    DRAFT: "草稿",
    SUBMITTED: "已提交",
    CONFIRMED: "已确认",
    RETURNED: "已退回",
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)

# how a record's stage shows on its card: (tag style, words) — "待确认" reads better there
STATUS_TAGS: dict[str, tuple[str, str]] = {
    DRAFT: ("tag-muted", "草稿"),
    SUBMITTED: ("tag-wait", "待确认"),
    CONFIRMED: ("", "已确认"),
    RETURNED: ("tag-bad", "已退回"),
}
AUTOMATIC_TAG = ("tag-auto", "自动记入")

SUBMIT = "submit"
CONFIRM = "confirm"
RETURN = "return"
EDIT = "edit"
WITHDRAW_TO_DRAFT = "withdraw_to_draft"
DELETE = "delete"

ACTION_LABELS: dict[str, str] = {
    SUBMIT: "提交",
    CONFIRM: "确认",
    RETURN: "退回",
    EDIT: "修改",
    WITHDRAW_TO_DRAFT: "撤回",
    DELETE: "删除",
}
ACTIONS: tuple[str, ...] = tuple(ACTION_LABELS)

# who acts: the record's owner (the member), or a reviewer (the group head or secretariat)
OWNER = "owner"
REVIEWER = "reviewer"

RETURN_REASON_REQUIRED = "退回时请填写退回原因"

RECORD_WORKFLOW = Workflow(
    name="duty_record",
    stages=STATUS_LABELS,
    transitions=(
        step(EDIT, ACTION_LABELS[EDIT], (DRAFT, RETURNED), parties=[OWNER]),
        step(SUBMIT, ACTION_LABELS[SUBMIT], (DRAFT, RETURNED), SUBMITTED, parties=[OWNER]),
        step(
            WITHDRAW_TO_DRAFT, ACTION_LABELS[WITHDRAW_TO_DRAFT], SUBMITTED, DRAFT, parties=[OWNER]
        ),
        step(CONFIRM, ACTION_LABELS[CONFIRM], SUBMITTED, CONFIRMED, parties=[REVIEWER]),
        step(
            RETURN,
            ACTION_LABELS[RETURN],
            SUBMITTED,
            RETURNED,
            parties=[REVIEWER],
            needs_reason=True,
            reason_message=RETURN_REASON_REQUIRED,
        ),
        # the record goes away with its files: no stage after it
        step(DELETE, ACTION_LABELS[DELETE], (DRAFT, RETURNED), parties=[OWNER]),
    ),
    # refusals that deserve a more helpful word than the generic one
    refusals={
        (SUBMITTED, SUBMIT): "该记录已提交，正在等待确认",
        (SUBMITTED, EDIT): "记录已提交，请先撤回为草稿再修改",
        (CONFIRMED, EDIT): "记录已确认，不能再修改",
        (CONFIRMED, RETURN): "记录已确认，不能再退回",
        (CONFIRMED, WITHDRAW_TO_DRAFT): "记录已确认，不能再撤回",
        (CONFIRMED, CONFIRM): "记录已确认，无需重复确认",
        (DRAFT, CONFIRM): "记录尚未提交，不能确认",
        (RETURNED, CONFIRM): "记录已退回，需委员修改后重新提交",
        (SUBMITTED, DELETE): "只有草稿或被退回的记录可以删除",
        (CONFIRMED, DELETE): "只有草稿或被退回的记录可以删除",
    },
)

# The same activity sent again within this window (Back, then 提交确认 once more, without
# JavaScript: the page behind Back carries a fresh one-time token) is the same record.
REPEAT_WINDOW = timedelta(minutes=10)


def repeat_notice(status: str) -> str:
    """What a member reads when an activity they already sent arrives again."""
    if status in (DRAFT, RETURNED):
        return "该记录已保存为草稿，未重复创建。需要提交时，请点该记录下的“提交”。"
    return "该记录已提交，未重复创建。"


def _check_known(status: str, action: str) -> None:
    if status not in STATUS_LABELS:
        raise ValueError(f"unknown duty record status: {status!r}")
    if action not in ACTION_LABELS:
        raise ValueError(f"unknown duty record action: {action!r}")


def _automatic_refusal(action: str) -> str:
    return f"自动记入的履职记录不能手动{ACTION_LABELS[action]}"


def can(status: str, action: str, automatic: bool = False, party: str | None = None) -> bool:
    """Whether ``action`` is allowed on a record in ``status``.

    Automatically credited records (created confirmed by a closed loop) accept no action by
    hand. ``party`` (owner or reviewer) narrows it to what that side may do; which user is
    which side is an auth rule, not checked here. A return also needs a reason;
    ``transition`` checks that.
    """
    _check_known(status, action)
    if automatic:
        return False
    return RECORD_WORKFLOW.can(status, action, party)


def refusal(status: str, action: str, automatic: bool = False) -> str | None:
    """Why ``action`` is refused on a record in ``status`` (Chinese, no full stop), or None
    when it is allowed — for pages that should not even offer a refused action."""
    _check_known(status, action)
    if automatic:
        return _automatic_refusal(action)
    return RECORD_WORKFLOW.refusal(status, action)


def transition(
    status: str,
    action: str,
    *,
    reason: str | None = None,
    automatic: bool = False,
    party: str | None = None,
) -> str:
    """The status after ``action`` taken by ``party`` (owner or reviewer; None: the caller
    has checked who acts); raises ``TransitionError`` with a Chinese message if refused."""
    _check_known(status, action)
    if automatic:
        raise TransitionError(_automatic_refusal(action))
    return RECORD_WORKFLOW.move(status, action, reason=reason, party=party)


def allowed_actions(status: str, parties: Iterable[str], automatic: bool = False) -> list[str]:
    """What the given sides (owner, reviewer) may do with a record now, in workflow order."""
    if automatic:
        return []
    return RECORD_WORKFLOW.allowed_actions(status, parties)


# --- progress --------------------------------------------------------------------------------

ItemState = Literal["done", "in_progress", "not_started"]

ITEM_STATE_LABELS: dict[str, str] = {
    "done": "已完成",
    "in_progress": "进行中",
    "not_started": "未开始",
}

PROGRESS_SENTENCE = "已完成 {done} 项，还有 {remaining} 项待完成"
ALL_DONE_SENTENCE = "十个一已全部完成"
NO_ITEMS_SENTENCE = "本年度尚未设置履职清单"


@dataclass(frozen=True)
class ItemProgress:
    """One member's standing on one checklist item in one year.

    ``pending`` counts submitted records awaiting confirmation; ``drafts`` and ``returned``
    count records the member still has to (re)submit. Only confirmed records count as done.
    """

    code: str
    name: str
    required: int
    confirmed: int
    pending: int
    drafts: int
    returned: int
    state: ItemState

    @property
    def done(self) -> bool:
        return self.state == "done"

    @property
    def state_label(self) -> str:
        return ITEM_STATE_LABELS[self.state]

    @property
    def still_needed(self) -> int:
        """How many more confirmed records this item needs."""
        return max(self.required - self.confirmed, 0)


@dataclass(frozen=True)
class MemberProgress:
    """One member's checklist progress for one year."""

    items: list[ItemProgress] = field(default_factory=list)
    done_count: int = 0
    total: int = 0
    remaining: int = 0
    percent: int = 0
    sentence: str = NO_ITEMS_SENTENCE

    @property
    def all_done(self) -> bool:
        return self.total > 0 and self.remaining == 0


def item_progress(
    code: str, name: str, required: int, counts: Mapping[str, int] | None = None
) -> ItemProgress:
    """Progress on one item from its record counts by status (missing statuses count 0)."""
    counts = counts or {}
    confirmed = counts.get(CONFIRMED, 0)
    pending = counts.get(SUBMITTED, 0)
    drafts = counts.get(DRAFT, 0)
    returned = counts.get(RETURNED, 0)
    state: ItemState
    if confirmed >= required:
        state = "done"
    elif confirmed or pending or drafts or returned:
        state = "in_progress"
    else:
        state = "not_started"
    return ItemProgress(code, name, required, confirmed, pending, drafts, returned, state)


def progress_sentence(done: int, total: int) -> str:
    """E.g. "已完成 3 项，还有 7 项待完成" (after the seed's "还有7项任务待完成"), or all done."""
    if total <= 0:
        return NO_ITEMS_SENTENCE
    if done >= total:
        return ALL_DONE_SENTENCE
    return PROGRESS_SENTENCE.format(done=done, remaining=total - done)


def member_progress(
    items: Iterable[tuple[str, str, int]],
    counts: Mapping[str, Mapping[str, int]],
) -> MemberProgress:
    """Progress over a year's active items.

    ``items`` are (code, name, required) in display order, retired items left out;
    ``counts`` maps item code to {status: record count}. Codes absent from ``counts`` have no
    records; codes in ``counts`` but not in ``items`` are ignored.
    """
    rows = [item_progress(code, name, required, counts.get(code)) for code, name, required in items]
    total = len(rows)
    done = sum(1 for row in rows if row.done)
    return MemberProgress(
        items=rows,
        done_count=done,
        total=total,
        remaining=total - done,
        percent=done * 100 // total if total else 0,
        sentence=progress_sentence(done, total),
    )


def needs_year_end_reminder(today: date, year: int, remaining: int, from_month: int = 10) -> bool:
    """Whether to remind a member of unfinished items: within ``year``, from ``from_month`` on."""
    if not 1 <= from_month <= 12:
        raise ValueError(f"from_month must be 1..12, got {from_month}")
    return remaining > 0 and today.year == year and today >= date(year, from_month, 1)


def lagging_order(done_count: int, name: str) -> tuple[int, str]:
    """Sort key for overviews: fewest items done first, then by name.

    ``sorted(rows, key=lambda r: lagging_order(r.progress.done_count, r.name))``
    """
    return (done_count, name)


# --- checklist configuration -----------------------------------------------------------------


def copy_items_for_new_year(previous: Sequence[ItemSpec]) -> list[ItemSpec]:
    """Next year's checklist from this year's: active items only, in order, numbered 1..n."""
    active = sorted((item for item in previous if not item.retired), key=lambda item: item.order)
    return [replace(item, order=position) for position, item in enumerate(active, start=1)]


def validate_required_count(n: int) -> str | None:
    """A Chinese error if ``n`` is not a sensible required count, else None."""
    if isinstance(n, bool) or not isinstance(n, int):
        return "要求完成次数必须是整数"
    if not MIN_REQUIRED_COUNT <= n <= MAX_REQUIRED_COUNT:
        return f"要求完成次数须在 {MIN_REQUIRED_COUNT} 到 {MAX_REQUIRED_COUNT} 之间"
    return None


def reorder(
    items: Sequence[ItemSpec], code: str, direction: Literal["up", "down"]
) -> list[ItemSpec]:
    """Move one item a place up or down; returns all items in the new order, numbered 1..n.

    Moving the first item up or the last item down leaves the order as it is.
    """
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', got {direction!r}")
    ordered = sorted(items, key=lambda item: item.order)
    codes = [item.code for item in ordered]
    if code not in codes:
        raise ValueError(f"no checklist item with code {code!r}")
    index = codes.index(code)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    return [replace(item, order=position) for position, item in enumerate(ordered, start=1)]
