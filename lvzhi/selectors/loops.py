"""Reading the closed loops: lists by loop / stage / department / deadline state with eager
loading (a fixed number of statements however many matters), one matter with its timeline,
and the year's figures from GROUP BY queries.

The deadlines derived from these (a matter's, an assignment's, what is overdue, a
department's work) are in ``loop_deadlines``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..domain import loops as rules
from ..extensions import db
from ..models import (
    Attachment,
    Department,
    Matter,
    MatterAssignment,
    MatterEvaluation,
    MatterEvent,
    MatterPerson,
    Meeting,
)
from ..models.loops import MATTER_EVENT_FILES
from . import same_body

FILED_STAGES = (
    rules.FILED,
    rules.ASSIGNED,
    rules.HANDLING,
    rules.REPLIED,
    rules.REHANDLING,
    rules.CLOSED,
)
REPLIED_STAGES = (rules.REPLIED, rules.REHANDLING, rules.CLOSED)


def _eager():
    return (
        selectinload(Matter.people).selectinload(MatterPerson.member),
        selectinload(Matter.assignments).selectinload(MatterAssignment.department),
    )


def meetings(org_id: int) -> list[tuple[str, date]]:
    """The calendar as (kind, held_on) pairs, for the deadline rules (one statement)."""
    rows = db.session.execute(_meetings_select(org_id))
    return [(kind, held_on) for kind, held_on in rows]


@lru_cache(maxsize=256)
def _meetings_select(org_id: int) -> Select:
    """Built once per body: the deadline rules read the calendar on most pages' badge."""
    return select(Meeting.kind, Meeting.held_on).where(Meeting.org_id == org_id)


def matters(
    org_id: int,
    loop: str,
    *,
    year: int | None = None,
    stages: tuple[str, ...] | None = None,
    department_id: int | None = None,
    member_id: int | None = None,
    key_only: bool = False,
    public_only: bool = False,
    search: str = "",
) -> list[Matter]:
    """Matters of a loop, newest first, people and assignments loaded (3 statements).
    ``department_id``: active assignments of that department only; ``member_id``: matters
    the member is on (any part, any consent — screens filter the listing)."""
    stmt = select(Matter).where(Matter.org_id == org_id, Matter.loop == loop)
    if year is not None:
        stmt = stmt.where(Matter.year == year)
    if stages:
        stmt = stmt.where(Matter.stage.in_(stages))
    if department_id is not None:
        stmt = stmt.where(
            Matter.id.in_(
                select(MatterAssignment.matter_id).where(
                    MatterAssignment.department_id == department_id,
                    MatterAssignment.active.is_(True),
                )
            )
        )
    if member_id is not None:
        stmt = stmt.where(
            Matter.id.in_(select(MatterPerson.matter_id).where(MatterPerson.member_id == member_id))
        )
    if key_only:
        stmt = stmt.where(Matter.is_key.is_(True))
    if public_only:
        stmt = stmt.where(Matter.is_public.is_(True), Matter.stage.in_(FILED_STAGES))
    if search.strip():
        stmt = stmt.where(Matter.title.contains(search.strip(), autoescape=True))
    stmt = stmt.options(*_eager()).order_by(Matter.id.desc())
    return list(db.session.scalars(stmt))


def matter(org_id: int, matter_id: int) -> Matter | None:
    """One matter of the organization with people, assignments and its timeline loaded."""
    return db.session.scalar(
        select(Matter)
        .where(Matter.org_id == org_id, Matter.id == matter_id)
        .options(
            *_eager(),
            selectinload(Matter.events).selectinload(MatterEvent.actor),
            selectinload(Matter.events).selectinload(MatterEvent.department),
        )
    )


def by_token(user, token: str | None, loop: str) -> Matter | None:
    """The matter of ``loop`` that ``user`` created with a form's ``token`` (an earlier
    autosave or a double tap of the same form), else None."""
    if not token:
        return None
    return db.session.scalar(
        select(Matter).where(
            Matter.client_token == token,
            Matter.org_id == user.org_id,
            Matter.created_by_id == user.id,
            Matter.loop == loop,
        )
    )


def event_files(events: list[MatterEvent]) -> dict[int, list[Attachment]]:
    """The files of each timeline event (one statement)."""
    ids = [e.id for e in events]
    found: dict[int, list[Attachment]] = defaultdict(list)
    if not ids:
        return found
    rows = db.session.scalars(
        select(Attachment)
        .where(Attachment.owner_type == MATTER_EVENT_FILES, Attachment.owner_id.in_(ids))
        .order_by(Attachment.id)
    )
    for a in rows:
        found[a.owner_id].append(a)
    return found


# --- figures -------------------------------------------------------------------------------


