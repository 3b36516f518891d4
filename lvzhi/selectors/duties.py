"""Reading the "十个一": a year's items, a member's progress and records, the member × item
grid of a scope, pending records. Aggregates in SQL; a page's statement count does not grow
with the number of records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..domain import duties as rules
from ..domain.uploads import OWNER_DUTY_RECORD
from ..extensions import db
from ..models import Attachment, DutyItem, DutyRecord, Meeting, Member, OfficeGroup


def items(org_id: int, year: int, include_retired: bool = False) -> list[DutyItem]:
    stmt = select(DutyItem).where(DutyItem.org_id == org_id, DutyItem.year == year)
    if not include_retired:
        stmt = stmt.where(DutyItem.retired.is_(False))
    return list(db.session.scalars(stmt.order_by(DutyItem.sort_order, DutyItem.id)))


def item_by_code(org_id: int, year: int, code: str) -> DutyItem | None:
    return db.session.scalar(
        select(DutyItem).where(
            DutyItem.org_id == org_id, DutyItem.year == year, DutyItem.code == code
        )
    )


def years_with_items(org_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(DutyItem.year)
            .where(DutyItem.org_id == org_id)
            .group_by(DutyItem.year)
            .order_by(DutyItem.year.desc())
        )
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
        stmt = select(DutyRecord.item_id, DutyRecord.status, func.count(DutyRecord.id)).where(
            DutyRecord.member_id == member_id, DutyRecord.item_id.in_(ids)
        )
        if not include_drafts:
            stmt = stmt.where(DutyRecord.status != rules.DRAFT)
        rows = db.session.execute(stmt.group_by(DutyRecord.item_id, DutyRecord.status))
        for item_id, status, n in rows:
            counts[ids[item_id]][status] = n
    return _progress(year_items, counts)


def attachments_by_owner(
    owner_ids: list[int], owner_type: str = OWNER_DUTY_RECORD
) -> dict[int, list[Attachment]]:
    result: dict[int, list[Attachment]] = defaultdict(list)
    if owner_ids:
        for a in db.session.scalars(
            select(Attachment)
            .where(Attachment.owner_type == owner_type, Attachment.owner_id.in_(owner_ids))
            .order_by(Attachment.id)
        ):
            result[a.owner_id].append(a)
    return result


def records(
    member_id: int,
    *,
    item_id: int | None = None,
    year: int | None = None,
    include_drafts: bool = True,
) -> list[DutyRecord]:
    """A member's records, newest first; without drafts for anyone but the member."""
    stmt = (
        select(DutyRecord)
        .where(DutyRecord.member_id == member_id)
        .options(joinedload(DutyRecord.item), joinedload(DutyRecord.decided_by))
        .order_by(DutyRecord.occurred_on.desc(), DutyRecord.id.desc())
    )
    if not include_drafts:
        stmt = stmt.where(DutyRecord.status != rules.DRAFT)
    if item_id is not None:
        stmt = stmt.where(DutyRecord.item_id == item_id)
    if year is not None:
        stmt = stmt.where(DutyRecord.year == year)
    return list(db.session.scalars(stmt))


def year_meetings(org_id: int, year: int) -> list[Meeting]:
    from datetime import date

    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.org_id == org_id,
                Meeting.held_on >= date(year, 1, 1),
                Meeting.held_on <= date(year, 12, 31),
            )
            .order_by(Meeting.held_on)
        )
    )


# --- overviews -------------------------------------------------------------------------------


@dataclass
class GridRow:
    member: Member
    progress: rules.MemberProgress
    pending: int = 0

    @property
    def cells(self):
        return self.progress.items


@dataclass
class RowPage:
    """A page of grid rows, shaped like Flask-SQLAlchemy's Pagination for the pager macro."""

    items: list[GridRow]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass
