"""Handling a matter once it is assigned: the department's contact (办前沟通), progress notes,
co-handling opinion, reply (答复); the secretariat's extension, key-proposal flag and
supervision; the leader's instruction (批示); and for any loop: ``matter_create``,
``matter_move`` (a plain move as whichever party the user is) and suggestions with their
outcomes. Each is one ``@unit_of_work`` built on ``services.loops.move`` (see there for
parties, versions and the double tap)."""

from __future__ import annotations

from datetime import date

from ..clock import local_day, local_today
from ..domain import loops as rules
from ..domain.loop_specs import spec as loop_spec
from ..extensions import db
from ..models import Department, Matter, MatterEvent, MatterPerson, Member, User
from ..models.base import utcnow
from . import ServiceError, unit_of_work
from .attachments import CheckedFile
from .audit import audit
from .common import limited_text
from .loop_parties import acting_party, handler, own_assignment, parties_of
from .loops import department_move, move
from .matter_drafts import matter_by_token, usable_token


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
    _party_, assignment = handler(actor, matter, department)
    if on < assignment.assigned_on:
        raise ServiceError(
            f"沟通日期不能早于交办日期（{assignment.assigned_on.isoformat()}）。", field="on"
        )
    rehandled = [local_day(e.at) for e in matter.events if e.action == "rehandle"]
    if rehandled and on < max(rehandled):  # the contact for the second reply
        raise ServiceError(
            f"不满意后的再次沟通，日期不能早于 {max(rehandled).isoformat()}。", field="on"
        )
    note = limited_text(note, 500, "沟通情况", "note")
    words = f"{rules.CONTACT_WAYS[way]}沟通（{on.isoformat()}）" + (f"：{note}" if note else "")
    assignment, event = department_move(actor, matter, "contact", department, version, words)
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
    return department_move(actor, matter, "progress", department, version, note, files=files)[1]


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
    if assignment.co_opinion_at is not None:  # sent once: a second post adds nothing
        raise ServiceError("已提交会办意见，如需补充请登记办理进展。")
    if not (opinion or "").strip():
        raise ServiceError("请填写会办意见。", field="opinion")
    assignment, event = department_move(
        actor, matter, "co_opinion", department, version, opinion, files=files
    )
    assignment.co_opinion, assignment.co_opinion_at = event.note, utcnow()
    return event


def _contacted(matter: Matter, assignment, second: bool) -> bool:
    """Whether the department recorded its contact with the proposer for this reply: any
    contact for the first, one after the proposer's 不满意 for the second."""
    if assignment.contact_on is None:
        return False
    if not second:
        return True
    events = sorted(matter.events, key=lambda e: e.id)
    rehandled = max((e.id for e in events if e.action == "rehandle"), default=0)
    return any(
        e.action == "contact" and e.department_id == assignment.department_id and e.id > rehandled
        for e in events
    )


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
    party, assignment = handler(actor, matter, department)
    if not assignment.is_lead:
        raise ServiceError("答复由主办单位提交，会办单位请提交会办意见。")
    second = matter.stage == rules.REHANDLING
    refusal = rules.reply_refusal(
        matter.loop, reply_class, text, _contacted(matter, assignment, second)
    )
    if refusal:
        field, message = refusal
        raise ServiceError(message + "。", field=field)
    if not files:
        raise ServiceError("请上传盖章的答复函（PDF 或照片）。", field="files")
    text = limited_text(text, 5000, "答复内容", "text")
    label = f"{reply_class} 类（{rules.REPLY_CLASSES[reply_class]}）"
    assignment, event = department_move(
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
    party = acting_party(actor, matter, rules.SECRETARIAT)
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
    leader_name: str = "",
) -> MatterEvent:
    """重点提案 with its supervising leader (督办领导): a leader of the body in the system
    (``leader``), or one outside it named with their post (``leader_name``, e.g. a vice county
    head) — one of the two; or unmark it."""
    party = acting_party(actor, matter, rules.SECRETARIAT)
    leader_name = limited_text(leader_name, 80, "督办领导", "leader_name")
    if is_key:
        if leader is not None and (leader.org_id != matter.org_id or not leader.has_role("leader")):
            raise ServiceError("请选择督办领导。", field="leader")
        if leader is not None and leader_name:
            raise ServiceError("请在政协领导和政府领导中只填一位督办领导。", field="leader_name")
        if leader is None and not leader_name:
            raise ServiceError("请选择政协督办领导，或填写政府督办领导。", field="leader")
    name = (leader.display_name if leader else leader_name) if is_key else ""
    note = f"设为重点提案，督办领导：{name}" if is_key else "取消重点提案"
    event = move(actor, matter, "mark_key", party=party, version=version, note=note)
    matter.is_key = is_key
    matter.supervising_leader_id = leader.id if is_key and leader else None
    matter.supervising_leader_name = name
    return event


