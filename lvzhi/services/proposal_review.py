"""The secretariat's review of a submitted proposal (提案审查): 立案 (numbered within its plenary
session), 不予立案 → 转为意见建议 (and forwarding that opinion), 退回修改, 并案, 撤销立案, and
later 评为优秀提案. Each is one ``@unit_of_work`` built on ``services.loops.move``; the
reviewer is never one of the proposal's own people (``loop_parties.reviewer``)."""

from __future__ import annotations

from sqlalchemy import func, select

from ..clock import local_today
from ..domain import loops as rules
from ..extensions import db
from ..models import Department, Matter, MatterAssignment, MatterEvent, MatterPerson, User
from ..models.base import utcnow
from . import ServiceError, unit_of_work
from .duties import duty_credit
from .loop_parties import acting_party, reviewer
from .loops import credit_day, credit_joined, matter_source, move, setting

LOOP = "proposal"


def session_label(matter: Matter) -> str:
    """The plenary session a filed proposal is numbered in: the year's setting, else the year."""
    return setting(matter.org_id, matter.year, LOOP).session_label or f"{matter.year}年度"


@unit_of_work
def proposal_file(
    actor: User, matter: Matter, version: int | None = None, session: str | None = None
) -> MatterEvent:
    """立案: numbered within its plenary session (第十一届三次会议 第0023号); credits 十个一."""
    party = reviewer(actor, matter)
    label = (session or "").strip()[:40] or session_label(matter)
    event = move(actor, matter, "file", party=party, version=version)
    last = db.session.scalar(
        select(func.max(Matter.number)).where(
            Matter.org_id == matter.org_id, Matter.session_label == label
        )
    )
    matter.session_label, matter.number = label, (last or 0) + 1
    matter.filed_on = local_today()
    event.note = f"立案编号：{matter.number_text}"
    return event


@unit_of_work
def proposal_not_file(
    actor: User, matter: Matter, reason: str, note: str = "", version: int | None = None
) -> MatterEvent:
    """不予立案 with a standard reason, turned into an opinion (转为意见建议); credits 十个一."""
    if reason not in rules.NOT_FILED_REASONS:
        raise ServiceError("请选择不予立案的理由。", field="reason")
    party = reviewer(actor, matter)
    event = move(
        actor,
        matter,
        "not_file",
        party=party,
        version=version,
        reason=reason,
        note=f"{reason}{'：' + note.strip() if note.strip() else ''}",
    )
    matter.not_filed_reason = reason
    return event


@unit_of_work
def proposal_return(
    actor: User, matter: Matter, reason: str, version: int | None = None
) -> MatterEvent:
    """退回修改: back to the proposer with the secretariat's comments."""
    party = reviewer(actor, matter)
    return move(actor, matter, "return", party=party, version=version, reason=reason)


@unit_of_work
def proposal_unfile(
    actor: User, matter: Matter, reason: str, version: int | None = None
) -> MatterEvent:
    """撤销立案 (back to review): the number is freed and the 十个一 credit withdrawn; a
    department the opinion was forwarded to (转交) no longer holds it — it is reviewed again,
    and if filed, assigned afresh."""
    party = reviewer(actor, matter)
    event = move(actor, matter, "unfile", party=party, version=version, reason=reason)
    matter.number = matter.session_label = matter.filed_on = None
    matter.not_filed_reason = ""
    for assignment in matter.assignments:
        assignment.active = False
    return event


@unit_of_work
def proposal_merge(
    actor: User, matter: Matter, into: Matter, version: int | None = None
) -> MatterEvent:
    """并案 ``matter`` into the filed proposal ``into``: its listed people join the survivor as
    co-proposers (all proposers listed there; a collective shows in the survivor's 并案 line)
    and get the survivor's filing credit as its co-proposers do (the year's setting) — its
    first proposer whatever the setting; the merged proposal's own credit is withdrawn."""
    party = reviewer(actor, matter)
    reviewer(actor, into)  # nor merged into a proposal of their own
    if into.org_id != matter.org_id or into.loop != LOOP or into.id == matter.id:
        raise ServiceError("请选择本会的另一件提案。", field="into")
    if into.stage in (rules.DRAFT, rules.SUBMITTED, rules.RETURNED, rules.OPINION, rules.MERGED):
        raise ServiceError("只能并入已立案的提案。", field="into")
    event = move(
        actor,
        matter,
        "merge",
        party=party,
        version=version,
        note=f"并入 {into.number_text} {into.title}",
    )
    matter.merged_into_id = into.id
    present = {p.member_id for p in into.people}
    for p in matter.listed_people:
        if p.member_id not in present:
            into.people.append(
                MatterPerson(member_id=p.member_id, part="co_proposer", position=len(into.people))
            )
            present.add(p.member_id)
    db.session.flush()  # the joined people's members, for their credit
    credit_joined(actor, into, "file")
    _credit_merged_writer(actor, matter, into)
    into.events.append(
        MatterEvent(
            org_id=into.org_id,
            action="merge",
            from_stage=into.stage,
            to_stage=into.stage,
            party=party,
            actor_id=actor.id,
            note=f"并入：{matter.title}",
        )
    )
    into.updated_at = utcnow()
    return event


def _credit_merged_writer(actor: User, matter: Matter, into: Matter) -> None:
    """The merged proposal's first proposer wrote a proposal that is filed, merged: item 1
    comes from the survivor, whatever the year says of co-proposers (its own credit went
    with the merge). A collective's proposal credits no member."""
    lead = next((p for p in matter.people if p.part == "proposer"), None)
    rule = into.spec.credit
    if lead is None or matter.collective_kind or rule is None:
        return
    duty_credit(lead.member, rule.item, matter_source(into), credit_day(into), actor)


@unit_of_work
def proposal_forward(
    actor: User, matter: Matter, department: Department, version: int | None = None
) -> MatterEvent:
    """转交 an opinion (不予立案的提案) to a department for reference."""
    party = acting_party(actor, matter, rules.SECRETARIAT)
    if department.org_id != matter.org_id:
        raise ServiceError("请选择承办单位。", field="department")
    if not department.is_active:
        raise ServiceError(f"承办单位“{department.name}”不可用。", field="department")
    if any(a.active and a.department_id == department.id for a in matter.assignments):
        raise ServiceError(f"已转交{department.name}，请勿重复转交。", field="department")
    event = move(
        actor,
        matter,
        "forward",
        party=party,
        version=version,
        note=f"转交 {department.name}",
        department_id=department.id,
    )
    matter.assignments.append(
        MatterAssignment(
            org_id=matter.org_id,
            department_id=department.id,
            is_lead=True,
            assigned_on=local_today(),
        )
    )
    return event


@unit_of_work
def proposal_mark_excellent(
    actor: User, matter: Matter, excellent: bool = True, version: int | None = None
) -> MatterEvent:
    """优秀提案 (chosen at year end), or take the mark away."""
    party = reviewer(actor, matter)
    event = move(
        actor,
        matter,
        "mark_excellent",
        party=party,
        version=version,
        note="评为优秀提案" if excellent else "取消优秀提案",
    )
    matter.is_excellent = excellent
    return event
