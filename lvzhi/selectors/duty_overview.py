"""The member × item overviews of the "十个一": a scope's grid (paged in SQL, cells from one
GROUP BY over the page's members) and a body's completion figures, summed in SQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import false, func, select
from sqlalchemy.orm import joinedload

from ..domain import duties as rules
from ..extensions import db
from ..models import Committee, DutyItem, DutyRecord, Member, OfficeGroup, Sector
from . import same_body
from .duties import _progress, items, status_counts
from .roster import Choice

# --- overviews -------------------------------------------------------------------------------


class GridMember(NamedTuple):
    """What a paged grid shows of a member (read as columns, no ORM object)."""

    id: int
    name: str
    office_group: Choice | None
    sector: Choice | None


@dataclass
class GridRow:
    member: Member | GridMember
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

    @classmethod
    def of(cls, rows: list, page: int, per_page: int) -> RowPage:
        """Page ``page`` of ``rows`` (already in order); a page past the last shows the last."""
        page, pages = cls.bounds(len(rows), page, per_page)
        return cls(rows[(page - 1) * per_page : page * per_page], page, pages, len(rows))

    @staticmethod
    def bounds(total: int, page: int, per_page: int) -> tuple[int, int]:
        """The page to show of ``total`` rows (a page past the last shows the last) and how
        many pages there are: for a list that loads only its page (LIMIT/OFFSET)."""
        pages = max(1, -(-total // per_page))
        return min(max(1, page), pages), pages


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


def member_filters(group: int | None, committee: int | None, sector: int | None) -> list:
    """Conditions on Member for the overview filters given (an office group, a committee, a
    sector)."""
    return [
        column == value
        for column, value in (
            (Member.office_group_id, group),
            (Member.committee_id, committee),
            (Member.sector_id, sector),
        )
        if value
    ]


def _done_counts(org_id: int, year: int, item_ids):
    """A subquery (member_id, n): how many of the items ``item_ids`` each member has done
    (confirmed records reaching the item's required count, domain.duties.item_progress's
    rule); members with none done are absent."""
    done = done_items(org_id, year, item_ids).subquery()
    return select(done.c.member_id, func.count().label("n")).group_by(done.c.member_id).subquery()


def done_items(org_id: int, year: int, item_ids):
    """A select (member_id, item_id) of the items of ``item_ids`` each member has done."""
    return (
        select(DutyRecord.member_id, DutyRecord.item_id)
        .join(DutyItem, DutyItem.id == DutyRecord.item_id)
        .where(
            DutyRecord.org_id == org_id,
            DutyRecord.year == year,
            DutyRecord.status == rules.CONFIRMED,
            DutyRecord.item_id.in_(list(item_ids)),
        )
        .group_by(DutyRecord.member_id, DutyRecord.item_id, DutyItem.required)
        .having(func.count(DutyRecord.id) >= DutyItem.required)
    )


def members_done_item(org_id: int, year: int, item: DutyItem):
    """A select of the members who have done ``item`` in ``year`` (confirmed records reaching
    its required count)."""
    return (
        select(DutyRecord.member_id)
        .where(
            DutyRecord.org_id == org_id,
            DutyRecord.year == year,
            DutyRecord.status == rules.CONFIRMED,
            DutyRecord.item_id == item.id,
        )
        .group_by(DutyRecord.member_id)
        .having(func.count(DutyRecord.id) >= item.required)
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
    incomplete: bool = False,
    done_count: int | None = None,
    missing: int | None = None,
) -> PagedGrid:
    """``grid``'s rows and figures, one page at a time: four statements (items, figures by
    items done, the page's members, their cells) and only the page's members loaded, whatever
    the size of the body. Sorted as ``grid`` sorts, ties by id. The board's drill-downs narrow
    it to the members not fully done (``incomplete``), those with exactly ``done_count``
    items done, or those who have not done the item ``missing`` (an item id of the year)."""
    year_items = items(org_id, year)
    where = [scope, Member.org_id == org_id, Member.is_active.is_(True)]
    where += member_filters(group, committee, sector)
    missing_item = next((i for i in year_items if i.id == missing), None)
    if missing_item is not None:
        where.append(Member.id.not_in(members_done_item(org_id, year, missing_item)))
    if year_items:
        done = _done_counts(org_id, year, [i.id for i in year_items])
        n_done = func.coalesce(done.c.n, 0)
        if incomplete:
            where.append(n_done < len(year_items))
        if done_count is not None:
            where.append(n_done == done_count)
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
        if done_count not in (None, 0):
            where.append(false())
        by_count = {0: db.session.scalar(select(func.count(Member.id)).where(*where)) or 0}
    total = sum(by_count.values())
    page, pages = RowPage.bounds(total, page, per_page)
    stmt = (
        select(
            Member.id,
            Member.name,
            Member.office_group_id,
            OfficeGroup.name,
            Member.sector_id,
            Sector.name,
        )
        .outerjoin(OfficeGroup, same_body(OfficeGroup, Member.office_group_id))
        .outerjoin(Sector, same_body(Sector, Member.sector_id))
        .where(*where)
    )
    if n_done is not None and (sort != "name" or incomplete or done_count is not None):
        stmt = stmt.outerjoin(done, done.c.member_id == Member.id)
    if n_done is not None and sort != "name":
        stmt = stmt.order_by(n_done.desc() if sort == "done" else n_done)
    stmt = stmt.order_by(Member.name, Member.id).limit(per_page).offset((page - 1) * per_page)
    members = [
        GridMember(id_, name, Choice(g, g_name) if g else None, Choice(s, s_name) if s else None)
        for id_, name, g, g_name, s, s_name in (db.session.execute(stmt) if total else ())
    ]
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
    by_count: dict[int, int] = field(default_factory=dict)  # items done → members
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
    year_items = items(org_id, year)
    if not year_items:
        return Completion(year_items)
    rows = db.session.execute(
        _completion_counts(org_id, year, tuple(i.id for i in year_items))
    ).all()
    return completion_of(year_items, rows)


def completion_of(year_items: list[DutyItem], rows) -> Completion:
    """The ``Completion`` of ``by_scope``'s rows (group, committee, sector, their names,
    items done, members)."""
    result = Completion(year_items)
    lines: list[dict[int | None, CompletionLine]] = [{}, {}, {}]
    for row in rows:
        n, count = row[6], row[7]
        all_done = count if n >= len(year_items) else 0
        result.members += count
        result.done_all += all_done
        result.items_done += n * count
        result.by_count[n] = result.by_count.get(n, 0) + count
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


@lru_cache(maxsize=128)
def _completion_counts(org_id: int, year: int, item_ids: tuple[int, ...]):
    """``completion``'s GROUP BY: built once per body, year and items (every value its SQL
    holds) and shared by requests — a built statement is immutable, and building and keying
    it anew was as much Python as running it."""
    return by_scope(org_id, _done_counts(org_id, year, item_ids))


def by_scope(org_id: int, done):
    """The body's active members counted by office group, committee, sector (each with its
    name) and items done (``done``: (member_id, n) as ``_done_counts`` gives it)."""
    n_done = func.coalesce(done.c.n, 0)
    keys = (Member.office_group_id, Member.committee_id, Member.sector_id)
    names = (OfficeGroup.name, Committee.name, Sector.name)
    return (
        select(*keys, *names, n_done, func.count(Member.id))
        .outerjoin(done, done.c.member_id == Member.id)
        .outerjoin(OfficeGroup, same_body(OfficeGroup, Member.office_group_id))
        .outerjoin(Committee, same_body(Committee, Member.committee_id))
        .outerjoin(Sector, same_body(Sector, Member.sector_id))
        .where(Member.org_id == org_id, Member.is_active.is_(True))
        .group_by(*keys, *names, n_done)
    )
