"""Closed loops (履职闭环): every stage change of every loop, in one shape.

Each public service is one ``@unit_of_work``: it checks the organization, the acting party and
the row version, applies the loop's workflow (``spec.workflow.move``), writes a
``MatterEvent`` (the timeline), audits as ``<loop>.<action>`` and credits or withdraws the
十个一 item the loop's credit rule names — all in the same transaction.

Who acts (parties, see ``lvzhi/domain/loops.py``) is decided from the user and the matter by
``services/loop_parties.py``; a secretariat user may take any department action *on a
department's behalf* (pass ``department``), the event then records the secretariat user as
actor, party ``department`` and the department.

A double tap changes nothing: a stage move already made is refused by the workflow with a
Chinese message, and every move bumps the matter's version, so the same form sent twice is a
``ConflictError``.

The engine (``move``, the year's settings, the 十个一 credit) and the secretariat's 交办 are
here; a department's 接收 and 申请改办 are in ``services/loop_intake.py``, its handling
(contact, progress, co-handling opinion, reply, extension, supervision) in
``services/loop_handling.py``; the proposal's own moves in ``services/proposals.py`` and
``services/proposal_review.py``.
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
from .loop_parties import acting_party, handler, same_org

NOTE_MAX = 2000


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
    same_org(actor, matter)
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
    party = acting_party(actor, matter, rules.SECRETARIAT)
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
    if any(a.active for a in matter.assignments):  # one lead at a time: 改办 moves it
        raise ServiceError(f"该{matter.spec.name}已有承办单位，请勿重复交办。")
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


def department_move(
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
    event = as_department(actor, matter, action, party, assignment, version, note, reason, files)
    return assignment, event


def as_department(
    actor: User,
    matter: Matter,
    action: str,
    party: str,
    assignment: MatterAssignment,
    version: int | None,
    note: str = "",
    reason: str | None = None,
    files: list[CheckedFile] | None = None,
) -> MatterEvent:
    """``move`` recorded as ``assignment``'s department's, whoever acted for it (``party``:
    the department itself, or the secretariat on its behalf)."""
    return move(
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


def hand_over(matter: Matter, held: MatterAssignment, to: Department) -> MatterAssignment:
    """改办: ``held`` ends (kept, inactive) and ``to`` takes its part, lead or co, with the
    windows it was given; its deadline counts from today."""
    held.active = False
    new = MatterAssignment(
        org_id=matter.org_id,
        department_id=to.id,
        is_lead=held.is_lead,
        assigned_on=local_today(),
        reply_months=held.reply_months,
        reassign_days=held.reassign_days,
        co_opinion_months=held.co_opinion_months,
    )
    matter.assignments.append(new)
    return new
