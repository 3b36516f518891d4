"""The year's points and grade of every member in a scope, summed in SQL.

The assessment table, its grade figures and the leaders' board's grade distribution read one
subquery (``scored``): per member the units of each rule (十个一 items done, the matters they
lead by loop and stage, invitations by event kind and outcome), each rule's points held to its
cap, the base points and the secretariat's adjustments, and the grade — so a page reads
a few small rows whatever the size of the body. The SQL is written from the domain's rules
(``domain.points.MATTER_SOURCES``, ``attendance_code``, ``rule_points``' cap, ``grade_bands``;
``domain.attendance.result`` via ``selectors.attendance.outcome``), and
``tests/services/test_points_agreement.py`` checks its totals against ``domain.points.ledger``
on a varied body. One member's ledger lines (``selectors.ledger.assess``) stay in Python.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from sqlalchemy import Integer, case, cast, func, literal, select, union_all
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..domain import points as rules
from ..extensions import db
from ..models import Attendance, DutyItem, Matter, MatterPerson, Member, PointsAdjustment
from .attendance import EVENT_KIND, outcome, year_invitations
from .duty_overview import _done_counts

MATTER_LOOPS = {loop: code for code, (loop, _stages) in rules.MATTER_SOURCES.items()}


def proposer_of(org_id: int, year: int, members=None):
    """The conditions on Matter ⋈ MatterPerson: the year's matters of the scored loops that
    ``members`` (ids or a subquery; None: any of the body's) lead as proposer."""
    conditions = (
        Matter.org_id == org_id,
        Matter.year == year,
        Matter.loop.in_(list(MATTER_LOOPS)),
        MatterPerson.part == "proposer",
        MatterPerson.consent == "confirmed",
    )
    return conditions if members is None else (*conditions, MatterPerson.member_id.in_(members))


def _matter_code():
    """The rule a matter counts under for its proposer (``MATTER_SOURCES``), NULL if none."""
    return case(
        *[
            ((Matter.loop == loop) & Matter.stage.in_(stages), literal(code))
            for code, (loop, stages) in rules.MATTER_SOURCES.items()
        ]
    )


def _attendance_code(kind, result, codes: list[str]):
    """``domain.points.attendance_code`` in SQL: the kind's own rule for the outcome when the
    year has one, else the outcome's ``other`` rule; NULL for a pending invitation."""
    whens = []
    for result_code in rules.OUTCOMES:
        prefix = f"{result_code}."
        for code in codes:
            if code.startswith(prefix):
                own = code[len(prefix) :]
                whens.append(
                    (
                        (result == result_code) & (kind == own),
                        literal(rules.attendance_code(result_code, own, codes)),
                    )
                )
        other = rules.attendance_code(result_code, rules.OTHER_KIND, codes)
        whens.append((result == result_code, literal(other)))
    return case(*whens)


def _units(org_id: int, year: int, item_ids: tuple[int, ...], codes: list[str], today: date):
    """(member_id, code, units) rows: items done, matters led, invitations by outcome."""
    parts = []
    if item_ids:
        done = _done_counts(org_id, year, item_ids)
        parts.append(select(done.c.member_id, literal(rules.DUTY_ITEM).label("code"), done.c.n))
    parts.append(
        select(MatterPerson.member_id, _matter_code().label("code"), literal(1))
        .join(Matter, Matter.id == MatterPerson.matter_id)
        .where(*proposer_of(org_id, year))
    )
    invited = year_invitations(
        org_id, year, Attendance.member_id, EVENT_KIND.label("kind"), outcome(today).label("r")
    ).subquery("invited")
    parts.append(
        select(
            invited.c.member_id,
            _attendance_code(invited.c.kind, invited.c.r, codes).label("code"),
            literal(1),
        ).where(invited.c.r.is_not(None))
    )
    union = union_all(*parts).subquery("units")
    member_id, code, units = union.c
    return select(member_id, code, func.sum(units).label("units")).group_by(member_id, code)


def _rule_points(code, units, catalogue: list[rules.Rule]):
    """``domain.points.rule_points`` in SQL, for every active rule but the base."""
    whens = []
    for rule in catalogue:
        if rule.active and rule.code != rules.BASE:
            full = units * rule.points
            if rule.cap is not None:
                full = case((full > rule.cap, rule.cap), (full < -rule.cap, -rule.cap), else_=full)
            whens.append((code == rule.code, full))
    return case(*whens, else_=0) if whens else literal(0)


def scored(
    org_id: int,
    year: int,
    where,
    catalogue: list[rules.Rule],
    thresholds: rules.Thresholds,
    item_ids: tuple[int, ...],
    today: date | None = None,
):
    """A subquery (member_id, done, total, grade): the members matching ``where`` (conditions
    on Member; the active ones of the body are kept), their items done (of the year's items
    ``item_ids``), points and grade."""
    earned, adjusted = _earned(org_id, year, tuple(catalogue), item_ids, today or local_today())
    base = next((rules.rule_points(r, 1) for r in catalogue if r.code == rules.BASE), 0)
    total = cast(
        literal(base) + func.coalesce(earned.c.points, 0) + func.coalesce(adjusted.c.points, 0),
        Integer,
    )
    grade = case(
        *[(total >= lowest, literal(g)) for g, lowest in rules.grade_bands(thresholds)],
        else_=literal(rules.INCOMPETENT),
    )
    return (
        select(
            Member.id.label("member_id"),
            cast(func.coalesce(earned.c.done, 0), Integer).label("done"),
            total.label("total"),
            grade.label("grade"),
        )
        .outerjoin(earned, earned.c.member_id == Member.id)
        .outerjoin(adjusted, adjusted.c.member_id == Member.id)
        .where(*where, Member.org_id == org_id, Member.is_active.is_(True))
        .subquery("scored")
    )


@lru_cache(maxsize=128)
def _earned(
    org_id: int, year: int, catalogue: tuple[rules.Rule, ...], item_ids: tuple[int, ...], today
):
    """Subqueries (member_id, points, done) — the rules' capped points and items done — and
    (member_id, points) of the adjustments. Built once per body, year, catalogue, items and
    day (every value the SQL holds is in the key; a built statement is immutable, so
    requests share it): building the rules' SQL is most of the table's Python."""
    codes = [r.code for r in catalogue]
    per_rule = _units(org_id, year, item_ids, codes, today).subquery("rules")
    earned = (
        select(
            per_rule.c.member_id,
            func.sum(_rule_points(per_rule.c.code, per_rule.c.units, catalogue)).label("points"),
            func.sum(case((per_rule.c.code == rules.DUTY_ITEM, per_rule.c.units), else_=0)).label(
                "done"
            ),
        )
        .group_by(per_rule.c.member_id)
        .subquery("earned")
    )
    adjusted = (
        select(PointsAdjustment.member_id, func.sum(PointsAdjustment.points).label("points"))
        .where(PointsAdjustment.org_id == org_id, PointsAdjustment.year == year)
        .group_by(PointsAdjustment.member_id)
        .subquery("adjusted")
    )
    return earned, adjusted


def grade_counts(scores) -> dict[str, int]:
    """grade → members, every grade present (one GROUP BY)."""
    return _grade_counts(select(scores.c.grade, func.count()).group_by(scores.c.grade))


def _grade_counts(stmt) -> dict[str, int]:
    counts = dict.fromkeys(rules.GRADES, 0)
    counts.update({g: n for g, n in db.session.execute(stmt) if g in counts})
    return counts


def body_grade_counts(
    org_id: int,
    year: int,
    catalogue: list[rules.Rule],
    thresholds: rules.Thresholds,
    year_items: list[DutyItem],
) -> dict[str, int]:
    """``grade_counts`` of every active member of the body (the leaders' board), its
    statement built once per body, year, rules, thresholds, items and day and shared by
    requests like ``_earned``'s."""
    stmt = _body_grade_counts(
        org_id, year, tuple(catalogue), thresholds, tuple(i.id for i in year_items), local_today()
    )
    return _grade_counts(stmt)


@lru_cache(maxsize=128)
def _body_grade_counts(org_id, year, catalogue, thresholds, item_ids, today):
    scores = scored(org_id, year, [], list(catalogue), thresholds, item_ids, today)
    return select(scores.c.grade, func.count()).group_by(scores.c.grade)


def _ranked(scores, org_id: int):
    """The scored members as entities, bound to the body (else PostgreSQL reads every body's
    members to join them to the scores)."""
    return (
        select(Member, scores.c.done, scores.c.total, scores.c.grade)
        .join(scores, scores.c.member_id == Member.id)
        .where(Member.org_id == org_id)
        .options(
            joinedload(Member.office_group), joinedload(Member.committee), joinedload(Member.sector)
        )
        .order_by(scores.c.total.desc(), Member.name, Member.id)
    )


def ranked(
    scores, org_id: int, grade: str | None = None, limit: int | None = None, offset: int = 0
):
    """(member, items done, total, grade), highest total first, then by name and id: the
    members with their group, committee and sector (one statement)."""
    stmt = _ranked(scores, org_id)
    if grade:
        stmt = stmt.where(scores.c.grade == grade)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return db.session.execute(stmt).all()


def ranked_and_counted(scores, org_id: int, limit: int, offset: int) -> tuple[list, dict[str, int]]:
    """``ranked``'s page (no grade filter) and ``grade_counts`` from ONE statement: the counts
    are window sums over every scored member, so the points are summed once, not twice.
    ([], {}) when the page is past the last (or nobody is scored)."""
    counted = [
        func.sum(case((scores.c.grade == g, 1), else_=0)).over().label(f"n_{g}")
        for g in rules.GRADES
    ]
    rows = db.session.execute(
        _ranked(scores, org_id).add_columns(*counted).limit(limit).offset(offset)
    )
    rows = rows.all()
    if not rows:
        return [], {}
    width = len(rules.GRADES)
    return [row[:-width] for row in rows], dict(zip(rules.GRADES, rows[0][-width:], strict=True))
