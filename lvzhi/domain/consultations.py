"""Consultations "1+2+6+X" and democratic supervision "1+5+5", pure: the year's plan slots,
which meeting a topic belongs to, the feedback deadline by level (DOMAIN.md's table), the
people lists and what they credit, the five requirements of supervision.

The feedback deadline is computed from the meeting calendar every time it is read, so a
meeting entered later turns "下次常委会会议前" into a date, and a meeting moved moves the
deadline with it — nothing here is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .calendar import CHAIR_MEETING, MEETING_KINDS, PLENARY, STANDING_COMMITTEE, Meetings
from .loop_specs import CONSULTATION, CONSULTATION_KINDS, spec
from .loops import CreditRule, Due, due

PLENARY_GROUP, STANDING_THEMATIC, CHAIR_THEMATIC, OTHER = (
    "plenary_group",
    "standing_thematic",
    "chair_thematic",
    "other",
)
# the year's plan "1+2+6+X": how many of each kind (None: any number)
PLAN_SLOTS: dict[str, int | None] = {
    PLENARY_GROUP: 1,
    STANDING_THEMATIC: 2,
    CHAIR_THEMATIC: 6,
    OTHER: None,
}
# the meeting a topic of each kind is held at (an X activity: any meeting, or none)
KIND_MEETING: dict[str, str | None] = {
    PLENARY_GROUP: PLENARY,
    STANDING_THEMATIC: STANDING_COMMITTEE,
    CHAIR_THEMATIC: CHAIR_MEETING,
    OTHER: None,
}
# feedback is running (can be late) while the topic is assigned and being implemented
FEEDBACK_OPEN = ("assign", "implement")
# the written feedback has been given from this stage on
FED_BACK = ("feedback", "track", "closed")


def open_to_all_members(kind: str, stage: str) -> bool:
    """The plenary group discussions' opinions are fed back in writing "to all members"
    (DOMAIN.md): once fed back, every member of the body reads the topic and its feedback."""
    return kind == PLENARY_GROUP and stage in FED_BACK


def kind_label(kind: str) -> str:
    return CONSULTATION_KINDS.get(kind, kind)


def meeting_refusal(kind: str, meeting_kind: str | None) -> str | None:
    """Why a topic of ``kind`` cannot belong to a meeting of ``meeting_kind`` (Chinese)."""
    if kind not in PLAN_SLOTS:
        return "请选择协商类别"
    wanted = KIND_MEETING[kind]
    if meeting_kind is None or wanted is None or meeting_kind == wanted:
        return None
    return f"{kind_label(kind)}应安排在{MEETING_KINDS[wanted]}"


def slot_refusal(kind: str, planned: int) -> str | None:
    """Why one more topic of ``kind`` does not fit a year that has ``planned`` of them."""
    limit = PLAN_SLOTS.get(kind)
    if limit is not None and planned >= limit:
        return f"本年度{kind_label(kind)}已排满 {limit} 项"
    return None


def feedback_due(
    kind: str,
    year: int,
    held_on: date | None,
    assigned_on: date | None,
    meetings: Meetings,
) -> Due:
    """When the written feedback on a topic is due (DOMAIN.md's table):

    - plenary group discussions: next year's 全会预备会议;
    - a thematic standing-committee meeting: the next 常委会会议 after the topic's own (its
      meeting not in the calendar: after 交办);
    - a chair-meeting consultation: next year's (early) 政府政协联席会议;
    - an X activity: 3 months after 交办.

    ``held_on`` is the date of the meeting the topic belongs to (None: not in the calendar
    yet), ``assigned_on`` the 交办 date (None: not yet assigned). A meeting not in the
    calendar reads "下一年度全会预备会议前" and the like (``Due.on`` None)."""
    if kind not in PLAN_SLOTS:
        raise ValueError(f"unknown consultation kind {kind!r}")
    rule = CONSULTATION.deadline(kind)
    if kind == OTHER:
        if assigned_on is None:
            return Due(None, f"{rule.starts}后 {rule.months} 个月内")
        return due(rule, assigned_on)
    if kind == STANDING_THEMATIC:
        start = held_on or assigned_on  # its meeting not entered: the meeting after 交办
        if start is None:
            label = MEETING_KINDS[STANDING_COMMITTEE]
            return Due(None, f"本次{label}后的下次{label}前")
        return due(rule, start, meetings)
    return due(rule, held_on or date(year, 1, 1), meetings)


# --- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One place of the year's plan: ``kind`` and its number, ``topic`` None when empty."""

    kind: str
    number: int
    topic: object | None


def plan_slots(topics_by_kind: dict[str, list]) -> list[Slot]:
    """The 1+2+6+X places in order, filled with the topics (in the order given) or empty;
    X lists its topics only (it has no fixed number)."""
    slots = []
    for kind, limit in PLAN_SLOTS.items():
        topics = list(topics_by_kind.get(kind, []))
        count = max(limit or 0, len(topics))
        for i in range(count):
            slots.append(Slot(kind, i + 1, topics[i] if i < len(topics) else None))
    return slots


def plan_counts(topics_by_kind: dict[str, list]) -> dict[str, tuple[int, int | None]]:
    """Per kind: (planned, slots), e.g. chair_thematic → (4, 6)."""
    return {k: (len(topics_by_kind.get(k, [])), n) for k, n in PLAN_SLOTS.items()}


# --- people --------------------------------------------------------------------------------

# the lists a loop keeps, in the order its page shows them; what each credits is the loop
# spec's credit rules (consultation: researcher → research, speaker → consultation_speech;
# supervision: researcher → research, participant → supervision)
PEOPLE: dict[str, dict[str, str]] = {
    "consultation": {"researcher": "调研委员", "speaker": "协商发言委员"},
    "supervision": {"researcher": "调研委员", "participant": "监督委员"},
}


def part_label(loop: str, part: str) -> str:
    return PEOPLE.get(loop, {}).get(part, "")


def _rule(loop: str, part: str) -> CreditRule | None:
    return next((r for r in spec(loop).credit_rules if part in r.parts), None)


def credit_item(loop: str, part: str) -> str | None:
    """The 十个一 item being on list ``part`` credits (None: none)."""
    rule = _rule(loop, part)
    return rule.item if rule else None


def credited(loop: str, part: str, actions_taken: set[str]) -> bool:
    """Whether list ``part``'s activity has taken place, from the moves made so far (its
    credit is given by that move; a person added later is credited at once)."""
    rule = _rule(loop, part)
    return rule is not None and bool(set(rule.on) & actions_taken)


# --- documents -----------------------------------------------------------------------------

# the documents each loop keeps: the timeline step that carries the file → its name
DOCUMENTS: dict[str, dict[str, str]] = {
    "consultation": {
        "research_report": "调研报告",
        "record": "协商记录",
        "feedback": "书面反馈",
    },
    "supervision": {
        "research_report": "调研报告",
        "report": "监督报告",
        "effect": "效果跟踪",
    },
}


# --- supervision "1+5+5" -------------------------------------------------------------------

REQUIREMENTS: dict[str, str] = {
    "central_topic": "选题中心化",
    "precise_research": "调研精准化",
    "diverse_consultation": "协商多样化",
    "results": "意见成果化",
    "whole_tracking": "跟踪全程化",
}
