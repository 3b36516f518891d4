"""A quarter's ranking entry for the 十加一 ranking tests."""

from __future__ import annotations

from decimal import Decimal

from lvzhi.domain.group_ranking import GroupQuarterEntry


def entry(
    group_id: int,
    score: str,
    months: tuple[str | None, str | None, str | None] | None = None,
    on_time: int = 3,
    sort_order: int | None = None,
    name: str | None = None,
) -> GroupQuarterEntry:
    """A Q1 entry with good defaults: all three months equal to the score, all on time."""
    monthly = months if months is not None else (score, score, score)
    return GroupQuarterEntry(
        group_id=group_id,
        group_name=name or f"室组{group_id}",
        sort_order=group_id if sort_order is None else sort_order,
        score=Decimal(score),
        monthly_totals={
            m: None if t is None else Decimal(t) for m, t in zip((1, 2, 3), monthly, strict=True)
        },
        on_time_months=on_time,
    )