class Grid:
    year: int
    items: list[DutyItem]
    rows: list[GridRow] = field(default_factory=list)

    @property
    def done_all(self) -> int:
        return sum(1 for r in self.rows if r.progress.all_done)

    @property
    def average(self) -> float:
        return (sum(r.progress.done_count for r in self.rows) / len(self.rows)) if self.rows else 0

    def page(self, number: int, per_page: int = 50) -> RowPage:
        """One page of the (already sorted) rows; the figures above stay whole-grid."""
        pages = max(1, -(-len(self.rows) // per_page))
        number = min(max(1, number), pages)
        start = (number - 1) * per_page
        return RowPage(self.rows[start : start + per_page], number, pages, len(self.rows))

    def distribution(self) -> list[tuple[int, int]]:
        counts = defaultdict(int)
        for r in self.rows:
            counts[r.progress.done_count] += 1
        return [(n, counts.get(n, 0)) for n in range(len(self.items), -1, -1)]


def status_counts(org_id: int, year: int, year_items: list[DutyItem], members) -> dict:
    """member id → item code → status → number of records, for ``members`` (ids or a
    subquery of ids), in one GROUP BY query. For overviews others read: drafts, the
    members' own until submitted, are left out."""
    codes = {i.id: i.code for i in year_items}
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    if not codes:
        return counts
    rows = db.session.execute(
        select(
            DutyRecord.member_id, DutyRecord.item_id, DutyRecord.status, func.count(DutyRecord.id)
        )
        .where(
            DutyRecord.org_id == org_id,
            DutyRecord.year == year,
            DutyRecord.item_id.in_(codes),
            DutyRecord.member_id.in_(members),
            DutyRecord.status != rules.DRAFT,
        )
        .group_by(DutyRecord.member_id, DutyRecord.item_id, DutyRecord.status)
    )
    for member_id, item_id, status, n in rows:
        counts[member_id][codes[item_id]][status] = n
    return counts


def grid(
    org_id: int,
    year: int,
    scope,
    *,
    group: int | None = None,
    committee: int | None = None,
    sector: int | None = None,
    sort: str = "lagging",
) -> Grid:
    """The member × item grid of the members matching ``scope`` (a SQL condition on Member)
    and filters: three statements whatever the number of members and records."""
    year_items = items(org_id, year)
    stmt = (
        select(Member)
        .where(scope, Member.org_id == org_id, Member.is_active.is_(True))
        .options(
            joinedload(Member.office_group), joinedload(Member.committee), joinedload(Member.sector)
        )
    )
    if group:
        stmt = stmt.where(Member.office_group_id == group)
    if committee:
        stmt = stmt.where(Member.committee_id == committee)
    if sector:
        stmt = stmt.where(Member.sector_id == sector)
    members = list(db.session.scalars(stmt))
    counts = (
        status_counts(
            org_id, year, year_items, select(Member.id).where(scope, Member.org_id == org_id)
        )
        if members
        else {}
    )
    result = Grid(year, year_items)
    for m in members:
        progress = _progress(year_items, counts.get(m.id, {}))
        result.rows.append(GridRow(m, progress, sum(c.pending for c in progress.items)))
    if sort == "done":
        result.rows.sort(key=lambda r: (-r.progress.done_count, r.member.name))
    elif sort == "name":
        result.rows.sort(key=lambda r: r.member.name)
    else:
        result.rows.sort(key=lambda r: rules.lagging_order(r.progress.done_count, r.member.name))
    return result


def pending(org_id: int, scope, exclude_member_id: int | None = None) -> list[DutyRecord]:
    """Submitted records awaiting confirmation, of the members matching ``scope``."""
    return list(db.session.scalars(pending_select(org_id, scope, exclude_member_id)))


def pending_select(
    org_id: int,
    scope,
    exclude_member_id: int | None = None,
    submitted_before: datetime | None = None,
):
    """The query behind ``pending``, oldest first, for paging."""
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
    return stmt


def group_names(org_id: int) -> dict[int, str]:
    return dict(
        db.session.execute(
            select(OfficeGroup.id, OfficeGroup.name).where(OfficeGroup.org_id == org_id)
        ).all()
    )


def current_year(org_id: int) -> int:
    """The organization's current 年度 (as set by the secretariat), else this calendar year."""

    from ..models import Year

    year = db.session.scalar(
        select(Year.year).where(Year.org_id == org_id, Year.is_current.is_(True))
    )
    return year or local_today().year


def archive(member, include_drafts: bool = True) -> dict:
    """Every year of one member: items, progress, records by item, files, meetings. Anyone
    but the member passes ``include_drafts=False``."""
    all_records = records(member.id, include_drafts=include_drafts)
    years = sorted(
        {r.year for r in all_records} | set(years_with_items(member.org_id)), reverse=True
    )
    by_year = []
    files = attachments_by_owner([r.id for r in all_records])
    for year in years:
        year_items = items(member.org_id, year, include_retired=True)
        year_records = [r for r in all_records if r.year == year]
        progress = member_progress(
            member.id, [i for i in year_items if not i.retired], include_drafts
        )
        by_year.append(
            {
                "year": year,
                "progress": progress,
                "items": year_items,
                "records": {
                    i.id: [r for r in year_records if r.item_id == i.id] for i in year_items
                },
                "meetings": year_meetings(member.org_id, year),
            }
        )
    return {"member": member, "years": by_year, "files": files}


def handbook_pages(org_id: int, year: int, members: list) -> list[dict]:
    """One A4 page per member: the items, their confirmed records, and the progress."""
    year_items = items(org_id, year)
    records = confirmed_records(org_id, year, [m.id for m in members])
    grid_counts = progress_for(org_id, year, year_items, [m.id for m in members])
    pages = []
    for m in members:
        mine = records.get(m.id, {})
        pages.append(
            {
                "member": m,
                "progress": grid_counts[m.id],
                "rows": [(i, mine.get(i.id, [])) for i in year_items],
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


@dataclass
class CompletionLine:
    """十个一 completion of one office group, committee or sector."""

    key: int | None
    name: str
    members: int = 0
    all_done: int = 0
    items_done: int = 0

    @property
    def average(self) -> float:
        return self.items_done / self.members if self.members else 0.0

    @property
    def percent_done(self) -> int:
        return round(100 * self.all_done / self.members) if self.members else 0


def completion_by(grid: Grid, attribute: str) -> list[CompletionLine]:
    """The grid's members summed by ``office_group`` / ``committee`` / ``sector``, the
    laggards first (lowest average of items done)."""
    lines: dict[int | None, CompletionLine] = {}
    for row in grid.rows:
        owner = getattr(row.member, attribute)
        key = owner.id if owner else None
        line = lines.setdefault(key, CompletionLine(key, owner.name if owner else "（未分配）"))
        line.members += 1
        line.all_done += 1 if row.progress.all_done else 0
        line.items_done += row.progress.done_count
    return sorted(lines.values(), key=lambda c: (c.average, c.name))
