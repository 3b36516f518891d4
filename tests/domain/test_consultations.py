"""DOMAIN.md's feedback-deadline table, row by row, with a meeting not yet scheduled and a
meeting moved; the 1+2+6+X plan; the lists and what they credit; the 1+5+5 requirements."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.domain import consultations as c
from lvzhi.domain.loop_specs import SPEECH
from lvzhi.domain.loops import due

CALENDAR = [
    ("plenary", date(2026, 1, 7)),
    ("plenary_prep", date(2026, 1, 6)),
    ("standing_committee", date(2026, 4, 20)),
    ("standing_committee", date(2026, 8, 18)),
    ("standing_committee", date(2026, 12, 10)),
    ("chair_meeting", date(2026, 6, 12)),
    ("joint_meeting", date(2026, 2, 25)),
    ("plenary_prep", date(2027, 1, 5)),
    ("joint_meeting", date(2027, 2, 24)),
    ("joint_meeting", date(2027, 11, 3)),  # a later one the same year is not "early"
]


def moved(calendar, kind, old, new):
    return [(k, new if (k, d) == (kind, old) else d) for k, d in calendar]


# --- row 1: opinions from plenary group discussions → next year's 预备会议 ---------------------


def test_plenary_group_opinions_are_due_at_next_years_preparatory_meeting():
    d = c.feedback_due("plenary_group", 2026, date(2026, 1, 7), None, CALENDAR)
    assert (d.on, d.text) == (date(2027, 1, 5), "2027-01-05")


def test_plenary_group_without_next_years_preparatory_meeting_reads_at_the_next_one():
    calendar = [x for x in CALENDAR if x != ("plenary_prep", date(2027, 1, 5))]
    d = c.feedback_due("plenary_group", 2026, date(2026, 1, 7), None, calendar)
    assert (d.on, d.text) == (None, "下一年度全会预备会议前")
    # the plenary itself not in the calendar either: the topic's year decides
    assert c.feedback_due("plenary_group", 2026, None, None, CALENDAR).on == date(2027, 1, 5)


def test_plenary_group_deadline_follows_the_preparatory_meeting_when_it_moves():
    calendar = moved(CALENDAR, "plenary_prep", date(2027, 1, 5), date(2027, 1, 12))
    assert c.feedback_due("plenary_group", 2026, date(2026, 1, 7), None, calendar).on == date(
        2027, 1, 12
    )


# --- row 2: a thematic standing-committee meeting → the next standing-committee meeting ---


def test_standing_committee_topic_is_due_at_the_next_standing_committee_meeting():
    d = c.feedback_due("standing_thematic", 2026, date(2026, 4, 20), None, CALENDAR)
    assert d.on == date(2026, 8, 18)
    assert c.feedback_due("standing_thematic", 2026, date(2026, 8, 18), None, CALENDAR).on == (
        date(2026, 12, 10)
    )


def test_standing_committee_topic_with_no_next_meeting_reads_at_the_next_one():
    d = c.feedback_due("standing_thematic", 2026, date(2026, 12, 10), None, CALENDAR)
    assert (d.on, d.text) == (None, "下次常委会会议前")
    # the topic's own meeting not scheduled yet, nor assigned
    d = c.feedback_due("standing_thematic", 2026, None, None, CALENDAR)
    assert (d.on, d.text) == (None, "本次常委会会议后的下次常委会会议前")
    # not in the calendar but assigned: the next meeting after 交办
    d = c.feedback_due("standing_thematic", 2026, None, date(2026, 5, 6), CALENDAR)
    assert d.on == date(2026, 8, 18)


def test_standing_committee_deadline_follows_when_the_topics_meeting_moves():
    # the topic's meeting moves from April past August: feedback falls to December
    calendar = moved(CALENDAR, "standing_committee", date(2026, 4, 20), date(2026, 9, 1))
    assert c.feedback_due("standing_thematic", 2026, date(2026, 9, 1), None, calendar).on == (
        date(2026, 12, 10)
    )
    # the next meeting itself moves: the deadline follows it
    calendar = moved(CALENDAR, "standing_committee", date(2026, 8, 18), date(2026, 10, 9))
    assert c.feedback_due("standing_thematic", 2026, date(2026, 4, 20), None, calendar).on == (
        date(2026, 10, 9)
    )


# --- row 3: a chair-meeting consultation → next year's early 政府政协联席会议 -------------------


def test_chair_meeting_topic_is_due_at_next_years_early_joint_meeting():
    d = c.feedback_due("chair_thematic", 2026, date(2026, 6, 12), None, CALENDAR)
    assert d.on == date(2027, 2, 24)  # the early one, not November's
    # this year's joint meeting (February, before the consultation) does not count
    assert d.on.year == 2027


def test_chair_meeting_topic_before_the_joint_meeting_is_scheduled_reads_next_years():
    calendar = [x for x in CALENDAR if x[0] != "joint_meeting" or x[1].year != 2027]
    d = c.feedback_due("chair_thematic", 2026, date(2026, 6, 12), None, calendar)
    assert (d.on, d.text) == (None, "下一年度政府政协联席会议前")
    # entered later: the deadline becomes a date
    calendar.append(("joint_meeting", date(2027, 3, 2)))
    assert c.feedback_due("chair_thematic", 2026, date(2026, 6, 12), None, calendar).on == date(
        2027, 3, 2
    )


def test_chair_meeting_deadline_follows_the_joint_meeting_when_it_moves():
    calendar = moved(CALENDAR, "joint_meeting", date(2027, 2, 24), date(2027, 1, 28))
    assert c.feedback_due("chair_thematic", 2026, date(2026, 6, 12), None, calendar).on == date(
        2027, 1, 28
    )


# --- row 4: an X activity → 3 months after 交办 ---------------------------------------------


def test_x_activity_is_due_three_months_after_assignment():
    assert c.feedback_due("other", 2026, None, date(2026, 9, 15), CALENDAR).on == date(2026, 12, 15)
    assert c.feedback_due("other", 2026, None, date(2026, 11, 30), ()).on == date(2027, 2, 28)


def test_x_activity_not_yet_assigned_has_no_date():
    d = c.feedback_due("other", 2026, date(2026, 5, 1), None, CALENDAR)
    assert (d.on, d.text) == (None, "交办后 3 个月内")


# --- rows 5 and 6 (the other loops), pinned here too so the whole table is in one place ------


def test_instructed_speech_is_due_at_next_years_preparatory_meeting():
    rule = SPEECH.deadline("feedback")
    assert due(rule, date(2026, 1, 12), CALENDAR).on == date(2027, 1, 5)
    assert due(rule, date(2026, 1, 12), []).text == "下一年度全会预备会议前"


def test_proposal_reply_is_due_three_months_after_assignment():
    from lvzhi.domain.loops import PROPOSAL

    assert due(PROPOSAL.deadline("reply"), date(2026, 3, 10)).on == date(2026, 6, 10)


def test_an_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        c.feedback_due("petition", 2026, None, None, CALENDAR)


# --- the plan --------------------------------------------------------------------------------


def test_the_plan_has_one_two_six_places_and_any_number_of_x():
    slots = c.plan_slots({"chair_thematic": ["a", "b"], "other": ["x"]})
    kinds = [s.kind for s in slots]
    assert kinds.count("plenary_group") == 1
    assert kinds.count("standing_thematic") == 2
    assert kinds.count("chair_thematic") == 6
    assert kinds.count("other") == 1
    chair = [s.topic for s in slots if s.kind == "chair_thematic"]
    assert chair == ["a", "b", None, None, None, None]
    assert c.plan_counts({"chair_thematic": ["a", "b"]})["chair_thematic"] == (2, 6)


def test_a_full_kind_refuses_one_more_and_x_never_fills():
    assert c.slot_refusal("chair_thematic", 5) is None
    assert c.slot_refusal("chair_thematic", 6) == "本年度主席会议专题协商已排满 6 项"
    assert c.slot_refusal("standing_thematic", 2) == "本年度专题议政性常委会会议已排满 2 项"
    assert c.slot_refusal("other", 500) is None


def test_a_topic_sits_at_a_meeting_of_its_own_kind():
    assert c.meeting_refusal("chair_thematic", "chair_meeting") is None
    assert c.meeting_refusal("chair_thematic", None) is None  # not yet scheduled
    assert c.meeting_refusal("chair_thematic", "plenary") == "主席会议专题协商应安排在主席会议"
    assert c.meeting_refusal("other", "organ_monthly") is None
    assert c.meeting_refusal("", None) == "请选择协商类别"


# --- people and credit -----------------------------------------------------------------------


def test_each_list_credits_its_item_once_its_activity_took_place():
    assert c.credit_item("consultation", "researcher") == "research"
    assert c.credit_item("consultation", "speaker") == "consultation_speech"
    assert c.credit_item("supervision", "researcher") == "research"
    assert c.credit_item("supervision", "participant") == "supervision"
    assert not c.credited("consultation", "speaker", {"start_research"})
    assert c.credited("consultation", "speaker", {"start_research", "hold"})
    assert c.credited("supervision", "participant", {"report"})
    assert not c.credited("supervision", "researcher", {"start_research"})


def test_supervision_has_the_five_requirements_in_order():
    assert list(c.REQUIREMENTS.values()) == [
        "选题中心化",
        "调研精准化",
        "协商多样化",
        "意见成果化",
        "跟踪全程化",
    ]
