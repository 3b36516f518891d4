"""Attendance reads: who is invited to an event and how it went, a member's events, the
figures per member (``attendance_facts``, read by the points ledger) and the rates by group,
committee and sector. Each a fixed number of statements: results are counted with GROUP BY
and folded through ``domain.attendance.result``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Select, and_, bindparam, case, func, literal, or_, select
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..domain import attendance as rules
from ..extensions import db
from ..models import Attendance, Committee, GroupActivity, Meeting, Member, OfficeGroup, Sector
from ..models.base import utcnow

Counts = dict[str, int]  # {"present": n, "excused": n, "absent": n}

EVENT_KIND = func.coalesce(Meeting.kind, literal(rules.GROUP_ACTIVITY))
EVENT_DAY = func.coalesce(Meeting.held_on, GroupActivity.held_on)


def _with_events(stmt, org_id: int | None = None):
    """``stmt`` with each invitation's meeting or activity joined; given the body, the join
    reads only its events (bound by ``org_id``, which an index serves: PostgreSQL would
    otherwise hash every body's meetings to find one body's year)."""
    meeting, activity = (
        Meeting.id == Attendance.meeting_id,
        GroupActivity.id == Attendance.activity_id,
    )
    if org_id is not None:
        meeting, activity = (
            meeting & (Meeting.org_id == org_id),
            activity & (GroupActivity.org_id == org_id),
        )
    return stmt.outerjoin(Meeting, meeting).outerjoin(GroupActivity, activity)


def _year_days(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _in_year(year: int):
    return EVENT_DAY.between(*_year_days(year))


def _counted(org_id, days: tuple, today, *keys):
    """(keys…, checked in?, leave status, over?, count) for the invitations to the events
    held on ``days`` (the first and the last); the values may be parameters."""
    checked_in = Attendance.checked_in_at.is_not(None)
    over = case((EVENT_DAY < today, True), else_=False)
    stmt = _with_events(
        select(*keys, checked_in, Attendance.leave_status, over, func.count(Attendance.id)), org_id
    ).where(Attendance.org_id == org_id, EVENT_DAY.between(*days))
    return stmt.group_by(*keys, checked_in, Attendance.leave_status, over)


def outcome(today: date):
    """``domain.attendance.result`` of one invitation in SQL: present, excused or absent;
    NULL while pending (``test_attendance_outcome_in_sql_is_the_domain_result`` holds the two
    together)."""
    return case(
        (Attendance.checked_in_at.is_not(None), literal(rules.PRESENT)),
        (Attendance.leave_status == rules.LEAVE_APPROVED, literal(rules.EXCUSED)),
        (EVENT_DAY < today, literal(rules.ABSENT)),
    )


def year_invitations(org_id: int, year: int, *columns):
    """``select(*columns)`` over the body's invitations to the year's events (their meeting
    or activity joined)."""
    return _with_events(select(*columns).select_from(Attendance), org_id).where(
        Attendance.org_id == org_id, _in_year(year)
    )


def _fold(rows, width: int) -> dict[tuple, Counts]:
    """Fold GROUP BY rows (``width`` key columns first) into counts per key; pending
    invitations (the event not over, no check-in, no leave granted) are not counted."""
    out: dict[tuple, Counts] = defaultdict(lambda: dict.fromkeys(rules.COUNTED, 0))
    for row in rows:
        key, (checked_in, leave, over, n) = tuple(row[:width]), row[width:]
        outcome = rules.result(bool(checked_in), leave or "", bool(over))
        if outcome in rules.COUNTED:
            out[key][outcome] += n
    return out


def attendance_facts(
    org_id: int, year: int, today: date | None = None, members: list[int] | None = None
) -> dict[int, dict[str, Counts]]:
    """member id → event kind → {"present", "excused", "absent"} counts for ``year``, of
    ``members`` (ids; None: everyone's).

    Kinds are the meeting kinds (``plenary``, ``standing_committee`` …) and
    ``group_activity``. Only events that are over count as absent; an invitation still
    open counts nowhere. One statement."""
    first, last = _year_days(year)
    params = {"org_id": org_id, "first": first, "last": last, "today": today or local_today()}
    if members is not None:
        params["members"] = list(members)
    rows = db.session.execute(_facts_select(members is not None), params).all()
    facts: dict[int, dict[str, Counts]] = defaultdict(dict)
    for (member_id, kind), counts in _fold(rows, 2).items():
        facts[member_id][kind] = counts
    return dict(facts)


@cache
def _facts_select(of_members: bool) -> Select:
    """``attendance_facts``' statement, built once per worker (every ledger reads it)."""
    days = (bindparam("first"), bindparam("last"))
    keys = (Attendance.member_id, EVENT_KIND)
    stmt = _counted(bindparam("org_id"), days, bindparam("today"), *keys)
    if of_members:
        stmt = stmt.where(Attendance.member_id.in_(bindparam("members", expanding=True)))
    return stmt


def year_rate(kinds: dict[str, Counts]) -> rules.Rate:
    """One member's facts of the year (``attendance_facts()[member_id]``) over all kinds."""
    return rules.Rate(**{r: sum(c[r] for c in kinds.values()) for r in rules.COUNTED})


@dataclass(frozen=True)
class RateRow:
    name: str
    rate: rules.Rate


RATE_BY = {
    "group": (Member.office_group_id, OfficeGroup, "室组"),
    "committee": (Member.committee_id, Committee, "专委会"),
    "sector": (Member.sector_id, Sector, "界别"),
}


def rates(org_id: int, year: int, by: str, today: date | None = None) -> list[RateRow]:
    """Attendance rates of the year per office group, committee or sector (the member's
    current one), in the structure's order; people in none are left out. Two statements."""
    column, model, _label = RATE_BY[by]
    rows = db.session.execute(
        _counted(org_id, _year_days(year), today or local_today(), column).join(
            Member, Member.id == Attendance.member_id
        )
    ).all()
    counts = _fold(rows, 1)
    names = db.session.execute(
        select(model.id, model.name)
        .where(model.org_id == org_id)
        .order_by(model.sort_order, model.id)
    ).all()
    return [RateRow(name, rules.Rate(**counts.get((ident,), {}))) for ident, name in names]


def kind_rates(org_id: int, year: int, today: date | None = None) -> list[tuple[str, rules.Rate]]:
    """The year's attendance per kind of meeting or activity, in EVENT_KINDS order; kinds
    nobody was invited to are left out. One statement."""
    rows = db.session.execute(
        _counted(org_id, _year_days(year), today or local_today(), EVENT_KIND)
    ).all()
    counts = _fold(rows, 1)
    return [
        (kind, rules.Rate(**counts[(kind,)])) for kind in rules.EVENT_KINDS if (kind,) in counts
    ]


def total_rate(org_id: int, year: int, today: date | None = None) -> rules.Rate:
    rows = db.session.execute(_counted(org_id, _year_days(year), today or local_today())).all()
    return rules.Rate(**_fold(rows, 0).get((), {}))


# --- one event ----------------------------------------------------------------------------


class InvitationLabels:
    """An invitation's words from its ``result`` and ``leave_status`` (``attendance/_state``):
    shared by ``Invitee`` and ``MemberEvent``."""

    __slots__ = ()

    @property
    def result_label(self) -> str:
        return rules.RESULT_LABELS[self.result]

    @property
    def leave_label(self) -> str:
        """The leave's state when it is not already the result (a granted leave is 请假)."""
        return "" if self.result == rules.EXCUSED else rules.LEAVE_LABELS[self.leave_status]


@dataclass(frozen=True)
class Invitee(InvitationLabels):
    row: Attendance
    result: str

    @property
    def leave_status(self) -> str:
        return self.row.leave_status


def invitee(row: Attendance, today: date | None = None) -> Invitee:
    over = rules.event_over(row.event.held_on, today or local_today())
    return Invitee(row, rules.result(row.checked_in_at is not None, row.leave_status, over))


def event_invitees(event) -> list[Invitee]:
    """Everyone invited to the event with their result, group by group. One statement."""
    column = Attendance.meeting_id if event.source == "meeting" else Attendance.activity_id
    rows = db.session.scalars(
        select(Attendance)
        .join(Member, Member.id == Attendance.member_id)
        .where(column == event.id)
        .options(joinedload(Attendance.member).joinedload(Member.office_group))
        .order_by(Member.office_group_id, Member.name, Member.id)
    ).all()
    today = local_today()
    over = rules.event_over(event.held_on, today)
    return [
        Invitee(r, rules.result(r.checked_in_at is not None, r.leave_status, over)) for r in rows
    ]


def event_summary(invitees: list[Invitee] | list[MemberEvent]) -> dict[str, int]:
    summary = dict.fromkeys(rules.RESULT_LABELS, 0)
    for i in invitees:
        summary[i.result] += 1
    summary["leave_waiting"] = sum(1 for i in invitees if i.leave_status == rules.LEAVE_REQUESTED)
    return summary


# --- a member's events --------------------------------------------------------------------


def member_invitations(member_id: int) -> list[Invitee]:
    """Every invitation of the member, newest first. One statement."""
    rows = db.session.scalars(_invitations_select(), {"member_id": member_id}).all()
    today = local_today()
    return [invitee(r, today) for r in rows]


@dataclass(frozen=True, slots=True)
class MemberEvent(InvitationLabels):
    """One invitation of a member as the archive lists it: the event's day, kind and title,
    the leave and the result, plain values (no ORM object)."""

    held_on: date
    kind_label: str
    title: str
    leave_status: str
    result: str


def member_events(member_id: int) -> list[MemberEvent]:
    """Every invitation of the member, newest first, as ``member_invitations`` but plain
    values. One statement."""
    today = local_today()
    return [
        MemberEvent(
            day,
            rules.EVENT_KINDS.get(kind, kind),
            title,
            leave,
            rules.result(checked_in, leave, rules.event_over(day, today)),
        )
        for day, kind, title, leave, checked_in in db.session.execute(
            _events_select(), {"member_id": member_id}
        )
    ]


@cache
def _events_select() -> Select:
    """Built once per worker (the member's archive reads it on every visit)."""
    return (
        _with_events(
            select(
                EVENT_DAY,
                EVENT_KIND,
                func.coalesce(Meeting.title, GroupActivity.topic),
                Attendance.leave_status,
                Attendance.checked_in_at.is_not(None),
            )
        )
        .where(Attendance.member_id == bindparam("member_id"))
        .order_by(EVENT_DAY.desc(), Attendance.id.desc())
    )


@cache
def _invitations_select() -> Select:
    """Built once per worker (the member's archive reads it on every visit)."""
    return (
        _with_events(select(Attendance))
        .where(Attendance.member_id == bindparam("member_id"))
        .options(
            joinedload(Attendance.meeting),
            joinedload(Attendance.activity).joinedload(GroupActivity.office_group),
        )
        .order_by(EVENT_DAY.desc(), Attendance.id.desc())
    )


def _open_checkin_rows(stmt: Select, member_id: int, today: date | None, now) -> Select:
    today = today or local_today()
    window = or_(
        and_(Meeting.checkin_opens_at <= now, Meeting.checkin_closes_at > now),
        and_(GroupActivity.checkin_opens_at <= now, GroupActivity.checkin_closes_at > now),
    )
    return _with_events(stmt).where(
        Attendance.member_id == member_id,
        Attendance.checked_in_at.is_(None),
        EVENT_DAY == today,
        window,
    )


def open_checkins(member_id: int, today: date | None = None) -> list[Attendance]:
    """The member's invitations to events held today whose check-in is open now and who
    have not checked in yet: what the inbox offers. One statement."""
    stmt = _open_checkin_rows(select(Attendance), member_id, today, utcnow())
    return list(
        db.session.scalars(
            stmt.options(joinedload(Attendance.meeting), joinedload(Attendance.activity))
        )
    )


def open_checkins_count(member_id: int, today: date, now) -> Select:
    """How many ``open_checkins`` there are at ``now`` (a time or a parameter giving it), as a
    SELECT (the top bar's badge)."""
    return _open_checkin_rows(select(func.count(Attendance.id)), member_id, today, now)


# --- organizers ---------------------------------------------------------------------------


def waiting_leave(org_id: int, *, meetings: bool, group_ids: list[int] | None = None) -> int:
    """How many leave requests wait for a decision: on meetings (the secretariat's), or on
    the activities of ``group_ids`` (a head's)."""
    if not meetings and not group_ids:
        return 0
    return db.session.scalar(waiting_leave_count(org_id, meetings=meetings, group_ids=group_ids))


def waiting_leave_count(
    org_id: int,
    *,
    meetings: bool,
    group_ids: list[int] | None = None,
    exclude_member: int | None = None,
):
    """``waiting_leave`` as a SELECT (the top bar's badge); ``exclude_member``: not that
    member's own request (a head does not decide their own)."""
    stmt = select(func.count(Attendance.id)).where(
        Attendance.org_id == org_id, Attendance.leave_status == rules.LEAVE_REQUESTED
    )
    if exclude_member is not None:
        stmt = stmt.where(Attendance.member_id != exclude_member)
    if meetings:
        return stmt.where(Attendance.meeting_id.is_not(None))
    return stmt.join(GroupActivity, GroupActivity.id == Attendance.activity_id).where(
        GroupActivity.office_group_id.in_(group_ids or [])
    )


def waiting_leave_events(
    org_id: int,
    source: str,
    group_ids: list[int] | None = None,
    exclude_member: int | None = None,
) -> list:
    """The events with leave requests waiting, soonest first (for the organizer's list);
    ``exclude_member``: not counting that member's own request."""
    model = Meeting if source == "meeting" else GroupActivity
    column = Attendance.meeting_id if source == "meeting" else Attendance.activity_id
    stmt = (
        select(model)
        .join(Attendance, column == model.id)
        .where(model.org_id == org_id, Attendance.leave_status == rules.LEAVE_REQUESTED)
        .distinct()
        .order_by(model.held_on, model.id)
    )
    if source == "activity":
        stmt = stmt.where(GroupActivity.office_group_id.in_(group_ids or []))
    if exclude_member is not None:
        stmt = stmt.where(Attendance.member_id != exclude_member)
    return list(db.session.scalars(stmt))


def group_activities_select(
    org_id: int, group_ids: list[int], first_year: int, last_year: int
) -> Select:
    """The groups' activities from ``first_year`` to ``last_year``, newest first (to page,
    or to export whole)."""
    return (
        select(GroupActivity)
        .where(
            GroupActivity.org_id == org_id,
            GroupActivity.office_group_id.in_(group_ids or [-1]),
            GroupActivity.held_on.between(date(first_year, 1, 1), date(last_year, 12, 31)),
        )
        .options(joinedload(GroupActivity.office_group))
        .order_by(GroupActivity.held_on.desc(), GroupActivity.id.desc())
    )


def invited_counts(source: str, event_ids: list[int]) -> dict[int, int]:
    column = Attendance.meeting_id if source == "meeting" else Attendance.activity_id
    if not event_ids:
        return {}
    return dict(
        db.session.execute(
            select(column, func.count(Attendance.id)).where(column.in_(event_ids)).group_by(column)
        ).all()
    )


def pickable_members(org_id: int, group_ids: set[int] | None = None) -> list[Member]:
    """The active members an organizer may pick, group by group (the invite form); only
    those of ``group_ids`` when given (a group head's own groups)."""
    stmt = select(Member).where(Member.org_id == org_id, Member.is_active.is_(True))
    if group_ids is not None:
        stmt = stmt.where(Member.office_group_id.in_(group_ids))
    return list(
        db.session.scalars(
            stmt.options(joinedload(Member.office_group)).order_by(
                Member.office_group_id, Member.name, Member.id
            )
        )
    )
