"""Plenary speeches (大会发言) and work suggestions on the CPPCC's work (政协工作建议): a
member (or the collective they lead, or the secretariat for a party) submits; the secretariat
selects a speech as oral or written (or not), a leader instructs (批示) and the speech is then
assigned and handled by departments with the loops' shared services (``matter_assign``, the
department portal's ``matter_accept`` … ``matter_reply``, ``matter_supervise``); a work
suggestion is answered adopted or noted with a reply.

Each public service is one ``@unit_of_work`` built on ``services.loops.move`` (the timeline,
the audit line and the 十个一 credit of the loop's rule: item 6 for a selected oral speech,
item 10 for a submitted work suggestion, withdrawn when the speech is unselected or withdrawn
and when the suggestion is withdrawn). A form sent twice creates one matter (its
``client_token``) and moves it once (the workflow refuses the second move).
"""

from __future__ import annotations

from ..domain import loops as rules
from ..domain.loop_specs import spec as loop_spec
from ..domain.speeches import INSTRUCTION_LEVELS, SPEECH_MODES, instruction_note
from ..extensions import db
from ..models import Matter, MatterEvent, User
from ..models.base import utcnow
from . import ServiceError, unit_of_work
from .common import limited_text
from .loop_parties import acting_party, reviewer
from .loops import move
from .matter_drafts import matter_by_token, new_draft
from .proposals import _check_collective

SPEECH, WORK_SUGGESTION = "speech", "work_suggestion"
CONTENT_MAX = 10000
NOTE_MAX = 2000
INSTRUCTION_MAX = 1900  # leaves room in the timeline's note for who and the level


def _of_loop(matter: Matter, loop: str) -> None:
    if matter.loop != loop:
        raise ServiceError(f"这不是{loop_spec(loop).name}。")


def _submit_new(
    actor: User,
    loop: str,
    title: str,
    content: str,
    client_token: str | None,
    year: int | None,
    collective_kind: str = "",
    collective_name: str = "",
) -> Matter:
    """Create the matter as its writer and submit it, in the caller's unit of work."""
    found = matter_by_token(actor, client_token, own=True)
    if found is not None:
        return found
    spec = loop_spec(loop)
    title = limited_text(title, 200, "标题", "title")
    content = limited_text(content, CONTENT_MAX, spec.situation_word, "content")
    if not title:
        raise ServiceError("请填写标题。", field="title")
    if not content:
        raise ServiceError(f"请填写{spec.situation_word}。", field="content")
    matter = new_draft(actor, loop, spec.first_stage, year, client_token)
    matter.title, matter.situation = title, content
    matter.collective_kind = collective_kind
    matter.collective_name = collective_name.strip()[:80]
    db.session.flush()
    move(actor, matter, "submit", party=acting_party(actor, matter, rules.PROPOSER))
    matter.submitted_at = utcnow()
    return matter


# --- speeches ------------------------------------------------------------------------------


@unit_of_work
def speech_submit(
    actor: User,
    title: str,
    content: str,
    *,
    client_token: str | None = None,
    collective_kind: str = "",
    collective_name: str = "",
    year: int | None = None,
) -> Matter:
    """A member submits a speech for the plenary — their own, or for the office group they
    head or the committee they direct; the secretariat enters a collective's (a party's,
    a sector's). Submitted as written: the secretariat selects it next."""
    _check_collective(actor, collective_kind, collective_name)
    if not actor.member_id and not (collective_kind and actor.has_role("secretariat")):
        raise ServiceError("只有委员本人或政协机关（集体发言）可以提交大会发言。")
    return _submit_new(
        actor, SPEECH, title, content, client_token, year, collective_kind, collective_name
    )


@unit_of_work
def speech_withdraw(actor: User, matter: Matter, version: int | None = None) -> MatterEvent:
    """The speaker takes a speech back before a leader instructs on it (item 6 withdrawn)."""
    _of_loop(matter, SPEECH)
    event = move(
        actor,
        matter,
        "withdraw",
        party=acting_party(actor, matter, rules.PROPOSER),
        version=version,
    )
    matter.kind = ""
    return event


