"""Reading the roster and the structure of an organization."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from sqlalchemy import Integer, Select, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    Committee,
    Department,
    GroupHeadAssignment,
    Member,
    OfficeGroup,
    Sector,
    User,
    Year,
)
from . import same_body


@dataclass
class MemberFilter:
    q: str = ""
    group: int | None = None
    committee: int | None = None
    sector: int | None = None
    status: str = "active"


def members_select(org_id: int, f: MemberFilter) -> Select:
    """The roster's members matching ``f`` in its order, with their group, committee and
    sector (the Excel export)."""
    return _filtered(
        select(Member).options(
            joinedload(Member.sector),
            joinedload(Member.committee),
            joinedload(Member.office_group),
        ),
        org_id,
        f,
    ).order_by(Member.office_group_id, Member.name, Member.id)


class RosterRow(NamedTuple):
    """What the roster's table shows of a member (read as columns, no ORM object)."""

    id: int
    name: str
    mobile: str
    is_active: bool
    office_group: Choice | None
    committee: Choice | None
    sector: Choice | None


def member_count(org_id: int, f: MemberFilter) -> int:
    return db.session.scalar(_filtered(select(func.count(Member.id)), org_id, f)) or 0


def member_rows(org_id: int, f: MemberFilter, offset: int, limit: int) -> list[RosterRow]:
    """A page of ``members_select``'s members, in its order, as the table's columns."""
    stmt = _filtered(
        select(
            Member.id,
            Member.name,
            Member.mobile,
            Member.is_active,
            *(c for model in (OfficeGroup, Committee, Sector) for c in (model.id, model.name)),
        )
        .outerjoin(OfficeGroup, same_body(OfficeGroup, Member.office_group_id))
        .outerjoin(Committee, same_body(Committee, Member.committee_id))
        .outerjoin(Sector, same_body(Sector, Member.sector_id)),
        org_id,
        f,
    )
    stmt = stmt.order_by(Member.office_group_id, Member.name, Member.id)
    rows = db.session.execute(stmt.offset(offset).limit(limit))
    return [
        RosterRow(id_, name, mobile, active, _choice(g, gn), _choice(c, cn), _choice(s, sn))
        for id_, name, mobile, active, g, gn, c, cn, s, sn in rows
    ]


def _choice(id_: int | None, name: str | None) -> Choice | None:
    return Choice(id_, name) if id_ is not None else None


def _filtered(stmt: Select, org_id: int, f: MemberFilter) -> Select:
    stmt = stmt.where(Member.org_id == org_id)
    if f.q:
        like = f"%{f.q.strip()}%"
        stmt = stmt.where(or_(Member.name.like(like), Member.mobile.like(like)))
    if f.group:
        stmt = stmt.where(Member.office_group_id == f.group)
    if f.committee:
        stmt = stmt.where(Member.committee_id == f.committee)
    if f.sector:
        stmt = stmt.where(Member.sector_id == f.sector)
    if f.status == "active":
        stmt = stmt.where(Member.is_active.is_(True))
    elif f.status == "inactive":
        stmt = stmt.where(Member.is_active.is_(False))
    return stmt


def _ordered(model, org_id: int) -> list:
    return list(
        db.session.scalars(
            select(model).where(model.org_id == org_id).order_by(model.sort_order, model.id)
        )
    )


def sectors(org_id: int) -> list[Sector]:
    return _ordered(Sector, org_id)


def committees(org_id: int) -> list[Committee]:
    return list(
        db.session.scalars(
            select(Committee)
            .where(Committee.org_id == org_id)
            .options(selectinload(Committee.office_groups))
            .order_by(Committee.sort_order, Committee.id)
        )
    )


class Choice(NamedTuple):
    id: int
    name: str


class StructureChoices(NamedTuple):
    groups: list[Choice]
    committees: list[Choice]
    sectors: list[Choice]


@cache
def _choices_select():
    """Built once (building costs more than running it): the body is a parameter."""
    org = bindparam("org_id", type_=Integer)
    parts = [
        select(literal(n, Integer).label("part"), m.id, m.name, m.sort_order).where(m.org_id == org)
        for n, m in enumerate((OfficeGroup, Committee, Sector))
    ]
    return union_all(*parts).order_by("part", "sort_order", "id")


