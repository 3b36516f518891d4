"""The monthly 晾晒台: every office group's shown 十加一 report of a month side by side, with
its score, entries, photos and how many took part — a fixed number of statements however
many groups there are; the names of who took part only for the one group a phone shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..domain import group_reports as rules
from ..domain.group_reports import Rubric
from ..extensions import db
from ..models import (
    Attachment,
    GroupReport,
    GroupReportComment,
    GroupReportEntry,
    GroupSignatureItem,
    Member,
    OfficeGroup,
    group_report_participants,
)
from .group_reports import (
    SHOWN,
    ItemDef,
    ScoredReport,
    items_for,
    photos_for,
    rubric_for,
    scored,
    signatures,
    work_count,
)
from .roster import office_groups


@dataclass
class Showcase:
    year: int
    month: int
    items: list[ItemDef]
    groups: list[OfficeGroup]
    reports: dict[int, ScoredReport]  # office_group_id → its shown report
    entries: dict[tuple[int, str], GroupReportEntry]  # (group id, item code) → entry
    photos: dict[int, list[Attachment]]
    signatures: dict[int, GroupSignatureItem]
    rubric: Rubric
    people: dict[int, int] = field(default_factory=dict)  # entry id → how many took part

    @property
    def missing(self) -> list[OfficeGroup]:
        return [g for g in self.groups if g.id not in self.reports]

    @property
    def shown_groups(self) -> list[OfficeGroup]:
        return [g for g in self.groups if g.id in self.reports]

    def entries_for(self, group_id: int) -> dict[str, GroupReportEntry]:
        return {code: e for (gid, code), e in self.entries.items() if gid == group_id}

    def names_for(self, group_id: int) -> dict[int, list[str]]:
        """Entry id → the names of who took part, for the one group the page spells out
        (the grid shows only how many: ``people``). One statement."""
        ids = [e.id for e in self.entries_for(group_id).values() if self.people.get(e.id)]
        names: dict[int, list[str]] = {i: [] for i in ids}
        if ids:
            rows = db.session.execute(
                select(group_report_participants.c.entry_id, Member.name)
                .join(Member, Member.id == group_report_participants.c.member_id)
                .where(group_report_participants.c.entry_id.in_(ids))
                .order_by(Member.name)
            )
            for entry_id, name in rows:
                names[entry_id].append(name)
        return names


def showcase(org_id: int, year: int, month: int) -> Showcase:
    groups = office_groups(org_id)
    reports = list(
        db.session.scalars(
            select(GroupReport)
            .where(
                GroupReport.org_id == org_id,
                GroupReport.year == year,
                GroupReport.month == month,
                GroupReport.status.in_(SHOWN),
            )
            .options(
                selectinload(GroupReport.entries),
                selectinload(GroupReport.comments).joinedload(GroupReportComment.author),
            )
        )
    )
    rubric = rubric_for(org_id, year)
    total = rules.TOTAL_ITEMS
    by_group = {r.office_group_id: scored(r, work_count(r), rubric, total) for r in reports}
    entries = {(r.office_group_id, e.item_code): e for r in reports for e in r.entries}
    entry_ids = [e.id for e in entries.values()]
    people = dict(
        db.session.execute(
            select(group_report_participants.c.entry_id, func.count())
            .where(group_report_participants.c.entry_id.in_(entry_ids))
            .group_by(group_report_participants.c.entry_id)
        ).all()
    )
    return Showcase(
        year,
        month,
        items_for(org_id, year),
        groups,
        by_group,
        entries,
        photos_for(e.id for e in entries.values()),
        signatures(org_id, year),
        rubric,
        people,
    )
