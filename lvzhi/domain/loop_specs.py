"""The other four loops' specs (consultation, speech, public opinion, supervision) and the
registry of all five. Stages are DOMAIN.md "List 3" in the seed's words; their screens come in
later issues, the rules are here and tested now."""

from __future__ import annotations

from .calendar import JOINT_MEETING, PLENARY_PREP, STANDING_COMMITTEE
from .loops import (
    HANDLERS,
    LEADER,
    OFFICE,
    OVERSIGHT,
    PROPOSAL,
    PROPOSER,
    CreditRule,
    DeadlineRule,
    LoopSpec,
    _chain,
)
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
                    ("start_research", "开始调研", OFFICE),
                    ("hold", "召开协商", OFFICE),
                    ("assign", "交办", OFFICE),
                    ("implement", "落实", HANDLERS),
                    ("feedback", "反馈", HANDLERS),
                    ("track", "跟踪", OFFICE),
                    ("close", "办结", OFFICE),
                ],
            ),
            step("supervise", "督办", ("assign", "implement", "feedback"), parties=OVERSIGHT),
            # documents and people on the timeline (they keep the stage)
            step(
                "research_report",
                "调研报告",
                _after("research", CONSULTATION_STAGES),
                parties=OFFICE,
            ),
            step("record", "协商记录", _after("consult", CONSULTATION_STAGES), parties=OFFICE),
            step("people", "人员调整", _after("topic", CONSULTATION_STAGES), parties=OFFICE),
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

# speech 大会发言
SPEECH = LoopSpec(
    code="speech",
    name="大会发言",
    first_stage="submitted",
    workflow=Workflow(
        name="speech",
        subject="大会发言",
        stages={
            "submitted": "已提交",
            "selected": "已选用",
            "not_selected": "未选用",
            "instructed": "领导批示",
            "handling": "办理中",
            "feedback": "已反馈",
        },
        transitions=(
            step("select", "选用", "submitted", "selected", parties=OFFICE),
            step("reject", "不予选用", "submitted", "not_selected", parties=OFFICE),
            step("instruct", "领导批示", "selected", "instructed", parties=(LEADER,)),
            step("assign", "交办", "instructed", "handling", parties=OFFICE),
            step("feedback", "反馈", "handling", "feedback", parties=HANDLERS),
        ),
        refusals={("selected", "select"): "该发言已选用"},
    ),
    deadlines=(
        # an instructed speech: feedback to the party/office group by next year's 预备会议
        DeadlineRule("feedback", "书面反馈", "批示", meeting=PLENARY_PREP, next_year=True),
    ),
    credit=None,  # a plenary speech is not one of the 十个一 items
)

# public opinion 社情民意信息
PUBLIC_OPINION = LoopSpec(
    code="public_opinion",
    name="社情民意信息",
    first_stage="draft",
    workflow=Workflow(
        name="public_opinion",
        subject="社情民意信息",
        stages={
            "draft": "草稿",
            "collected": "已报送",
            "adopted": "已采用",
            "not_adopted": "未采用",
            "forwarded": "已报送批示",
            "handling": "办理中",
            "feedback": "已反馈",
        },
        transitions=(
            step("submit", "报送", "draft", "collected", parties=(PROPOSER,)),
            step("adopt", "采用", "collected", "adopted", parties=OFFICE),
            step("reject", "不予采用", "collected", "not_adopted", parties=OFFICE),
            step("forward", "报送", "adopted", "forwarded", parties=OFFICE),
            step("instruct", "领导批示", ("adopted", "forwarded"), parties=(LEADER,)),
            step("assign", "交办", "forwarded", "handling", parties=OFFICE),
            step("feedback", "反馈", "handling", "feedback", parties=HANDLERS),
        ),
    ),
    deadlines=(DeadlineRule("feedback", "办理反馈", "交办", months=3),),
    credit=CreditRule(item="public_opinion", parts=("proposer",), on=("adopt",)),
)

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
    s.code: s for s in (CONSULTATION, PROPOSAL, SPEECH, PUBLIC_OPINION, SUPERVISION)
}
LOOP_NAMES = {code: s.name for code, s in LOOPS.items()}


def spec(code: str) -> LoopSpec:
    """The spec of loop ``code``."""
    try:
        return LOOPS[code]
    except KeyError:
        raise ValueError(f"unknown loop {code!r}") from None
