"""Overdue everywhere, pure: which deadline rule a matter's written feedback follows and
while which stages it is still owed, for every loop alike — so one list can show what is
past or near its deadline across proposals, consultations, supervision, speeches and public
opinion (the dates come from ``loops.due`` and the meeting calendar)."""

from __future__ import annotations

from .loops import IN_HANDS, DeadlineRule, LoopSpec

# stages of the other loops at which the written feedback has been given (or is not owed)
FEEDBACK_GIVEN = ("feedback", "track", "closed", "handled", "not_selected", "not_adopted")


def feedback_rule(spec: LoopSpec, kind: str = "") -> DeadlineRule | None:
    """The rule of a matter's written feedback: a proposal's reply; a consultation's chosen by
    its kind (全会分组讨论, 常委会, 主席会议, X); any other loop's first rule; None if none."""
    if spec.code == "proposal":
        return spec.deadline("reply")
    for rule in spec.deadlines:
        if rule.code == kind:
            return rule
    return spec.deadlines[0] if spec.deadlines else None


def feedback_owed(loop: str, stage: str) -> bool:
    """Is the written feedback still owed at ``stage``? (A matter not yet assigned has no
    deadline running: that is decided by its assignment, not here.)"""
    if loop == "proposal":
        return stage in IN_HANDS
    return stage not in FEEDBACK_GIVEN
