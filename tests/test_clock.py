"""Local time of the organization, whatever the server's zone."""

from datetime import datetime

from lvzhi.clock import to_local


def test_stored_utc_is_shown_in_beijing_time(app):
    assert to_local(datetime(2026, 11, 5, 16, 30)) == datetime(2026, 11, 6, 0, 30)
    assert to_local(None) is None


def test_template_filter_shows_local_time(app):
    rendered = app.jinja_env.from_string("{{ (t|local).strftime('%m-%d %H:%M') }}").render(
        t=datetime(2026, 1, 31, 20, 0)
    )
    assert rendered == "02-01 04:00"


def test_time_zone_is_configurable(app):
    app.config["ORG_TIMEZONE"] = "Asia/Urumqi"
    assert to_local(datetime(2026, 11, 5, 16, 30)) == datetime(2026, 11, 5, 22, 30)


def test_a_run_that_goes_past_local_midnight_stays_on_its_day():
    """The suite pins its day (tests/conftest.py): modules read "today" when collected, and
    the app must agree with them after 00:00 local time (16:00 UTC) as before it."""
    from datetime import UTC, date

    import lvzhi.clock
    from lvzhi.clock import local_now, local_today

    from .conftest import travel_to

    before = lvzhi.clock.utc_now
    real = [datetime(2026, 11, 27, 15, 59, 30, tzinfo=UTC)]  # 23:59:30 in Haiyan
    back = travel_to(date(2026, 11, 27), real_now=lambda: real[0])
    try:
        assert local_today() == date(2026, 11, 27)
        real[0] = datetime(2026, 11, 27, 16, 0, 30, tzinfo=UTC)  # 00:00:30 on the 28th
        assert local_today() == date(2026, 11, 27)
        assert local_now().time().isoformat() == "00:00:30"  # the time of day runs on
        real[0] = datetime(2026, 12, 31, 16, 0, 30, tzinfo=UTC)  # even into the next year
        assert local_today() == date(2026, 11, 27)
    finally:
        back()
    assert lvzhi.clock.utc_now is before
