"""Closed loops (履职闭环): every stage change of every loop, in one shape.

Each public service is one ``@unit_of_work``: it checks the organization, the acting party and
the row version, applies the loop's workflow (``spec.workflow.move``), writes a
``MatterEvent`` (the timeline), audits as ``<loop>.<action>`` and credits or withdraws the
十个一 item the loop's credit rule names — all in the same transaction.

Who acts (parties, see ``lvzhi/domain/loops.py``) is decided from the user and the matter by
``parties_of``; a secretariat user may take any department action *on a department's behalf*
(pass ``department``), the event then records the secretariat user as actor, party
``department`` and the department.

A double tap changes nothing: a stage move already made is refused by the workflow with a
Chinese message, and every move bumps the matter's version, so the same form sent twice is a
``ConflictError``.

Department-side moves (accept, reassignment, contact, progress, co-handling opinion, reply)
and the secretariat's assignment and supervision are here; the proposal's own moves (draft,
co-proposers, filing review, evaluation) are in ``services/proposals.py``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..clock import local_today
from ..domain import loops as rules
from ..domain.workflow import TransitionError
from ..extensions import db
from ..models import Department, LoopYearSetting, Matter, MatterAssignment, MatterEvent, User
from ..models.base import utcnow
from ..models.loops import MATTER_EVENT_FILES
from . import ServiceError, unit_of_work
from .attachments import CheckedFile, attach_checked
from .audit import audit
from .common import check_version, limited_text
from .duties import DutySource, duty_credit, duty_credit_withdraw

NOTE_MAX = 2000


# --- who acts ------------------------------------------------------------------------------


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
    if _own_assignment(actor, matter) is not None:
        parties.add(rules.DEPARTMENT)
    return parties


def _own_assignment(actor: User, matter: Matter) -> MatterAssignment | None:
    if not (actor.department_id and actor.has_role("department")):
        return None
    return next(
        (a for a in matter.assignments if a.active and a.department_id == actor.department_id),
        None,
    )


def _same_org(actor: User, matter: Matter) -> None:
    if actor.org_id != matter.org_id:
        raise ServiceError("无权处理该事项。")


def _party(actor: User, matter: Matter, *wanted: str) -> str:
    """The first of ``wanted`` the actor is for this matter, or a refusal."""
    _same_org(actor, matter)
    mine = parties_of(actor, matter)
    for party in wanted:
        if party in mine:
            return party
    raise ServiceError("您不能处理此事项。")


def reviewer(actor: User, matter: Matter) -> str:
    """The secretariat's party for deciding on ``matter`` (立案, 采编, 选用, 并案 …) — never by
    one of its own people: a clerk who is also a member has their own proposal, report or
    speech decided by someone else, as their duty records are."""
    party = _party(actor, matter, rules.SECRETARIAT)
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
    _same_org(actor, matter)
    own = _own_assignment(actor, matter)
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


# --- the one move --------------------------------------------------------------------------


def move(
    actor: User,
    matter: Matter,
    action: str,
    *,
    party: str,
    version: int | None = None,
    note: str = "",
    reason: str | None = None,
    department_id: int | None = None,
    files: list[CheckedFile] | None = None,
    event_party: str | None = None,
) -> MatterEvent:
    """Apply ``action`` inside the caller's unit of work: workflow → event → audit → credit.

    The workflow's refusal comes first (so a double tap reads "已提交，请勿重复提交"), then the
    version check. ``event_party`` records whom the actor acted as when it differs from the
    party the workflow checked (the secretariat for a department)."""
    _same_org(actor, matter)
    if action not in matter.spec.workflow.actions:
        raise ServiceError(f"{matter.spec.name}没有这一步。")
    before = matter.stage
    try:
        after = matter.spec.workflow.move(before, action, party=party, reason=reason)
    except TransitionError as exc:
        raise ServiceError(exc.message + "。") from exc
    check_version(matter, version)
    text = limited_text(note or reason, NOTE_MAX, "说明", "note")
    matter.stage = after
    matter.updated_at = utcnow()  # every move bumps the version: a resent form conflicts
    event = MatterEvent(
        org_id=matter.org_id,
        matter=matter,
        action=action,
        from_stage=before,
        to_stage=after,
        party=event_party or party,
        actor_id=actor.id,
        department_id=department_id,
        note=text,
    )
    db.session.add(event)
    db.session.flush()
    if files:
        attach_checked(actor, matter.org_id, MATTER_EVENT_FILES, event.id, files, 0)
    code = audit_code(matter.loop, action)
    label = matter.spec.workflow.action_label(action)
    audit(
        actor,
        matter.org_id,
        code,
        matter,
        f"{label}：{matter.title}" + (f"（{text}）" if text else ""),
    )
    _credit(actor, matter, action)
    return event


def audit_code(loop: str, action: str) -> str:
    """The audit log's code of a loop move, e.g. ``proposal.file`` (labels in domain/audit)."""
    return f"{loop}.{action}"


def setting(org_id: int, year: int, loop: str) -> LoopYearSetting:
    """The year's loop setting, or an unsaved one with the defaults."""
    found = db.session.scalar(
        select(LoopYearSetting).where(
            LoopYearSetting.org_id == org_id,
            LoopYearSetting.year == year,
            LoopYearSetting.loop == loop,
        )
    )
    return found or LoopYearSetting(
        org_id=org_id,
        year=year,
        loop=loop,
        reply_months=rules.PROPOSAL.deadline("reply").months,
        reassign_days=rules.PROPOSAL.deadline("reassign").days,
        co_opinion_months=rules.PROPOSAL.deadline("co_opinion").months,
        credit_co_proposers=False,
        session_label="",
    )