@unit_of_work
def matter_supervise(
    actor: User, matter: Matter, note: str, version: int | None = None
) -> MatterEvent:
    """督办 note by the secretariat or a leader."""
    if not (note or "").strip():
        raise ServiceError("请填写督办情况。", field="note")
    party = acting_party(actor, matter, rules.SECRETARIAT, rules.LEADER)
    return move(actor, matter, "supervise", party=party, version=version, note=note)


@unit_of_work
def matter_instruct(
    actor: User, matter: Matter, note: str, version: int | None = None
) -> MatterEvent:
    """领导批示 (leader instruction) on a matter being handled."""
    if not (note or "").strip():
        raise ServiceError("请填写批示内容。", field="note")
    party = acting_party(actor, matter, rules.LEADER)
    return move(actor, matter, "instruct", party=party, version=version, note=note)


# --- any loop: create, plain moves, suggestions ----------------------------------------------


@unit_of_work
def matter_create(
    actor: User,
    loop: str,
    title: str,
    *,
    kind: str = "",
    year: int | None = None,
    people: list[tuple[Member, str]] | None = None,
    client_token: str | None = None,
) -> Matter:
    """A new matter of any loop at its first stage (proposals: use ``proposal_save``). The
    secretariat creates consultation, supervision and speech matters with their people
    (``(member, part)``); a member creates their own public-opinion piece as its proposer."""
    spec = loop_spec(loop)
    title = limited_text(title, 200, "标题", "title")
    if not title:
        raise ServiceError("请填写标题。", field="title")
    found = matter_by_token(actor, client_token)
    if found is not None:
        return found
    own = loop == "public_opinion" and actor.member_id is not None
    if not (own or actor.has_role("secretariat")):
        raise ServiceError("您不能新建此事项。")
    matter = Matter(
        org_id=actor.org_id,
        loop=loop,
        year=year or local_today().year,
        kind=kind,
        stage=spec.first_stage,
        title=title,
        client_token=usable_token(client_token),
        created_by_id=actor.id,
    )
    listed = [(actor.member_id, "proposer")] if own else []
    listed += [(m.id, part) for m, part in people or [] if m.org_id == actor.org_id]
    for position, (member_id, part) in enumerate(dict(listed).items()):
        matter.people.append(MatterPerson(member_id=member_id, part=part, position=position))
    db.session.add(matter)
    db.session.flush()
    audit(actor, matter.org_id, "matter.create", matter, f"新建{spec.name}：{title}")
    return matter


@unit_of_work
def matter_move(
    actor: User,
    matter: Matter,
    action: str,
    *,
    version: int | None = None,
    note: str = "",
    reason: str | None = None,
    files: list[CheckedFile] | None = None,
) -> MatterEvent:
    """Any loop's plain move (one without fields of its own), taken as whichever party the
    actor is that the transition allows; the secretariat taking a department's move acts for
    the lead department."""
    transition = matter.spec.workflow.actions.get(action)
    mine = parties_of(actor, matter)
    if transition is None or not mine:
        raise ServiceError("您不能处理此事项。")
    order = (rules.DEPARTMENT, rules.PROPOSER, rules.LEADER, rules.SECRETARIAT, rules.COMMITTEE)
    fitting = [
        p for p in order if p in mine and (not transition.parties or p in transition.parties)
    ]
    party = fitting[0] if fitting else sorted(mine)[0]  # the workflow then says why not
    department_id, event_party = None, None
    if rules.DEPARTMENT in transition.parties and party in (rules.DEPARTMENT, rules.SECRETARIAT):
        own = own_assignment(actor, matter) if party == rules.DEPARTMENT else matter.lead_assignment
        department_id = own.department_id if own else None
        event_party = rules.DEPARTMENT if own else None
    return move(
        actor,
        matter,
        action,
        party=party,
        version=version,
        note=note,
        reason=reason,
        department_id=department_id,
        files=files,
        event_party=event_party,
    )


# suggestions moved to services/suggestions.py; the names stay importable from here
from .suggestions import suggestion_add, suggestion_outcome  # noqa: E402, F401
