"""The attendance rules: the check-in window, the QR code's expiry, leave before the start and
the derived result — each at the exact minute it changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from lvzhi.domain import attendance as rules

OPEN = datetime(2026, 3, 5, 8, 30)
CLOSE = datetime(2026, 3, 5, 9, 30)


def test_window_is_open_from_its_first_minute():
    assert rules.window_open(OPEN, CLOSE, OPEN)
    assert not rules.window_open(OPEN, CLOSE, OPEN - timedelta(seconds=1))


def test_window_is_closed_at_its_end_minute():
    assert rules.window_open(OPEN, CLOSE, CLOSE - timedelta(seconds=1))
    assert not rules.window_open(OPEN, CLOSE, CLOSE)


def test_a_window_never_opened_is_closed():
    assert not rules.window_open(None, None, OPEN)


def test_check_in_opens_on_the_events_day_not_the_day_before():
    day = date(2026, 12, 16)
    assert "12月16日" in rules.window_refusal(day, day - timedelta(days=1))
    assert rules.window_refusal(day, day) is None
    assert rules.window_refusal(day, day + timedelta(days=1)) is None  # a session of days
    last = day + timedelta(days=rules.SESSION_DAYS_AFTER)
    assert rules.window_refusal(day, last) is None
    assert "不能再开放签到" in rules.window_refusal(day, last + timedelta(days=1))
    assert "12月16日" in rules.not_held_yet(day, day - timedelta(days=1))
    assert rules.not_held_yet(day, day) is None
    assert rules.not_held_yet(day, day + timedelta(days=30)) is None  # registered afterwards


def test_window_lengths_are_the_offered_ones():
    assert rules.window_end(OPEN, 60) == CLOSE
    with pytest.raises(ValueError):
        rules.window_end(OPEN, 61)


def test_code_is_refused_at_its_expiry_minute():
    issued = datetime(2026, 3, 5, 8, 40)
    last = issued + timedelta(minutes=rules.QR_VALID_MINUTES) - timedelta(seconds=1)
    assert rules.code_valid(issued, issued)
    assert rules.code_valid(issued, last)
    assert not rules.code_valid(issued, issued + timedelta(minutes=rules.QR_VALID_MINUTES))


def test_code_from_the_future_is_refused():
    issued = datetime(2026, 3, 5, 8, 40)
    assert not rules.code_valid(issued, issued - timedelta(seconds=1))


def test_leave_is_allowed_until_the_minute_before_the_start():
    start = rules.event_start(date(2026, 3, 5), time(9, 0))
    assert rules.leave_refusal(start, start - timedelta(minutes=1), False, "出差") is None
    assert rules.leave_refusal(start, start, False, "出差") == rules.LEAVE_TOO_LATE


def test_without_a_start_time_leave_closes_when_the_day_begins():
    start = rules.event_start(date(2026, 3, 5), None)
    assert start == datetime(2026, 3, 5, 0, 0)
    assert rules.leave_refusal(start, datetime(2026, 3, 4, 23, 59), False, "病假") is None
    assert rules.leave_refusal(start, start, False, "病假") == rules.LEAVE_TOO_LATE


def test_leave_needs_a_reason_and_no_check_in():
    start = datetime(2026, 3, 5, 9, 0)
    early = datetime(2026, 3, 1, 9, 0)
    assert rules.leave_refusal(start, early, False, "  ") == rules.LEAVE_NO_REASON
    assert rules.leave_refusal(start, early, True, "出差") == rules.LEAVE_AFTER_CHECKIN


def test_leave_is_asked_once_and_again_after_a_refusal():
    start = datetime(2026, 3, 5, 9, 0)
    early = datetime(2026, 3, 1, 9, 0)
    waiting = rules.leave_refusal(start, early, False, "出差", rules.LEAVE_REQUESTED)
    assert waiting == rules.LEAVE_ALREADY[rules.LEAVE_REQUESTED]
    assert rules.leave_refusal(start, early, False, "出差", rules.LEAVE_APPROVED)
    assert rules.leave_refusal(start, early, False, "出差", rules.LEAVE_REFUSED) is None
    assert rules.leave_open(start, early, False, rules.LEAVE_REFUSED)
    assert not rules.leave_open(start, start, False, "")


def test_only_a_waiting_leave_can_be_decided():
    assert rules.leave_decision_refusal(rules.LEAVE_REQUESTED) is None
    for done in (rules.LEAVE_APPROVED, rules.LEAVE_REFUSED, ""):
        assert rules.leave_decision_refusal(done) == rules.LEAVE_NOT_WAITING


def test_event_is_over_the_day_after():
    day = date(2026, 3, 5)
    assert not rules.event_over(day, day)
    assert rules.event_over(day, day + timedelta(days=1))


@pytest.mark.parametrize(
    ("checked_in", "leave", "over", "expected"),
    [
        (True, "", False, rules.PRESENT),
        (True, rules.LEAVE_APPROVED, True, rules.PRESENT),
        (False, rules.LEAVE_APPROVED, False, rules.EXCUSED),
        (False, rules.LEAVE_APPROVED, True, rules.EXCUSED),
        (False, rules.LEAVE_REQUESTED, True, rules.ABSENT),
        (False, rules.LEAVE_REFUSED, True, rules.ABSENT),
        (False, "", True, rules.ABSENT),
        (False, "", False, rules.PENDING),
        (False, rules.LEAVE_REQUESTED, False, rules.PENDING),
    ],
)
def test_result_per_person(checked_in, leave, over, expected):
    assert rules.result(checked_in, leave, over) == expected


def test_rate_counts_present_over_everyone_counted():
    rate = rules.Rate(present=7, excused=2, absent=1)
    assert rate.total == 10
    assert rate.percent == 70.0
    assert rate.label == "70%"
    assert rules.Rate().label == "—"


def test_an_organizer_records_a_phoned_leave_unless_checked_in_or_excused():
    day = date(2026, 12, 16)

    def refusal(checked_in=False, reason="电话请假", status="", today=day):
        return rules.leave_record_refusal(checked_in, reason, status, day, today)

    assert refusal() is None
    assert refusal(status=rules.LEAVE_REFUSED) is None
    assert refusal(today=day - timedelta(days=30)) is None  # asked well ahead
    assert "准假或不准假" in refusal(status=rules.LEAVE_REQUESTED)  # their own reason stays
    assert "已签到" in refusal(checked_in=True)
    assert "已获批准" in refusal(status=rules.LEAVE_APPROVED)
    assert refusal(reason=" ") == rules.LEAVE_NO_REASON
    last = day + timedelta(days=rules.LEAVE_RECORD_DAYS_AFTER)
    assert refusal(today=last) is None
    assert "不能再登记请假" in refusal(today=last + timedelta(days=1))
