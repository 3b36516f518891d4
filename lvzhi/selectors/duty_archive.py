"""A member's 履职档案: every year's items, progress, records and files, and the meetings and
activities they were invited to, read as plain values in two statements however many years
and records (the member's own page, and the secretariat's view of a member)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, bindparam

from ..domain import duties as rules
from ..models import DutyRecord
from .attendance import MemberEvent, event_summary, member_events
from .duties import ItemView, body_items
from .own_records import RecordView, record_views, record_views_select, year_progress


@dataclass(frozen=True, slots=True)
class ArchiveItem:
    """One item of a year as the archive lists it: its records, newest first, and how many
    are confirmed."""

    item: ItemView
    records: list[RecordView]
    confirmed: int


@dataclass(frozen=True, slots=True)
class ArchiveYear:
    """One year of a member's archive: the year's items (retired ones too), the progress
    over those in use, the items listed (``shown``: those in use, and a retired one that has
    records), the meetings and activities the member was invited to and their counts."""

    year: int
    progress: rules.MemberProgress
    items: tuple[ItemView, ...]
    shown: tuple[ArchiveItem, ...]
    attendance: list[MemberEvent]
    attendance_counts: dict[str, int]


def archive(member, include_drafts: bool = True) -> dict:
    """Every year of one member (``ArchiveYear``, newest first) and the records' files.
    Anyone but the member passes ``include_drafts=False``. Two statements of its own
    whatever the number of years and records: the records with who decided them and their
    files, and the invitations, as plain values (no ORM object); the items are the
    body's kept ones (``body_items``), the progress is counted from the records."""
    all_records, files = record_views(
        _archive_records_select(include_drafts), {"member_id": member.id}
    )
    invitations = member_events(member.id)
    body = body_items(member.org_id)
    years = sorted(
        {r.year for r in all_records} | set(body) | {i.held_on.year for i in invitations},
        reverse=True,
    )
    of_item: dict[int, list[RecordView]] = defaultdict(list)
    for r in all_records:
        of_item[r.item_id].append(r)
    attendance_of: dict[int, list[MemberEvent]] = defaultdict(list)
    for invited in invitations:
        attendance_of[invited.held_on.year].append(invited)
    by_year = []
    for year in years:
        year_items = body.get(year, ())
        records = {i.id: of_item.get(i.id, []) for i in year_items}
        progress, counts = year_progress(year_items, (r for i in year_items for r in records[i.id]))
        attendance = attendance_of[year]
        by_year.append(
            ArchiveYear(
                year=year,
                progress=progress,
                items=year_items,
                shown=tuple(
                    ArchiveItem(i, records[i.id], counts[i.code][rules.CONFIRMED])
                    for i in year_items
                    if records[i.id] or not i.retired
                ),
                attendance=attendance,
                attendance_counts=event_summary(attendance),
            )
        )
    return {"member": member, "years": by_year, "files": files}


@cache
def _archive_records_select(include_drafts: bool) -> Select:
    """The member's (``member_id``) records the archive lists: without drafts for others."""
    where = [DutyRecord.member_id == bindparam("member_id")]
    if not include_drafts:
        where.append(DutyRecord.status != rules.DRAFT)
    return record_views_select(*where)
