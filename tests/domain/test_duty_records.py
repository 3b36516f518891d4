"""The "十个一" record rules: the record workflow (submit, confirm, return, withdraw, edit;
automatic records) and the same activity sent twice."""

from __future__ import annotations

import pytest

from lvzhi.domain import duties
from lvzhi.domain.duties import (
    ACTIONS,
    CONFIRMED,
    DEFAULT_DUTY_ITEMS,
    DRAFT,
    RETURNED,
    STATUS_LABELS,
    STATUSES,
    SUBMITTED,
    TransitionError,
    can,
    transition,
)

# --- record workflow -------------------------------------------------------------------------


def test_every_status_has_a_chinese_label() -> None:
    assert STATUS_LABELS == {
        DRAFT: "草稿",
        SUBMITTED: "已提交",
        CONFIRMED: "已确认",
        RETURNED: "已退回",
    }


def test_draft_can_be_submitted() -> None:
    assert transition(DRAFT, "submit") == SUBMITTED


def test_submitted_record_can_be_confirmed() -> None:
    assert transition(SUBMITTED, "confirm") == CONFIRMED


def test_submitted_record_can_be_returned_with_a_reason() -> None:
    assert transition(SUBMITTED, "return", reason="请补充活动照片") == RETURNED


def test_returned_record_can_be_resubmitted() -> None:
    assert transition(RETURNED, "submit") == SUBMITTED


@pytest.mark.parametrize("reason", [None, "", "   ", "\n\t"])
def test_return_without_reason_is_refused(reason: str | None) -> None:
    with pytest.raises(TransitionError) as refused:
        transition(SUBMITTED, "return", reason=reason)
    assert refused.value.message == "退回时请填写退回原因"


def test_owner_can_withdraw_a_submitted_record_to_draft() -> None:
    assert transition(SUBMITTED, "withdraw_to_draft") == DRAFT


def test_confirmed_record_cannot_be_withdrawn() -> None:
    assert not can(CONFIRMED, "withdraw_to_draft")
    with pytest.raises(TransitionError, match="已确认"):
        transition(CONFIRMED, "withdraw_to_draft")


@pytest.mark.parametrize("status", [DRAFT, RETURNED])
def test_draft_and_returned_records_can_be_edited_without_changing_status(status: str) -> None:
    assert can(status, "edit")
    assert transition(status, "edit") == status


def test_submitted_record_cannot_be_edited_until_withdrawn() -> None:
    assert not can(SUBMITTED, "edit")
    with pytest.raises(TransitionError) as refused:
        transition(SUBMITTED, "edit")
    assert "撤回" in refused.value.message


def test_confirmed_record_is_final() -> None:
    for action in ACTIONS:
        assert not can(CONFIRMED, action)
        with pytest.raises(TransitionError):
            transition(CONFIRMED, action, reason="理由")


def test_draft_cannot_be_confirmed_or_returned() -> None:
    for action in ("confirm", "return"):
        assert not can(DRAFT, action)
        with pytest.raises(TransitionError):
            transition(DRAFT, action, reason="理由")


def test_submitted_record_cannot_be_submitted_twice() -> None:
    with pytest.raises(TransitionError, match="等待确认"):
        transition(SUBMITTED, "submit")


def test_refusals_speak_chinese() -> None:
    for status in STATUSES:
        for action in ACTIONS:
            if can(status, action):
                continue
            with pytest.raises(TransitionError) as refused:
                transition(status, action, reason="理由")
            assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
            assert str(refused.value) == refused.value.message


def test_can_agrees_with_transition_everywhere() -> None:
    for status in STATUSES:
        for action in ACTIONS:
            try:
                transition(status, action, reason="理由")
                allowed = True
            except TransitionError:
                allowed = False
            assert can(status, action) is allowed, (status, action)


def test_allowed_moves_are_exactly_the_documented_ones() -> None:
    allowed = {(s, a) for s in STATUSES for a in ACTIONS if can(s, a)}
    assert allowed == {
        (DRAFT, "submit"),
        (RETURNED, "submit"),
        (SUBMITTED, "confirm"),
        (SUBMITTED, "return"),
        (DRAFT, "edit"),
        (RETURNED, "edit"),
        (SUBMITTED, "withdraw_to_draft"),
        (DRAFT, "delete"),
        (RETURNED, "delete"),
    }


def test_automatic_record_cannot_be_returned() -> None:
    assert not can(CONFIRMED, "return", automatic=True)
    with pytest.raises(TransitionError, match="自动记入"):
        transition(CONFIRMED, "return", reason="不符合要求", automatic=True)


def test_automatic_record_cannot_be_edited() -> None:
    assert not can(CONFIRMED, "edit", automatic=True)
    with pytest.raises(TransitionError, match="自动记入的履职记录不能手动修改"):
        transition(CONFIRMED, "edit", automatic=True)


def test_automatic_record_accepts_no_hand_action_in_any_status() -> None:
    for status in STATUSES:
        for action in ACTIONS:
            assert not can(status, action, automatic=True)


@pytest.mark.parametrize(("status", "action"), [("deleted", "submit"), (DRAFT, "publish")])
def test_unknown_status_or_action_is_a_programming_error(status: str, action: str) -> None:
    with pytest.raises(ValueError):
        can(status, action)
    with pytest.raises(ValueError):
        transition(status, action)


# --- the same activity sent twice ------------------------------------------------------------


def test_an_activity_sent_again_within_ten_minutes_is_the_same_record() -> None:
    from datetime import timedelta

    assert duties.REPEAT_WINDOW == timedelta(minutes=10)


@pytest.mark.parametrize(
    ("status", "notice"),
    [
        ("submitted", "该记录已提交，未重复创建。"),
        ("confirmed", "该记录已提交，未重复创建。"),
        ("draft", "该记录已保存为草稿，未重复创建。需要提交时，请点该记录下的“提交”。"),
    ],
)
def test_the_repeat_notice_says_what_happened_to_the_first(status: str, notice: str) -> None:
    assert duties.repeat_notice(status) == notice


def test_every_standard_item_has_a_short_column_name_and_added_items_use_their_names_start():
    from lvzhi.domain.duties import SHORT_NAMES, short_name

    assert set(SHORT_NAMES) == {code for code, _name, _desc in DEFAULT_DUTY_ITEMS}
    assert all(1 <= len(word) <= 4 for word in SHORT_NAMES.values())
    assert short_name("proposal", "撰写一件提案") == "提案"
    assert short_name("custom_11", "参加一次网上议政") == "网上议政"
    assert short_name("custom_12", "一次委员讲堂授课") == "委员讲堂"
    assert short_name("custom_13", "一件") == "一件"
