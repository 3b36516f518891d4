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


def test_a_suggestion_is_due_when_its_topics_feedback_is_however_late_it_was_assigned():
    calendar = [
        ("joint_meeting", date(2026, 2, 10)),
        ("joint_meeting", date(2027, 2, 9)),
        ("standing_committee", date(2025, 4, 10)),
        ("standing_committee", date(2025, 6, 20)),
        ("standing_committee", date(2025, 9, 15)),
        ("plenary_prep", date(2026, 1, 8)),
    ]
    chair = ("consultation", "chair_thematic", 2025, date(2025, 12, 18))
    # assigned in January: still next year's (2026's) 联席会议 after the December meeting
    assert rules.suggestion_due(*chair, date(2026, 1, 5), calendar).on == date(2026, 2, 10)
    assert rules.suggestion_due(*chair, date(2025, 12, 20), calendar).on == date(2026, 2, 10)
    assert rules.suggestion_due(*chair, None, calendar) is None  # not assigned yet
    standing = ("consultation", "standing_thematic", 2025, date(2025, 4, 10))
    assert rules.suggestion_due(*standing, date(2025, 6, 25), calendar).on == date(2025, 6, 20)
    # its meeting not in the calendar: the standing-committee meeting after the assignment
    no_meeting = ("consultation", "standing_thematic", 2025, None)
    assert rules.suggestion_due(*no_meeting, date(2025, 6, 25), calendar).on == date(2025, 9, 15)
    # an X activity's and a supervision report's: 3 months from the suggestion's own 交办
    other = ("consultation", "other", 2025, None)
    assert rules.suggestion_due(*other, date(2025, 11, 30), calendar).on == date(2026, 2, 28)
    supervision = ("supervision", "", 2025, None)
    assert rules.suggestion_due(*supervision, date(2025, 3, 31), calendar).on == date(2025, 6, 30)
    # a speech's: next year's 全会预备会议, counted from its plenary year
    speech = ("speech", "oral", 2025, None)
    assert rules.suggestion_due(*speech, date(2025, 12, 20), calendar).on == date(2026, 1, 8)
