"""The pure rules of numbered suggestions and of overdue feedback across loops."""

from __future__ import annotations

from lvzhi.domain import suggestions as rules
from lvzhi.domain.loop_specs import spec
from lvzhi.domain.overdue import feedback_owed, feedback_rule


def test_pasted_numbering_in_its_usual_forms_is_dropped():
    text = "1. 甲\r\n2、乙\n（三）丙\n(4) 丁\n五、戊\n第六条 己\n- 庚\n\n  \n1998年起的政策应延续"
    assert rules.pasted_lines(text) == [
        "甲",
        "乙",
        "丙",
        "丁",
        "戊",
        "己",
        "庚",
        "1998年起的政策应延续",
    ]


def test_an_answer_needs_an_outcome_and_only_an_adopted_one_is_implemented():
    assert rules.answer_refusal("", False) == "请选择采纳情况"
    assert rules.answer_refusal("", False, required=False) is None
    assert rules.answer_refusal("not_adopted", True) == "未采纳的建议不能标为已落实"
    assert rules.answer_refusal("partly", True) is None
    assert rules.answer_refusal("maybe", False) == "请选择采纳情况"


def test_every_bad_row_of_a_sheet_gets_every_problem():
    known = {7: rules.Known(2, "", False, "县经信局", ""), 8: rules.Known(1, "", False, "", "")}
    rows = rules.check_sheet(
        [
            (2, {"id": 7.0, "outcome": "采纳", "implemented": "是", "version": 2}),
            (3, {"id": 7, "outcome": "很好", "implemented": "也许", "version": 2}),
            (4, {"id": 8, "outcome": "", "implemented": "", "department": "无此局", "version": 3}),
            (5, {"id": "abc", "outcome": "留作参考", "implemented": "否", "version": 1}),
        ],
        known,
        {"县经信局"},
    )
    assert [r.ok for r in rows] == [True, False, False, False]
    assert rows[0].changed and rows[0].outcome == "adopted" and rows[0].implemented
    assert len(rows[1].errors) == 3  # duplicate id, outcome, implemented
    assert rows[2].errors == [
        "承办单位“无此局”不在单位名录中",
        "该建议在导出后已被修改，请重新导出后再填写",
    ]
    assert rows[3].outcome == "not_adopted" and "编号“abc”" in rows[3].errors[0]


def test_the_feedback_rule_follows_the_loop_and_the_consultation_kind():
    assert feedback_rule(spec("proposal")).label == "答复"
    assert feedback_rule(spec("consultation"), "standing_thematic").meeting == "standing_committee"
    assert feedback_rule(spec("consultation"), "").code == "plenary_group"
    assert feedback_rule(spec("supervision")).months == 3
    assert feedback_owed("proposal", "handling") and not feedback_owed("proposal", "replied")
    assert feedback_owed("consultation", "implement") and not feedback_owed("consultation", "track")


def test_a_pasted_list_names_the_lines_already_there_and_the_repeats():
    assert rules.repeated_lines(["甲", "乙"], set()) is None
    assert rules.repeated_lines([], {"甲"}) is None
    assert rules.repeated_lines(["甲", "乙", "丙"], {"乙", "丙"}) == (
        "第 2、3 条建议已在建议清单中，请勿重复添加。"
    )
    assert rules.repeated_lines(["甲", "乙", "甲", "甲"], set()) == (
        "第 3 条建议与第 1 条相同；第 4 条建议与第 1 条相同。"
    )
    assert rules.repeated_lines(["乙", "甲", "甲"], {"乙"}) == (
        "第 1 条建议已在建议清单中，请勿重复添加；第 3 条建议与第 2 条相同。"
    )