def matter_source(matter: Matter) -> DutySource:
    """What a matter's 十个一 credit links to."""
    return DutySource(matter.loop, matter.id, matter.title, f"/loops/{matter.id}")


def credit_day(matter: Matter) -> date:
    """The day a credit counts on: today, or the 31 December of an earlier matter's year."""
    today = local_today()
    return today if today.year == matter.year else date(matter.year, 12, 31)


def _credit(actor: User, matter: Matter, action: str) -> None:
    for rule in matter.spec.credit_rules:
        _credit_by(actor, matter, action, rule)


def credit_joined(actor: User, matter: Matter, action: str) -> None:
    """Give people who joined ``matter`` after its ``action`` the credit that action gives
    (those credited already keep their one record: ``duty_credit`` is idempotent)."""
    for rule in matter.spec.credit_rules:
        if action in rule.on:
            _credit_by(actor, matter, action, rule)


def _credit_by(actor: User, matter: Matter, action: str, rule: rules.CreditRule) -> None:
    source = matter_source(matter)
    if action in rule.withdraw_on:
        duty_credit_withdraw(source, actor=actor)
    if action not in rule.on or matter.collective_kind:  # a collective's, not a member's
        return
    if not rule.credits(matter.kind):  # e.g. a written speech: only an oral one counts
        return
    parts = set(rule.parts)
    if rule.optional_parts and setting(matter.org_id, matter.year, matter.loop).credit_co_proposers:
        parts |= set(rule.optional_parts)
    day = credit_day(matter)
    for person in matter.people:
        if person.part in parts and person.consent == "confirmed":
            duty_credit(person.member, rule.item, source, day, actor)


# --- 交办 and department actions --------------------------------------------------------------


@unit_of_work
def matter_assign(
    actor: User,
    matter: Matter,
    lead: Department,
    co: list[Department] | None = None,
    *,
    version: int | None = None,
    assigned_on: date | None = None,
    note: str = "",
) -> MatterEvent:
    """交办: one lead (主办) and optional co-handling (会办) departments; the reply is due after
    the year's ``reply_months`` (default 3), and the assignments keep the year's 申请改办 and
    会办意见 windows too."""
    party = _party(actor, matter, rules.SECRETARIAT)
    co = [d for d in (co or []) if d.id != lead.id]
    for d in [lead, *co]:
        if d.org_id != matter.org_id or not d.is_active:
            raise ServiceError(f"承办单位“{d.name}”不可用。", field="lead")
    day = assigned_on or local_today()
    year = setting(matter.org_id, matter.year, matter.loop)
    names = "、".join(d.name for d in co)
    event = move(
        actor,
        matter,
        "assign",
        party=party,
        version=version,
        note=note or f"主办：{lead.name}" + (f"；会办：{names}" if names else ""),
    )
    for d, is_lead in [(lead, True), *((d, False) for d in co)]:
        matter.assignments.append(
            MatterAssignment(
                org_id=matter.org_id,
                department_id=d.id,
                is_lead=is_lead,
                assigned_on=day,
                reply_months=year.reply_months,
                reassign_days=year.reassign_days,
                co_opinion_months=year.co_opinion_months,
            )
        )
    return event


@unit_of_work
def matters_assign(actor: User, rows: list[tuple[Matter, Department, list[Department]]]) -> int:
    """Bulk 交办 of many matters on one page: all or none (one transaction)."""
    for matter, lead, co in rows:
        matter_assign(actor, matter, lead, co)
    return len(rows)


def _department_move(
    actor: User,
    matter: Matter,
    action: str,
    department: Department | None,
    version: int | None,
    note: str = "",
    reason: str | None = None,
    files: list[CheckedFile] | None = None,
) -> tuple[MatterAssignment, MatterEvent]:
    party, assignment = handler(actor, matter, department)
    event = move(
        actor,
        matter,
        action,
        party=party,
        version=version,
        note=note,
        reason=reason,
        department_id=assignment.department_id,
        files=files,
        event_party=rules.DEPARTMENT,
    )
    return assignment, event


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
    if not assignment.is_lead:
        return _note_only(actor, matter, "progress", party, assignment, version, "会办单位已接收")
    return move(
        actor,
        matter,
        "accept",
        party=party,
        version=version,
        department_id=assignment.department_id,
        event_party=rules.DEPARTMENT,
    )


def _note_only(actor, matter, action, party, assignment, version, note) -> MatterEvent:
    return move(
        actor,
        matter,
        action,
        party=party,
        version=version,
        note=note,
        department_id=assignment.department_id,
        event_party=rules.DEPARTMENT,
    )


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
    _, event = _department_move(actor, matter, "ask_reassign", department, version, reason=reason)
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
    party = _party(actor, matter, rules.SECRETARIAT)
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
        assignment.active = False
        matter.assignments.append(
            MatterAssignment(
                org_id=matter.org_id,
                department_id=to.id,
                is_lead=assignment.is_lead,
                assigned_on=local_today(),
                reply_months=assignment.reply_months,
                reassign_days=assignment.reassign_days,
                co_opinion_months=assignment.co_opinion_months,
            )
        )
    return event
