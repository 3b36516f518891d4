"""社情民意's pure rules: the loop walked end to end by its parties, the refusals, the credit
rule (on submit; withdrawn on withdraw and reject, not on decline), the character count,
what a report needs before it is sent, and the forwarding and 批示 checks."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.domain import public_opinion as po
from lvzhi.domain.instructions import forward_refusal, instruction_refusal
from lvzhi.domain.loops import DEPARTMENT, LEADER, PROPOSER, SECRETARIAT
from lvzhi.domain.workflow import TransitionError

WF = po.PUBLIC_OPINION.workflow
TODAY = date(2026, 11, 26)


def test_a_report_walks_from_draft_to_feedback():
    path = [
        ("submit", PROPOSER, "submitted"),
        ("adopt", SECRETARIAT, "adopted"),
        ("publish", SECRETARIAT, "adopted"),
        ("forward", SECRETARIAT, "forwarded"),
        ("forward_again", SECRETARIAT, "forwarded"),
        ("instruct", SECRETARIAT, "instructed"),
        ("instruct_again", SECRETARIAT, "instructed"),
        ("assign", SECRETARIAT, "assigned"),
        ("accept", DEPARTMENT, "handling"),
        ("contact", DEPARTMENT, "handling"),
        ("progress", DEPARTMENT, "handling"),
        ("reply", DEPARTMENT, "feedback"),
        ("instruct_again", SECRETARIAT, "feedback"),
    ]
    stage = po.DRAFT
    for action, party, after in path:
        stage = WF.move(stage, action, party=party)
        assert stage == after, action


def test_withdrawn_reports_are_edited_and_sent_again():
    stage = WF.move(po.SUBMITTED, "withdraw", party=PROPOSER)
    assert stage == po.WITHDRAWN and WF.can(stage, "edit", PROPOSER)
    assert WF.move(stage, "submit", party=PROPOSER) == po.SUBMITTED


def test_the_editor_needs_a_reason_to_decline_or_reject():
    for action, words in (("decline", "不予采用"), ("reject", "不属于社情民意信息")):
        with pytest.raises(TransitionError) as refused:
            WF.move(po.SUBMITTED, action, party=SECRETARIAT, reason=" ")
        assert words in refused.value.message
    assert WF.move(po.SUBMITTED, "reject", party=SECRETARIAT, reason="个人诉求") == po.REJECTED


def test_refusals_are_chinese_and_name_the_party_or_stage():
    assert WF.refusal(po.SUBMITTED, "submit") == "该信息已报送，请勿重复提交"
    assert WF.refusal(po.SUBMITTED, "adopt", PROPOSER) == "您不能采用此社情民意信息"
    assert WF.refusal(po.ADOPTED, "assign") == "“已采用”状态的社情民意信息不能交办"
    assert WF.refusal(po.DECLINED, "forward") == "“未采用”状态的社情民意信息不能报送"
    # a 批示 is recorded by the secretariat or by a leader in the system, after 报送 only
    assert WF.can(po.FORWARDED, "instruct", LEADER)
    assert not WF.can(po.ADOPTED, "instruct", LEADER)
    assert not WF.can(po.FORWARDED, "instruct", PROPOSER)
    assert not WF.can(po.HANDLING, "withdraw", PROPOSER)


def test_credit_comes_with_sending_and_goes_with_withdraw_or_reject():
    rule = po.PUBLIC_OPINION.credit
    assert (rule.item, rule.parts, rule.on) == ("public_opinion", ("proposer",), ("submit",))
    assert set(rule.withdraw_on) == {"withdraw", "reject"}


def test_every_stage_can_be_reached_and_the_queue_lists_every_office_stage():
    reached = {po.DRAFT} | {t.target for t in WF.transitions if t.target}
    assert reached == set(po.STAGES)
    assert set(po.QUEUE) == set(po.STAGES) - {po.DRAFT, po.WITHDRAWN}


def test_characters_are_counted_without_spaces_against_1500():
    assert po.text_length("一二 三\n", None, "　四") == 4  # a full-width space is a space too
    assert po.length_note(1500) == "已写 1,500 字，建议不超过 1,500 字"
    assert po.length_note(1501) == "已写 1,501 字，建议不超过 1,500 字，请精简"


def test_a_report_needs_title_situation_and_suggestions_before_it_is_sent():
    assert po.submit_refusal("", "情况", "建议") == ("title", "请填写标题")
    assert po.submit_refusal("标题", " ", "建议") == ("situation", "请填写基本情况")
    assert po.submit_refusal("标题", "情况", "") == ("suggestions_text", "请填写意见建议")
    assert po.submit_refusal("标题", "情况", "建议") is None
    assert po.submit_refusals(" ", "", "建议") == [
        ("title", "请填写标题"),
        ("situation", "请填写基本情况"),
    ]
    assert po.submit_refusals("标题", "情况", "建议") == []
    assert po.bulletin_title(2026, 3) == "《社情民意》2026年第3期"


def test_forwarding_and_instruction_checks():
    assert forward_refusal("town", TODAY, TODAY) == "请选择报送层级"
    assert forward_refusal("city", None, TODAY) == "请填写报送日期"
    assert forward_refusal("city", date(2026, 11, 27), TODAY) == "报送日期不能晚于今天"
    assert forward_refusal("national", TODAY, TODAY) is None
    assert instruction_refusal("county", " ", TODAY, "阅", TODAY)[0] == "leader"
    assert instruction_refusal("county", "县长", TODAY, "", TODAY)[0] == "text"
    assert instruction_refusal("county", "县长", TODAY, "字" * 1501, TODAY)[0] == "text"
    assert instruction_refusal("province", "副省长", TODAY, "请研究。", TODAY) is None
