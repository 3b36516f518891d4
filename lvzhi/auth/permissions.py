"""Who may see what. Every view goes through these checks — never ad-hoc ifs in views.

Roles gate whole blueprints (``guard_blueprint``); object scope is checked here
(``org_get_or_404``, ``can_see_member``): users only ever see their own organization,
members only their own records, heads their group, committees their members and
linked groups.
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache, wraps

from flask import Blueprint, abort, g, has_request_context
from flask_login import current_user
from sqlalchemy import Select, bindparam, select

from ..clock import local_today
from ..domain import duties as record_rules
from ..domain import group_reports as report_rules
from ..extensions import db
from ..models import GroupHeadAssignment, Member, OfficeGroup, User, committee_groups
from ..stamps import kept


def guard_blueprint(bp: Blueprint, role: str, *also: str) -> None:
    """Every route of the blueprint needs a logged-in user holding ``role`` (or one of
    ``also``: the secretariat works in the department portal on a department's behalf)."""

    @bp.before_request
    def _check_role():
        if not current_user.is_authenticated:
            from ..extensions import login_manager

            return login_manager.unauthorized()
        held = next((r for r in (role, *also) if current_user.has_role(r)), None)
        if held is None:
            abort(403)
        g.role = held


def roles_required(*roles: str):
    """For routes outside the role blueprints: the user needs any one of ``roles``."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from ..extensions import login_manager

                return login_manager.unauthorized()
            if not current_user.roles & set(roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def org_get_or_404(model, ident: int):
    """Load a row of the user's own organization; another organization's row is a 404."""
    obj = db.session.get(model, ident)
    if obj is None or getattr(obj, "org_id", None) != current_user.org_id:
        abort(404)
    return obj


def headed_group_ids(user: User, today: date | None = None) -> list[int]:
    """The office groups the user currently heads (by assignment dates); asked by several
    checks and to-dos on one page, so answered once per request, and kept by the worker
    until the body changes (``stamps.kept``)."""
    if user.member_id is None:
        return []
    today = today or local_today()
    cache = g.setdefault("_headed_groups", {}) if has_request_context() else {}
    key = (user.id, today)
    if key not in cache:
        member_id = user.member_id
        cache[key] = list(
            kept(
                "headed_groups",
                user.org_id,
                (member_id, today),
                lambda: _headed_group_ids(member_id, today),
            )
        )
    return cache[key]


def _headed_group_ids(member_id: int, today: date) -> tuple[int, ...]:
    return tuple(sorted(set(db.session.scalars(_headed_select(member_id, today)))))


@lru_cache(maxsize=1024)
def _headed_select(member_id: int, today: date) -> Select:
    """Built once per head and day: a head's every page asks (the top bar's badge)."""
    return select(GroupHeadAssignment.office_group_id).where(
        GroupHeadAssignment.member_id == member_id,
        GroupHeadAssignment.start_date <= today,
        (GroupHeadAssignment.end_date.is_(None)) | (GroupHeadAssignment.end_date >= today),
    )


def headed_groups(user: User) -> list[OfficeGroup]:
    ids = headed_group_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(_groups_select(), {"ids": ids}))


@cache
def _groups_select() -> Select:
    """Built once per worker: a head's every page names their groups."""
    return (
        select(OfficeGroup)
        .where(OfficeGroup.id.in_(bindparam("ids", expanding=True)))
        .order_by(OfficeGroup.sort_order)
    )


def committee_group_ids(committee_ids: set[int]) -> set[int]:
    if not committee_ids:
        return set()
    return set(
        db.session.scalars(
            select(committee_groups.c.office_group_id).where(
                committee_groups.c.committee_id.in_(committee_ids)
            )
        )
    )


def can_see_member(user: User, member: Member, role: str | None = None) -> bool:
    """The member-visibility rule of DOMAIN.md, for the role the user is acting in."""
    if member.org_id != user.org_id:
        return False
    roles = {role} if role else user.roles
    if roles & {"secretariat", "leader"}:
        return True
    if "member" in roles and user.member_id == member.id:
        return True
    if "group_head" in roles and member.office_group_id in headed_group_ids(user):
        return True
    if "committee" in roles and member.committee_id in user.committee_ids():
        return True
    return False


def member_or_404(member_id: int, role: str | None = None) -> Member:
    member = org_get_or_404(Member, member_id)
    if not can_see_member(current_user, member, role):
        abort(404)
    return member


def can_review_record(user: User, record, role: str) -> bool:
    """Whether ``user`` acting as ``role`` may confirm or return a duty record: the
    secretariat for anyone in the organization, an office-group head for the members of the
    groups they head now — but never their own records (a secretariat clerk who is also a
    member has them confirmed by someone else)."""
    if record.org_id != user.org_id:
        return False
    if user.member_id is not None and record.member_id == user.member_id:
        return False
    if role == "secretariat" and user.has_role("secretariat"):
        return True
    if role == "group_head" and user.has_role("group_head"):
        return record.member.office_group_id in headed_group_ids(user)
    return False


