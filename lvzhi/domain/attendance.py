"""Attendance at meetings and office-group activities (参加会议和室组活动): the check-in window,
leave before the start, the QR code's expiry and the result per person.

Pure rules: callers pass the moments to compare, all in one basis (the services use naive
UTC for the window and the code, naive local time for the event's start and day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .calendar import MEETING_KINDS

# the result per invited person
PRESENT, EXCUSED, ABSENT, PENDING = "present", "excused", "absent", "pending"
RESULT_LABELS = {PRESENT: "出席", EXCUSED: "请假", ABSENT: "缺席", PENDING: "待签到"}
COUNTED = (PRESENT, EXCUSED, ABSENT)

# a leave request (请假)
LEAVE_REQUESTED, LEAVE_APPROVED, LEAVE_REFUSED = "requested", "approved", "refused"
LEAVE_LABELS = {
    "": "",
    LEAVE_REQUESTED: "请假待批",
    LEAVE_APPROVED: "已准假",
    LEAVE_REFUSED: "未准假",
}

# how a check-in was recorded
CHECKIN_METHODS = {
    "tap": "本人签到",
    "qr": "扫码签到",
    "tick": "组织者登记",
    "import": "签到表导入",
}

# the kinds of event: the meeting kinds of the calendar, and an office group's activity
GROUP_ACTIVITY = "group_activity"
EVENT_KINDS = {**MEETING_KINDS, GROUP_ACTIVITY: "室组活动"}

# *default*: a QR code shown on the organizer's screen is good for this many minutes (the
# screen draws a new one every minute); the window lengths an organizer may choose
QR_VALID_MINUTES = 5
WINDOW_MINUTES = (30, 60, 120, 240)

INVITE_SCOPES = {
    "picked": "指定人员",
    "all": "全体委员",
    "committee": "一个专委会",
    "group": "一个室组",
}
HEAD_SCOPES = ("picked", "group")  # a group head invites within the groups they head

NOT_INVITED = "您不在本次活动的邀请名单中。"
WINDOW_CLOSED = "签到尚未开放或已经结束，请向会务人员确认。"
CODE_EXPIRED = "二维码已过期，请重新扫描屏幕上最新的二维码。"
CODE_INVALID = "签到链接无效，请重新扫描屏幕上的二维码。"
LEAVE_TOO_LATE = "活动已经开始，不能再请假；请直接联系组织者。"
LEAVE_AFTER_CHECKIN = "您已签到，无需请假。"
LEAVE_NO_REASON = "请填写请假事由。"
LEAVE_NOT_WAITING = "该请假申请已处理过了。"
LEAVE_ALREADY = {
    LEAVE_REQUESTED: "请假申请已提交，正在等待审批。",
    LEAVE_APPROVED: "您的请假已获批准。",
}


def event_start(day: date, start: time | None) -> datetime:
    """When the event starts: its day at its start time, or the day's first minute when no
    time is set (leave must then be asked the day before)."""
    return datetime.combine(day, start or time(0, 0))


def window_open(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> bool:
    """The check-in window is open from its opening minute up to, not including, its end."""
    return opens_at is not None and closes_at is not None and opens_at <= now < closes_at


# *default*: a meeting of several days (a plenary session) is registered on its first day;
# its check-in may be opened on each day of it, up to this many days after
SESSION_DAYS_AFTER = 6
# *default*: a leave phoned in is recorded up to this many days after the event, not later
LEAVE_RECORD_DAYS_AFTER = 7


def window_refusal(day: date, today: date) -> str | None:
    """Check-in opens from the event's day, not before it (a tap in the long list of
    meetings would record attendance weeks ahead), and on the days of a session of several
    days; later, the organizer registers attendance on the list."""
    if today < day:
        return f"签到要到会议当天（{day.month}月{day.day}日）才能开放。"
    if today > day + timedelta(days=SESSION_DAYS_AFTER):
        return f"会议已于{day.month}月{day.day}日举行，不能再开放签到；未签到的请在名单中登记出席。"
    return None


def not_held_yet(day: date, today: date) -> str | None:
    """Nobody is marked present (by the list or a sheet) before the event's day."""
    if today < day:
        return f"会议（活动）定于{day.month}月{day.day}日举行，当天起才能登记出席。"
    return None


