"""Recording a matter's forwarding (报送, with its level) and a leader's instruction (批示:
who, level, date, text) on any closed loop. The loop's workflow names the moves: the first
of ``actions`` it allows now is taken (e.g. ``forward`` moves 已采用 → 已报送, then
``forward_again`` keeps the stage for a second level)."""

from __future__ import annotations

from datetime import date

from ..clock import local_today
from ..domain import loops as rules
from ..domain.instructions import (
    FORWARD_LEVELS,
    INSTRUCTION_LEVELS,
    forward_refusal,
    instruction_refusal,
)
from ..extensions import db
from ..models import Matter, MatterEvent, MatterForward, MatterInstruction, User
from . import ServiceError, unit_of_work
from .common import limited_text
from .loop_parties import acting_party
from .loops import move


def _first_allowed(matter: Matter, actions: tuple[str, ...], party: str = rules.SECRETARIAT) -> str:
    wf = matter.spec.workflow
    return next(
        (a for a in actions if a in wf.actions and wf.can(matter.stage, a, party)),
        actions[0],  # the workflow then says why not
    )


@unit_of_work
def matter_forward_record(
    actor: User,
    matter: Matter,
    level: str,
    on: date | None,
    note: str = "",
    version: int | None = None,
    actions: tuple[str, ...] = ("forward", "forward_again"),
) -> MatterEvent:
    """报送 to ``level`` (FORWARD_LEVELS) on ``on``, by the secretariat."""
    party = acting_party(actor, matter, rules.SECRETARIAT)
    refusal = forward_refusal(level, on, local_today())
    if refusal:
        raise ServiceError(refusal + "。", field="on" if level in FORWARD_LEVELS else "level")
    note = limited_text(note, 300, "报送说明", "note")
    words = f"报送{FORWARD_LEVELS[level]}（{on.isoformat()}）" + (f"：{note}" if note else "")
    event = move(
        actor, matter, _first_allowed(matter, actions), party=party, version=version, note=words
    )
    db.session.add(
        MatterForward(
            org_id=matter.org_id,
            matter_id=matter.id,
            level=level,
            forwarded_on=on,
            note=note,
            created_by_id=actor.id,
        )
    )
    return event


@unit_of_work
def matter_instruction_record(
    actor: User,
    matter: Matter,
    level: str,
    leader: str,
    on: date | None,
    text: str,
    version: int | None = None,
    actions: tuple[str, ...] = ("instruct", "instruct_again"),
) -> MatterEvent:
    """A leader's 批示: whose (name and post), the level (INSTRUCTION_LEVELS), the day and the
    text — as the secretariat records it, or a leader's own (named after them unless another
    name is given; the secretariat must name the leader)."""
    party = acting_party(actor, matter, rules.SECRETARIAT, rules.LEADER)
    leader, text = (leader or "").strip(), (text or "").strip()
    if not leader and party == rules.LEADER:
        leader = actor.display_name
    refusal = instruction_refusal(level, leader, on, text, local_today())
    if refusal:
        field, message = refusal
        raise ServiceError(message + "。", field=field)
    leader = limited_text(leader, 80, "批示领导", "leader")
    words = f"{INSTRUCTION_LEVELS[level]} {leader}（{on.isoformat()}）批示：{text}"
    event = move(
        actor,
        matter,
        _first_allowed(matter, actions, party),
        party=party,
        version=version,
        note=words,
    )
    db.session.add(
        MatterInstruction(
            org_id=matter.org_id,
            matter_id=matter.id,
            level=level,
            leader=leader,
            instructed_on=on,
            text=text,
            created_by_id=actor.id,
        )
    )
    return event
