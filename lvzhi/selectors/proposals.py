"""Reading proposals for the screens: paged lists with filters (a fixed number of statements
per page), what the viewer may do on a matter (the workflow's ``allowed_actions`` for the
viewer's parties), and the proposal register rows for the export."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..auth.permissions import can_see_matter
from ..clock import local_day
from ..domain import loops as rules
from ..extensions import db
from ..models import (
    Department,
    Matter,
    MatterAssignment,
    MatterEvaluation,
    MatterPerson,
    Member,
    User,
)
from ..services.loop_parties import parties_of
from .loops import FILED_STAGES

LOOP = "proposal"


@dataclass
class ProposalFilter:
    year: int | None = None
    stage: str = ""
    q: str = ""
    category: str = ""
    department_id: int | None = None
    public_only: bool = False
    key_only: bool = False


def proposals_select(org_id: int, f: ProposalFilter) -> Select:
    """Proposals of the organization matching ``f``, newest first, people and assignments
    eagerly loaded (for ``db.paginate``: count + page + 2 loads, whatever the count)."""
    stmt = select(Matter).where(Matter.org_id == org_id, Matter.loop == LOOP)
    if f.year:
        stmt = stmt.where(Matter.year == f.year)
    if f.stage in rules.PROPOSAL_STAGES and f.stage != rules.DRAFT:
        stmt = stmt.where(Matter.stage == f.stage)
    else:  # a draft is its writers' alone: no list shows it, whatever the filter asks
        stmt = stmt.where(Matter.stage != rules.DRAFT)
    if f.public_only:
        stmt = stmt.where(Matter.is_public.is_(True), Matter.stage.in_(FILED_STAGES))
    if f.key_only:
        stmt = stmt.where(Matter.is_key.is_(True))
    if f.q.strip():
        stmt = stmt.where(Matter.title.contains(f.q.strip(), autoescape=True))
    if f.category.strip():
        stmt = stmt.where(Matter.category == f.category.strip())
    if f.department_id:
        stmt = stmt.where(
            Matter.id.in_(
                select(MatterAssignment.matter_id).where(
                    MatterAssignment.department_id == f.department_id,
                    MatterAssignment.active.is_(True),
                )
            )
        )
    return stmt.options(
        selectinload(Matter.people).selectinload(MatterPerson.member),
        selectinload(Matter.assignments).selectinload(MatterAssignment.department),
    ).order_by(Matter.number.is_(None), Matter.id.desc())


def categories(org_id: int) -> list[str]:
    rows = db.session.scalars(
        select(Matter.category)
        .where(Matter.org_id == org_id, Matter.loop == LOOP, Matter.category != "")
        .distinct()
        .order_by(Matter.category)
    )
    return list(rows)


def departments(org_id: int) -> list[Department]:
    return list(
        db.session.scalars(
            select(Department)
            .where(Department.org_id == org_id, Department.is_active.is_(True))
            .order_by(Department.name)
        )
    )


def leaders(org_id: int) -> list[User]:
    from ..models import RoleGrant

    return list(
        db.session.scalars(
            select(User)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(User.org_id == org_id, User.active.is_(True), RoleGrant.role == "leader")
            .order_by(User.id)
        )
    )


def viewer_actions(user: User, matter: Matter) -> list[str]:
    """What the viewer may do now: the workflow's allowed actions for the viewer's parties."""
    parties = parties_of(user, matter)
    if not parties:
        return []
    return matter.spec.workflow.allowed_actions(matter.stage, parties)


def invitation(user: User, matter: Matter) -> MatterPerson | None:
    """The viewer's own co-proposer invitation on the matter, if any."""
    if not user.member_id:
        return None
    return next(
        (p for p in matter.people if p.member_id == user.member_id and p.part == "co_proposer"),
        None,
    )


def evaluations(matter_ids: list[int]) -> dict[int, MatterEvaluation]:
    """The last evaluation of each matter (one statement)."""
    found: dict[int, MatterEvaluation] = {}
    if not matter_ids:
        return found
    rows = db.session.scalars(
        select(MatterEvaluation)
        .where(MatterEvaluation.matter_id.in_(matter_ids))
        .order_by(MatterEvaluation.round)
    )
    for e in rows:
        found[e.matter_id] = e
    return found


def proposer_names(matter: Matter) -> str:
    if matter.collective_kind:
        return matter.collective_name
    return "、".join(p.member.name for p in matter.listed_people)


def merged_from(matter: Matter, viewer: User) -> list[tuple[int, str, str, bool]]:
    """The proposals merged into ``matter`` (并案): (id, title, proposers, whether ``viewer``
    may open it) — a collective's name or the members' — so every proposer shows on the
    survivor; a member not on a merged proposal reads its title without a link to a 404.
    One statement, with people."""
    if matter.loop != LOOP:
        return []
    rows = db.session.scalars(
        select(Matter)
        .where(Matter.org_id == matter.org_id, Matter.merged_into_id == matter.id)
        .options(selectinload(Matter.people).selectinload(MatterPerson.member))
        .order_by(Matter.id)
    )
    return [(m.id, m.title, proposer_names(m), can_see_matter(viewer, m)) for m in rows]


def department_names(matter: Matter) -> str:
    active = [a for a in matter.assignments if a.active]
    lead = [a.department.name for a in active if a.is_lead]
    co = [a.department.name for a in active if not a.is_lead]
    return "主办：" + "、".join(lead) + (f"；会办：{'、'.join(co)}" if co else "") if lead else ""


REGISTER_HEADERS = [
    "编号",
    "标题",
    "提出人",
    "类别",
    "立案",
    "办理阶段",
    "承办单位",
    "提交日期",
    "立案日期",
    "交办日期",
    "答复类别",
    "评价",
]


def register_rows(org_id: int, year: int) -> list[list]:
    """The proposal register of the year, one row per submitted proposal."""
    rows = list(db.session.scalars(proposals_select(org_id, ProposalFilter(year=year))))
    last = evaluations([m.id for m in rows])
    out = []
    for m in rows:
        lead = m.lead_assignment
        e = last.get(m.id)
        out.append(
            [
                m.number_text,
                m.title,
                proposer_names(m),
                m.category,
                rules.filing_state(m.stage),
                m.stage_label,
                department_names(m),
                local_day(m.submitted_at).isoformat() if m.submitted_at else "",
                m.filed_on.isoformat() if m.filed_on else "",
                lead.assigned_on.isoformat() if lead else "",
                f"{lead.reply_class} {lead.reply_class_label}" if lead and lead.reply_class else "",
                e.verdict_label if e else "",
            ]
        )
    return out


# --- co-proposers --------------------------------------------------------------------------


def members_by_id(org_id: int, ids: list[int]) -> list[Member]:
    """The body's members among ``ids`` (those invited to co-propose)."""
    return list(
        db.session.scalars(select(Member).where(Member.id.in_(ids), Member.org_id == org_id))
    )


def co_proposer_candidates(org_id: int, q: str, exclude: set[int], limit: int = 30) -> list[Member]:
    """Active members of the body whose name contains ``q``, by name, leaving out ``exclude``
    (the matter's people already)."""
    found = db.session.scalars(
        select(Member)
        .where(
            Member.org_id == org_id,
            Member.is_active.is_(True),
            Member.name.contains(q, autoescape=True),
        )
        .order_by(Member.name)
        .limit(limit)
    )
    return [m for m in found if m.id not in exclude]