def stage_counts(org_id: int, year: int) -> dict[str, dict[str, int]]:
    """Every loop's matters by stage for the year — ONE GROUP BY: {loop: {stage: n}}."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    rows = db.session.execute(
        select(Matter.loop, Matter.stage, func.count(Matter.id))
        .where(Matter.org_id == org_id, Matter.year == year)
        .group_by(Matter.loop, Matter.stage)
    )
    for loop, stage, n in rows:
        counts[loop][stage] = n
    return counts


@dataclass
class DepartmentFigures:
    department_id: int
    name: str
    assigned: int = 0
    replied: int = 0
    classes: dict[str, int] = field(default_factory=dict)


@dataclass
class ProposalFigures:
    received: int = 0
    filed: int = 0
    opinions: int = 0
    merged: int = 0
    replied: int = 0
    classes: dict[str, int] = field(default_factory=dict)  # A/B/C → n
    verdicts: dict[str, int] = field(default_factory=dict)  # satisfied/basic/unsatisfied → n
    departments: list[DepartmentFigures] = field(default_factory=list)

    @property
    def reply_rate(self) -> float | None:
        """办复率 = replied ÷ filed; None before anything is filed."""
        return self.replied / self.filed if self.filed else None


def proposal_figures(
    org_id: int, year: int, by_stage: dict[str, int] | None = None
) -> ProposalFigures:
    """The year's proposal figures in three GROUP BY statements, whatever the count (two
    when the caller has the proposals' ``stage_counts`` already: ``by_stage``)."""
    if by_stage is None:
        by_stage = stage_counts(org_id, year).get("proposal", {})
    f = ProposalFigures(
        received=sum(n for s, n in by_stage.items() if s != rules.DRAFT),
        filed=sum(by_stage.get(s, 0) for s in FILED_STAGES),
        opinions=by_stage.get(rules.OPINION, 0),
        merged=by_stage.get(rules.MERGED, 0),
        replied=sum(by_stage.get(s, 0) for s in REPLIED_STAGES),
    )
    by_classes, by_verdict = _proposal_counts(org_id, year)
    by_department: dict[int, DepartmentFigures] = {}
    for dept_id, name, reply_class, n in db.session.execute(by_classes):
        d = by_department.setdefault(dept_id, DepartmentFigures(dept_id, name))
        d.assigned += n
        if reply_class:
            d.replied += n
            d.classes[reply_class] = n
            f.classes[reply_class] = f.classes.get(reply_class, 0) + n
    f.departments = list(by_department.values())
    f.verdicts = {v: n for v, n in db.session.execute(by_verdict)}
    return f


@lru_cache(maxsize=128)
def _proposal_counts(org_id: int, year: int):
    """``proposal_figures``' two GROUP BYs — the filed proposals' lead assignments by
    department and reply class, the last verdicts — built once per body and year and shared
    by requests."""
    by_classes = (
        select(
            MatterAssignment.department_id,
            Department.name,
            MatterAssignment.reply_class,
            func.count(MatterAssignment.id),
        )
        .join(Matter, Matter.id == MatterAssignment.matter_id)
        .join(
            Department,
            same_body(Department, MatterAssignment.department_id, Matter),
        )
        .where(
            Matter.org_id == org_id,
            Matter.year == year,
            Matter.loop == "proposal",
            Matter.stage.in_(FILED_STAGES),
            MatterAssignment.active.is_(True),
            MatterAssignment.is_lead.is_(True),
        )
        .group_by(MatterAssignment.department_id, Department.name, MatterAssignment.reply_class)
        .order_by(Department.name)
    )
    last_round = (
        select(MatterEvaluation.matter_id, func.max(MatterEvaluation.round).label("r"))
        .where(MatterEvaluation.org_id == org_id)  # the body's evaluations, not every body's
        .group_by(MatterEvaluation.matter_id)
        .subquery()
    )
    by_verdict = (
        select(MatterEvaluation.verdict, func.count(MatterEvaluation.id))
        .join(
            last_round,
            (last_round.c.matter_id == MatterEvaluation.matter_id)
            & (last_round.c.r == MatterEvaluation.round),
        )
        .join(Matter, Matter.id == MatterEvaluation.matter_id)
        .where(Matter.org_id == org_id, Matter.year == year, Matter.loop == "proposal")
        .group_by(MatterEvaluation.verdict)
    )
    return by_classes, by_verdict


def excellent_proposals(org_id: int, year: int) -> list[tuple[int, str]]:
    """The year's 优秀提案 (chosen at year end): (id, title), by number (one statement)."""
    return [
        (mid, title)
        for mid, title in db.session.execute(
            select(Matter.id, Matter.title)
            .where(
                Matter.org_id == org_id,
                Matter.loop == "proposal",
                Matter.year == year,
                Matter.is_excellent.is_(True),
            )
            .order_by(Matter.number, Matter.id)
        )
    ]
