"""The other loops' specs (consultation, speech, public opinion, supervision, work
suggestion) and the registry of all six: the five closed loops of List 3 plus the members'
suggestions on the CPPCC's own work, which run on the same engine. Stages are DOMAIN.md
"List 3" in the seed's words."""

from __future__ import annotations

from .calendar import JOINT_MEETING, PLENARY_PREP, STANDING_COMMITTEE
from .loops import (
    HANDLERS,
    OFFICE,
    OVERSIGHT,
    PROPOSAL,
    PROPOSER,
    RUNNERS,
    CreditRule,
    DeadlineRule,
    LoopSpec,
    _chain,
    handling_steps,
)
from .public_opinion import public_opinion_spec
from .workflow import Workflow, step


def _after(stage: str, stages: dict[str, str]) -> tuple[str, ...]:
    """``stage`` and every stage after it (a step allowed from then on)."""
    codes = list(stages)
    return tuple(codes[codes.index(stage) :])


# consultation 协商 ("1+2+6+X")
CONSULTATION_STAGES = {
    "topic": "选题",
    "research": "调研",
    "consult": "协商",
    "assign": "交办",
    "implement": "落实",
    "feedback": "反馈",
    "track": "跟踪",
    "closed": "已办结",
}
# the kinds of consultation activity, each with its own feedback deadline
CONSULTATION_KINDS = {
    "plenary_group": "全会分组讨论",
    "standing_thematic": "专题议政性常委会会议",
    "chair_thematic": "主席会议专题协商",
    "other": "其他协商活动",
}

CONSULTATION = LoopSpec(
    code="consultation",
    name="协商",
    first_stage="topic",
    workflow=Workflow(
        name="consultation",
        subject="协商议题",
        stages=CONSULTATION_STAGES,
        transitions=(
            *_chain(
                list(CONSULTATION_STAGES),
                [
                    ("start_research", "开始调研", RUNNERS),
                    ("hold", "召开协商", RUNNERS),
                    ("assign", "交办", OFFICE),
                    ("implement", "落实", HANDLERS),
                    ("feedback", "反馈", HANDLERS),
                    ("track", "跟踪", OFFICE),
                    ("close", "办结", OFFICE),
                ],
            ),
            step("supervise", "督办", ("assign", "implement", "feedback"), parties=OVERSIGHT),
            # the office moves the opinions to another lead department (改办)
            step("reassign", "改办", ("assign", "implement"), parties=OFFICE),
            # documents and people on the timeline (they keep the stage); the lead committee
            # runs the research and the consultation with the secretariat
            step(
                "research_report",
                "调研报告",
                _after("research", CONSULTATION_STAGES),
                parties=RUNNERS,
            ),
            step("record", "协商记录", _after("consult", CONSULTATION_STAGES), parties=RUNNERS),
            step("people", "人员调整", _after("topic", CONSULTATION_STAGES), parties=RUNNERS),
        ),
    ),
    deadlines=(
        # the deadline rule is chosen by the consultation's kind (CONSULTATION_KINDS)
        DeadlineRule("plenary_group", "书面反馈", "全会", meeting=PLENARY_PREP, next_year=True),
        DeadlineRule("standing_thematic", "书面反馈", "常委会会议", meeting=STANDING_COMMITTEE),
        DeadlineRule(
            "chair_thematic", "书面反馈", "主席会议", meeting=JOINT_MEETING, next_year=True
        ),
        DeadlineRule("other", "书面反馈", "交办", months=3),
    ),
    # research participants (item 3) and speakers (item 6), once the consultation is held
    credit=CreditRule(item="research", parts=("researcher",), on=("hold",)),
    credits=(CreditRule(item="consultation_speech", parts=("speaker",), on=("hold",)),),
)

# speech 大会发言 — submitted → selected (书面 / 口头, the matter's ``kind``) or not → with a
# leader's 批示 handled like a proposal (交办, 接收, 办前沟通, 督办, 答复) → feedback by next
# year's plenary 预备会议. Screens, modes and the deadline: ``domain/speeches.py``.
SPEECH_STAGES = {
    "draft": "草稿",
    "submitted": "待选用",
    "withdrawn": "已撤回",
    "selected": "已选用",
    "not_selected": "未选用",
    "instructed": "领导已批示",
    "assigned": "已交办",
    "handling": "办理中",
    "feedback": "已反馈",
}
SPEECH_IN_HANDS = ("assigned", "handling")
SPEECH = LoopSpec(
    code="speech",
    name="大会发言",
    first_stage="draft",
    proposer_word="发言人",
    content_word="发言内容",
    situation_word="发言稿",
    workflow=Workflow(
        name="speech",
        subject="大会发言",
        stages=SPEECH_STAGES,
        transitions=(
            step("submit", "提交", "draft", "submitted", parties=(PROPOSER,)),
            step("withdraw", "撤回", ("submitted", "selected"), "withdrawn", parties=(PROPOSER,)),
            step("select", "选用", "submitted", "selected", parties=OFFICE),
            step("reject", "不予选用", "submitted", "not_selected", parties=OFFICE),
            step(
                "unselect",
                "取消选用",
                "selected",
                "submitted",
                parties=OFFICE,
                needs_reason=True,
                reason_message="请填写取消选用的原因",
            ),
            # a leader's own 批示, or one the secretariat records for a leader outside the system
            step("instruct", "领导批示", "selected", "instructed", parties=OVERSIGHT),
            step("assign", "交办", "instructed", "assigned", parties=OFFICE),
            *handling_steps(("handling",), SPEECH_IN_HANDS),
            step("supervise", "督办", ("instructed", *SPEECH_IN_HANDS), parties=OVERSIGHT),
            step("reply", "书面反馈", "handling", "feedback", parties=HANDLERS),
        ),
        refusals={
            ("submitted", "submit"): "该发言已提交，请勿重复提交",
            ("selected", "select"): "该发言已选用",
            ("not_selected", "reject"): "该发言已确定不予选用",
            ("instructed", "instruct"): "该发言已有领导批示",
            ("assigned", "assign"): "该发言已交办",
            ("feedback", "reply"): "该发言已反馈",
            ("withdrawn", "withdraw"): "该发言已撤回",
        },
    ),
    deadlines=(
        # an instructed speech: written feedback to the speaker (member, party or office group)
        # by next year's plenary 预备会议, counted from the speech's own plenary year
        DeadlineRule("feedback", "书面反馈", "全会", meeting=PLENARY_PREP, next_year=True),
    ),
    # a selected ORAL speech (kind "oral") is the speaker's 重点协商发言 (item 6)
    credit=CreditRule(
        item="consultation_speech",
        parts=("proposer",),
        on=("select",),
        withdraw_on=("unselect", "withdraw"),
        kinds=("oral",),
    ),
)

