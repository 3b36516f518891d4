"""The organization's structure: sectors, committees, office groups, heads, departments,
meetings and years."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm.attributes import flag_modified

from ..clock import local_today
from ..extensions import db
from ..models import (
    MEETING_KINDS,
    MEETING_NOTES_MAX,
    Attendance,
    Committee,
    Department,
    GroupHeadAssignment,
    GroupInvitation,
    Matter,
    Meeting,
    Member,
    OfficeGroup,
    Sector,
    User,
    Year,
)
from . import ServiceError, unit_of_work
from .attendance import refuse_moving_checked_in
from .audit import audit
from .common import another_like, check_version, flush_or_refuse, limited_text
from .department_accounts import department_contacts_off
from .duty_items import duty_items_open_year
from .roles import grant_role, head_role_drop_if_idle
from .year_settings import settings_open_year

MEETING_TWICE = "同一天已登记了同名的同类会议，请勿重复提交。"
NAMED = {"sector": Sector, "committee": Committee, "office_group": OfficeGroup}
NAMED_LABEL = {"sector": "界别", "committee": "专委会", "office_group": "室组"}


def _unique_name(model, org_id: int, name: str, own_id: int | None, label: str) -> str:
    name = name.strip()
    if not name:
        raise ServiceError(f"请填写{label}名称。", field="name")
    clash = db.session.scalar(select(model.id).where(model.org_id == org_id, model.name == name))
    if clash and clash != own_id:
        raise ServiceError(f"{label}“{name}”已存在。", field="name")
    return name


@unit_of_work
def named_save(actor: User, kind: str, obj, name: str, sort_order: int, version: int | None):
    """Create (obj None) or rename a sector / committee / office group."""
    model, label = NAMED[kind], NAMED_LABEL[kind]
    if obj is None:
        obj = model(
            org_id=actor.org_id,
            name=_unique_name(model, actor.org_id, name, None, label),
            sort_order=sort_order,
        )
        db.session.add(obj)
        flush_or_refuse(f"{label}名称已存在。")
        audit(actor, actor.org_id, f"{kind}.create", obj, f"新增{label} {obj.name}")
    else:
        if hasattr(obj, "version"):
            check_version(obj, version)
        old = obj.name
        obj.name = _unique_name(model, actor.org_id, name, obj.id, label)
        obj.sort_order = sort_order
        audit(actor, actor.org_id, f"{kind}.update", obj, f"修改{label} {old} → {obj.name}")
    flush_or_refuse(f"{label}名称已存在。")
    return obj


MEMBER_COLUMN = {
    "sector": Member.sector_id,
    "committee": Member.committee_id,
    "office_group": Member.office_group_id,
}


@unit_of_work
def named_delete(actor: User, kind: str, obj) -> None:
    """Delete a sector / committee / office group nobody uses; one in use is refused with the
    reason (rename it instead: history keeps its name)."""
    label = NAMED_LABEL[kind]
    members = db.session.scalar(select(func.count(Member.id)).where(MEMBER_COLUMN[kind] == obj.id))
    if members:
        raise ServiceError(f"{label}“{obj.name}”下还有 {members} 名委员（含已停用），不能删除。")
    name = obj.name
    audit(actor, actor.org_id, f"{kind}.delete", obj, f"删除{label} {name}")
    db.session.delete(obj)
    # head history, reports, directors … may still point at it
    flush_or_refuse(f"{label}“{name}”已有相关记录，不能删除，可以改名。")


@unit_of_work
def committee_set_groups(
    actor: User, committee: Committee, group_ids: list[int], version: int | None
) -> None:
    check_version(committee, version)
    groups = list(
        db.session.scalars(
            select(OfficeGroup).where(
                OfficeGroup.org_id == actor.org_id, OfficeGroup.id.in_(group_ids or [-1])
            )
        )
    )
    committee.office_groups = groups
    # only the link table changes: touch the row so its version moves on too, and a second
    # secretary's stale list conflicts instead of replacing this one
    flag_modified(committee, "name")
    audit(
        actor,
        actor.org_id,
        "committee.groups",
        committee,
        f"{committee.name} 联系室组：{'、'.join(g.name for g in groups) or '无'}",
    )


@unit_of_work
def group_head_change(
    actor: User, group: OfficeGroup, member: Member, start: date, note: str = ""
) -> GroupHeadAssignment:
    """Make ``member`` the head from ``start``; the previous head's assignment ends the day before."""
    if member.org_id != group.org_id:
        raise ServiceError("该委员不属于本组织。", field="member_id")
    if not member.is_active:
        raise ServiceError("已停用的委员不能担任室组负责人。", field="member_id")
    current = [a for a in group.head_assignments if a.end_date is None or a.end_date >= start]
    for a in current:
        if a.member_id == member.id and a.end_date is None:
            raise ServiceError(f"{member.name} 已是该室组负责人。", field="member_id")
        if a.start_date == start:
            # most often a second tab or a double tap appointing on the same day
            raise ServiceError(
                f"{start.isoformat()} 起已任命 {a.member.name} 为负责人，"
                "请刷新页面查看最新任职记录。",
                field="start_date",
            )
        if a.start_date > start:
            raise ServiceError("新任日期须晚于现任负责人的任职开始日期。", field="start_date")
    for a in current:
        a.end_date = start - timedelta(days=1)
    assignment = GroupHeadAssignment(office_group=group, member=member, start_date=start, note=note)
    db.session.add(assignment)
    if member.user is not None:
        grant_role(member.user, "group_head")
    db.session.flush()
    for a in current:
        # a head appointed for a later date keeps the predecessor in office until then
        head_role_drop_if_idle(a.member.user, a.member_id, local_today())
    audit(
        actor,
        actor.org_id,
        "group.head_change",
        group,
        f"{group.name} 负责人变更为 {member.name}（{start.isoformat()} 起）",
    )
    return assignment


