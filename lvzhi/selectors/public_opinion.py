"""Reading 社情民意信息: the secretariat's queue per stage, a member's own reports, the
《社情民意》 issues, a report's files, forwarding and 批示, the credits taken back (for the
archive) — a fixed number of statements however many reports there are. The year's
figures are in ``public_opinion_figures``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from sqlalchemy import Select, bindparam, exists, func, select
from sqlalchemy.orm import aliased, selectinload

from ..domain import public_opinion as po
from ..domain.instructions import INSTRUCTION_LEVELS
from ..domain.loop_specs import spec
from ..domain.uploads import OWNER_MATTER
from ..extensions import db
from ..models import (
    Attachment,
    Bulletin,
    BulletinEntry,
    Department,
    Matter,
    MatterAssignment,
    MatterEvent,
    MatterForward,
    MatterInstruction,
    MatterPerson,
)
from . import same_body
from .duty_overview import RowPage

LOOP = po.LOOP
PER_PAGE = 50  # reports a page of the secretariat's queue lists


def _eager():
    return (
        selectinload(Matter.people).selectinload(MatterPerson.member),
        selectinload(Matter.assignments).selectinload(MatterAssignment.department),
    )


def _of_year(org_id: int, year: int):
    return (Matter.org_id == org_id, Matter.loop == LOOP, Matter.year == year)


def _reports(
    org_id: int, *where, eager=None, order_by=(Matter.submitted_at, Matter.id)
) -> list[Matter]:
    """The body's reports matching ``where``, loaded with ``eager`` (default: their people and
    assignments)."""
    stmt = select(Matter).where(Matter.org_id == org_id, Matter.loop == LOOP, *where)
    return list(db.session.scalars(stmt.options(*(eager or _eager())).order_by(*order_by)))


def _at_stage(stage: str):
    return Matter.stage != po.DRAFT if stage == "all" else Matter.stage == stage


def queue(org_id: int, year: int, stage: str) -> list[Matter]:
    """The year's reports at ``stage`` ("all": every one sent), oldest sent first, with their
    people and assignments."""
    return _reports(org_id, Matter.year == year, _at_stage(stage))


def queue_page(
    org_id: int, year: int, stage: str, page: int, counts: dict[str, int], per_page: int = PER_PAGE
) -> RowPage:
    """One page of ``queue`` with what the secretariat's list shows instead — the people and
    the office group — ``per_page`` reports loaded however many the year holds (four
    statements); how many there are in all comes from the year's ``stage_counts``, which the
    page shows anyway. A page past the last shows the last."""
    where = (*_of_year(org_id, year), _at_stage(stage))
    sent = (n for s, n in counts.items() if s != po.DRAFT)
    total = sum(sent) if stage == "all" else counts.get(stage, 0)
    page, pages = RowPage.bounds(total, page, per_page)
    stmt = (
        select(Matter)
        .where(*where)
        .options(
            selectinload(Matter.people).selectinload(MatterPerson.member),
            selectinload(Matter.office_group),
        )
        .order_by(Matter.submitted_at, Matter.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return RowPage(list(db.session.scalars(stmt)), page, pages, total)


@dataclass(frozen=True)
class Instructed:
    """A report with a leader's 批示 as the leaders' list shows it: its stage, its 批示
    (level label, leader) and its lead department ("" if none yet), fed back or not."""

    id: int
    title: str
    stage_label: str
    department: str
    replied: bool
    instructions: list[tuple[str, str]]


@lru_cache(maxsize=128)
def _instructed_statements(org_id: int, year: int) -> tuple:
    """``instructed``'s two statements, built once per body and year (as the figures')."""
    stages = (po.INSTRUCTED, *po.IN_HANDS, po.FEEDBACK)
    where = (*_of_year(org_id, year), Matter.stage.in_(stages))
    a = aliased(MatterAssignment)
    lead = (
        select(func.min(a.id))
        .where(a.matter_id == Matter.id, a.is_lead.is_(True), a.active.is_(True))
        .correlate(Matter)
        .scalar_subquery()
    )
    reports = (
        select(Matter.id, Matter.title, Matter.stage, Department.name, MatterAssignment.replied_at)
        .select_from(Matter)
        .outerjoin(MatterAssignment, MatterAssignment.id == lead)
        .outerjoin(
            Department,
            same_body(Department, MatterAssignment.department_id, Matter),
        )
        .where(*where)
        .order_by(Matter.submitted_at, Matter.id)
    )
    instructions = (
        select(MatterInstruction.matter_id, MatterInstruction.level, MatterInstruction.leader)
        .join(Matter, Matter.id == MatterInstruction.matter_id)
        .where(*where)
        .order_by(MatterInstruction.instructed_on, MatterInstruction.id)
    )
    return reports, instructions


def instructed(org_id: int, year: int) -> list[Instructed]:
    """The year's reports with a leader's 批示, handled or fed back (the stages from 批示 on),
    oldest sent first: two statements of columns, each report's lead assignment (its first
    active one) joined in SQL."""
    reports, instructions = _instructed_statements(org_id, year)
    rows = db.session.execute(reports).all()
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for matter_id, level, leader in db.session.execute(instructions):
        found[matter_id].append((INSTRUCTION_LEVELS.get(level, ""), leader))
    label = spec(LOOP).label
    return [
        Instructed(mid, title, label(stage), dept or "", replied is not None, found[mid])
        for mid, title, stage, dept, replied in rows
    ]


def awaiting_instruction(org_id: int, year: int) -> list[tuple[int, str]]:
    """The year's reports forwarded (报送) and not yet instructed: (id, title), oldest sent
    first — what a leader may record a 批示 on."""
    rows = db.session.execute(
        select(Matter.id, Matter.title)
        .where(*_of_year(org_id, year), Matter.stage == po.FORWARDED)
        .order_by(Matter.submitted_at, Matter.id)
    )
    return [tuple(r) for r in rows]


def stage_counts(org_id: int, year: int) -> dict[str, int]:
    rows = db.session.execute(
        select(Matter.stage, func.count(Matter.id))
        .where(*_of_year(org_id, year))
        .group_by(Matter.stage)
    )
    return dict(rows.all())


def own_reports(org_id: int, member_id: int) -> list[Matter]:
    """The member's reports (their own and the collectives' they wrote), newest first."""
    written = select(MatterPerson.matter_id).where(MatterPerson.member_id == member_id)
    return _reports(org_id, Matter.id.in_(written), order_by=(Matter.id.desc(),))


def _unissued():
    return (
        Matter.stage.in_(po.ADOPTED_STAGES),
        ~exists().where(BulletinEntry.matter_id == Matter.id),
    )


def adopted_unissued(org_id: int, year: int) -> list[Matter]:
    """Adopted reports of the year not yet in any issue (what the editor can 编入)."""
    return _reports(org_id, Matter.year == year, *_unissued())


def adopted_unissued_count(org_id: int, year: int) -> int:
    """How many ``adopted_unissued`` lists (one statement, nothing loaded)."""
    return (
        db.session.scalar(
            select(func.count(Matter.id)).where(*_of_year(org_id, year), *_unissued())
        )
        or 0
    )


def bulletins(org_id: int, year: int | None = None, published_only: bool = False):
    stmt = select(Bulletin).where(Bulletin.org_id == org_id)
    if year is not None:
        stmt = stmt.where(Bulletin.year == year)
    if published_only:
        stmt = stmt.where(Bulletin.published_on.is_not(None))
    stmt = stmt.options(selectinload(Bulletin.entries))
    return list(db.session.scalars(stmt.order_by(Bulletin.year.desc(), Bulletin.number.desc())))


@dataclass(frozen=True)
class Issue:
    """A published issue as a list shows it: its title and how many reports it holds."""

    id: int
    title: str
    reports: int


def published_issues(org_id: int, year: int) -> list[Issue]:
    """The year's published issues, newest first, with their reports counted (one GROUP BY,
    no entry loaded)."""
    rows = db.session.execute(
        select(Bulletin.id, Bulletin.year, Bulletin.number, func.count(BulletinEntry.id))
        .outerjoin(BulletinEntry, BulletinEntry.bulletin_id == Bulletin.id)
        .where(Bulletin.org_id == org_id, Bulletin.year == year, Bulletin.published_on.is_not(None))
        .group_by(Bulletin.id, Bulletin.year, Bulletin.number)
        .order_by(Bulletin.year.desc(), Bulletin.number.desc())
    )
    return [Issue(i, po.bulletin_title(y, number), n) for i, y, number, n in rows]


def bulletin(org_id: int, bulletin_id: int) -> Bulletin | None:
    """One issue with its reports and their people loaded."""
    return db.session.scalar(
        select(Bulletin)
        .where(Bulletin.org_id == org_id, Bulletin.id == bulletin_id)
        .options(
            selectinload(Bulletin.entries)
            .selectinload(BulletinEntry.matter)
            .options(selectinload(Matter.people).selectinload(MatterPerson.member))
        )
    )


def issue_of(matter_ids: list[int]) -> dict[int, Bulletin]:
    """The issue each report is in (one statement)."""
    if not matter_ids:
        return {}
    rows = db.session.execute(
        select(BulletinEntry.matter_id, Bulletin)
        .join(Bulletin, Bulletin.id == BulletinEntry.bulletin_id)
        .where(BulletinEntry.matter_id.in_(matter_ids))
    )
    return {mid: b for mid, b in rows}


def files(matter_id: int) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment)
            .where(Attachment.owner_type == OWNER_MATTER, Attachment.owner_id == matter_id)
            .order_by(Attachment.id)
        )
    )


def _by_matter(model, order, matter_ids: list[int]) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    if matter_ids:
        rows = db.session.scalars(
            select(model).where(model.matter_id.in_(matter_ids)).order_by(order, model.id)
        )
        for row in rows:
            found[row.matter_id].append(row)
    return found


def forwards(matter_ids: list[int]) -> dict[int, list[MatterForward]]:
    """Each report's forwardings (报送), oldest first (one statement)."""
    return _by_matter(MatterForward, MatterForward.forwarded_on, matter_ids)