# work suggestion 政协工作建议 — a member's suggestion on the CPPCC's own work; the secretariat
# answers it (采纳 adopted or 已知悉 noted, with a reply). Submitting credits item 10.
WORK_SUGGESTION = LoopSpec(
    code="work_suggestion",
    name="政协工作建议",
    first_stage="draft",
    content_word="工作建议",
    situation_word="建议内容",
    workflow=Workflow(
        name="work_suggestion",
        subject="工作建议",
        stages={
            "draft": "草稿",
            "submitted": "待答复",
            "withdrawn": "已撤回",
            "adopted": "已采纳",
            "noted": "已知悉",
        },
        transitions=(
            step("submit", "提交", "draft", "submitted", parties=(PROPOSER,)),
            step("withdraw", "撤回", "submitted", "withdrawn", parties=(PROPOSER,)),
            step(
                "adopt",
                "采纳",
                "submitted",
                "adopted",
                parties=OFFICE,
                needs_reason=True,
                reason_message="请填写答复内容",
            ),
            step(
                "note",
                "已知悉",
                "submitted",
                "noted",
                parties=OFFICE,
                needs_reason=True,
                reason_message="请填写答复内容",
            ),
        ),
        refusals={
            ("submitted", "submit"): "该建议已提交，请勿重复提交",
            ("adopted", "adopt"): "该建议已答复",
            ("noted", "note"): "该建议已答复",
            ("adopted", "note"): "该建议已答复",
            ("noted", "adopt"): "该建议已答复",
            ("withdrawn", "withdraw"): "该建议已撤回",
        },
    ),
    credit=CreditRule(
        item="work_suggestion", parts=("proposer",), on=("submit",), withdraw_on=("withdraw",)
    ),
)

# public opinion 社情民意信息: 采 → 编 → 报送/批示 → 办理 → 反馈 (stages and rules in
# domain/public_opinion.py)
PUBLIC_OPINION = public_opinion_spec()

# democratic supervision 民主监督 ("1+5+5")
SUPERVISION_STAGES = {
    "topic": "议题确定",
    "research": "调研实施",
    "report": "监督报告",
    "handled": "建言处置",
    "track": "效果跟踪",
    "closed": "已办结",
}
SUPERVISION = LoopSpec(
    code="supervision",
    name="民主监督",
    first_stage="topic",
    workflow=Workflow(
        name="supervision",
        subject="监督议题",
        stages=SUPERVISION_STAGES,
        transitions=_chain(
            list(SUPERVISION_STAGES),
            [
                ("start_research", "开始调研", OFFICE),
                ("report", "形成监督报告", OFFICE),
                ("handle", "建言处置", HANDLERS),
                ("track", "效果跟踪", OFFICE),
                ("close", "办结", OFFICE),
            ],
        )
        + (
            step("supervise", "督办", ("report", "handled"), parties=OVERSIGHT),
            step("reassign", "改办", ("report",), parties=OFFICE),  # the report to another lead
            step(
                "research_report",
                "调研报告",
                _after("research", SUPERVISION_STAGES),
                parties=OFFICE,
            ),
            step("check", "五项要求", _after("topic", SUPERVISION_STAGES), parties=OFFICE),
            step("effect", "效果跟踪", _after("handled", SUPERVISION_STAGES), parties=OFFICE),
            step("people", "人员调整", _after("topic", SUPERVISION_STAGES), parties=OFFICE),
        ),
    ),
    deadlines=(DeadlineRule("handle", "建言处置", "监督报告", months=3),),
    # supervision participants (item 4) and research participants (item 3), once reported
    credit=CreditRule(item="supervision", parts=("participant",), on=("report",)),
    credits=(CreditRule(item="research", parts=("researcher",), on=("report",)),),
)

LOOPS: dict[str, LoopSpec] = {
    s.code: s
    for s in (CONSULTATION, PROPOSAL, SPEECH, PUBLIC_OPINION, SUPERVISION, WORK_SUGGESTION)
}
LOOP_NAMES = {code: s.name for code, s in LOOPS.items()}


def spec(code: str) -> LoopSpec:
    """The spec of loop ``code``."""
    try:
        return LOOPS[code]
    except KeyError:
        raise ValueError(f"unknown loop {code!r}") from None
