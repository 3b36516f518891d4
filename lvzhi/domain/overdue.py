"""Overdue everywhere, pure — the ONE definition every list and figure uses (the secretariat's
overdue list, the board's 逾期 and its drill-down, the loop lists, the department portal and
the to-dos):

- a matter's written feedback is **owed** while its loop is at one of ``OWED[loop]`` (a
  proposal being handled, a consultation 交办 or being implemented, a supervision report
  awaiting 建言处置, a speech from its leader's 批示 until fed back, a public-opinion report
  assigned or being handled); a work suggestion owes none;
- its deadline is the loop's rule chosen by the matter's kind (``feedback_rule``), counted
  from the start ``START`` names: the lead department's 交办 date, the topic's own meeting
  (else the matter's year), or the matter's year (a speech's plenary);
- it is **overdue** when owed and today is past that deadline (``loops.deadline_state``);
  a deadline counted from 交办 needs one, and a meeting not in the calendar yet is never
  late. The lead department, if any, is who is responsible (an instructed speech not yet
  assigned is late all the same, with nobody but the office to answer for it).

The database form of the same rule is ``selectors.board_overdue.overdue_condition``; a test builds
matters of every loop at every stage and checks the SQL and this agree.
"""

from __future__ import annotations

from datetime import date

from .consultations import FEEDBACK_OPEN, PLAN_SLOTS
from .loop_specs import LOOPS
from .loops import IN_HANDS, DeadlineRule, Due, LoopSpec, due
from .public_opinion import IN_HANDS as OPINION_IN_HANDS
from .speeches import SPEECH_FEEDBACK_RUNNING

# the stages at which each loop's written feedback is still owed
OWED: dict[str, tuple[str, ...]] = {
    "proposal": IN_HANDS,
    "consultation": FEEDBACK_OPEN,
    "supervision": ("report",),
    "speech": SPEECH_FEEDBACK_RUNNING,  # counted from its plenary year, 交办 or not
    "public_opinion": OPINION_IN_HANDS,
    "work_suggestion": (),
}

# where a deadline counts from
ASSIGNED = "assigned"  # the lead department's 交办 date
MEETING_OR_YEAR = "meeting_or_year"  # the topic's meeting, else 1 January of its year
MEETING_OR_ASSIGNED = "meeting_or_assigned"  # the topic's meeting, else its 交办
YEAR = "year"  # 1 January of the matter's year (a speech's plenary)

CONSULTATION_STARTS = {
    "plenary_group": MEETING_OR_YEAR,
    "standing_thematic": MEETING_OR_ASSIGNED,
    "chair_thematic": MEETING_OR_YEAR,
    "other": ASSIGNED,
}


def feedback_owed(loop: str, stage: str) -> bool:
    """Is the written feedback still owed (its deadline running) at ``stage``?"""
    return stage in OWED.get(loop, ())


def feedback_rule(spec: LoopSpec, kind: str = "") -> DeadlineRule | None:
    """The rule of a matter's written feedback: a proposal's reply; a consultation's chosen by
    its kind (全会分组讨论, 常委会, 主席会议, X); any other loop's first rule; None if none."""
    if spec.code == "proposal":
        return spec.deadline("reply")
    for rule in spec.deadlines:
        if rule.code == kind:
            return rule
    return spec.deadlines[0] if spec.deadlines else None


def feedback_start(loop: str, kind: str = "") -> str:
    """Where the deadline of a ``loop`` matter of ``kind`` counts from (``START`` codes)."""
    if loop == "consultation" and kind in PLAN_SLOTS:
        return CONSULTATION_STARTS[kind]
    if loop == "speech":
        return YEAR
    return ASSIGNED


def feedback_due(
    loop: str,
    kind: str,
    year: int,
    assigned_on: date | None,
    meetings=(),
    *,
    held_on: date | None = None,
    months: int | None = None,
    extended_to: date | None = None,
) -> Due | None:
    """The deadline of the matter's written feedback (None: no rule, or nothing to count
    from yet). ``held_on`` is the date of the topic's own meeting; ``months`` and
    ``extended_to`` a proposal's reply period and extension."""
    rule = feedback_rule(LOOPS[loop], kind)
    if rule is None:
        return None
    start = {
        ASSIGNED: assigned_on,
        MEETING_OR_YEAR: held_on or date(year, 1, 1),
        MEETING_OR_ASSIGNED: held_on or assigned_on,
        YEAR: date(year, 1, 1),
    }[feedback_start(loop, kind)]
    if start is None:
        return None
    if loop == "proposal":
        return due(rule, start, meetings, months=months, extended_to=extended_to)
    return due(rule, start, meetings)


def suggestion_due(
    loop: str,
    kind: str,
    year: int,
    held_on: date | None,
    assigned_on: date | None,
    meetings=(),
) -> Due | None:
    """A numbered suggestion's answer is due by its matter's feedback rule, from the same
    start: the topic's meeting (or its year) where the rule names one — a chair-meeting
    consultation's suggestions are all due at next year's 联席会议, however late each was
    assigned — else the day the suggestion was assigned to its department (an X activity's,
    a supervision report's). None while it is unassigned."""
    if assigned_on is None:
        return None
    return feedback_due(loop, kind, year, assigned_on, meetings, held_on=held_on)
