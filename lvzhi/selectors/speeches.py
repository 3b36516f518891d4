"""Reading plenary speeches and work suggestions: lists by stage (a fixed number of statements
per page), the year's figures of both from ONE GROUP BY, the last answer or instruction of a
matter from its timeline, and the rows of the two .xlsx registers."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..clock import local_day
from ..domain.loop_specs import SPEECH, WORK_SUGGESTION
from ..domain.speeches import SPEECH_MODES
from ..extensions import db
from ..models import Matter, MatterAssignment, MatterPerson
from .proposals import department_names, proposer_names

SPEECH_LOOP, WORK_SUGGESTION_LOOP = SPEECH.code, WORK_SUGGESTION.code
SELECTED = ("selected", "instructed", "assigned", "handling", "feedback")
INSTRUCTED = ("instructed", "assigned", "handling", "feedback")


def matters_select(
    org_id: int,
    loop: str,
    *,
    year: int | None = None,
    stage: str = "",
    member_id: int | None = None,
) -> Select:
    """Submitted speeches or work suggestions, newest first; people, assignments and the
    timeline eagerly loaded (count + page + 4 loads per page, whatever the count)."""
    stmt = select(Matter).where(
        Matter.org_id == org_id, Matter.loop == loop, Matter.stage != "draft"
    )
    if year is not None:
        stmt = stmt.where(Matter.year == year)
    if stage:
        stmt = stmt.where(Matter.stage == stage)
    if member_id is not None:
        stmt = stmt.where(
            Matter.id.in_(select(MatterPerson.matter_id).where(MatterPerson.member_id == member_id))
        )
    return stmt.options(
        selectinload(Matter.people).selectinload(MatterPerson.member),
        selectinload(Matter.assignments).selectinload(MatterAssignment.department),
        selectinload(Matter.events),
    ).order_by(Matter.id.desc())


def rows(org_id: int, loop: str, **kw) -> list[Matter]:
    return list(db.session.scalars(matters_select(org_id, loop, **kw)))


def last_note(matter: Matter, *actions: str) -> str:
    """The note of the matter's last event of ``actions`` (its answer, its 批示), or ""."""
    found = [e for e in matter.events if e.action in actions]
    return found[-1].note if found else ""


def mode_label(matter: Matter) -> str:
    return SPEECH_MODES.get(matter.kind, "")


# --- figures -------------------------------------------------------------------------------


@dataclass
class SpeechFigures:
    received: int = 0
    selected: int = 0
    oral: int = 0
    written: int = 0
    not_selected: int = 0
    instructed: int = 0
    fed_back: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)


@dataclass
class SuggestionFigures:
    received: int = 0
    adopted: int = 0
    noted: int = 0
    waiting: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)


def figures(org_id: int, year: int) -> tuple[SpeechFigures, SuggestionFigures]:
    """The year's speech and work-suggestion figures in ONE GROUP BY (loop, stage, mode)."""
    found = db.session.execute(
        select(Matter.loop, Matter.stage, Matter.kind, func.count(Matter.id))
        .where(
            Matter.org_id == org_id,
            Matter.year == year,
            Matter.loop.in_((SPEECH_LOOP, WORK_SUGGESTION_LOOP)),
            Matter.stage.not_in(("draft", "withdrawn")),
        )
        .group_by(Matter.loop, Matter.stage, Matter.kind)
    )
    s, w = SpeechFigures(), SuggestionFigures()
    for loop, stage, kind, n in found:
        target = s if loop == SPEECH_LOOP else w
        target.received += n
        target.by_stage[stage] = target.by_stage.get(stage, 0) + n
        if loop == SPEECH_LOOP and stage in SELECTED:
            s.selected += n
            s.oral += n if kind == "oral" else 0
            s.written += n if kind == "written" else 0
    s.not_selected = s.by_stage.get("not_selected", 0)
    s.instructed = sum(s.by_stage.get(x, 0) for x in INSTRUCTED)
    s.fed_back = s.by_stage.get("feedback", 0)
    w.adopted, w.noted = w.by_stage.get("adopted", 0), w.by_stage.get("noted", 0)
    w.waiting = w.by_stage.get("submitted", 0)
    return s, w


# --- the registers -------------------------------------------------------------------------

SPEECH_HEADERS = [
    "标题",
    "发言人",
    "状态",
    "发言方式",
    "提交日期",
    "领导批示",
    "承办单位",
    "反馈",
]
SUGGESTION_HEADERS = ["标题", "提出人", "状态", "提交日期", "建议内容", "答复"]


def _day(m: Matter) -> str:
    return local_day(m.submitted_at).isoformat() if m.submitted_at else ""


def speech_register(org_id: int, year: int) -> list[list]:
    out = []
    for m in rows(org_id, SPEECH_LOOP, year=year):
        lead = m.lead_assignment
        out.append(
            [
                m.title,
                proposer_names(m),
                m.stage_label,
                mode_label(m),
                _day(m),
                last_note(m, "instruct"),
                department_names(m),
                lead.reply_text if lead and lead.reply_class else "",
            ]
        )
    return out


def suggestion_register(org_id: int, year: int) -> list[list]:
    return [
        [
            m.title,
            proposer_names(m),
            m.stage_label,
            _day(m),
            m.situation,
            last_note(m, "adopt", "note"),
        ]
        for m in rows(org_id, WORK_SUGGESTION_LOOP, year=year)
    ]
