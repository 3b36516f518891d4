"""The five closed loops (履职闭环) as data: stages, transitions, deadline and credit rules.

Each loop is a ``LoopSpec``: its code, Chinese name, ``Workflow`` (stages in the seed's
words; transitions naming the parties that may take them), its deadline rules and its credit
rules. Services call ``spec.workflow.move(stage, action, party=...)``; pages show
``allowed_actions`` and the derived deadline state — nothing here is stored as a flag.

Parties (who acts on a matter):

- ``proposer``    the matter's own member(s): the first proposer / submitter / speaker
- ``secretariat`` the CPPCC office (政协机关); may also act *on a department's behalf*
- ``department``  a 承办单位 holding an assignment on the matter
- ``leader``      a leader — the supervising leader (督办领导) of a key proposal, 批示
- ``committee``   the director of a consultation topic's lead committee (牵头专委会), who runs
                  the topic's research and consultation

Proposal stages keep filing and handling apart: ``filing_state(stage)`` says 已立案? and
``stage`` itself says how far handling got.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# the deadline rules live in domain/deadlines.py; pages and selectors read them as ``rules.…``
# with the rest of the loops' rules
from .deadlines import (  # noqa: F401 — re-exported
    DEADLINE_STATES,
    DUE_SOON,
    DUE_SOON_DAYS,
    ON_TIME,
    OVERDUE,
    UNSCHEDULED,
    DeadlineRule,
    Due,
    deadline_state,
    due,
    extension_refusal,
    first_start_not_overdue,
)
from .workflow import Transition, Workflow, step

PROPOSER = "proposer"
SECRETARIAT = "secretariat"
DEPARTMENT = "department"
LEADER = "leader"
COMMITTEE = "committee"
PARTIES: dict[str, str] = {
    PROPOSER: "提出人",
    SECRETARIAT: "政协机关",
    DEPARTMENT: "承办单位",
    LEADER: "领导",
    COMMITTEE: "牵头专委会",
}
OFFICE = (SECRETARIAT,)
HANDLERS = (DEPARTMENT, SECRETARIAT)  # the secretariat may act for a department
OVERSIGHT = (SECRETARIAT, LEADER)
RUNNERS = (SECRETARIAT, COMMITTEE)  # a consultation topic's research and consultation


# --- credit --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreditRule:
    """Which 十个一 item a loop credits, to whom, on which actions; ``withdraw_on`` takes it
    back. ``optional_parts`` are credited only when the year's setting says so."""

    item: str
    parts: tuple[str, ...]
    on: tuple[str, ...]
    withdraw_on: tuple[str, ...] = ()
    optional_parts: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # credited only for matters of these kinds (an oral speech)

    def credits(self, kind: str) -> bool:
        """Whether a matter of ``kind`` earns the credit at all."""
        return not self.kinds or kind in self.kinds


# --- the specs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoopSpec:
    code: str
    name: str
    workflow: Workflow
    deadlines: tuple[DeadlineRule, ...] = ()
    credit: CreditRule | None = None
    first_stage: str = ""
    # the words pages use for the matter's people and text
    proposer_word: str = "提出人"
    content_word: str = "内容"
    situation_word: str = "内容"
    credits: tuple[CreditRule, ...] = ()  # further items the loop credits (other parts)

    @property
    def credit_rules(self) -> tuple[CreditRule, ...]:
        """Every credit rule: ``credit`` and then ``credits``."""
        return ((self.credit,) if self.credit else ()) + self.credits

    def deadline(self, code: str) -> DeadlineRule:
        return {r.code: r for r in self.deadlines}[code]

    def label(self, stage: str) -> str:
        return self.workflow.label(stage)


def _chain(
    stages: list[str], steps: list[tuple[str, str, tuple[str, ...]]]
) -> tuple[Transition, ...]:
    """Transitions along a straight path: the i-th step moves stages[i] → stages[i+1]."""
    return tuple(
        step(action, label, stages[i], stages[i + 1], parties=parties)
        for i, (action, label, parties) in enumerate(steps)
    )


