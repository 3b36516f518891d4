"""Reading the "十个一": a year's items, a member's progress and records, the member × item
grid of a scope, pending records. Aggregates in SQL; a page's statement count does not grow
with the number of records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only

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
    def total(self) -> int:
        return len(self.rows)

    @property
    def done_all(self) -> int:
        return sum(1 for r in self.rows if r.progress.all_done)

    @property
    def average(self) -> float:
        return (sum(r.progress.done_count for r in self.rows) / len(self.rows)) if self.rows else 0

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


@dataclass
class PagedGrid:
    """One page of a scope's member × item grid, paged and sorted in SQL, with the figures
    (members, all done, average, distribution) of the whole scope summed in SQL. Reads like
    ``Grid`` in the templates (``rows`` are the page's rows)."""

    year: int
    items: list[DutyItem]
    page: RowPage
    done_by_count: dict[int, int] = field(default_factory=dict)

    @property
    def rows(self) -> list[GridRow]:
        return self.page.items

    @property
    def total(self) -> int:
        return self.page.total

    @property
    def done_all(self) -> int:
        return sum(c for n, c in self.done_by_count.items() if n >= len(self.items))

    @property
    def average(self) -> float:
        return sum(n * c for n, c in self.done_by_count.items()) / self.total if self.total else 0

    def distribution(self) -> list[tuple[int, int]]:
        return [(n, self.done_by_count.get(n, 0)) for n in range(len(self.items), -1, -1)]


def _done_counts(org_id: int, year: int, year_items: list[DutyItem]):
    """A subquery (member_id, n): how many of ``year_items`` each member has done (confirmed
    records reaching the item's required count, domain.duties.item_progress's rule); members
    with none done are absent."""
    done_items = (
        select(DutyRecord.member_id)
        .join(DutyItem, DutyItem.id == DutyRecord.item_id)
        .where(
            DutyRecord.org_id == org_id,
            DutyRecord.year == year,
            DutyRecord.status == rules.CONFIRMED,
            DutyRecord.item_id.in_([i.id for i in year_items]),
        )
        .group_by(DutyRecord.member_id, DutyRecord.item_id, DutyItem.required)
        .having(func.count(DutyRecord.id) >= DutyItem.required)
        .subquery()
    )
    return (
        select(done_items.c.member_id, func.count().label("n"))
        .group_by(done_items.c.member_id)
        .subquery()
    )


def grid_page(
    org_id: int,
    year: int,
    scope,
    *,
    group: int | None = None,
    committee: int | None = None,
    sector: int | None = None,
    sort: str = "lagging",
    page: int = 1,
    per_page: int = 50,
) -> PagedGrid:
    """``grid``'s rows and figures, one page at a time: four statements (items, figures by
    items done, the page's members, their cells) and only the page's members loaded, whatever
    the size of the body. Sorted as ``grid`` sorts, ties by id."""
    year_items = items(org_id, year)
    where = [scope, Member.org_id == org_id, Member.is_active.is_(True)]
    for column, value in (
        (Member.office_group_id, group),
        (Member.committee_id, committee),
        (Member.sector_id, sector),
    ):
        if value:
            where.append(column == value)
    if year_items:
        done = _done_counts(org_id, year, year_items)
        n_done = func.coalesce(done.c.n, 0)
        by_count = {
            n: c
            for n, c in db.session.execute(
                select(n_done, func.count(Member.id))
                .outerjoin(done, done.c.member_id == Member.id)
                .where(*where)
                .group_by(n_done)
            )
        }
    else:
        n_done = None
        by_count = {0: db.session.scalar(select(func.count(Member.id)).where(*where)) or 0}
    total = sum(by_count.values())
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    stmt = (
        select(Member)
        .where(*where)
        .options(
            load_only(Member.id, Member.name, Member.office_group_id, Member.sector_id),
            joinedload(Member.office_group).load_only(OfficeGroup.id, OfficeGroup.name),
            joinedload(Member.sector),
        )
    )
    if n_done is not None and sort != "name":
        stmt = stmt.outerjoin(done, done.c.member_id == Member.id)
        stmt = stmt.order_by(n_done.desc() if sort == "done" else n_done)
    stmt = stmt.order_by(Member.name, Member.id).limit(per_page).offset((page - 1) * per_page)
    members = list(db.session.scalars(stmt)) if total else []
    counts = status_counts(org_id, year, year_items, [m.id for m in members]) if members else {}
    rows = _grid_rows(year_items, members, counts)
    return PagedGrid(year, year_items, RowPage(rows, page, pages, total), by_count)


def _grid_rows(year_items: list[DutyItem], members, counts) -> list[GridRow]:
    rows = []
    for m in members:
        progress = _progress(year_items, counts.get(m.id, {}))
        rows.append(GridRow(m, progress, sum(c.pending for c in progress.items)))
    return rows


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
    result = Grid(year, year_items, _grid_rows(year_items, members, counts))
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
) -> list[Member]:
    """The active members matching ``scope`` (and the optional member / group / committee)
    whose pages a printed handbook holds, group by group."""
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
    """The organization's current 年度 (as set by the secretariat), else this calendar year."""

    from ..models import Year

    year = db.session.scalar(
        select(Year.year).where(Year.org_id == org_id, Year.is_current.is_(True))
    )
    return year or local_today().year