def scope_member_filter(user: User, role: str):
    """A SQL condition on Member selecting the members ``role`` may see, for overviews."""
    from sqlalchemy import and_, false

    same_org = Member.org_id == user.org_id
    if role in ("secretariat", "leader") and user.has_role(role):
        return same_org
    if role == "group_head" and user.has_role(role):
        ids = headed_group_ids(user)
        return and_(same_org, Member.office_group_id.in_(ids)) if ids else false()
    if role == "committee" and user.has_role(role):
        ids = user.committee_ids()
        return and_(same_org, Member.committee_id.in_(ids)) if ids else false()
    if role == "member" and user.member_id:
        return and_(same_org, Member.id == user.member_id)
    return false()


def scope_key(user: User, role: str) -> tuple:
    """What ``scope_member_filter(user, role)`` selects by, as a key for pages kept for every
    viewer of the same scope (``stamps.kept_query_page``): the body, the groups a head heads,
    the committees, the member. Its first item names the kind, the rest are its ids, sorted
    (``("committees", 2, 5)``): a page may take them from the key."""
    if role in ("secretariat", "leader") and user.has_role(role):
        return ("body",)
    if role == "group_head" and user.has_role(role):
        return ("groups", *headed_group_ids(user))
    if role == "committee" and user.has_role(role):
        return ("committees", *sorted(user.committee_ids()))
    if role == "member" and user.member_id:
        return ("member", user.member_id)
    return ("nobody",)


def can_see_record(user: User, record) -> bool:
    """A draft is its member's own until submitted (as a group report's draft is): nobody
    else sees it, its files or even that it exists. Who may see the member is asked apart."""
    return record.status != record_rules.DRAFT or (
        user.member_id is not None and record.member_id == user.member_id
    )


def can_see_duty_record(user: User, record_id: int) -> bool:
    """A duty record (and its files) is visible to whoever may see its member — a draft only
    to the member."""
    from ..models import DutyRecord

    record = db.session.get(DutyRecord, record_id)
    return (
        record is not None
        and record.org_id == user.org_id
        and can_see_record(user, record)
        and can_see_member(user, record.member)
    )


def own_record_or_404(record_id: int):
    """A duty record of the logged-in member; anyone else's is a 404."""
    from ..models import DutyRecord

    record = org_get_or_404(DutyRecord, record_id)
    if current_user.member_id is None or record.member_id != current_user.member_id:
        abort(404)
    return record


def reviewable_record_or_404(record_id: int, role: str, *, draft_ok: bool = False):
    """A duty record the user may confirm or return acting as ``role``, else 404 — a draft
    too (it is the member's own until submitted), unless ``draft_ok``: a confirm or return
    posted after the member withdrew the record gets the workflow's refusal instead."""
    from ..models import DutyRecord

    record = org_get_or_404(DutyRecord, record_id)
    if not can_review_record(current_user, record, role):
        abort(404)
    if not (draft_ok or can_see_record(current_user, record)):
        abort(404)
    return record


# --- 十加一 office-group reports ----------------------------------------------------------------


def head_group_or_404(group_id: int | None = None) -> OfficeGroup:
    """A group the user heads now: ``group_id`` if given, else the first one; else 404."""
    ids = headed_group_ids(current_user)
    if group_id is None:
        group_id = ids[0] if ids else None
    if group_id is None or group_id not in ids:
        abort(404)
    return org_get_or_404(OfficeGroup, group_id)


def can_see_group_report(user: User, report) -> bool:
    """A submitted report is public within the organization (the 晾晒台); a draft only to the
    group's head and the secretariat."""
    if report is None or report.org_id != user.org_id:
        return False
    if report.status != report_rules.DRAFT or user.has_role("secretariat"):
        return True
    return user.has_role("group_head") and report.office_group_id in headed_group_ids(user)


def can_see_group_report_entry(user: User, entry_id: int) -> bool:
    from ..models import GroupReportEntry

    entry = db.session.get(GroupReportEntry, entry_id)
    return entry is not None and can_see_group_report(user, entry.report)


def committee_report_or_404(report_id: int):
    """A submitted report of a group linked to one of the user's committees, else 404."""
    from ..models import GroupReport

    report = org_get_or_404(GroupReport, report_id)
    if report.status == report_rules.DRAFT or report.office_group_id not in committee_group_ids(
        current_user.committee_ids()
    ):
        abort(404)
    return report


# --- closed loops ---------------------------------------------------------------------------


def is_writers_draft(matter) -> bool:
    """A proposal or 社情民意 report still a draft: its writers' alone, on every page."""
    return matter.stage == "draft" and matter.loop in ("proposal", "public_opinion")


