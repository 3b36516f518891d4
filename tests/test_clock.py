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