def handling_steps(
    contact_from: tuple[str, ...], in_hands: tuple[str, ...]
) -> tuple[Transition, ...]:
    """A department's part once a matter is assigned, the same in every loop that assigns one
    (proposal, speech, public opinion): 接收 (assigned → handling), 申请改办 and the office's
    审核改办, 办理进展 and 会办意见 while ``in_hands``, 办前沟通 from ``contact_from``.
    申请改办 is a department's own (``reassign_refusal``): before it accepts, within the
    window — a co-handler's stays open after the lead has accepted."""
    return (
        step("accept", "接收", "assigned", "handling", parties=HANDLERS),
        step(
            "ask_reassign",
            "申请改办",
            in_hands,
            parties=HANDLERS,
            needs_reason=True,
            reason_message="请填写申请改办的理由",
        ),
        step("decide_reassign", "审核改办", in_hands, parties=OFFICE),
        step("contact", "办前沟通", contact_from, parties=HANDLERS),
        step("progress", "办理进展", in_hands, parties=HANDLERS),
        step("co_opinion", "会办意见", in_hands, parties=HANDLERS),
    )


# proposal (提案) — the whole path of DOMAIN.md "Proposals in detail"
DRAFT, SUBMITTED, RETURNED = "draft", "submitted", "returned"
# a co-proposer answers an invitation (联名) until the 立案 review decides: the list of
# proposers then stands, and with it who is credited
CONSENT_OPEN = (DRAFT, RETURNED, SUBMITTED)
FILED, OPINION, MERGED = "filed", "opinion", "merged"
ASSIGNED, HANDLING, REPLIED, REHANDLING, CLOSED = (
    "assigned",
    "handling",
    "replied",
    "rehandling",
    "closed",
)
PROPOSAL_STAGES = {
    DRAFT: "选题",
    SUBMITTED: "待立案",
    RETURNED: "退回修改",
    FILED: "已立案",
    OPINION: "转为意见建议",
    MERGED: "已并案",
    ASSIGNED: "已交办",
    HANDLING: "办理中",
    REPLIED: "已答复",
    REHANDLING: "再办理",
    CLOSED: "已办结",
}
IN_HANDS = (ASSIGNED, HANDLING, REHANDLING)  # a department holds it
SUPERVISABLE = (ASSIGNED, HANDLING, REPLIED, REHANDLING)

PROPOSAL = LoopSpec(
    code="proposal",
    name="提案",
    first_stage=DRAFT,
    proposer_word="提案人",
    content_word="提案内容",
    situation_word="案由",
    workflow=Workflow(
        name="proposal",
        subject="提案",
        stages=PROPOSAL_STAGES,
        transitions=(
            step("edit", "修改", (DRAFT, RETURNED), parties=(PROPOSER,)),
            step("submit", "提交", (DRAFT, RETURNED), SUBMITTED, parties=(PROPOSER,)),
            step("recall", "撤回", SUBMITTED, DRAFT, parties=(PROPOSER,)),
            step("file", "立案", SUBMITTED, FILED, parties=OFFICE),
            step(
                "not_file",
                "不予立案",
                SUBMITTED,
                OPINION,
                parties=OFFICE,
                needs_reason=True,
                reason_message="请选择不予立案的理由",
            ),
            step(
                "return",
                "退回修改",
                SUBMITTED,
                RETURNED,
                parties=OFFICE,
                needs_reason=True,
                reason_message="请填写退回修改的意见",
            ),
            step("merge", "并案", (SUBMITTED, FILED), MERGED, parties=OFFICE),
            step(
                "unfile",
                "撤销立案",
                (FILED, OPINION),
                SUBMITTED,
                parties=OFFICE,
                needs_reason=True,
                reason_message="请填写撤销立案的原因",
            ),
            step("assign", "交办", FILED, ASSIGNED, parties=OFFICE),
            step("forward", "转交意见建议", OPINION, parties=OFFICE),
            step("mark_key", "设为重点提案", (FILED, *SUPERVISABLE), parties=OFFICE),
            *handling_steps((HANDLING, REHANDLING), IN_HANDS),
            step(
                "extend",
                "延期",
                IN_HANDS,
                parties=OFFICE,
                needs_reason=True,
                reason_message="请填写延期的原因",
            ),
            step("supervise", "督办", SUPERVISABLE, parties=OVERSIGHT),
            step("instruct", "领导批示", SUPERVISABLE, parties=(LEADER,)),
            step("reply", "答复", (HANDLING, REHANDLING), REPLIED, parties=HANDLERS),
            step("evaluate", "评价", REPLIED, CLOSED, parties=(PROPOSER,)),
            step("rehandle", "不满意再办理", REPLIED, REHANDLING, parties=(PROPOSER,)),
            step("mark_excellent", "评为优秀提案", (FILED, *SUPERVISABLE, CLOSED), parties=OFFICE),
        ),
        refusals={
            (SUBMITTED, "submit"): "该提案已提交，请勿重复提交",
            (FILED, "file"): "该提案已立案",
            (ASSIGNED, "assign"): "该提案已交办",
            (HANDLING, "accept"): "该提案已接收",
            (REPLIED, "reply"): "该提案已答复",
            (CLOSED, "evaluate"): "该提案已评价",
            (MERGED, "merge"): "该提案已并案",
        },
    ),
    deadlines=(
        DeadlineRule(
            "reply", "答复", "交办", months=3, extendable=True, max_months=6
        ),  # default, per-org/year
        DeadlineRule("co_opinion", "会办意见", "交办", months=1),
        DeadlineRule("reassign", "申请改办", "交办", days=10),
    ),
    credit=CreditRule(
        item="proposal",
        parts=("proposer",),
        optional_parts=("co_proposer",),
        on=("file", "not_file"),
        withdraw_on=("unfile", "merge"),
    ),
)