def archive(member, include_drafts: bool = True) -> dict:
    """Every year of one member: items, progress, records by item, files, meetings. Anyone
    but the member passes ``include_drafts=False``. Six statements whatever the number of
    years: the progress is counted from the records already loaded."""
    from datetime import date

    all_records = records(member.id, include_drafts=include_drafts)
    years = sorted(
        {r.year for r in all_records} | set(years_with_items(member.org_id)), reverse=True
    )
    files = attachments_by_owner([r.id for r in all_records])
    items_of: dict[int, list[DutyItem]] = defaultdict(list)
    meetings_of: dict[int, list[Meeting]] = defaultdict(list)
    if years:
        for item in db.session.scalars(
            select(DutyItem)
            .where(DutyItem.org_id == member.org_id, DutyItem.year.in_(years))
            .order_by(DutyItem.year, DutyItem.sort_order, DutyItem.id)
        ):
            items_of[item.year].append(item)
        for meeting in db.session.scalars(
            select(Meeting)
            .where(
                Meeting.org_id == member.org_id,
                Meeting.held_on >= date(years[-1], 1, 1),
                Meeting.held_on <= date(years[0], 12, 31),
            )
            .order_by(Meeting.held_on)
        ):
            meetings_of[meeting.held_on.year].append(meeting)
    by_year = []
    for year in years:
        year_items = items_of[year]
        year_records = [r for r in all_records if r.year == year]
        codes = {i.id: i.code for i in year_items}
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in year_records:
            if r.item_id in codes:
                counts[codes[r.item_id]][r.status] += 1
        by_year.append(
            {
                "year": year,
                "progress": _progress([i for i in year_items if not i.retired], counts),
                "items": year_items,
                "records": {
                    i.id: [r for r in year_records if r.item_id == i.id] for i in year_items
                },
                "confirmed": {
                    i.id: sum(
                        1 for r in year_records if r.item_id == i.id and r.status == rules.CONFIRMED
                    )
                    for i in year_items
                },
                "meetings": meetings_of[year],
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


@dataclass
class Completion:
    """A body's 十个一 completion in a year, summed in SQL: the figures and the breakdowns by
    office group, committee and sector, laggards first."""

    items: list[DutyItem]
    members: int = 0
    done_all: int = 0
    items_done: int = 0
    by_group: list[CompletionLine] = field(default_factory=list)
    by_committee: list[CompletionLine] = field(default_factory=list)
    by_sector: list[CompletionLine] = field(default_factory=list)

    @property
    def average(self) -> float:
        return self.items_done / self.members if self.members else 0.0


def completion(org_id: int, year: int) -> Completion:
    """Two statements whatever the size of the body: the year's items, then one GROUP BY
    that counts each active member's done items (confirmed records reaching the item's
    required count, domain.duties.item_progress's rule) and sums members by group,
    committee, sector and items done."""
    from ..models import Committee, Sector

    year_items = items(org_id, year)
    result = Completion(year_items)
    if not year_items:
        return result
    done = _done_counts(org_id, year, year_items)
    n_done = func.coalesce(done.c.n, 0)
    keys = (Member.office_group_id, Member.committee_id, Member.sector_id)
    names = (OfficeGroup.name, Committee.name, Sector.name)
    rows = db.session.execute(
        select(*keys, *names, n_done, func.count(Member.id))
        .outerjoin(done, done.c.member_id == Member.id)
        .outerjoin(OfficeGroup, OfficeGroup.id == Member.office_group_id)
        .outerjoin(Committee, Committee.id == Member.committee_id)
        .outerjoin(Sector, Sector.id == Member.sector_id)
        .where(Member.org_id == org_id, Member.is_active.is_(True))
        .group_by(*keys, *names, n_done)
    ).all()
    lines: list[dict[int | None, CompletionLine]] = [{}, {}, {}]
    for row in rows:
        n, count = row[6], row[7]
        all_done = count if n >= len(year_items) else 0
        result.members += count
        result.done_all += all_done
        result.items_done += n * count
        for k in range(3):
            key, name = row[k], row[3 + k]
            line = lines[k].setdefault(key, CompletionLine(key, name or "（未分配）"))
            line.members += count
            line.all_done += all_done
            line.items_done += n * count
    result.by_group, result.by_committee, result.by_sector = (
        sorted(by.values(), key=lambda c: (c.average, c.name)) for by in lines
    )
    return result
