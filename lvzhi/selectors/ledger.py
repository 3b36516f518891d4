"""One member's points ledger, line by line: the year's facts of a page's members (十个一
items done, matters led, attendance, adjustments, the 述职) read at once and turned into
lines and a total by ``domain.points.ledger``, for the member's page, the ledger and the
annual report. The year's rules and settings, and the secretariat's table of totals, are
``selectors.points``'s; the ledger's total agrees with the table's (test_points_agreement)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import (
    CompoundSelect,
    Integer,
    bindparam,
    literal_column,
    null,
    select,
    union_all,
)

from ..clock import local_day, zone
from ..domain import duties as duty_rules
from ..domain import points as rules
from ..extensions import db
from ..models import (
    Matter,
    MatterPerson,
    Member,
    PointsAdjustment,
    SelfSummary,
    User,
)
from .duties import _progress, status_counts
from .duties import year_items as year_items_of
from .points import settings, year_rules
from .scores import MATTER_LOOPS, proposer_of

# --- facts -----------------------------------------------------------------------------------


def attendance_counts(
    org_id: int, year: int, members: list[int]
) -> dict[int, dict[tuple[str, str], int]]:
    """member id → {(event kind, outcome): number of events} for ``members``, outcome
    present / excused / absent, from ``selectors.attendance.attendance_facts`` (one GROUP
    BY, org and year bounded; an event not yet over counts nowhere)."""
    from .attendance import attendance_facts

    return {
        member_id: {
            (kind, outcome): n for kind, counts in kinds.items() for outcome, n in counts.items()
        }
        for member_id, kinds in attendance_facts(org_id, year, members=members).items()
    }


def _matter_code(loop: str, stage: str) -> str | None:
    code = MATTER_LOOPS.get(loop)
    return code if code and stage in rules.MATTER_SOURCES[code][1] else None


@dataclass(frozen=True, slots=True)
class LedMatter:
    """A matter a member leads as proposer, as the ledger and the annual report read it:
    its columns, not the ORM object (the report shows its loop, title, number and stage)."""

    id: int
    loop: str
    stage: str
    title: str
    session_label: str | None
    number: int | None
    on: date | None  # filed, else submitted: the day its ledger line counts from

    spec = Matter.spec
    stage_label = Matter.stage_label
    number_text = Matter.number_text


@dataclass(frozen=True, slots=True)
class Summary:
    """A member's 述职 of the year: its text and version (the form's)."""

    text: str
    version: int


@dataclass
class Assessment:
    """One member's year: the 十个一 progress, attendance counts, matters, the ledger, the
    grade and the self-summary."""

    member: Member
    progress: duty_rules.MemberProgress
    ledger: rules.Ledger
    grade: str
    attendance: dict[tuple[str, str], int] = field(default_factory=dict)
    matters: list[LedMatter] = field(default_factory=list)
    summary: Summary | None = None

    @property
    def total(self) -> int:
        return self.ledger.total

    @property
    def grade_label(self) -> str:
        return rules.GRADES[self.grade]

    def attendance_rows(self) -> list[tuple[str, int, int, int]]:
        """(kind label, present, excused, absent) per event kind."""
        kinds = sorted({k for k, _o in self.attendance})
        return [
            (
                rules.kind_label(k),
                *(self.attendance.get((k, o), 0) for o in rules.OUTCOMES),
            )
            for k in kinds
        ]


# ``assess`` reads the members' matters led, adjustments and 述职 of the year in one
# statement (each statement is a round trip on PostgreSQL): a UNION ALL of three parts over
# the same columns, its rows told apart by ``part``, built once per worker.
_MATTER, _ADJUSTMENT, _SUMMARY = 0, 1, 2


@cache
def _year_facts_select() -> CompoundSelect:
    """(part, member_id, id, at, n, text, loop, stage, label, day) rows: a matter's
    submitted_at, number, title, loop, stage, session label, filed_on; an adjustment's
    created_at, points, reason and its author's name; a 述职's version and text."""
    org, year = bindparam("org_id"), bindparam("year")
    members = bindparam("members", expanding=True)

    def part(n: int):
        return literal_column(str(n), Integer).label("part")

    matters = (
        select(
            part(_MATTER),
            MatterPerson.member_id,
            Matter.id,
            Matter.submitted_at.label("at"),
            Matter.number.label("n"),
            Matter.title.label("text"),
            Matter.loop,
            Matter.stage,
            Matter.session_label.label("label"),
            Matter.filed_on.label("day"),
        )
        .join(Matter, Matter.id == MatterPerson.matter_id)
        .where(*proposer_of(org, year, members))
    )
    adjustments = (
        select(
            part(_ADJUSTMENT),
            PointsAdjustment.member_id,
            PointsAdjustment.id,
            PointsAdjustment.created_at,
            PointsAdjustment.points,
            PointsAdjustment.reason,
            null(),
            null(),
            User.display_name,
            null(),
        )
        .outerjoin(User, User.id == PointsAdjustment.created_by_id)
        .where(
            PointsAdjustment.org_id == org,
            PointsAdjustment.year == year,
            PointsAdjustment.member_id.in_(members),
        )
    )
    summaries = select(
        part(_SUMMARY),
        SelfSummary.member_id,
        SelfSummary.id,
        null(),
        SelfSummary.version,
        SelfSummary.text,
        null(),
        null(),
        null(),
        null(),
    ).where(
        SelfSummary.org_id == org,
        SelfSummary.year == year,
        SelfSummary.member_id.in_(members),
    )
    facts = union_all(matters, adjustments, summaries)
    columns = facts.selected_columns
    return facts.order_by(columns.part, columns.at, columns.id)


def assess(org_id: int, year: int, members: list[Member]) -> list[Assessment]:
    """The assessments of ``members`` in the order given: one ledger line per source (item
    done, matter), with the matters and self-summaries read, for the ledger and the annual
    report. A fixed number of statements, whatever the number of members (the year's rules
    and settings kept by the worker)."""
    if not members:
        return []
    ids = [m.id for m in members]
    catalogue = year_rules(org_id, year)
    codes = [r.code for r in catalogue]
    thresholds = settings(org_id, year).thresholds
    year_items = year_items_of(org_id, year)
    counts = status_counts(org_id, year, year_items, ids)
    attendance = attendance_counts(org_id, year, ids)
    facts: dict[int, list[rules.Fact]] = defaultdict(list)
    matters: dict[int, list[LedMatter]] = defaultdict(list)
    adjustments: dict[int, list[rules.Adjustment]] = defaultdict(list)
    summaries: dict[int, Summary] = {}
    rows = db.session.execute(
        _year_facts_select(), {"org_id": org_id, "year": year, "members": ids}
    )
    tz = zone()  # the stored times are UTC; the ledger shows the body's local days
    for part, member_id, id_, at, n, text, loop, stage, label, day in rows:
        if part == _MATTER:
            sent = local_day(at, tz)
            matter = LedMatter(id_, loop, stage, text, label, n, day or sent)
            matters[member_id].append(matter)
            code = _matter_code(loop, stage)
            if code:
                source = ("matter", id_)
                facts[member_id].append(rules.Fact(code, text, 1, source, matter.on))
        elif part == _ADJUSTMENT:
            on = local_day(at, tz)
            adjustments[member_id].append(rules.Adjustment(n, text, on, label or ""))
        else:
            summaries[member_id] = Summary(text, n)
    result = []
    for m in members:
        progress = _progress(year_items, counts.get(m.id, {}))
        member_facts = [
            rules.Fact(rules.DUTY_ITEM, c.name, 1, ("duty_item", c.code))
            for c in progress.items
            if c.done
        ]
        member_facts.append(rules.Fact(rules.BASE, f"{year} 年度基础分"))
        member_facts += facts[m.id]
        member_facts += rules.attendance_facts(attendance.get(m.id, {}), codes)
        ledger = rules.ledger(catalogue, member_facts, adjustments[m.id])
        result.append(
            Assessment(
                m,
                progress,
                ledger,
                rules.grade(ledger.total, thresholds),
                attendance.get(m.id, {}),
                matters[m.id],
                summaries.get(m.id),
            )
        )
    return result