def structure_choices(org_id: int) -> StructureChoices:
    """The body's office groups, committees and sectors as (id, name), each in its order
    (``office_groups``', ``committees``', ``sectors``'): a filter's choices in one statement."""
    found: tuple[list, list, list] = ([], [], [])
    for part, id_, name, _order in db.session.execute(_choices_select(), {"org_id": org_id}):
        found[part].append(Choice(id_, name))
    return StructureChoices(*found)


def committee_count(org_id: int) -> int:
    return db.session.scalar(select(func.count(Committee.id)).where(Committee.org_id == org_id))


def office_groups(org_id: int) -> list[OfficeGroup]:
    return _ordered(OfficeGroup, org_id)


def departments(org_id: int) -> list[Department]:
    return list(
        db.session.scalars(
            select(Department).where(Department.org_id == org_id).order_by(Department.name)
        )
    )


def current_heads(org_id: int, today: date) -> dict[int, Member]:
    """office_group_id → the member heading it today, in one query."""
    rows = db.session.execute(
        select(GroupHeadAssignment.office_group_id, Member)
        .join(Member, Member.id == GroupHeadAssignment.member_id)
        .where(
            Member.org_id == org_id,
            GroupHeadAssignment.start_date <= today,
            (GroupHeadAssignment.end_date.is_(None)) | (GroupHeadAssignment.end_date >= today),
        )
    )
    return {gid: member for gid, member in rows}


def headed_group_ids(org_id: int, today: date) -> set[int]:
    """The office groups with a head today (``current_heads``' keys, no member loaded)."""
    return set(db.session.scalars(_headed_ids_select(), {"org_id": org_id, "today": today}))


@cache
def _headed_ids_select() -> Select:
    """Built once per worker (the secretariat's home asks on every visit)."""
    today = bindparam("today")
    return (
        select(GroupHeadAssignment.office_group_id)
        .join(Member, Member.id == GroupHeadAssignment.member_id)
        .where(
            Member.org_id == bindparam("org_id"),
            GroupHeadAssignment.start_date <= today,
            (GroupHeadAssignment.end_date.is_(None)) | (GroupHeadAssignment.end_date >= today),
        )
    )


def member_counts_by(org_id: int, column) -> dict[int | None, int]:
    rows = db.session.execute(
        select(column, func.count(Member.id))
        .where(Member.org_id == org_id, Member.is_active.is_(True))
        .group_by(column)
    )
    return {key: count for key, count in rows}


def committee_directors(org_id: int) -> dict[int, list[User]]:
    from ..models import RoleGrant

    rows = db.session.execute(
        select(RoleGrant.committee_id, User)
        .join(User, User.id == RoleGrant.user_id)
        .where(User.org_id == org_id, RoleGrant.role == "committee")
    )
    result: dict[int, list[User]] = {}
    for cid, user in rows:
        result.setdefault(cid, []).append(user)
    return result


def roster_imports(org_id: int, limit: int = 10) -> list:
    """The organization's latest roster imports, from the audit log, with who made them."""
    from ..models import AuditEvent

    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.org_id == org_id, AuditEvent.action == "roster.import")
            .options(joinedload(AuditEvent.user))
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )


def group_members(org_id: int, group_id: int) -> list[Member]:
    """The active members of one office group, by name."""
    return list(
        db.session.scalars(
            select(Member)
            .where(
                Member.org_id == org_id,
                Member.is_active.is_(True),
                Member.office_group_id == group_id,
            )
            .order_by(Member.name)
        )
    )


def active_member_count(org_id: int) -> int:
    return db.session.scalar(_active_count_select(), {"org_id": org_id})


@cache
def _active_count_select() -> Select:
    """Built once per worker (the secretariat's home asks on every visit)."""
    return select(func.count(Member.id)).where(
        Member.org_id == bindparam("org_id"), Member.is_active.is_(True)
    )


def years(org_id: int) -> list[Year]:
    """The organization's opened years, newest first."""
    return list(
        db.session.scalars(select(Year).where(Year.org_id == org_id).order_by(Year.year.desc()))
    )
