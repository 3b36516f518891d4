"""The one overdue rule, pure: which stages of each loop still owe the written feedback,
where each loop's (and each consultation kind's) deadline counts from, and the deadline it
gives — a meeting not yet scheduled gives no date, a moved meeting moves it."""

from __future__ import annotations

from datetime import date

from lvzhi.domain import overdue as rules
from lvzhi.domain.loop_specs import LOOPS


def test_feedback_is_owed_from_assignment_or_instruction_until_it_is_given():
    assert rules.OWED["proposal"] == ("assigned", "handling", "rehandling")
    assert rules.OWED["consultation"] == ("assign", "implement")
    assert rules.OWED["supervision"] == ("report",)
    assert rules.OWED["speech"] == ("instructed", "assigned", "handling")
    assert rules.OWED["public_opinion"] == ("assigned", "handling")
    assert rules.OWED["work_suggestion"] == ()
    for loop, stages in rules.OWED.items():
        assert set(stages) <= set(LOOPS[loop].workflow.stages), loop
    # fed back, tracked, closed, not selected …: nothing owed
    for loop, stage in [
        ("consultation", "feedback"),
        ("consultation", "track"),
        ("supervision", "handled"),
        ("speech", "selected"),
        ("speech", "feedback"),
        ("proposal", "replied"),
    ]:
        assert not rules.feedback_owed(loop, stage)


def test_each_deadline_counts_from_where_domain_says():
    assert rules.feedback_start("consultation", "plenary_group") == rules.MEETING_OR_YEAR
    assert rules.feedback_start("consultation", "standing_thematic") == rules.MEETING_OR_ASSIGNED
    assert rules.feedback_start("consultation", "chair_thematic") == rules.MEETING_OR_YEAR
    assert rules.feedback_start("consultation", "other") == rules.ASSIGNED
    assert rules.feedback_start("speech", "oral") == rules.YEAR
    for loop in ("proposal", "supervision", "public_opinion"):
        assert rules.feedback_start(loop) == rules.ASSIGNED


def test_the_deadline_of_each_start():
    cal = [("joint_meeting", date(2027, 2, 3)), ("standing_committee", date(2026, 10, 9))]
    cal += [("plenary_prep", date(2027, 1, 6))]
    due = rules.feedback_due
    assert due("consultation", "chair_thematic", 2026, date(2026, 9, 1), cal).on == date(2027, 2, 3)
    # its own meeting was held the year before: the joint meeting of the year after that
    held = date(2025, 7, 1)
    assert due("consultation", "chair_thematic", 2026, None, cal, held_on=held).on is None
    assert due("consultation", "standing_thematic", 2026, date(2026, 9, 1), cal).on == date(
        2026, 10, 9
    )
    moved = [("standing_committee", date(2026, 11, 20))]
    assert due("consultation", "standing_thematic", 2026, date(2026, 9, 1), moved).on == date(
        2026, 11, 20
    )
    assert due("consultation", "standing_thematic", 2026, date(2026, 9, 1), []).on is None
    assert due("consultation", "other", 2026, date(2026, 9, 1)).on == date(2026, 12, 1)
    assert due("speech", "oral", 2026, None, cal).on == date(2027, 1, 6)
    assert due("supervision", "", 2026, date(2026, 5, 4)).on == date(2026, 8, 4)
    assert due("proposal", "", 2026, date(2026, 5, 4), months=2).on == date(2026, 7, 4)
    extended = due("proposal", "", 2026, date(2026, 5, 4), extended_to=date(2026, 9, 1))
    assert extended.on == date(2026, 9, 1) and extended.extended
    assert due("work_suggestion", "", 2026, date(2026, 5, 4)) is None
    assert due("public_opinion", "", 2026, None) is None  # not assigned: nothing counts
