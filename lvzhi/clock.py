"""The organization's clock. Datetimes are stored as naive UTC; people live in the
organization's time zone (ORG_TIMEZONE, Asia/Shanghai by default), so "today", deadlines
and every time shown on a page use local time, whatever the server's own zone is."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Shanghai"


def zone() -> ZoneInfo:
    name = (
        current_app.config.get("ORG_TIMEZONE", DEFAULT_ZONE) if has_app_context() else DEFAULT_ZONE
    )
    return ZoneInfo(name)


def utc_now() -> datetime:
    """The current moment (aware, UTC); the one place "now" is read, so a test can fix it."""
    return datetime.now(UTC)


def local_now() -> datetime:
    """Now in the organization's zone, naive (for comparisons with local dates/times)."""
    return utc_now().astimezone(zone()).replace(tzinfo=None)


def local_today() -> date:
    return local_now().date()


def to_local(value: datetime | None, tz: ZoneInfo | None = None) -> datetime | None:
    """A stored naive-UTC datetime as naive local time (``tz``: the zone, when the caller
    converts many at once and has read it already)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).astimezone(tz or zone()).replace(tzinfo=None)


def local_day(value: datetime | None, tz: ZoneInfo | None = None) -> date | None:
    """The local day of a stored (naive UTC) moment: from 00:00 to 08:00 in Haiyan its UTC
    day is still the day before, so never take ``.date()`` of a stored datetime."""
    local = to_local(value, tz)
    return local.date() if local is not None else None


def to_utc(value: datetime) -> datetime:
    """A naive local datetime as the naive UTC datetime it is stored as."""
    return value.replace(tzinfo=zone()).astimezone(UTC).replace(tzinfo=None)
