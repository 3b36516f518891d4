"""The meeting calendar (selectors/calendar.py): a year's meetings by kind, what comes next."""

from datetime import date

from lvzhi.extensions import db
from lvzhi.models import Meeting
from lvzhi.selectors import calendar

from ..factories import gen_org


def gen_meeting(org, kind: str, held_on: date, title: str = "会议") -> Meeting:
    meeting = Meeting(org_id=org.id, kind=kind, title=title, held_on=held_on)
    db.session.add(meeting)
    return meeting


def titles(meetings) -> list[str]:
    return [m.title for m in meetings]


def test_a_years_meetings_in_date_order_and_of_one_kind(app):
    org = gen_org()
    gen_meeting(org, "organ_monthly", date(2026, 3, 5), "三月机关月度会议")
    gen_meeting(org, "standing_committee", date(2026, 1, 20), "常委会")
    gen_meeting(org, "organ_monthly", date(2026, 1, 8), "一月机关月度会议")
    gen_meeting(org, "organ_monthly", date(2025, 12, 30), "去年的会")
    gen_meeting(gen_org("嘉善县政协"), "organ_monthly", date(2026, 2, 1), "外县的会")
    db.session.commit()

    assert titles(calendar.meetings(org.id, 2026)) == [
        "一月机关月度会议",
        "常委会",
        "三月机关月度会议",
    ]
    assert titles(calendar.meetings(org.id, 2026, "organ_monthly")) == [
        "一月机关月度会议",
        "三月机关月度会议",
    ]


def test_the_next_meeting_of_a_kind_on_or_after_a_day(app):
    org = gen_org()
    gen_meeting(org, "organ_monthly", date(2026, 4, 9), "四月机关月度会议")
    gen_meeting(org, "standing_committee", date(2026, 4, 2), "常委会")
    gen_meeting(org, "organ_monthly", date(2026, 5, 7), "五月机关月度会议")
    db.session.commit()

    assert (
        calendar.next_meeting(org.id, "organ_monthly", date(2026, 4, 1)).title == "四月机关月度会议"
    )
    assert (
        calendar.next_meeting(org.id, "organ_monthly", date(2026, 4, 9)).title == "四月机关月度会议"
    )
    assert (
        calendar.next_meeting(org.id, "organ_monthly", date(2026, 4, 10)).title
        == "五月机关月度会议"
    )
    assert calendar.next_meeting(org.id, "organ_monthly", date(2026, 5, 8)) is None


def test_upcoming_meetings_start_today_and_stop_at_the_limit(app):
    org = gen_org()
    for day in (3, 10, 17, 24):
        gen_meeting(org, "organ_monthly", date(2026, 6, day), f"6月{day}日")
    db.session.commit()

    assert titles(calendar.upcoming(org.id, date(2026, 6, 10), limit=2)) == ["6月10日", "6月17日"]
