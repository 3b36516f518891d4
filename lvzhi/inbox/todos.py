"""A to-do: one thing the inbox lists. Providers (``lvzhi.inbox.registry.PROVIDERS``)
derive them from the current state (returned records, reports due, reviews waiting …), so
to-dos never go stale. The badge in the menu counts what the inbox lists: an entry standing
for several things ("本组 14 条履职记录待确认") counts as that many.

The badge does not build the to-dos: each provider has a counter (``registry.COUNTERS``)
giving the same number as parts — SELECTs of one integer, which the badge runs together as
ONE statement for every provider, or a number a Python-only rule counted — built from the
same query builders as the provider's list, so the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import Select, func, select

from ..models import User
from ..selectors import loops as loop_sel


@dataclass(frozen=True)
class Todo:
    kind: str  # e.g. "duty_returned", "report_due"
    title: str  # what to do, in Chinese
    url: str  # where to do it
    role: str  # the role the user acts in to do it
    detail: str = ""
    urgent: bool = False
    count: int = 1  # how many things the entry stands for (14 records waiting → 14)


TodoProvider = Callable[[User], list[Todo]]
# a part of the badge's count: a SELECT of one integer, or a number counted in Python
CountPart = Select | int
TodoCounter = Callable[[User], list[CountPart]]


def todo_total(todos: list[Todo]) -> int:
    """The number of things waiting: what the badge shows and the inbox heading says."""
    return sum(t.count for t in todos)


def capped(rows: Select, limit: int) -> Select:
    """How many entries a list of at most ``limit`` rows of ``rows`` shows, as a SELECT."""
    return select(func.count()).select_from(rows.limit(limit).subquery())


def calendar(org_id: int) -> list:
    """The body's meetings for the deadline rules, read once per request by every provider
    that needs them."""
    cache = g.setdefault("_todo_calendar", {}) if has_request_context() else {}
    if org_id not in cache:
        cache[org_id] = loop_sel.meetings(org_id)
    return cache[org_id]


def member_and_office(user: User, for_member: Callable, for_office: Callable) -> list:
    """What ``for_member`` gives a user with a member record, then what ``for_office`` gives
    the secretariat: the two sides of a closed loop's to-dos (or of their counts)."""
    out: list = []
    if "member" in user.roles and user.member_id:
        out += for_member(user)
    if "secretariat" in user.roles:
        out += for_office(user)
    return out