def window_end(now: datetime, minutes: int) -> datetime:
    if minutes not in WINDOW_MINUTES:
        raise ValueError(f"window of {minutes} minutes")
    return now + timedelta(minutes=minutes)


def code_valid(issued_at: datetime, now: datetime, minutes: int = QR_VALID_MINUTES) -> bool:
    """A QR code is good from the moment it was drawn until ``minutes`` later, exclusive: at
    the expiry minute itself it is refused. A code from the future (clock skew) is refused."""
    return issued_at <= now < issued_at + timedelta(minutes=minutes)


def leave_refusal(
    starts_at: datetime, now: datetime, checked_in: bool, reason: str, leave_status: str = ""
) -> str | None:
    """Why a member may not ask for leave now, or None: before the start only, not after a
    check-in, not twice (after a refusal, again), and with a reason."""
    if checked_in:
        return LEAVE_AFTER_CHECKIN
    if now >= starts_at:
        return LEAVE_TOO_LATE
    if leave_status in (LEAVE_REQUESTED, LEAVE_APPROVED):
        return LEAVE_ALREADY[leave_status]
    if not reason.strip():
        return LEAVE_NO_REASON
    return None


def leave_record_refusal(
    checked_in: bool, reason: str, leave_status: str, day: date, today: date
) -> str | None:
    """Why the organizer may not record a leave a member asked for by phone or in person
    (代登记请假, granted at once), or None: not for someone checked in or excused already,
    nor over a request of their own (it is decided, keeping their reason), with a reason,
    and before the event or within ``LEAVE_RECORD_DAYS_AFTER`` days of it (a call that
    morning is recorded later; an absence is not excused months on)."""
    if checked_in:
        return "该委员已签到，无需请假。"
    if leave_status == LEAVE_APPROVED:
        return "该委员的请假已获批准，无需重复登记。"
    if leave_status == LEAVE_REQUESTED:
        return "该委员已提交请假申请，请在出席登记名单中准假或不准假。"
    if today > day + timedelta(days=LEAVE_RECORD_DAYS_AFTER):
        return f"会议（活动）结束已超过 {LEAVE_RECORD_DAYS_AFTER} 天，不能再登记请假。"
    if not reason.strip():
        return LEAVE_NO_REASON
    return None


def leave_open(starts_at: datetime, now: datetime, checked_in: bool, leave_status: str) -> bool:
    """Whether the member's page offers the leave form."""
    return leave_refusal(starts_at, now, checked_in, "-", leave_status) is None


def leave_decision_refusal(status: str) -> str | None:
    return None if status == LEAVE_REQUESTED else LEAVE_NOT_WAITING


def event_over(day: date, today: date) -> bool:
    """An event is over once its day has passed."""
    return today > day


def result(checked_in: bool, leave_status: str, over: bool) -> str:
    """The result of one invited person: checked in → present (even with leave granted: they
    came); approved leave → excused; neither and the event over → absent; else pending."""
    if checked_in:
        return PRESENT
    if leave_status == LEAVE_APPROVED:
        return EXCUSED
    return ABSENT if over else PENDING


@dataclass(frozen=True)
class Rate:
    """Attendance figures of a set of people: present ÷ (present + excused + absent)."""

    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def total(self) -> int:
        return self.present + self.excused + self.absent

    @property
    def percent(self) -> float | None:
        return round(100 * self.present / self.total, 1) if self.total else None

    @property
    def label(self) -> str:
        return "—" if self.percent is None else f"{self.percent:g}%"