@unit_of_work(duplicate="单位名称已存在。")
def department_save(
    actor: User,
    dept: Department | None,
    name: str,
    contact_name: str,
    contact_phone: str,
    is_active: bool,
    version: int | None,
) -> Department:
    name = _unique_name(Department, actor.org_id, name, dept.id if dept else None, "单位")
    if dept is None:
        dept = Department(org_id=actor.org_id, name=name)
        db.session.add(dept)
        action = "department.create"
    else:
        check_version(dept, version)
        action = "department.update"
    dept.name, dept.contact_name, dept.contact_phone = name, contact_name, contact_phone
    switched_off = dept.is_active and not is_active and dept.id is not None
    dept.is_active = is_active
    db.session.flush()
    off = department_contacts_off(actor, dept) if switched_off else 0
    audit(
        actor,
        actor.org_id,
        action,
        dept,
        f"承办单位 {dept.name}" + (f"（停用，{off} 个联系人账号随之停用）" if off else ""),
    )
    return dept


@unit_of_work(duplicate=MEETING_TWICE)
def meeting_save(
    actor: User,
    meeting: Meeting | None,
    kind: str,
    title: str,
    held_on: date,
    location: str,
    notes: str,
    version: int | None,
    start_time: time | None = None,
) -> Meeting:
    if kind not in MEETING_KINDS:
        raise ServiceError("请选择会议类型。", field="kind")
    if meeting is None:
        meeting = Meeting(org_id=actor.org_id)
        db.session.add(meeting)
        action = "meeting.create"
    else:
        check_version(meeting, version)
        refuse_moving_checked_in(meeting, held_on)
        action = "meeting.update"
    meeting.kind, meeting.title, meeting.held_on = kind, title.strip(), held_on
    meeting.location = location
    meeting.start_time = start_time
    meeting.notes = limited_text(notes, MEETING_NOTES_MAX, "备注", "notes")
    if another_like(
        Meeting,
        meeting.id,
        Meeting.org_id == actor.org_id,
        Meeting.kind == kind,
        Meeting.held_on == held_on,
        Meeting.title == meeting.title,
    ):
        raise ServiceError(MEETING_TWICE, field="title")
    db.session.flush()
    audit(actor, actor.org_id, action, meeting, f"{MEETING_KINDS[kind]} {meeting.title} {held_on}")
    return meeting


@unit_of_work
def meeting_delete(actor: User, meeting: Meeting) -> None:
    """Delete a meeting entered by mistake. What it carries is kept: a meeting with groups
    invited from the quarterly ranking, or with anyone checked in, is
    refused; its invitations and leave requests go with it; a consultation topic held at it
    stays, its deadline reads "待定"."""
    if db.session.scalar(
        select(GroupInvitation.id).where(GroupInvitation.meeting_id == meeting.id).limit(1)
    ):
        raise ServiceError("该会议已有季度排名邀请的室组，不能删除；如日期有误，请修改会议。")
    if db.session.scalar(
        select(Attendance.id)
        .where(Attendance.meeting_id == meeting.id, Attendance.checked_in_at.is_not(None))
        .limit(1)
    ):
        raise ServiceError("该会议已有委员签到，不能删除；如日期有误，请修改会议。")
    for topic in db.session.scalars(
        select(Matter).where(Matter.org_id == meeting.org_id, Matter.meeting_id == meeting.id)
    ):
        topic.meeting_id = None
    audit(
        actor,
        actor.org_id,
        "meeting.delete",
        meeting,
        f"删除会议 {meeting.title} {meeting.held_on}",
    )
    db.session.execute(delete(Attendance).where(Attendance.meeting_id == meeting.id))
    db.session.delete(meeting)


@unit_of_work
def year_open(actor: User, year: int, make_current: bool = True) -> Year:
    if not 2000 <= year <= 2100:
        raise ServiceError("年度应为 2000–2100 之间的年份。", field="year")
    if db.session.scalar(select(Year.id).where(Year.org_id == actor.org_id, Year.year == year)):
        raise ServiceError(f"{year} 年度已开启。", field="year")
    # opening next year early (to set its lists) must not switch everyone to it, but the
    # first year opened is the current one
    make_current = make_current or not db.session.scalar(
        select(Year.id).where(Year.org_id == actor.org_id, Year.is_current.is_(True))
    )
    row = Year(org_id=actor.org_id, year=year)
    db.session.add(row)
    flush_or_refuse(f"{year} 年度已开启。")
    if make_current:
        _set_current(actor.org_id, row)
    duty_items_open_year(actor.org_id, year)  # the year's 十个一 list, copied from the last
    carried = settings_open_year(actor.org_id, year)  # and the settings of the year before
    note = "（沿用上一年度的十加一、提案、积分等设置）" if carried else ""
    audit(actor, actor.org_id, "year.open", row, f"开启 {year} 年度{note}")
    flush_or_refuse(f"{year} 年度已开启。")
    return row


@unit_of_work
def year_set_current(actor: User, row: Year) -> None:
    _set_current(actor.org_id, row)
    audit(actor, actor.org_id, "year.current", row, f"设 {row.year} 为当前年度")


def _set_current(org_id: int, row: Year) -> None:
    for other in db.session.scalars(select(Year).where(Year.org_id == org_id)):
        other.is_current = other.id == row.id
