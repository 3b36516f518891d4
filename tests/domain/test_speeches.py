"""Plenary speeches and work suggestions, pure: every path through their workflows, the oral
speech's credit rule, and the speech feedback deadline — next year's 全会预备会议, scheduled or
not, and following the meeting when it is moved."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.domain import loops as rules
from lvzhi.domain.calendar import PLENARY, PLENARY_PREP
from lvzhi.domain.loop_specs import SPEECH, WORK_SUGGESTION
from lvzhi.domain.speeches import (
    INSTRUCTION_LEVELS,
    SPEECH_MODES,
    instruction_note,
    speech_feedback_due,
)
from lvzhi.domain.workflow import TransitionError

P, S, D, L = rules.PROPOSER, rules.SECRETARIAT, rules.DEPARTMENT, rules.LEADER


def walk(wf, steps, stage=None):
    stage = stage or "draft"
    for action, party in steps:
        stage = wf.move(stage, action, party=party, reason="理由")
    return stage


def test_an_instructed_speech_is_handled_like_a_proposal_up_to_the_feedback():
    path = [
        ("submit", P),
        ("select", S),
        ("instruct", L),
        ("supervise", S),
        ("assign", S),
        ("progress", D),
        ("accept", D),
        ("contact", D),
        ("supervise", L),
        ("reply", D),
    ]
    assert walk(SPEECH.workflow, path) == "feedback"


def test_the_secretariat_records_a_leaders_instruction_and_may_act_for_a_department():
    path = [("submit", P), ("select", S), ("instruct", S), ("assign", S), ("accept", S)]
    assert walk(SPEECH.workflow, path + [("reply", S)]) == "feedback"


@pytest.mark.parametrize(
    ("steps", "stage"),
    [
        ([("submit", P), ("reject", S)], "not_selected"),
        ([("submit", P), ("withdraw", P)], "withdrawn"),
        ([("submit", P), ("select", S), ("withdraw", P)], "withdrawn"),
        ([("submit", P), ("select", S), ("unselect", S)], "submitted"),
        ([("submit", P), ("select", S), ("unselect", S), ("select", S)], "selected"),
    ],
)
def test_a_speech_not_selected_withdrawn_or_unselected(steps, stage):
    assert walk(SPEECH.workflow, steps) == stage


def test_speech_refusals_are_chinese_and_say_what_already_happened():
    wf = SPEECH.workflow
    assert wf.refusal("submitted", "submit", P) == "该发言已提交，请勿重复提交"
    assert wf.refusal("selected", "select", S) == "该发言已选用"
    assert wf.refusal("instructed", "instruct", L) == "该发言已有领导批示"
    assert wf.refusal("feedback", "reply", D) == "该发言已反馈"
    assert wf.refusal("submitted", "instruct", L) == "“待选用”状态的大会发言不能领导批示"
    assert wf.refusal("selected", "instruct", P) == "您不能领导批示此大会发言"
    with pytest.raises(TransitionError) as refused:
        wf.move("selected", "unselect", party=S, reason=" ")
    assert refused.value.message == "请填写取消选用的原因"
    # an instructed speech can no longer be withdrawn or unselected: it is being handled
    assert not wf.can("instructed", "withdraw", P)
    assert not wf.can("instructed", "unselect", S)


def test_only_an_oral_speech_earns_item_six():
    rule = SPEECH.credit
    assert rule.item == "consultation_speech"
    assert rule.credits("oral") and not rule.credits("written") and not rule.credits("")
    assert set(SPEECH_MODES) == set(rule.kinds) | {"written"}
    assert rules.PROPOSAL.credit.credits("")  # a rule without kinds credits every matter


def test_work_suggestion_is_answered_adopted_or_noted_with_a_reply():
    wf = WORK_SUGGESTION.workflow
    assert walk(wf, [("submit", P), ("adopt", S)]) == "adopted"
    assert walk(wf, [("submit", P), ("note", S)]) == "noted"
    assert walk(wf, [("submit", P), ("withdraw", P)]) == "withdrawn"
    with pytest.raises(TransitionError) as refused:
        wf.move("submitted", "adopt", party=S, reason="")
    assert refused.value.message == "请填写答复内容"
    assert wf.refusal("adopted", "note", S) == "该建议已答复"
    assert wf.refusal("noted", "withdraw", P) == "“已知悉”状态的工作建议不能撤回"
    assert wf.refusal("submitted", "adopt", P) == "您不能采纳此工作建议"
    rule = WORK_SUGGESTION.credit
    assert (rule.item, rule.on, rule.withdraw_on) == ("work_suggestion", ("submit",), ("withdraw",))


# --- the speech feedback deadline ----------------------------------------------------------


def test_feedback_on_a_speech_reads_as_words_while_next_years_prep_meeting_is_unscheduled():
    this_years = [(PLENARY_PREP, date(2026, 1, 5)), (PLENARY, date(2026, 1, 6))]
    due = speech_feedback_due(2026, this_years)
    assert due.on is None
    assert due.text == "下一年度全会预备会议前"
    assert rules.deadline_state(due.on, date(2026, 12, 31)) == rules.UNSCHEDULED


def test_feedback_on_a_speech_is_due_on_next_years_prep_meeting_once_scheduled():
    calendar = [
        (PLENARY_PREP, date(2026, 1, 5)),
        (PLENARY, date(2027, 1, 9)),
        (PLENARY_PREP, date(2027, 1, 8)),
        (PLENARY_PREP, date(2028, 1, 7)),
    ]
    due = speech_feedback_due(2026, calendar)
    assert due.on == date(2027, 1, 8) and due.text == "2027-01-08"
    assert rules.deadline_state(due.on, date(2027, 1, 8)) == rules.DUE_SOON
    assert rules.deadline_state(due.on, date(2027, 1, 9)) == rules.OVERDUE


def test_feedback_on_a_speech_follows_the_prep_meeting_when_it_is_moved():
    before = speech_feedback_due(2026, [(PLENARY_PREP, date(2027, 1, 8))])
    moved = speech_feedback_due(2026, [(PLENARY_PREP, date(2027, 2, 20))])
    assert (before.on, moved.on) == (date(2027, 1, 8), date(2027, 2, 20))
    # moved into the year after next: no longer next year's meeting, so unscheduled again
    assert speech_feedback_due(2026, [(PLENARY_PREP, date(2028, 1, 3))]).on is None


def test_an_instruction_names_the_leader_and_the_level():
    assert instruction_note(" 陆忠祥 ", "county", " 请县发改局研究落实。 ") == (
        "县级 陆忠祥 批示：请县发改局研究落实。"
    )
    assert list(INSTRUCTION_LEVELS.values()) == ["县级", "市级", "省级", "全国"]
