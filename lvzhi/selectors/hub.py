"""The counts of the 履职闭环 hub pages: one GROUP BY over the Matter table per page (by loop,
bounded by organization and year, or by the member's own matters), whatever the count."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, func, select

from ..domain.loops import DRAFT
from ..extensions import db
from ..models import Bulletin, Matter, MatterPerson


def loop_counts(org_id: int, year: int) -> dict[str, int]:
    """The year's matters of every loop that left their author's drafts: {loop: n}."""
    rows = db.session.execute(_loop_counts_select(), {"org_id": org_id, "year": year})
    return dict(rows.all())


def member_loop_counts(org_id: int, member_id: int) -> dict[str, int]:
    """The matters of every loop the member is on (drafts included), any year: {loop: n}."""
    rows = db.session.execute(
        _member_loop_counts_select(), {"org_id": org_id, "member_id": member_id}
    )
    return dict(rows.all())


def bulletin_count(org_id: int, year: int) -> int:
    return db.session.scalar(_bulletin_count_select(), {"org_id": org_id, "year": year}) or 0


# Each hub's statement is built once per worker, its values passed as parameters: building
# one (and its cache key) costs about as much as running it, on every visit.


@cache
def _loop_counts_select() -> Select:
    return (
        select(Matter.loop, func.count(Matter.id))
        .where(
            Matter.org_id == bindparam("org_id"),
            Matter.year == bindparam("year"),
            Matter.stage != DRAFT,
        )
        .group_by(Matter.loop)
    )


@cache
def _member_loop_counts_select() -> Select:
    return (
        select(Matter.loop, func.count(func.distinct(Matter.id)))
        .join(MatterPerson, MatterPerson.matter_id == Matter.id)
        .where(
            Matter.org_id == bindparam("org_id"), MatterPerson.member_id == bindparam("member_id")
        )
        .group_by(Matter.loop)
    )


@cache
def _bulletin_count_select() -> Select:
    return select(func.count(Bulletin.id)).where(
        Bulletin.org_id == bindparam("org_id"), Bulletin.year == bindparam("year")
    )