NOT_FILED_REASONS: tuple[str, ...] = (
    "不属于政协职能范围",
    "涉及党和国家秘密",
    "属于学术探讨或商业宣传",
    "涉及具体司法案件",
    "一事多案或内容空泛，缺少具体建议",
    "属于个人诉求",
)
REPLY_CLASSES = {"A": "已解决或采纳", "B": "列入计划拟解决", "C": "留作参考"}
VERDICTS = {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}
CONTACT_WAYS = {"visit": "走访", "phone": "电话", "meeting": "座谈"}
REHANDLE_ROUNDS = 1  # 不满意 sends it back to the department this many times
CONTACT_FIRST = ("proposal",)  # loops whose department contacts the proposer before replying
NO_CONTACT_YET = "答复前须先与提案人沟通（办前沟通），请先记录沟通情况"
KEPT_FOR_REFERENCE = "C"  # 留作参考: the reply states why


def reply_refusal(
    loop: str, reply_class: str, text: str, contacted: bool
) -> tuple[str | None, str] | None:
    """Why a department's reply cannot go yet, as (field, message), else None: a class is
    chosen; a class-C reply (留作参考) says why (DOMAIN: "kept for reference, with the
    reason"); a proposal's department has recorded its contact with the proposer first
    (办前沟通 — for the second reply, a contact after the proposer's 不满意)."""
    if reply_class not in REPLY_CLASSES:
        return "reply_class", "请选择答复类别"
    if reply_class == KEPT_FOR_REFERENCE and not (text or "").strip():
        return "text", "C 类（留作参考）答复须写明不能采纳的理由"
    if loop in CONTACT_FIRST and not contacted:
        return None, NO_CONTACT_YET
    return None


def evaluation_action(verdict: str, reply_round: int) -> str:
    """The move an evaluation makes: 不满意 on the first reply → ``rehandle`` (once); any
    other verdict, or 不满意 on the second reply → ``evaluate`` (closed)."""
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    if verdict == "unsatisfied" and reply_round <= REHANDLE_ROUNDS:
        return "rehandle"
    return "evaluate"


def filing_state(stage: str) -> str:
    """已立案? kept apart from how far handling got (a proposal stage)."""
    if stage in (DRAFT, RETURNED):
        return "未提交"
    if stage == SUBMITTED:
        return "待审查"
    return {OPINION: "转为意见建议", MERGED: "已并案"}.get(stage, "已立案")


# the body's own windows (LoopYearSetting, copied onto each assignment when it is made),
# within these bounds; the defaults are the rules' own (10 days, 1 month)
REASSIGN_DAYS = (1, 30)
CO_OPINION_MONTHS = (1, 3)


def window_refusal(reassign_days: int, co_opinion_months: int) -> tuple[str, str] | None:
    """(field, message) when a body's windows are out of bounds, else None."""
    low, high = REASSIGN_DAYS
    if not low <= reassign_days <= high:
        return "reassign_days", f"申请改办期限应为 {low} 至 {high} 天。"
    low, high = CO_OPINION_MONTHS
    if not low <= co_opinion_months <= high:
        return "co_opinion_months", f"会办意见期限应为 {low} 至 {high} 个月。"
    return None


def reassign_refusal(
    assigned_on: date, today: date, days: int | None = None, accepted: bool = False
) -> str | None:
    """A department may ask for reassignment (改办) until the ``days``th day after 交办
    inclusive (the body's window; the rule's 10 by default), and only before it accepted."""
    if accepted:
        return "本单位已接收，不能再申请改办，请联系政协机关"
    rule = PROPOSAL.deadline("reassign")
    days = rule.days if days is None else days
    last = due(rule, assigned_on, days=days).on
    if last is not None and today > last:
        return f"交办已超过 {days} 天，不能再申请改办，请联系政协机关"
    return None
