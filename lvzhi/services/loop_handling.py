"""Handling a matter once it is assigned: the department's contact (办前沟通), progress notes,
co-handling opinion, reply (答复); the secretariat's extension, key-proposal flag and
supervision; the leader's instruction (批示). Each is one ``@unit_of_work`` built on
``services.loops.move`` (see there for parties, versions and the double tap)."""

from __future__ import annotations

from datetime import date

from ..clock import local_today
from ..domain import loops as rules
from ..models import Department, Matter, MatterEvent, User
from ..models.base import utcnow
from . import ServiceError, unit_of_work
from .attachments import CheckedFile
from .common import limited_text
from .loops import _department_move, _party, handler, move


@unit_of_work
def matter_contact(
    actor: User,
    matter: Matter,
    way: str,
    on: date,
    note: str = "",
    department: Department | None = None,
    version: int | None = None,
) -> MatterEvent:
    """办前沟通: how (visit / phone / meeting) and when the department contacted the proposer."""
    if way not in rules.CONTACT_WAYS:
        raise ServiceError("请选择沟通方式。", field="way")
    if on is None or on > local_today():
        raise ServiceError("沟通日期不能晚于今天。", field="on")
    note = limited_text(note, 500, "沟通情况", "note")
    words = f"{rules.CONTACT_WAYS[way]}沟通（{on.isoformat()}）" + (f"：{note}" if note else "")
    assignment, event = _department_move(actor, matter, "contact", department, version, words)
    assignment.contact_way, assignment.contact_on, assignment.contact_note = way, on, note
    return event


@unit_of_work
def matter_progress(
    actor: User,
    matter: Matter,
    note: str,
    department: Department | None = None,
    version: int | None = None,
    files: list[CheckedFile] | None = None,
) -> MatterEvent:
    """A progress note (办理进展) on the timeline, with optional files."""
    if not (note or "").strip():
        raise ServiceError("请填写办理进展。", field="note")
    return _department_move(actor, matter, "progress", department, version, note, files=files)[1]


@unit_of_work
def matter_co_opinion(
    actor: User,
    matter: Matter,
    opinion: str,
    department: Department | None = None,
    version: int | None = None,
    files: list[CheckedFile] | None = None,
) -> MatterEvent:
    """A co-handling (会办) department's opinion to the lead (due 1 month after 交办)."""
    party, assignment = handler(actor, matter, department)
    if assignment.is_lead:
        raise ServiceError("主办单位无需提交会办意见。")
    if not (opinion or "").strip():
        raise ServiceError("请填写会办意见。", field="opinion")
    assignment, event = _department_move(
        actor, matter, "co_opinion", department, version, opinion, files=files
    )
    assignment.co_opinion, assignment.co_opinion_at = event.note, utcnow()
    return event


@unit_of_work
def matter_reply(
    actor: User,
    matter: Matter,
    reply_class: str,
    text: str,
    files: list[CheckedFile],
    department: Department | None = None,
    version: int | None = None,
) -> MatterEvent:
    """答复 by the lead department: class A/B/C, text, the signed document (PDF/photo). After
    不满意 (stage rehandling) this is the second reply (round 2)."""
    if reply_class not in rules.REPLY_CLASSES:
        raise ServiceError("请选择答复类别。", field="reply_class")
    if not files:
        raise ServiceError("请上传盖章的答复函（PDF 或照片）。", field="files")
    party, assignment = handler(actor, matter, department)
    if not assignment.is_lead:
        raise ServiceError("答复由主办单位提交，会办单位请提交会办意见。")
    second = matter.stage == rules.REHANDLING
    text = limited_text(text, 5000, "答复内容", "text")
    label = f"{reply_class} 类（{rules.REPLY_CLASSES[reply_class]}）"
    assignment, event = _department_move(
        actor,
        matter,
        "reply",
        department,
        version,
        f"{label}{'：' + text if text else ''}",
        files=files,
    )
    assignment.reply_class, assignment.reply_text = reply_class, text
    assignment.replied_at, assignment.reply_event_id = utcnow(), event.id
    assignment.round = 2 if second else 1
    return event


@unit_of_work
def matter_extend(
    actor: User, matter: Matter, to: date, reason: str, version: int | None = None
) -> MatterEvent:
    """延期 the lead's reply, once, with a reason, to at most 6 months after 交办."""
    party = _party(actor, matter, rules.SECRETARIAT)
    assignment = matter.lead_assignment
    if assignment is None:
        raise ServiceError("该事项尚未交办。")
    rule = matter.spec.deadline("reply")
    current = rules.due(rule, assignment.assigned_on, months=assignment.reply_months).on
    refusal = rules.extension_refusal(
        rule, assignment.assigned_on, current, to, 1 if assignment.extended_to else 0
    )
    if refusal is None and not (reason or "").strip():
        refusal = "请填写延期的原因"
    if refusal:
        raise ServiceError(refusal + "。", field="to")
    event = move(
        actor,
        matter,
        "extend",
        party=party,
        version=version,
        reason=reason,
        note=f"延期至 {to.isoformat()}：{reason.strip()}",
        department_id=assignment.department_id,
    )
    assignment.extended_to, assignment.extension_reason = to, reason.strip()[:300]
    return event


@unit_of_work
def matter_mark_key(
    actor: User,
    matter: Matter,
    leader: User | None,
    is_key: bool = True,
    version: int | None = None,
) -> MatterEvent:
    """重点提案 with its supervising leader (督办领导), or unmark it."""
    party = _party(actor, matter, rules.SECRETARIAT)
    if is_key and (
        leader is None or leader.org_id != matter.org_id or not leader.has_role("leader")
    ):
        raise ServiceError("请选择督办领导。", field="leader")
    note = f"设为重点提案，督办领导：{leader.display_name}" if is_key and leader else "取消重点提案"
    event = move(actor, matter, "mark_key", party=party, version=version, note=note)
    matter.is_key = is_key
    matter.supervising_leader_id = leader.id if is_key and leader else None
    return event


@unit_of_work
def matter_supervise(
    actor: User, matter: Matter, note: str, version: int | None = None
) -> MatterEvent:
    """督办 note by the secretariat or a leader."""
    if not (note or "").strip():
        raise ServiceError("请填写督办情况。", field="note")
    party = _party(actor, matter, rules.SECRETARIAT, rules.LEADER)
    return move(actor, matter, "supervise", party=party, version=version, note=note)


@unit_of_work
def matter_instruct(
    actor: User, matter: Matter, note: str, version: int | None = None
) -> MatterEvent:
    """领导批示 (leader instruction) on a matter being handled."""
    if not (note or "").strip():
        raise ServiceError("请填写批示内容。", field="note")
    party = _party(actor, matter, rules.LEADER)
    return move(actor, matter, "instruct", party=party, version=version, note=note)
