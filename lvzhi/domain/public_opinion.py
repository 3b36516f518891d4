"""社情民意信息 (public-opinion reports): 采 collect → 编 edit/adopt → 报送/批示 forward →
办理 handle → 反馈 feedback, as a loop spec on the one workflow engine, plus the rules of a
report itself (one matter per report, the recommended length) and of the 《社情民意》 bulletin.

A submitted report (not a draft) credits item 2 (``public_opinion``) of its author's 十个一;
the author withdrawing it, or the secretariat rejecting it as not a public-opinion report,
withdraws the credit. Declining (不予采用) keeps it: the report was written and sent.
"""

from __future__ import annotations

from .loops import (
    HANDLERS,
    OFFICE,
    OVERSIGHT,
    PROPOSER,
    CreditRule,
    DeadlineRule,
    LoopSpec,
    handling_steps,
)
from .workflow import Workflow, step

LOOP = "public_opinion"
DRAFT, SUBMITTED, WITHDRAWN = "draft", "submitted", "withdrawn"
ADOPTED, DECLINED, REJECTED = "adopted", "declined", "rejected"
FORWARDED, INSTRUCTED = "forwarded", "instructed"
ASSIGNED, HANDLING, FEEDBACK = "assigned", "handling", "feedback"
STAGES = {
    DRAFT: "草稿",
    SUBMITTED: "待采编",
    WITHDRAWN: "已撤回",
    ADOPTED: "已采用",
    DECLINED: "未采用",
    REJECTED: "不属于社情民意",
    FORWARDED: "已报送",
    INSTRUCTED: "领导已批示",
    ASSIGNED: "已交办",
    HANDLING: "办理中",
    FEEDBACK: "已反馈",
}
EDITABLE = (DRAFT, WITHDRAWN)
# adopted and everything after it: what "采用" counts and what a bulletin may carry
ADOPTED_STAGES = (ADOPTED, FORWARDED, INSTRUCTED, ASSIGNED, HANDLING, FEEDBACK)
FORWARDED_STAGES = (FORWARDED, INSTRUCTED, ASSIGNED, HANDLING, FEEDBACK)
IN_HANDS = (ASSIGNED, HANDLING)
# the secretariat's queue tabs, in the order a report travels
QUEUE = (
    SUBMITTED,
    ADOPTED,
    FORWARDED,
    INSTRUCTED,
    ASSIGNED,
    HANDLING,
    FEEDBACK,
    DECLINED,
    REJECTED,
)

RECOMMENDED_CHARS = 1500  # 一事一报, about 1,500 characters
DECLINE_REASONS: tuple[str, ...] = (
    "内容与已采用信息重复",
    "情况反映不够具体，缺少分析或建议",
    "时效性不强",
    "已由其他渠道反映并解决",
)

PUBLIC_OPINION = LoopSpec(
    code=LOOP,
    name="社情民意信息",
    first_stage=DRAFT,
    content_word="社情民意信息内容",
    situation_word="基本情况",
    workflow=Workflow(
        name=LOOP,
        subject="社情民意信息",
        stages=STAGES,
        transitions=(
            step("edit", "修改", EDITABLE, parties=(PROPOSER,)),
            step("submit", "报送", EDITABLE, SUBMITTED, parties=(PROPOSER,)),
            step("withdraw", "撤回", SUBMITTED, WITHDRAWN, parties=(PROPOSER,)),
            step("adopt", "采用", SUBMITTED, ADOPTED, parties=OFFICE),
            step(
                "decline",
                "不予采用",
                SUBMITTED,
                DECLINED,
                parties=OFFICE,
                needs_reason=True,
                reason_message="请填写不予采用的理由",
            ),
            step(
                "reject",
                "退回（不属于社情民意信息）",
                SUBMITTED,
                REJECTED,
                parties=OFFICE,
                needs_reason=True,
                reason_message="请填写不属于社情民意信息的理由",
            ),
            step("publish", "编入《社情民意》", ADOPTED_STAGES, parties=OFFICE),
            step("forward", "报送", ADOPTED, FORWARDED, parties=OFFICE),
            step("forward_again", "再次报送", FORWARDED_STAGES, parties=OFFICE),
            # a leader's 批示: recorded by the secretariat, or by a leader in the system
            step("instruct", "登记领导批示", FORWARDED, INSTRUCTED, parties=OVERSIGHT),
            step(
                "instruct_again",
                "登记领导批示",
                (INSTRUCTED, ASSIGNED, HANDLING, FEEDBACK),
                parties=OVERSIGHT,
            ),
            step("assign", "交办", INSTRUCTED, ASSIGNED, parties=OFFICE),
            *handling_steps((HANDLING,), IN_HANDS),
            step("reply", "办理反馈", HANDLING, FEEDBACK, parties=HANDLERS),
        ),
        refusals={
            (SUBMITTED, "submit"): "该信息已报送，请勿重复提交",
            (ADOPTED, "adopt"): "该信息已采用",
            (ASSIGNED, "assign"): "该信息已交办",
            (FEEDBACK, "reply"): "该信息已反馈",
        },
    ),
    deadlines=(DeadlineRule("reply", "办理反馈", "交办", months=3),),
    credit=CreditRule(
        item="public_opinion",
        parts=("proposer",),
        on=("submit",),
        withdraw_on=("withdraw", "reject"),
    ),
)


def public_opinion_spec() -> LoopSpec:
    return PUBLIC_OPINION


def text_length(*parts: str) -> int:
    """The report's length as the counter shows it: characters, spaces and line breaks not
    counted (a Chinese report is measured in 字)."""
    return sum(len("".join((p or "").split())) for p in parts)


def length_note(n: int, recommended: int = RECOMMENDED_CHARS) -> str:
    """What the counter says under the form, e.g. "已写 1,620 字，建议不超过 1,500 字"."""
    if n > recommended:
        return f"已写 {n:,} 字，建议不超过 {recommended:,} 字，请精简"
    return f"已写 {n:,} 字，建议不超过 {recommended:,} 字"


def submit_refusals(title: str, situation: str, suggestions: str) -> list[tuple[str, str]]:
    """Everything a report still needs before it is sent: (field, Chinese message) each."""
    needed = (
        ("title", title, "请填写标题"),
        ("situation", situation, "请填写基本情况"),
        ("suggestions_text", suggestions, "请填写意见建议"),
    )
    return [(field, message) for field, text, message in needed if not text.strip()]


def submit_refusal(title: str, situation: str, suggestions: str) -> tuple[str, str] | None:
    """The first thing a report still needs before it is sent, or None."""
    return next(iter(submit_refusals(title, situation, suggestions)), None)


def bulletin_title(year: int, number: int) -> str:
    """《社情民意》2026年第3期."""
    return f"《社情民意》{year}年第{number}期"
