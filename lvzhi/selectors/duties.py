"""Reading the "十个一": a year's items, a member's progress and records, the member × item
grid of a scope, pending records. Aggregates in SQL; a page's statement count does not grow
with the number of records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from types import MappingProxyType

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..domain import duties as rules
from ..domain.uploads import OWNER_DUTY_RECORD
from ..extensions import db
from ..models import Attachment, DutyItem, DutyRecord, Member, OfficeGroup
from ..stamps import kept
from .attendance import attendance_facts, year_rate


@dataclass(frozen=True, slots=True)
class ItemView:
    """A year's item as the member's pages read it: plain values, kept for the body by the
    worker (``body_items``) and shared by every member's page, so never an ORM object."""

    id: int
    org_id: int
    year: int
    code: str
    name: str
    description: str
    required: int
    sort_order: int
    retired: bool

    @property
    def short_name(self) -> str:
        return rules.short_name(self.code, self.name)


def body_items(org_id: int) -> Mapping[int, tuple[ItemView, ...]]:
    """Every year's items of the body, retired ones too, in the checklist's order: one
    statement, kept by the worker under the body's stamp (``stamps.kept``). A member's
    checklist, item pages and archive read their items here, and every page its years."""
    return kept("body_items", org_id, (), lambda: _body_items(org_id))


def _body_items(org_id: int) -> Mapping[int, tuple[ItemView, ...]]:
    by_year: dict[int, list[ItemView]] = defaultdict(list)
    for row in db.session.execute(_body_items_select(), {"org_id": org_id}):
        by_year[row.year].append(ItemView(*row))
    return MappingProxyType({year: tuple(rows) for year, rows in by_year.items()})


@cache
def _body_items_select() -> Select:
    return (
        select(
            DutyItem.id,
            DutyItem.org_id,
            DutyItem.year,
            DutyItem.code,
            DutyItem.name,
            DutyItem.description,
            DutyItem.required,
            DutyItem.sort_order,
            DutyItem.retired,
        )
        .where(DutyItem.org_id == bindparam("org_id"))
        .order_by(DutyItem.year, DutyItem.sort_order, DutyItem.id)
    )


def year_items(org_id: int, year: int) -> list[ItemView]:
    """The year's items in use (not retired), as ``items`` but kept (``body_items``)."""
    return [i for i in body_items(org_id).get(year, ()) if not i.retired]


def item_of(org_id: int, year: int, code: str) -> ItemView | None:
    """The year's item of ``code``, retired or not, as ``item_by_code`` but kept."""
    return next((i for i in body_items(org_id).get(year, ()) if i.code == code), None)


def items(org_id: int, year: int, include_retired: bool = False) -> list[DutyItem]:
    return list(
        db.session.scalars(_items_select(include_retired), {"org_id": org_id, "year": year})
    )


def item_by_code(org_id: int, year: int, code: str) -> DutyItem | None:
    return db.session.scalar(_item_select(), {"org_id": org_id, "year": year, "code": code})


def years_with_items(org_id: int) -> list[int]:
    """The years the body has a checklist for, newest first (kept: ``body_items``)."""
    return sorted(body_items(org_id), reverse=True)


# The member pages' statements, each built once per worker with its values as parameters:
# building a statement (and its cache key) costs about as much as running it, on every page.


@cache
def _items_select(include_retired: bool) -> Select:
    stmt = select(DutyItem).where(
        DutyItem.org_id == bindparam("org_id"), DutyItem.year == bindparam("year")
    )
    if not include_retired:
        stmt = stmt.where(DutyItem.retired.is_(False))
    return stmt.order_by(DutyItem.sort_order, DutyItem.id)


@cache
def _item_select() -> Select:
    return select(DutyItem).where(
        DutyItem.org_id == bindparam("org_id"),
        DutyItem.year == bindparam("year"),
        DutyItem.code == bindparam("code"),
    )


def _progress(year_items: list[DutyItem], counts: dict[str, dict[str, int]]):
    return rules.member_progress([(i.code, i.name, i.required) for i in year_items], counts)


def member_progress(
    member_id: int, year_items: list[DutyItem], include_drafts: bool = True
) -> rules.MemberProgress:
    """One member's progress over the given items: one GROUP BY query. Others than the
    member pass ``include_drafts=False``: a draft is the member's own until submitted."""
    ids = {i.id: i.code for i in year_items}
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    if ids:
        rows = db.session.execute(
            _progress_select(include_drafts), {"member_id": member_id, "item_ids": list(ids)}
        )
        for item_id, status, n in rows:
            counts[ids[item_id]][status] = n
    return _progress(year_items, counts)


