"""The generic workflow engine, and the duty-record and group-report workflows on it."""

import pytest

from lvzhi.domain import duties, group_reports
from lvzhi.domain.workflow import TransitionError, Workflow, step

DOOR = Workflow(
    name="door",
    subject="门",
    stages={"shut": "关着", "open": "开着", "locked": "锁着"},
    transitions=(
        step("open", "开", "shut", "open", parties=["guest", "keeper"]),
        step("close", "关", "open", "shut"),
        step("lock", "上锁", "shut", "locked", parties=["keeper"]),
        step(
            "unlock",
            "开锁",
            "locked",
            "shut",
            parties=["keeper"],
            needs_reason=True,
            reason_message="开锁要说明原因",
        ),
        step("paint", "刷漆", ("shut", "locked")),
    ),
    refusals={("open", "open"): "门已经开着"},
)


def test_a_transition_moves_to_its_target_and_an_edit_keeps_the_stage():
    assert DOOR.move("shut", "open") == "open"
    assert DOOR.move("open", "close") == "shut"
    assert DOOR.move("locked", "paint") == "locked"


def test_a_stage_outside_the_sources_is_refused_with_the_generic_chinese_reason():
    assert not DOOR.can("locked", "open")
    assert DOOR.refusal("locked", "open") == "“锁着”状态的门不能开"
    with pytest.raises(TransitionError) as exc:
        DOOR.move("locked", "open")
    assert exc.value.message == "“锁着”状态的门不能开"


def test_a_specific_refusal_replaces_the_generic_one():
    assert DOOR.refusal("open", "open") == "门已经开着"


def test_parties_narrow_who_may_act():
    assert DOOR.can("shut", "lock", "keeper")
    assert not DOOR.can("shut", "lock", "guest")
    assert DOOR.refusal("shut", "lock", "guest") == "您不能上锁此门"
    assert DOOR.can("shut", "lock")  # no party: the caller has decided
    assert DOOR.can("open", "close", "guest")  # a transition open to every party
    with pytest.raises(TransitionError):
        DOOR.move("shut", "lock", party="guest")


def test_a_reason_is_required_where_the_transition_says_so():
    with pytest.raises(TransitionError) as exc:
        DOOR.move("locked", "unlock", party="keeper", reason="  ")
    assert exc.value.message == "开锁要说明原因"
    assert DOOR.move("locked", "unlock", party="keeper", reason="钥匙找到了") == "shut"


def test_allowed_actions_follow_the_workflow_order_and_the_parties():
    assert DOOR.allowed_actions("shut") == ["open", "lock", "paint"]
    assert DOOR.allowed_actions("shut", ["guest"]) == ["open", "paint"]
    assert DOOR.allowed_actions("locked", ["guest"]) == ["paint"]
    assert DOOR.allowed_actions("locked", ["guest", "keeper"]) == ["unlock", "paint"]
    assert DOOR.allowed_actions("open", []) == ["close"]


def test_labels_come_from_the_spec():
    assert DOOR.label("locked") == "锁着"
    assert DOOR.action_label("unlock") == "开锁"


def test_unknown_stages_and_actions_are_programming_errors():
    with pytest.raises(ValueError):
        DOOR.can("ajar", "open")
    with pytest.raises(ValueError):
        DOOR.can("shut", "kick")


@pytest.mark.parametrize(
    "transitions, refusals",
    [
        ((step("a", "甲", "x", "y"), step("a", "甲", "y", "x")), {}),  # one action twice
        ((step("a", "甲", "x", "nowhere"),), {}),  # unknown target
        ((step("a", "甲", "nowhere", "x"),), {}),  # unknown source
        ((step("a", "甲", "x", "y"),), {("x", "b"): "未知动作"}),  # refusal for no action
    ],
)
def test_a_malformed_spec_is_refused_when_it_is_built(transitions, refusals):
    with pytest.raises(ValueError):
        Workflow(
            name="bad", stages={"x": "X", "y": "Y"}, transitions=transitions, refusals=refusals
        )


# --- the two workflows of Lists 1 and 2 on the engine ---------------------------------------


@pytest.mark.parametrize(
    "status, parties, expected",
    [
        (duties.DRAFT, [duties.OWNER], [duties.EDIT, duties.SUBMIT, duties.DELETE]),
        (duties.RETURNED, [duties.OWNER], [duties.EDIT, duties.SUBMIT, duties.DELETE]),
        (duties.SUBMITTED, [duties.OWNER], [duties.WITHDRAW_TO_DRAFT]),
        (duties.SUBMITTED, [duties.REVIEWER], [duties.CONFIRM, duties.RETURN]),
        (duties.DRAFT, [duties.REVIEWER], []),
        (duties.CONFIRMED, [duties.OWNER, duties.REVIEWER], []),
    ],
)
def test_duty_record_actions_by_side(status, parties, expected):
    assert duties.allowed_actions(status, parties) == expected


def test_an_automatic_duty_record_offers_no_action():
    assert duties.allowed_actions(duties.CONFIRMED, [duties.OWNER], automatic=True) == []
    assert duties.allowed_actions(duties.SUBMITTED, [duties.REVIEWER], automatic=True) == []


def test_only_the_reviewer_side_confirms_a_duty_record():
    assert duties.can(duties.SUBMITTED, duties.CONFIRM, party=duties.REVIEWER)
    assert not duties.can(duties.SUBMITTED, duties.CONFIRM, party=duties.OWNER)


@pytest.mark.parametrize(
    "status, parties, expected",
    [
        (group_reports.DRAFT, [group_reports.HEAD], ["edit", "submit"]),
        (group_reports.SUBMITTED, [group_reports.HEAD], ["withdraw"]),
        (group_reports.SUBMITTED, [group_reports.REVIEWER], ["score"]),
        (group_reports.REVIEWED, [group_reports.REVIEWER], ["score"]),
        (group_reports.REVIEWED, [group_reports.HEAD], []),
        (group_reports.DRAFT, [group_reports.REVIEWER], []),
    ],
)
def test_group_report_actions_by_side(status, parties, expected):
    assert group_reports.REPORT_WORKFLOW.allowed_actions(status, parties) == expected


def test_group_report_refusals_are_chinese_and_specific():
    wf = group_reports.REPORT_WORKFLOW
    assert wf.refusal(group_reports.REVIEWED, "withdraw") == "报告已评分，不能撤回"
    assert wf.refusal(group_reports.DRAFT, "withdraw") == "报告尚未报送，无需撤回"
    assert wf.refusal(group_reports.DRAFT, "score") == "只能给已报送的报告评分"
