"""A member's own records as their cards show them, read as plain values with their files in
one statement: the member's item page (``item_page``) and archive (``duty_archive``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cache

from sqlalchemy import Select, bindparam, select

from ..domain import duties as rules
from ..domain.uploads import OWNER_DUTY_RECORD
from ..extensions import db
from ..models import Attachment, DutyRecord, User
from ..models.duties import RecordFacts
from .duties import ItemView, _progress, body_items


@dataclass(frozen=True, slots=True)
class RecordView(RecordFacts):
    """A member's record as its card shows it (``_macros/duties.html``) on the member's own
    item page and archive: plain values, read with the name of whoever decided it in the
    page's one statement of records, never an ORM object."""

    id: int
    item_id: int
    year: int
    occurred_on: date
    title: str
    body: str
    status: str
    return_reason: str
    decided_at: datetime | None
    decided_by_id: int | None
    source_type: str | None
    source_title: str
    source_url: str
    version: int
    decider_name: str | None


@dataclass(frozen=True, slots=True)
class FileView:
    """A record's file as its card shows it (a thumbnail, or a chip with its kind and
    name): plain values, read with the record."""

    id: int
    kind: str
    display_name: str
    has_thumbnail: bool


_RECORD_WIDTH = len(fields(RecordView))


def record_views_select(*where) -> Select:
    """``RecordView``'s fields in its order, then ``FileView``'s, of the records ``where``
    selects, newest first: the record's columns, who decided it, and one row a file (a
    record without files on one row of its own, its file's columns empty)."""
    *columns, _decider = (f.name for f in fields(RecordView))
    return (
        select(
            *(getattr(DutyRecord, name) for name in columns),
            User.display_name,
            *(getattr(Attachment, f.name) for f in fields(FileView)),
        )
        .outerjoin(User, User.id == DutyRecord.decided_by_id)
        .outerjoin(
            Attachment,
            (Attachment.owner_type == OWNER_DUTY_RECORD) & (Attachment.owner_id == DutyRecord.id),
        )
        .where(*where)
        .order_by(DutyRecord.occurred_on.desc(), DutyRecord.id.desc(), Attachment.id)
    )


def record_views(stmt: Select, values: dict) -> tuple[list[RecordView], dict[int, list]]:
    """The records of a ``record_views_select`` statement, each once, and their files
    (record id → ``FileView`` list, in upload order)."""
    records: list[RecordView] = []
    files: dict[int, list[FileView]] = defaultdict(list)
    for row in db.session.execute(stmt, values):
        if not records or records[-1].id != row[0]:
            records.append(RecordView(*row[:_RECORD_WIDTH]))
        if row[_RECORD_WIDTH] is not None:
            files[row[0]].append(FileView(*row[_RECORD_WIDTH:]))
    return records, files


def year_progress(of_year, records) -> tuple[rules.MemberProgress, dict[str, Counter]]:
    """The member's progress over a year's items in use, counted from their records of the
    year's items (plain values, drafts as given) as ``duties.member_progress`` counts them
    in SQL, and the counts themselves: item code → status → how many."""
    code = {i.id: i.code for i in of_year}
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        counts[code[r.item_id]][r.status] += 1
    return _progress([i for i in of_year if not i.retired], counts), counts


def item_page(member_id: int, item: ItemView) -> tuple[rules.MemberProgress, list, dict]:
    """The member's progress over the year of ``item`` (drafts counted: the member's own
    page), the item's records, newest first, and their files: ONE statement, the member's
    records of the year's items with their files (a few dozen a year)."""
    of_year = body_items(item.org_id).get(item.year, ())
    rows, files = record_views(
        _year_records_select(), {"member_id": member_id, "item_ids": [i.id for i in of_year]}
    )
    progress, _counts = year_progress(of_year, rows)
    return progress, [r for r in rows if r.item_id == item.id], files


@cache
def _year_records_select() -> Select:
    return record_views_select(
        DutyRecord.member_id == bindparam("member_id"),
        DutyRecord.item_id.in_(bindparam("item_ids", expanding=True)),
    )