@cache
def _progress_select(include_drafts: bool) -> Select:
    stmt = select(DutyRecord.item_id, DutyRecord.status, func.count(DutyRecord.id)).where(
        DutyRecord.member_id == bindparam("member_id"),
        DutyRecord.item_id.in_(bindparam("item_ids", expanding=True)),
    )
    if not include_drafts:
        stmt = stmt.where(DutyRecord.status != rules.DRAFT)
    return stmt.group_by(DutyRecord.item_id, DutyRecord.status)


def attachments_by_owner(
    owner_ids: list[int], owner_type: str = OWNER_DUTY_RECORD
) -> dict[int, list[Attachment]]:
    if not owner_ids:
        return defaultdict(list)
    return _by_owner(
        db.session.scalars(
            _attachments_select(), {"owner_type": owner_type, "owner_ids": list(owner_ids)}
        )
    )


def _by_owner(attachments) -> dict[int, list[Attachment]]:
    result: dict[int, list[Attachment]] = defaultdict(list)
    for a in attachments:
        result[a.owner_id].append(a)
    return result


@cache
def _attachments_select() -> Select:
    return (
        select(Attachment)
        .where(
            Attachment.owner_type == bindparam("owner_type"),
            Attachment.owner_id.in_(bindparam("owner_ids", expanding=True)),
        )
        .order_by(Attachment.id)
    )


def records(
    member_id: int,
    *,
    item_id: int | None = None,
    year: int | None = None,
    include_drafts: bool = True,
) -> list[DutyRecord]:
    """A member's records, newest first; without drafts for anyone but the member. With the
    deciders (a card names who confirmed by hand), and the item unless one is asked for."""
    stmt = _records_select(include_drafts, item_id is not None, year is not None)
    values = {"member_id": member_id, "item_id": item_id, "year": year}
    return list(db.session.scalars(stmt, values))


@cache
def _records_select(include_drafts: bool, by_item: bool, by_year: bool) -> Select:
    stmt = (
        select(DutyRecord)
        .where(DutyRecord.member_id == bindparam("member_id"))
        .options(joinedload(DutyRecord.decided_by))
        .order_by(DutyRecord.occurred_on.desc(), DutyRecord.id.desc())
    )
    if not by_item:
        stmt = stmt.options(joinedload(DutyRecord.item))
    if not include_drafts:
        stmt = stmt.where(DutyRecord.status != rules.DRAFT)
    if by_item:
        stmt = stmt.where(DutyRecord.item_id == bindparam("item_id"))
    if by_year:
        stmt = stmt.where(DutyRecord.year == bindparam("year"))
    return stmt


def status_counts(org_id: int, year: int, year_items: list[DutyItem], members) -> dict:
    """member id → item code → status → number of records, for ``members`` (ids or a
    subquery of ids), in one GROUP BY query. For overviews others read: drafts, the
    members' own until submitted, are left out."""
    codes = {i.id: i.code for i in year_items}
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    if not codes:
        return counts
    listed = isinstance(members, list | tuple)
    stmt = _status_counts_listed() if listed else _status_counts_select(members)
    values = {"org_id": org_id, "year": year, "item_ids": list(codes)}
    rows = db.session.execute(stmt, {**values, "members": list(members)} if listed else values)
    for member_id, item_id, status, n in rows:
        counts[member_id][codes[item_id]][status] = n
    return counts


def _status_counts_select(members) -> Select:
    return (
        select(
            DutyRecord.member_id, DutyRecord.item_id, DutyRecord.status, func.count(DutyRecord.id)
        )
        .where(
            DutyRecord.org_id == bindparam("org_id"),
            DutyRecord.year == bindparam("year"),
            DutyRecord.item_id.in_(bindparam("item_ids", expanding=True)),
            DutyRecord.member_id.in_(members),
            DutyRecord.status != rules.DRAFT,
        )
        .group_by(DutyRecord.member_id, DutyRecord.item_id, DutyRecord.status)
    )


@cache
def _status_counts_listed() -> Select:
    """``status_counts`` for a list of member ids, built once per worker."""
    return _status_counts_select(bindparam("members", expanding=True))


def pending(org_id: int, scope, exclude_member_id: int | None = None) -> list[DutyRecord]:
    """Submitted records awaiting confirmation, of the members matching ``scope``."""
    return list(db.session.scalars(pending_select(org_id, scope, exclude_member_id)))