@unit_of_work
def speech_select(
    actor: User, matter: Matter, mode: str, note: str = "", version: int | None = None
) -> MatterEvent:
    """选用 as an oral (口头) or written (书面) speech; an oral one credits item 6."""
    _of_loop(matter, SPEECH)
    if mode not in SPEECH_MODES:
        raise ServiceError("请选择发言方式。", field="mode")
    party = reviewer(actor, matter)
    note = (note or "").strip()
    matter.kind = mode  # before the move: the credit rule reads it
    return move(
        actor,
        matter,
        "select",
        party=party,
        version=version,
        note=SPEECH_MODES[mode] + (f"：{note}" if note else ""),
    )


@unit_of_work
def speech_reject(
    actor: User, matter: Matter, note: str = "", version: int | None = None
) -> MatterEvent:
    """不予选用, with an optional word to the speaker."""
    _of_loop(matter, SPEECH)
    party = acting_party(actor, matter, rules.SECRETARIAT)
    return move(actor, matter, "reject", party=party, version=version, note=note)


@unit_of_work
def speech_unselect(
    actor: User, matter: Matter, reason: str, version: int | None = None
) -> MatterEvent:
    """取消选用 (back to 待选用), with a reason; an oral speech's item 6 is withdrawn."""
    _of_loop(matter, SPEECH)
    party = acting_party(actor, matter, rules.SECRETARIAT)
    event = move(actor, matter, "unselect", party=party, version=version, reason=reason)
    matter.kind = ""
    return event


@unit_of_work
def speech_instruct(
    actor: User,
    matter: Matter,
    text: str,
    level: str,
    leader_name: str = "",
    version: int | None = None,
) -> MatterEvent:
    """领导批示 on a selected speech: a leader's own (named after them unless another name is
    given), or one the secretariat records for a leader outside the system (name required).
    The instruction is the timeline line (who, level, text); the speech then waits for 交办."""
    _of_loop(matter, SPEECH)
    party = acting_party(actor, matter, rules.LEADER, rules.SECRETARIAT)
    text = limited_text(text, INSTRUCTION_MAX, "批示内容", "text")
    if not text:
        raise ServiceError("请填写批示内容。", field="text")
    if level not in INSTRUCTION_LEVELS:
        raise ServiceError("请选择批示领导的级别。", field="level")
    name = limited_text(leader_name, 30, "批示领导", "leader")
    if not name and party == rules.LEADER:
        name = actor.display_name
    if not name:
        raise ServiceError("请填写批示领导。", field="leader")
    note = instruction_note(name, level, text)
    return move(actor, matter, "instruct", party=party, version=version, note=note)


# --- work suggestions ----------------------------------------------------------------------


@unit_of_work
def work_suggestion_submit(
    actor: User,
    title: str,
    content: str,
    *,
    client_token: str | None = None,
    year: int | None = None,
) -> Matter:
    """A member's suggestion on the CPPCC's own work; submitting credits item 10."""
    if not actor.member_id:
        raise ServiceError("只有委员本人可以提出政协工作建议。")
    return _submit_new(actor, WORK_SUGGESTION, title, content, client_token, year)


@unit_of_work
def work_suggestion_withdraw(
    actor: User, matter: Matter, version: int | None = None
) -> MatterEvent:
    """The member takes a suggestion back before it is answered (item 10 withdrawn)."""
    _of_loop(matter, WORK_SUGGESTION)
    party = acting_party(actor, matter, rules.PROPOSER)
    return move(actor, matter, "withdraw", party=party, version=version)


@unit_of_work
def work_suggestion_answer(
    actor: User, matter: Matter, answer: str, reply: str, version: int | None = None
) -> MatterEvent:
    """The secretariat's answer: ``adopt`` (采纳) or ``note`` (已知悉), with the reply text."""
    _of_loop(matter, WORK_SUGGESTION)
    if answer not in ("adopt", "note"):
        raise ServiceError("请选择答复结果。", field="answer")
    party = acting_party(actor, matter, rules.SECRETARIAT)
    reply = limited_text(reply, NOTE_MAX, "答复内容", "reply")
    return move(actor, matter, answer, party=party, version=version, reason=reply)
