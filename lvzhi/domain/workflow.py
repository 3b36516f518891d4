"""One workflow engine for every record that moves through stages.

A ``Workflow`` is data: its stages (code → Chinese label) and its transitions, each naming
the action, the stages it leaves from, the stage it goes to, the parties allowed to take it
and, where the generic refusal is not helpful enough, a Chinese refusal message. The duty
record, the monthly group report and every closed loop are instances of it; services call
``move()``, pages show what ``allowed_actions()`` returns and never spell a stage themselves.

Parties are the workflow's own words for who acts (``owner``, ``reviewer``, ``department``…);
mapping a logged-in user to the parties they are for a given record is an auth rule, kept out
of here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


class TransitionError(ValueError):
    """A refused workflow move; ``message`` is Chinese and can be shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    """``action`` moves a record from any of ``sources`` to ``target``.

    ``target`` None keeps the stage (an edit). ``parties`` empty means anyone the caller lets
    through; ``needs_reason`` makes a non-blank reason mandatory, refused with
    ``reason_message``."""

    action: str
    label: str
    sources: frozenset[str]
    target: str | None = None
    parties: frozenset[str] = frozenset()
    needs_reason: bool = False
    reason_message: str = "请填写原因"


def step(
    action: str,
    label: str,
    sources: Iterable[str] | str,
    target: str | None = None,
    *,
    parties: Iterable[str] = (),
    needs_reason: bool = False,
    reason_message: str = "请填写原因",
) -> Transition:
    """A transition, with plain iterables instead of frozensets."""
    return Transition(
        action=action,
        label=label,
        sources=frozenset([sources] if isinstance(sources, str) else sources),
        target=target,
        parties=frozenset(parties),
        needs_reason=needs_reason,
        reason_message=reason_message,
    )


@dataclass(frozen=True)
class Workflow:
    """Stages, transitions and the refusals worth a more helpful word than the generic one."""

    name: str
    stages: Mapping[str, str]
    transitions: tuple[Transition, ...]
    refusals: Mapping[tuple[str, str], str] = field(default_factory=dict)
    subject: str = "记录"  # the generic refusal says "“草稿”状态的<subject>不能确认"

    def __post_init__(self) -> None:
        actions = [t.action for t in self.transitions]
        duplicated = {a for a in actions if actions.count(a) > 1}
        if duplicated:
            raise ValueError(f"{self.name}: one transition per action, twice: {duplicated}")
        for t in self.transitions:
            unknown = (set(t.sources) | ({t.target} if t.target else set())) - set(self.stages)
            if unknown:
                raise ValueError(f"{self.name}.{t.action}: unknown stages {sorted(unknown)}")
        for stage, action in self.refusals:
            self._check_known(stage, action)

    # --- lookups -------------------------------------------------------------------------

    @property
    def actions(self) -> dict[str, Transition]:
        return {t.action: t for t in self.transitions}

    def label(self, stage: str) -> str:
        return self.stages[stage]

    def action_label(self, action: str) -> str:
        return self.actions[action].label

    def _check_known(self, stage: str, action: str) -> None:
        if stage not in self.stages:
            raise ValueError(f"unknown {self.name} stage: {stage!r}")
        if action not in self.actions:
            raise ValueError(f"unknown {self.name} action: {action!r}")

    # --- the rules -----------------------------------------------------------------------

    def can(self, stage: str, action: str, party: str | None = None) -> bool:
        """Whether ``party`` (None: whoever the caller allows) may take ``action`` now."""
        self._check_known(stage, action)
        t = self.actions[action]
        if stage not in t.sources:
            return False
        return party is None or not t.parties or party in t.parties

    def refusal(self, stage: str, action: str, party: str | None = None) -> str | None:
        """Why ``action`` is refused in ``stage`` (Chinese, no full stop), None if allowed."""
        if self.can(stage, action, party):
            return None
        t = self.actions[action]
        if stage in t.sources:  # the stage allows it, the party does not
            return f"您不能{t.label}此{self.subject}"
        default = f"“{self.stages[stage]}”状态的{self.subject}不能{t.label}"
        return self.refusals.get((stage, action), default)

    def move(
        self, stage: str, action: str, *, party: str | None = None, reason: str | None = None
    ) -> str:
        """The stage after ``action``; raises ``TransitionError`` (Chinese) when refused."""
        message = self.refusal(stage, action, party)
        if message is not None:
            raise TransitionError(message)
        t = self.actions[action]
        if t.needs_reason and not (reason or "").strip():
            raise TransitionError(t.reason_message)
        return t.target or stage

    def allowed_actions(self, stage: str, parties: Iterable[str] | None = None) -> list[str]:
        """The actions any of ``parties`` may take now, in the order the workflow lists them.

        ``parties`` None means every party (the caller has already decided who acts)."""
        wanted = None if parties is None else set(parties)
        allowed = []
        for t in self.transitions:
            if stage not in t.sources:
                continue
            if wanted is None or not t.parties or wanted & t.parties:
                allowed.append(t.action)
        return allowed