def pending_select(
    org_id: int,
    scope,
    exclude_member_id: int | None = None,
    submitted_before: datetime | None = None,
    *,
    name: str = "",
    item_ids: list[int] | None = None,
    group_id: int | None = None,
):
    """The query behind ``pending``, oldest first, for paging; narrowed to members whose name
    contains ``name``, to the items ``item_ids`` (an item's every year) and to a group."""
    stmt = (
        select(DutyRecord)
        .join(Member, Member.id == DutyRecord.member_id)
        .where(DutyRecord.org_id == org_id, DutyRecord.status == rules.SUBMITTED, scope)
        .options(
            joinedload(DutyRecord.item),
            joinedload(DutyRecord.member).joinedload(Member.office_group),
        )
        .order_by(DutyRecord.submitted_at, DutyRecord.id)
    )
    if exclude_member_id:
        stmt = stmt.where(DutyRecord.member_id != exclude_member_id)
    if submitted_before is not None:
        stmt = stmt.where(DutyRecord.submitted_at < submitted_before)
    if name:
        stmt = stmt.where(Member.name.contains(name, autoescape=True))
    if item_ids is not None:
        stmt = stmt.where(DutyRecord.item_id.in_(item_ids))
    if group_id is not None:
        stmt = stmt.where(Member.office_group_id == group_id)
    return stmt


def records_by_ids(org_id: int, ids: list[int]) -> list[DutyRecord]:
    """The organization's records with these ids, their members loaded (bulk confirm)."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(DutyRecord)
            .where(DutyRecord.id.in_(ids), DutyRecord.org_id == org_id)
            .options(joinedload(DutyRecord.member))
        )
    )


def handbook_members(
    scope,
    member_id: int | None = None,
    group_id: int | None = None,
    committee_id: int | None = None,
    sector_id: int | None = None,
) -> list[Member]:
    """The active members matching ``scope`` (and the optional member / group / committee /
    sector) whose pages a printed handbook holds, group by group."""
    stmt = (
        select(Member)
        .where(scope, Member.is_active.is_(True))
        .options(
            joinedload(Member.office_group), joinedload(Member.committee), joinedload(Member.sector)
        )
        .order_by(Member.office_group_id, Member.name)
    )
    for value, column in (
        (member_id, Member.id),
        (group_id, Member.office_group_id),
        (committee_id, Member.committee_id),
        (sector_id, Member.sector_id),
    ):
        if value:
            stmt = stmt.where(column == value)
    return list(db.session.scalars(stmt))


def group_names(org_id: int) -> dict[int, str]:
    return dict(
        db.session.execute(
            select(OfficeGroup.id, OfficeGroup.name).where(OfficeGroup.org_id == org_id)
        ).all()
    )


def current_year(org_id: int) -> int:
    """The organization's current 年度 (as set by the secretariat), else this calendar year;
    asked by most pages, kept by the worker (``stamps.kept``)."""
    return kept("current_year", org_id, (), lambda: _current_year(org_id))


def _current_year(org_id: int) -> int:
    year = db.session.scalar(_current_year_select(), {"org_id": org_id})
    return year or local_today().year


@cache
def _current_year_select() -> Select:
    from ..models import Year

    return select(Year.year).where(Year.org_id == bindparam("org_id"), Year.is_current.is_(True))


def handbook_pages(org_id: int, year: int, members: list) -> list[dict]:
    """One A4 page per member: the items, their confirmed records, the progress and the
    year's attendance (present / excused / absent)."""
    year_items = items(org_id, year)
    records = confirmed_records(org_id, year, [m.id for m in members])
    grid_counts = progress_for(org_id, year, year_items, [m.id for m in members])
    facts = attendance_facts(org_id, year) if members else {}
    pages = []
    for m in members:
        mine = records.get(m.id, {})
        pages.append(
            {
                "member": m,
                "progress": grid_counts[m.id],
                "rows": [(i, mine.get(i.id, [])) for i in year_items],
                "attendance": year_rate(facts.get(m.id, {})),
            }
        )
    return pages


def confirmed_records(
    org_id: int, year: int, member_ids: list[int]
) -> dict[int, dict[int, list[DutyRecord]]]:
    """member id → item id → confirmed records of the year, in one query."""
    result: dict[int, dict[int, list[DutyRecord]]] = defaultdict(lambda: defaultdict(list))
    if member_ids:
        for r in db.session.scalars(
            select(DutyRecord)
            .where(
                DutyRecord.org_id == org_id,
                DutyRecord.year == year,
                DutyRecord.status == rules.CONFIRMED,
                DutyRecord.member_id.in_(member_ids),
            )
            .options(joinedload(DutyRecord.decided_by))
            .order_by(DutyRecord.occurred_on, DutyRecord.id)
        ):
            result[r.member_id][r.item_id].append(r)
    return result


def progress_for(
    org_id: int, year: int, year_items: list[DutyItem], member_ids: list[int]
) -> dict[int, rules.MemberProgress]:
    """member id → progress, for many members in one GROUP BY query."""
    counts = status_counts(org_id, year, year_items, member_ids) if member_ids else {}
    return {m: _progress(year_items, counts.get(m, {})) for m in member_ids}
