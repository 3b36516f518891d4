"""The closed loops' rules: every transition of every loop spec, every deadline rule, the
derived deadline state at its day boundaries, and 不满意 → re-handled once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lvzhi.domain import loops as rules
from lvzhi.domain.calendar import (
    JOINT_MEETING,
    MEETING_KINDS,
    PLENARY_PREP,
    STANDING_COMMITTEE,
    add_months,
    next_meeting,
    next_years_meeting,
)
from lvzhi.domain.loop_specs import LOOPS, spec
from lvzhi.domain.public_opinion import ADOPTED_STAGES as PO_ADOPTED
from lvzhi.domain.workflow import TransitionError

P, S, D, L = rules.PROPOSER, rules.SECRETARIAT, rules.DEPARTMENT, rules.LEADER
C = rules.COMMITTEE  # a consultation topic's lead committee

# every transition of every loop: (loop, action) → (sources, target or None, parties)
EXPECTED = {
    ("proposal", "edit"): ({"draft", "returned"}, None, {P}),
    ("proposal", "submit"): ({"draft", "returned"}, "submitted", {P}),
    ("proposal", "recall"): ({"submitted"}, "draft", {P}),
    ("proposal", "file"): ({"submitted"}, "filed", {S}),
    ("proposal", "not_file"): ({"submitted"}, "opinion", {S}),
    ("proposal", "return"): ({"submitted"}, "returned", {S}),
    ("proposal", "merge"): ({"submitted", "filed"}, "merged", {S}),
    ("proposal", "unfile"): ({"filed", "opinion"}, "submitted", {S}),
    ("proposal", "assign"): ({"filed"}, "assigned", {S}),
    ("proposal", "forward"): ({"opinion"}, None, {S}),
    ("proposal", "mark_key"): (
        {"filed", "assigned", "handling", "replied", "rehandling"},
        None,
        {S},
    ),
    ("proposal", "accept"): ({"assigned"}, "handling", {D, S}),
    ("proposal", "ask_reassign"): ({"assigned", "handling", "rehandling"}, None, {D, S}),
    ("proposal", "decide_reassign"): ({"assigned", "handling", "rehandling"}, None, {S}),
    ("proposal", "contact"): ({"handling", "rehandling"}, None, {D, S}),
    ("proposal", "progress"): ({"assigned", "handling", "rehandling"}, None, {D, S}),
    ("proposal", "co_opinion"): ({"assigned", "handling", "rehandling"}, None, {D, S}),
    ("proposal", "extend"): ({"assigned", "handling", "rehandling"}, None, {S}),
    ("proposal", "supervise"): ({"assigned", "handling", "replied", "rehandling"}, None, {S, L}),
    ("proposal", "instruct"): ({"assigned", "handling", "replied", "rehandling"}, None, {L}),
    ("proposal", "reply"): ({"handling", "rehandling"}, "replied", {D, S}),
    ("proposal", "evaluate"): ({"replied"}, "closed", {P}),
    ("proposal", "rehandle"): ({"replied"}, "rehandling", {P}),
    ("proposal", "mark_excellent"): (
        {"filed", "assigned", "handling", "replied", "rehandling", "closed"},
        None,
        {S},
    ),
    ("consultation", "start_research"): ({"topic"}, "research", {S, C}),
    ("consultation", "hold"): ({"research"}, "consult", {S, C}),
    ("consultation", "assign"): ({"consult"}, "assign", {S}),
    ("consultation", "implement"): ({"assign"}, "implement", {D, S}),
    ("consultation", "feedback"): ({"implement"}, "feedback", {D, S}),
    ("consultation", "track"): ({"feedback"}, "track", {S}),
    ("consultation", "close"): ({"track"}, "closed", {S}),
    ("consultation", "supervise"): ({"assign", "implement", "feedback"}, None, {S, L}),
    ("consultation", "reassign"): ({"assign", "implement"}, None, {S}),
    ("speech", "submit"): ({"draft"}, "submitted", {P}),
    ("speech", "withdraw"): ({"submitted", "selected"}, "withdrawn", {P}),
    # documents and people changes keep the stage
    ("consultation", "research_report"): (
        {"research", "consult", "assign", "implement", "feedback", "track", "closed"},
        None,
        {S, C},
    ),
    ("consultation", "record"): (
        {"consult", "assign", "implement", "feedback", "track", "closed"},
        None,
        {S, C},
    ),
    ("consultation", "people"): (set(LOOPS["consultation"].workflow.stages), None, {S, C}),
    ("speech", "select"): ({"submitted"}, "selected", {S}),
    ("speech", "reject"): ({"submitted"}, "not_selected", {S}),
    ("speech", "unselect"): ({"selected"}, "submitted", {S}),
    ("speech", "instruct"): ({"selected"}, "instructed", {S, L}),
    ("speech", "assign"): ({"instructed"}, "assigned", {S}),
    ("speech", "accept"): ({"assigned"}, "handling", {D, S}),
    ("speech", "ask_reassign"): ({"assigned", "handling"}, None, {D, S}),
    ("speech", "decide_reassign"): ({"assigned", "handling"}, None, {S}),
    ("speech", "contact"): ({"handling"}, None, {D, S}),
    ("speech", "progress"): ({"assigned", "handling"}, None, {D, S}),
    ("speech", "co_opinion"): ({"assigned", "handling"}, None, {D, S}),
    ("speech", "supervise"): ({"instructed", "assigned", "handling"}, None, {S, L}),
    ("speech", "reply"): ({"handling"}, "feedback", {D, S}),
    ("public_opinion", "edit"): ({"draft", "withdrawn"}, None, {P}),
    ("public_opinion", "submit"): ({"draft", "withdrawn"}, "submitted", {P}),
    ("public_opinion", "withdraw"): ({"submitted"}, "withdrawn", {P}),
    ("public_opinion", "adopt"): ({"submitted"}, "adopted", {S}),
    ("public_opinion", "decline"): ({"submitted"}, "declined", {S}),
    ("public_opinion", "reject"): ({"submitted"}, "rejected", {S}),
    ("public_opinion", "publish"): (set(PO_ADOPTED), None, {S}),
    ("public_opinion", "forward"): ({"adopted"}, "forwarded", {S}),
    ("public_opinion", "forward_again"): (set(PO_ADOPTED) - {"adopted"}, None, {S}),
    ("public_opinion", "instruct"): ({"forwarded"}, "instructed", {S, L}),
    ("public_opinion", "instruct_again"): (
        {"instructed", "assigned", "handling", "feedback"},
        None,
        {S, L},
    ),
    ("public_opinion", "assign"): ({"instructed"}, "assigned", {S}),
    ("public_opinion", "accept"): ({"assigned"}, "handling", {D, S}),
    ("public_opinion", "ask_reassign"): ({"assigned", "handling"}, None, {D, S}),
    ("public_opinion", "decide_reassign"): ({"assigned", "handling"}, None, {S}),
    ("public_opinion", "contact"): ({"handling"}, None, {D, S}),
    ("public_opinion", "progress"): ({"assigned", "handling"}, None, {D, S}),
    ("public_opinion", "co_opinion"): ({"assigned", "handling"}, None, {D, S}),
    ("public_opinion", "reply"): ({"handling"}, "feedback", {D, S}),
    ("supervision", "start_research"): ({"topic"}, "research", {S}),
    ("supervision", "report"): ({"research"}, "report", {S}),
    ("supervision", "handle"): ({"report"}, "handled", {D, S}),
    ("supervision", "track"): ({"handled"}, "track", {S}),
    ("supervision", "close"): ({"track"}, "closed", {S}),
    ("supervision", "supervise"): ({"report", "handled"}, None, {S, L}),
    ("supervision", "reassign"): ({"report"}, None, {S}),
    ("work_suggestion", "submit"): ({"draft"}, "submitted", {P}),
    ("work_suggestion", "withdraw"): ({"submitted"}, "withdrawn", {P}),
    ("work_suggestion", "adopt"): ({"submitted"}, "adopted", {S}),
    ("work_suggestion", "note"): ({"submitted"}, "noted", {S}),
    ("supervision", "research_report"): (
        {"research", "report", "handled", "track", "closed"},
        None,
        {S},
    ),
    ("supervision", "check"): (
        {"topic", "research", "report", "handled", "track", "closed"},
        None,
        {S},
    ),
    ("supervision", "effect"): ({"handled", "track", "closed"}, None, {S}),
    ("supervision", "people"): (set(LOOPS["supervision"].workflow.stages), None, {S}),
}


def test_the_five_loops_and_work_suggestions_are_specified_with_chinese_names():
    assert {c: s.name for c, s in LOOPS.items()} == {
        "consultation": "协商",
        "proposal": "提案",
        "speech": "大会发言",
        "public_opinion": "社情民意信息",
        "supervision": "民主监督",
        "work_suggestion": "政协工作建议",
    }
    for s in LOOPS.values():
        assert s.first_stage in s.workflow.stages
        assert spec(s.code) is s
    with pytest.raises(ValueError):
        spec("petition")


def test_every_transition_of_every_loop_is_the_expected_one():
    actual = {
        (code, t.action): (set(t.sources), t.target, set(t.parties))
        for code, s in LOOPS.items()
        for t in s.workflow.transitions
    }
    assert actual == EXPECTED


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_transition_moves_only_from_its_sources_and_only_for_its_parties(key):
    code, action = key
    sources, target, parties = EXPECTED[key]
    wf = LOOPS[code].workflow
    t = wf.actions[action]
    for stage in wf.stages:
        for party in PARTIES_ALL:
            allowed = stage in sources and party in parties
            assert wf.can(stage, action, party) is allowed, (stage, party)
            if allowed:
                reason = "理由" if t.needs_reason else None
                assert wf.move(stage, action, party=party, reason=reason) == (target or stage)
            else:
                with pytest.raises(TransitionError) as refused:
                    wf.move(stage, action, party=party, reason="理由")
                assert refused.value.message  # a Chinese sentence, never empty


PARTIES_ALL = tuple(rules.PARTIES)


@pytest.mark.parametrize("action", ["not_file", "return", "unfile", "ask_reassign", "extend"])
def test_proposal_moves_that_need_a_reason_refuse_a_blank_one(action):
    wf = rules.PROPOSAL.workflow
    stage = next(iter(sorted(wf.actions[action].sources)))
    with pytest.raises(TransitionError):
        wf.move(stage, action, party=S, reason="  ")


def test_a_double_tap_on_a_stage_move_gets_a_clear_word():
    wf = rules.PROPOSAL.workflow
    assert wf.refusal("submitted", "submit", P) == "该提案已提交，请勿重复提交"
    assert wf.refusal("filed", "file", S) == "该提案已立案"
    assert wf.refusal("replied", "reply", D) == "该提案已答复"


# --- 不满意 → re-handled once ------------------------------------------------------------------


def test_unsatisfied_on_the_first_reply_sends_it_back_once_and_closes_after_the_second():
    assert rules.evaluation_action("unsatisfied", 1) == "rehandle"
    assert rules.evaluation_action("unsatisfied", 2) == "evaluate"
    assert rules.evaluation_action("satisfied", 1) == "evaluate"
    assert rules.evaluation_action("basic", 1) == "evaluate"
    with pytest.raises(ValueError):
        rules.evaluation_action("angry", 1)
    wf = rules.PROPOSAL.workflow
    stage = wf.move("replied", "rehandle", party=P)
    stage = wf.move(stage, "reply", party=D)
    assert wf.move(stage, rules.evaluation_action("unsatisfied", 2), party=P) == "closed"


def test_filing_state_is_kept_apart_from_handling():
    assert rules.filing_state("draft") == "未提交"
    assert rules.filing_state("returned") == "未提交"
    assert rules.filing_state("submitted") == "待审查"
    assert rules.filing_state("opinion") == "转为意见建议"
    assert rules.filing_state("merged") == "已并案"
    for stage in ("filed", "assigned", "handling", "replied", "rehandling", "closed"):
        assert rules.filing_state(stage) == "已立案"


# --- calendar -----------------------------------------------------------------------------


CAL = [
    (STANDING_COMMITTEE, date(2026, 3, 10)),
    (STANDING_COMMITTEE, date(2026, 6, 20)),
    (PLENARY_PREP, date(2027, 1, 8)),
    (PLENARY_PREP, date(2027, 12, 30)),
    (JOINT_MEETING, date(2027, 2, 15)),
]


def test_next_meeting_is_strictly_after_the_day_and_of_the_kind():
    assert next_meeting(STANDING_COMMITTEE, date(2026, 3, 9), CAL) == date(2026, 3, 10)
    assert next_meeting(STANDING_COMMITTEE, date(2026, 3, 10), CAL) == date(2026, 6, 20)
    assert next_meeting(STANDING_COMMITTEE, date(2026, 6, 20), CAL) is None
    assert next_meeting(JOINT_MEETING, date(2026, 1, 1), CAL) == date(2027, 2, 15)


def test_next_years_meeting_is_the_first_of_the_following_calendar_year():
    assert next_years_meeting(PLENARY_PREP, date(2026, 12, 31), CAL) == date(2027, 1, 8)
    assert next_years_meeting(PLENARY_PREP, date(2026, 1, 1), CAL) == date(2027, 1, 8)
    assert next_years_meeting(PLENARY_PREP, date(2027, 1, 1), CAL) is None
    assert next_years_meeting(PLENARY_PREP, date(2025, 12, 31), CAL) is None


def test_add_months_crosses_years_and_clips_to_the_month_end():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 31)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 10, 15), 3) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 15), 11) == date(2026, 12, 15)
    assert add_months(date(2026, 12, 1), 0) == date(2026, 12, 1)
    assert add_months(date(2026, 10, 31), 2) == date(2026, 12, 31)


def test_meeting_kinds_have_chinese_labels():
    assert MEETING_KINDS[STANDING_COMMITTEE] == "常委会会议"
    assert MEETING_KINDS[JOINT_MEETING] == "政府政协联席会议"


# --- deadline rules ------------------------------------------------------------------------

REPLY = rules.PROPOSAL.deadline("reply")


def test_a_proposal_reply_is_due_three_months_after_assignment_or_the_years_setting():
    assert rules.due(REPLY, date(2026, 3, 20)).on == date(2026, 6, 20)
    assert rules.due(REPLY, date(2026, 3, 20)).text == "2026-06-20"
    assert rules.due(REPLY, date(2026, 3, 20), months=2).on == date(2026, 5, 20)
    assert rules.due(REPLY, date(2026, 12, 31)).on == date(2027, 3, 31)


def test_a_co_handling_opinion_is_due_one_month_after_and_reassignment_within_ten_days():
    assert rules.due(rules.PROPOSAL.deadline("co_opinion"), date(2026, 1, 31)).on == date(
        2026, 2, 28
    )
    assert rules.due(rules.PROPOSAL.deadline("reassign"), date(2026, 12, 25)).on == date(2027, 1, 4)
    assert rules.reassign_refusal(date(2026, 12, 25), date(2027, 1, 4)) is None
    assert "10 天" in rules.reassign_refusal(date(2026, 12, 25), date(2027, 1, 5))
    accepted = rules.reassign_refusal(date(2026, 12, 25), date(2026, 12, 26), accepted=True)
    assert accepted == "本单位已接收，不能再申请改办，请联系政协机关"


def test_an_extension_replaces_the_date_and_is_allowed_once_up_to_six_months():
    start = date(2026, 3, 20)
    current = rules.due(REPLY, start).on
    assert rules.due(REPLY, start, extended_to=date(2026, 8, 1)) == rules.Due(
        date(2026, 8, 1), "2026-08-01", extended=True
    )
    assert rules.extension_refusal(REPLY, start, current, date(2026, 9, 20), 0) is None
    assert "6 个月" in rules.extension_refusal(REPLY, start, current, date(2026, 9, 21), 0)
    assert rules.extension_refusal(REPLY, start, current, date(2026, 8, 1), 1) == "每件只能延期一次"
    assert "晚于" in rules.extension_refusal(REPLY, start, current, current, 0)
    assert rules.extension_refusal(REPLY, start, current, None, 0) == "请填写延期后的日期"
    co = rules.PROPOSAL.deadline("co_opinion")
    assert rules.extension_refusal(co, start, None, date(2026, 5, 1), 0) == "会办意见期限不能延期"


CONSULT = {r.code: r for r in LOOPS["consultation"].deadlines}


def test_a_meeting_deadline_reads_next_meeting_until_it_is_in_the_calendar():
    rule = CONSULT["standing_thematic"]
    assert rules.due(rule, date(2026, 7, 1), []) == rules.Due(None, "下次常委会会议前")
    assert rules.due(rule, date(2026, 7, 1), [(STANDING_COMMITTEE, date(2026, 10, 9))]).on == (
        date(2026, 10, 9)
    )


def test_a_meeting_deadline_moves_when_the_meeting_moves():
    rule = CONSULT["standing_thematic"]
    assert rules.due(rule, date(2026, 7, 1), [(STANDING_COMMITTEE, date(2026, 10, 9))]).on == (
        date(2026, 10, 9)
    )
    assert rules.due(rule, date(2026, 7, 1), [(STANDING_COMMITTEE, date(2026, 11, 3))]).on == (
        date(2026, 11, 3)
    )


def test_next_years_meeting_deadlines_for_plenary_groups_chair_consultations_and_speeches():
    plenary, chair = CONSULT["plenary_group"], CONSULT["chair_thematic"]
    speech = LOOPS["speech"].deadline("feedback")
    assert rules.due(plenary, date(2026, 1, 10), []).text == "下一年度全会预备会议前"
    assert rules.due(chair, date(2026, 5, 1), []).text == "下一年度政府政协联席会议前"
    assert rules.due(plenary, date(2026, 1, 10), CAL).on == date(2027, 1, 8)
    assert rules.due(chair, date(2026, 12, 31), CAL).on == date(2027, 2, 15)
    assert rules.due(speech, date(2026, 1, 12), CAL).on == date(2027, 1, 8)
    assert rules.due(CONSULT["other"], date(2026, 9, 30)).on == date(2026, 12, 30)


def test_other_loops_period_rules():
    assert rules.due(LOOPS["public_opinion"].deadline("reply"), date(2026, 11, 5)).on == date(
        2027, 2, 5
    )
    assert rules.due(LOOPS["supervision"].deadline("handle"), date(2026, 1, 5)).on == date(
        2026, 4, 5
    )


# --- derived state -------------------------------------------------------------------------


def test_deadline_state_at_the_exact_day_boundaries():
    on = date(2027, 1, 15)
    assert rules.deadline_state(on, date(2027, 1, 16)) == rules.OVERDUE
    assert rules.deadline_state(on, on) == rules.DUE_SOON  # the due day itself is not late
    assert rules.deadline_state(on, date(2027, 1, 1)) == rules.DUE_SOON  # 14 days before
    assert rules.deadline_state(on, date(2026, 12, 31)) == rules.ON_TIME  # 15 days before
    assert rules.deadline_state(None, on) == rules.UNSCHEDULED
    assert rules.deadline_state(on, date(2027, 1, 12), soon_days=3) == rules.DUE_SOON
    assert rules.deadline_state(on, date(2027, 1, 11), soon_days=3) == rules.ON_TIME
    assert rules.DUE_SOON_DAYS == 14


def test_credit_rules_name_the_checklist_items():
    c = rules.PROPOSAL.credit
    assert (c.item, c.parts, c.optional_parts) == ("proposal", ("proposer",), ("co_proposer",))
    assert set(c.on) == {"file", "not_file"} and set(c.withdraw_on) == {"unfile", "merge"}
    assert LOOPS["public_opinion"].credit.item == "public_opinion"
    assert LOOPS["supervision"].credit.item == "supervision"
    assert LOOPS["consultation"].credit.item == "research"
    speech = LOOPS["speech"].credit
    assert (speech.item, speech.on, speech.kinds) == ("consultation_speech", ("select",), ("oral",))
    assert set(speech.withdraw_on) == {"unselect", "withdraw"}
    assert LOOPS["work_suggestion"].credit.item == "work_suggestion"
    for s in LOOPS.values():
        if s.credit:
            actions = set(s.workflow.actions)
            assert set(s.credit.on) <= actions and set(s.credit.withdraw_on) <= actions


@pytest.mark.parametrize("months", [1, 3, 6])
def test_the_start_cut_off_splits_overdue_from_not_overdue_starts(months):
    rule = spec("proposal").deadline("reply")
    for today in (date(2026, 3, 1), date(2026, 2, 28), date(2026, 5, 31), date(2024, 2, 29)):
        cut = rules.first_start_not_overdue(rule, today, months)
        for offset in range(-40, 41):
            start = cut + timedelta(days=offset)
            due = rules.due(rule, start, months=months).on
            late = rules.deadline_state(due, today) == rules.OVERDUE
            assert late == (start < cut), (today, months, start)


def test_a_meeting_relative_deadline_has_no_start_cut_off():
    with pytest.raises(ValueError):
        rules.first_start_not_overdue(spec("speech").deadline("feedback"), date(2026, 3, 1))


def test_a_bodys_own_reassignment_window_counts_its_last_day():
    assert rules.reassign_refusal(date(2026, 12, 25), date(2027, 1, 9), 15) is None
    assert rules.reassign_refusal(date(2026, 12, 25), date(2027, 1, 10), 15) == (
        "交办已超过 15 天，不能再申请改办，请联系政协机关"
    )
    assert rules.reassign_refusal(date(2026, 12, 25), date(2026, 12, 26), 1) is None
    assert rules.reassign_refusal(date(2026, 12, 25), date(2026, 12, 27), 1) is not None


def test_a_deadlines_days_can_be_a_bodys_own():
    rule = rules.PROPOSAL.deadline("reassign")
    assert rules.due(rule, date(2026, 2, 20)).on == date(2026, 3, 2)
    assert rules.due(rule, date(2026, 2, 20), days=3).on == date(2026, 2, 23)
    co = rules.PROPOSAL.deadline("co_opinion")
    assert rules.due(co, date(2026, 11, 30)).on == date(2026, 12, 30)
    assert rules.due(co, date(2026, 11, 30), months=3).on == date(2027, 2, 28)


def test_the_windows_a_body_may_set():
    assert rules.REASSIGN_DAYS == (1, 30) and rules.CO_OPINION_MONTHS == (1, 3)
    assert rules.window_refusal(1, 1) is None and rules.window_refusal(30, 3) is None
    assert rules.window_refusal(0, 1) == ("reassign_days", "申请改办期限应为 1 至 30 天。")
    assert rules.window_refusal(31, 1) == ("reassign_days", "申请改办期限应为 1 至 30 天。")
    assert rules.window_refusal(10, 0) == ("co_opinion_months", "会办意见期限应为 1 至 3 个月。")
    assert rules.window_refusal(10, 4) == ("co_opinion_months", "会办意见期限应为 1 至 3 个月。")


def test_a_reply_names_its_class_gives_a_reason_for_c_and_follows_the_contact():
    assert rules.reply_refusal("proposal", "", "已解决", True) == ("reply_class", "请选择答复类别")
    assert rules.reply_refusal("proposal", "D", "已解决", True)[0] == "reply_class"
    assert rules.reply_refusal("proposal", "C", " \n", True) == (
        "text",
        "C 类（留作参考）答复须写明不能采纳的理由",
    )
    assert rules.reply_refusal("proposal", "C", "财力所限，留作参考", True) is None
    for reply_class in ("A", "B"):  # only C must say why
        assert rules.reply_refusal("proposal", reply_class, "", True) is None
    assert rules.reply_refusal("proposal", "A", "已解决", False) == (None, rules.NO_CONTACT_YET)
    # the proposal's rule (办前沟通); a public-opinion report's department replies without it
    assert rules.reply_refusal("public_opinion", "A", "", False) is None
    assert rules.reply_refusal("speech", "B", "", False) is None