def reads_body_lists(user: User) -> bool:
    """Who reads the body's shared lists (public proposals, the 《社情民意》 issues): its
    members, leaders and secretariat — not a department's contact."""
    return bool(user.member_id) or bool(user.roles & {"secretariat", "leader"})


def logged_title(matter) -> str:
    """How the audit log names a matter: by its title, or as a draft its writers' alone."""
    return "（草稿）" if is_writers_draft(matter) else matter.title


def is_on(user: User, matter) -> bool:
    """Whether the user's member is one of the matter's people: a proposer, a co-proposer
    invited or consenting (one who declined is not), a participant or a speaker."""
    return user.member_id is not None and any(
        p.member_id == user.member_id and p.consent != "declined" for p in matter.people
    )


def is_writer(user: User, matter) -> bool:
    return matter.created_by_id == user.id or is_on(user, matter)


def can_see_matter(user: User, matter) -> bool:
    """Who sees a loop matter (and its timeline files): the secretariat and leaders of its
    organization; a department contact, only matters assigned to their department (while the
    assignment stands); a member, the matters they are on (invited included, declined not),
    filed public proposals, published 社情民意 and the plenary group discussions' fed-back
    opinions."""
    from ..domain.loops import filing_state

    if matter is None or matter.org_id != user.org_id:
        return False
    if is_writers_draft(matter):
        return is_writer(user, matter)
    if user.has_role("secretariat") or user.has_role("leader"):
        return True
    if user.department_id and any(
        a.department_id == user.department_id and a.active for a in matter.assignments
    ):  # a department the matter was reassigned away from no longer sees it (nor the reply)
        return True
    if (
        matter.loop in ("consultation", "supervision")
        and matter.committee_id is not None
        and user.has_role("committee")
        and matter.committee_id in user.committee_ids()
    ):  # a committee director sees the topics their committee leads
        return True
    if user.member_id is None:
        return False
    if is_on(user, matter):
        return True
    if matter.loop == "consultation":
        from ..domain.consultations import open_to_all_members

        return open_to_all_members(matter.kind, matter.stage)
    if matter.loop == "public_opinion":
        return in_published_bulletin(matter)
    return matter.loop == "proposal" and matter.is_public and filing_state(matter.stage) == "已立案"


def in_published_bulletin(matter) -> bool:
    """A public-opinion report adopted and carried by a published 《社情民意》 issue: every
    member of the body may read it then (one statement)."""
    from ..domain.public_opinion import ADOPTED_STAGES
    from ..models import Bulletin, BulletinEntry

    if matter.stage not in ADOPTED_STAGES:
        return False
    found = db.session.scalar(
        select(BulletinEntry.id)
        .join(Bulletin, Bulletin.id == BulletinEntry.bulletin_id)
        .where(BulletinEntry.matter_id == matter.id, Bulletin.published_on.is_not(None))
    )
    return found is not None


def can_see_matter_files(user: User, matter_id: int) -> bool:
    """A matter's own files (a report's photos): whoever sees the matter."""
    from ..models import Matter

    return can_see_matter(user, db.session.get(Matter, matter_id))


def can_see_matter_event_files(user: User, event_id: int) -> bool:
    from ..models import MatterEvent

    event = db.session.get(MatterEvent, event_id)
    return event is not None and can_see_matter(user, event.matter)


def can_see_suggestion(user: User, suggestion) -> bool:
    """Who sees a numbered suggestion (and its evidence files): the department it is assigned
    to, and whoever sees its matter."""
    if suggestion is None or suggestion.org_id != user.org_id:
        return False
    if user.department_id and user.department_id == suggestion.department_id:
        return True
    return can_see_matter(user, suggestion.matter)


def can_see_suggestion_files(user: User, suggestion_id: int) -> bool:
    from ..models import Suggestion

    return can_see_suggestion(user, db.session.get(Suggestion, suggestion_id))


# --- attendance -----------------------------------------------------------------------------


def can_organize(user: User, event) -> bool:
    """Who runs an event's attendance (invitations, check-in window, QR code, the tick list,
    leave decisions): the secretariat for meetings and any group activity; an office-group
    head for the activities of the groups they head now."""
    if event is None or event.org_id != user.org_id:
        return False
    if user.has_role("secretariat"):
        return True
    return (
        event.source == "activity"
        and user.has_role("group_head")
        and event.office_group_id in headed_group_ids(user)
    )


def organized_event_or_404(source: str, event_id: int):
    """A meeting or group activity the user may organize, else 404."""
    from ..models import GroupActivity, Meeting

    model = {"meeting": Meeting, "activity": GroupActivity}.get(source)
    if model is None:
        abort(404)
    event = org_get_or_404(model, event_id)
    if not can_organize(current_user, event):
        abort(404)
    return event


def organized_attendance_or_404(attendance_id: int):
    """One invitee's row of an event the user may organize, else 404."""
    from ..models import Attendance

    row = org_get_or_404(Attendance, attendance_id)
    if not can_organize(current_user, row.event):
        abort(404)
    return row
