"""The year's 社情民意 figures (secretariat and leaders): received, adopted, declined,
forwarded and 批示 by level, and the same sums per member, office group and sector — six
statements whatever the number of reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import case, func, select

from ..domain import public_opinion as po
from ..extensions import db
from ..models import (
    Matter,
    MatterForward,
    MatterInstruction,
    MatterPerson,
    Member,
    OfficeGroup,
    Sector,
)
from .public_opinion import LOOP, stage_counts


@dataclass
class Row:
    """One line of a ranking: received, adopted, forwarded, 批示."""

    key: int | None
    name: str
    received: int = 0
    adopted: int = 0
    forwarded: int = 0
    instructed: int = 0


@dataclass
class Figures:
    year: int
    received: int = 0
    adopted: int = 0
    declined: int = 0
    rejected: int = 0
    forwarded: dict[str, int] = field(default_factory=dict)  # level → reports
    instructed: dict[str, int] = field(default_factory=dict)  # level → 批示
    fed_back: int = 0
    members: list[Row] = field(default_factory=list)
    groups: list[Row] = field(default_factory=list)
    sectors: list[Row] = field(default_factory=list)


def _with_sums(org_id: int, *keys):
    """select(keys…, received, adopted, forwarded, 批示) over the reports joined to the body's
    forwarded and instructed matters (one row each, read through ``org_id``: an EXISTS per
    report let PostgreSQL hash every body's forwardings)."""
    forwarded, instructed = (
        select(model.matter_id)
        .where(model.org_id == org_id)
        .group_by(model.matter_id)
        .subquery(name)
        for model, name in ((MatterForward, "forwarded"), (MatterInstruction, "instructed"))
    )
    return (
        select(
            *keys,
            func.count(Matter.id),
            func.sum(case((Matter.stage.in_(po.ADOPTED_STAGES), 1), else_=0)),
            func.sum(case((forwarded.c.matter_id.is_not(None), 1), else_=0)),
            func.sum(case((instructed.c.matter_id.is_not(None), 1), else_=0)),
        )
        .select_from(Matter)
        .outerjoin(forwarded, forwarded.c.matter_id == Matter.id)
        .outerjoin(instructed, instructed.c.matter_id == Matter.id)
    )


def _sent(org_id: int, year: int):
    return (
        Matter.org_id == org_id,
        Matter.loop == LOOP,
        Matter.year == year,
        Matter.stage.not_in((po.DRAFT, po.WITHDRAWN)),
    )


def _rows(stmt) -> list[Row]:
    rows = [Row(k, n or "（未分组）", *(int(x or 0) for x in rest)) for k, n, *rest in stmt]
    return sorted(rows, key=lambda r: (-r.adopted, -r.received, r.name))


@lru_cache(maxsize=128)
def _figure_statements(org_id: int, year: int) -> tuple:
    """The figures' statements but the stages': 报送 and 批示 by level, then the sums by
    member, office group and sector. Built once per body and year (every value they hold;
    a built statement is immutable, so requests share it): building them cost more than
    running them."""
    levels = []
    for model in (MatterForward, MatterInstruction):
        counted = func.count(func.distinct(Matter.id)) if model is MatterForward else func.count()
        levels.append(
            select(model.level, counted)
            .join(Matter, Matter.id == model.matter_id)
            .where(*_sent(org_id, year))
            .group_by(model.level)
        )
    members = (
        _with_sums(org_id, Member.id, Member.name)
        .join(MatterPerson, MatterPerson.matter_id == Matter.id)
        .join(Member, Member.id == MatterPerson.member_id)
        .where(*_sent(org_id, year), MatterPerson.part == "proposer", Matter.collective_kind == "")
        .group_by(Member.id, Member.name)
    )
    by_unit = [
        _with_sums(org_id, model.id, model.name)
        .join(model, model.id == column)
        .where(*_sent(org_id, year))
        .group_by(model.id, model.name)
        for model, column in ((OfficeGroup, Matter.office_group_id), (Sector, Matter.sector_id))
    ]
    return (*levels, members, *by_unit)


def figures(org_id: int, year: int) -> Figures:
    """The year's figures in six statements, whatever the number of reports. A withdrawn
    report is not received; a collective's report counts for its group or sector only."""
    f = Figures(year)
    for stage, n in stage_counts(org_id, year).items():
        if stage in (po.DRAFT, po.WITHDRAWN):
            continue
        f.received += n
        f.adopted += n if stage in po.ADOPTED_STAGES else 0
        f.declined += n if stage == po.DECLINED else 0
        f.rejected += n if stage == po.REJECTED else 0
        f.fed_back += n if stage == po.FEEDBACK else 0
    forwarded, instructed, members, groups, sectors = _figure_statements(org_id, year)
    f.forwarded.update(dict(db.session.execute(forwarded).all()))
    f.instructed.update(dict(db.session.execute(instructed).all()))
    f.members = _rows(db.session.execute(members))
    f.groups = _rows(db.session.execute(groups))
    f.sectors = _rows(db.session.execute(sectors))
    return f