def instructions(matter_ids: list[int]) -> dict[int, list[MatterInstruction]]:
    """Each report's 批示, oldest first (one statement)."""
    return _by_matter(MatterInstruction, MatterInstruction.instructed_on, matter_ids)


def last_note(matter: Matter, *actions: str) -> str:
    """The note of the matter's last event among ``actions`` (e.g. the editor's reason)."""
    notes = [e.note for e in matter.events if e.action in actions]
    return notes[-1] if notes else ""


@dataclass
class TakenBack:
    """A public-opinion credit taken back, for the member's archive: the report and why."""

    year: int
    title: str
    matter_id: int
    why: str  # 本人撤回 / 不属于社情民意信息
    reason: str


def credits_taken_back(member_id: int) -> dict[int, list[TakenBack]]:
    """By year: the member's reports withdrawn or rejected now, with the reason (two
    statements)."""
    rows = db.session.execute(_taken_back_select(), {"member_id": member_id})
    last: dict[int, TakenBack] = {}
    for mid, year, title, stage, note in rows:
        why = "本人撤回" if stage == po.WITHDRAWN else "经审核不属于社情民意信息"
        last[mid] = TakenBack(year, title, mid, why, note)
    found: dict[int, list[TakenBack]] = defaultdict(list)
    for t in last.values():
        found[t.year].append(t)
    return found


@cache
def _taken_back_select() -> Select:
    """Built once per worker (the member's archive reads it on every visit)."""
    return (
        select(Matter.id, Matter.year, Matter.title, Matter.stage, MatterEvent.note)
        .join(MatterPerson, MatterPerson.matter_id == Matter.id)
        .join(MatterEvent, MatterEvent.matter_id == Matter.id)
        .where(
            Matter.loop == LOOP,
            MatterPerson.member_id == bindparam("member_id"),
            MatterPerson.part == "proposer",
            Matter.collective_kind == "",
            Matter.stage.in_((po.WITHDRAWN, po.REJECTED)),
            MatterEvent.action.in_(("withdraw", "reject")),
        )
        .order_by(Matter.id, MatterEvent.id)
    )
