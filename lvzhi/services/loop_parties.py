"""Who acts on a closed-loop matter: the parties (``lvzhi/domain/loops.py``) a user is for a
matter, decided from the user and the matter, and the refusals when they are not.

A secretariat user may take any department action *on a department's behalf* (``handler``);
nobody decides their own case (``reviewer``)."""

from __future__ import annotations

from ..domain import loops as rules
from ..models import Department, Matter, MatterAssignment, User
from . import ServiceError


def parties_of(actor: User, matter: Matter) -> set[str]:
    """The parties ``actor`` is for ``matter``: proposer (its first proposer; the secretariat
    for a collective proposal it wrote), secretariat, leader, department (an active assignment
    of the user's department), committee (a director of a consultation topic's lead
    committee). Empty for another organization."""
    if actor.org_id != matter.org_id:
        return set()
    parties = set()
    if actor.member_id and any(
        p.member_id == actor.member_id and p.part == "proposer" for p in matter.people
    ):
        parties.add(rules.PROPOSER)
    if actor.has_role("secretariat"):
        parties.add(rules.SECRETARIAT)
        if matter.collective_kind:
            parties.add(rules.PROPOSER)
    if actor.has_role("leader"):
        parties.add(rules.LEADER)
    if (
        matter.loop == "consultation"
        and matter.committee_id is not None
        and actor.has_role("committee")
        and matter.committee_id in actor.committee_ids()
    ):  # the director of the topic's lead committee runs its research and consultation
        parties.add(rules.COMMITTEE)
    if own_assignment(actor, matter) is not None:
        parties.add(rules.DEPARTMENT)
    return parties


def own_assignment(actor: User, matter: Matter) -> MatterAssignment | None:
    if not (actor.department_id and actor.has_role("department")):
        return None
    return next(
        (a for a in matter.assignments if a.active and a.department_id == actor.department_id),
        None,
    )


def same_org(actor: User, matter: Matter) -> None:
    if actor.org_id != matter.org_id:
        raise ServiceError("无权处理该事项。")


def acting_party(actor: User, matter: Matter, *wanted: str) -> str:
    """The first of ``wanted`` the actor is for this matter, or a refusal."""
    same_org(actor, matter)
    mine = parties_of(actor, matter)
    for party in wanted:
        if party in mine:
            return party
    raise ServiceError("您不能处理此事项。")


def reviewer(actor: User, matter: Matter) -> str:
    """The secretariat's party for deciding on ``matter`` (立案, 采编, 选用, 并案 …) — never by
    one of its own people: a clerk who is also a member has their own proposal, report or
    speech decided by someone else, as their duty records are."""
    party = acting_party(actor, matter, rules.SECRETARIAT)
    if actor.member_id is not None and any(
        p.member_id == actor.member_id for p in matter.people if p.consent != "declined"
    ):
        raise ServiceError("不能审查本人提出或参与的事项，请由其他工作人员办理。")
    return party


def handler(
    actor: User, matter: Matter, department: Department | None = None
) -> tuple[str, MatterAssignment]:
    """The party and assignment of a department action: the user's own department's, or — for
    the secretariat acting on its behalf — ``department``'s (the lead one when None)."""
    same_org(actor, matter)
    own = own_assignment(actor, matter)
    if own is not None and (department is None or department.id == own.department_id):
        return rules.DEPARTMENT, own
    if not actor.has_role("secretariat"):
        raise ServiceError("您不能处理此事项。")
    found = next(
        (
            a
            for a in matter.assignments
            if a.active and (a.department_id == department.id if department else a.is_lead)
        ),
        None,
    )
    if found is None:
        raise ServiceError("该单位没有承办此事项。")
    return rules.SECRETARIAT, found
