"""A department's intake of an assigned matter: 接收 (accept) and 申请改办 (asking to hand it
to another department), with the secretariat's decision on the request. Each is one
``@unit_of_work`` built on ``services.loops.move``; a secretariat user may act on a
department's behalf (``loop_parties.handler``)."""

from __future__ import annotations

from ..clock import local_today
from ..domain import loops as rules
from ..models import Department, Matter, MatterAssignment, MatterEvent, User
from ..models.base import utcnow
from . import ServiceError, unit_of_work
from .loop_parties import acting_party, handler
from .loops import as_department, department_move, hand_over, move


@unit_of_work
def matter_accept(
    actor: User, matter: Matter, department: Department | None = None, version: int | None = None
) -> MatterEvent:
    """The lead department accepts (接收): the matter is being handled. A co-handler's
    acceptance is recorded on its assignment only."""
    party, assignment = handler(actor, matter, department)
    if assignment.accepted_at is not None:
        raise ServiceError("已接收，请勿重复操作。")
    if assignment.reassign_asked_at is not None and not assignment.reassign_decision:
        raise ServiceError("已申请改办，请等待政协机关审核后再接收。")
    assignment.accepted_at = utcnow()
    if not assignment.is_lead:  # a line on the timeline, the stage stays
        return as_department(
            actor, matter, "progress", party, assignment, version, "会办单位已接收"
        )
    return as_department(actor, matter, "accept", party, assignment, version)


@unit_of_work
def matter_ask_reassign(
    actor: User,
    matter: Matter,
    reason: str,
    department: Department | None = None,
    version: int | None = None,
) -> MatterEvent:
    """申请改办: before accepting, within the year's window after 交办 (10 days by default),
    with a reason; the secretariat decides."""
    party, assignment = handler(actor, matter, department)
    refusal = rules.reassign_refusal(
        assignment.assigned_on,
        local_today(),
        assignment.reassign_days,
        accepted=assignment.accepted_at is not None,
    )
    if refusal:
        raise ServiceError(refusal + "。")
    if assignment.reassign_asked_at is not None and not assignment.reassign_decision:
        raise ServiceError("已申请改办，请等待政协机关审核。")
    _, event = department_move(actor, matter, "ask_reassign", department, version, reason=reason)
    assignment.reassign_reason = (reason or "").strip()[:300]
    assignment.reassign_asked_at = utcnow()
    assignment.reassign_decision = ""
    return event


@unit_of_work
def matter_decide_reassign(
    actor: User,
    matter: Matter,
    assignment: MatterAssignment,
    grant: bool,
    to: Department | None = None,
    version: int | None = None,
    note: str = "",
) -> MatterEvent:
    """The secretariat grants (to another department, same lead/co part) or refuses 改办."""
    party = acting_party(actor, matter, rules.SECRETARIAT)
    if assignment.matter_id != matter.id or assignment.reassign_asked_at is None:
        raise ServiceError("该单位没有申请改办。")
    if assignment.reassign_decision:
        raise ServiceError("该改办申请已审核。")
    if grant and (to is None or to.org_id != matter.org_id or to.id == assignment.department_id):
        raise ServiceError("请选择改办后的承办单位。", field="to")
    if grant and not to.is_active:
        raise ServiceError(f"承办单位“{to.name}”不可用。", field="to")
    if grant and any(a.active and a.department_id == to.id for a in matter.assignments):
        raise ServiceError(f"{to.name}已在承办本件，请选择其他单位。", field="to")
    assignment.reassign_decision = "granted" if grant else "refused"
    words = f"同意改办至 {to.name}" if grant and to else "不同意改办"
    event = move(
        actor,
        matter,
        "decide_reassign",
        party=party,
        version=version,
        note=f"{words}{'：' + note if note else ''}",
        department_id=assignment.department_id,
    )
    if grant and to is not None:
        hand_over(matter, assignment, to)
    return event
