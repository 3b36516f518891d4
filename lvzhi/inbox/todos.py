"""A to-do: one thing the inbox lists. Providers (``lvzhi.inbox.registry.PROVIDERS``)
derive them from the current state (returned records, reports due, reviews waiting …), so
to-dos never go stale. The badge in the menu counts what the inbox lists: an entry standing
for several things ("本组 14 条履职记录待确认") counts as that many.

The badge does not build the to-dos: each provider has a counter (``registry.COUNTERS``)
giving the same number as parts — SELECTs of one integer, which the badge runs together as
ONE statement for every provider, or a number a Python-only rule counted — built from the
same query builders as the provider's list, so the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import g, has_request_context
from sqlalchemy import BindParameter, DateTime, Select, bindparam, func, select

from ..extensions import db
from ..models import User
from ..selectors import loops as loop_sel
from ..stamps import Kept, kept


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


BUILT_KEPT = 4096  # statements a worker keeps (a few per user who has been active lately)
_BUILT = Kept(BUILT_KEPT)


def built(key: Hashable, build: Callable[[], Select]) -> Select:
    """The SELECT ``build()`` makes, made once per worker for ``key``: building a statement
    costs more Python than running it, and a count's statement depends only on what ``key``
    names (the ids, the day); the time of day, where a count needs it, is a parameter passed
    when the statement runs (``clock_param``)."""
    return _BUILT.get(key, build)


# the time-of-day parameters of the kept statements: name → what gives its value now
CLOCK: dict[str, Callable[[], datetime]] = {}


def clock_param(name: str, now: Callable[[], datetime]) -> BindParameter:
    """A parameter of a count's statement read from the clock each time the statement runs:
    the badge passes ``clock_values()`` to its kept statement; a list's statement, built
    afresh, reads it when it runs."""
    CLOCK[name] = now
    return bindparam(name, callable_=now, type_=DateTime)


def clock_values() -> dict[str, datetime]:
    return {name: now() for name, now in CLOCK.items()}


def remember_counts(values: Iterable[tuple[Select, int]]) -> None:
    """What the badge's one statement counted, by kept statement, for the providers of this
    request (``counted``)."""
    if has_request_context():
        g.setdefault("_counted", {}).update({id(s): (s, n) for s, n in values})


def counted(key: Hashable, build: Callable[[], Select]) -> int:
    """The number the count's kept statement ``built(key, build)`` gives, for a provider that
    lists it: a page listing the to-dos has run the badge's one statement first
    (``registry.todos_for``), which counted it already; else it runs alone."""
    stmt = built(key, build)
    known = g.get("_counted", {}) if has_request_context() else {}
    if id(stmt) in known:
        return known[id(stmt)][1]
    return db.session.scalar(stmt, clock_values()) or 0


def calendar(org_id: int) -> list:
    """The body's meetings for the deadline rules, read once per request by every provider
    that needs them."""
    cache = g.setdefault("_todo_calendar", {}) if has_request_context() else {}
    if org_id not in cache:
        meetings = kept("calendar", org_id, (), lambda: tuple(loop_sel.meetings(org_id)))
        cache[org_id] = list(meetings)
    return cache[org_id]


def remember_calendar(org_id: int, meetings: list) -> list:
    """The body's calendar read by a statement that brought it along (``office_late``):
    kept for the request's other providers, unless one read it already."""
    cache = g.setdefault("_todo_calendar", {}) if has_request_context() else {}
    return cache.setdefault(org_id, meetings)


def member_and_office(user: User, for_member: Callable, for_office: Callable) -> list:
    """What ``for_member`` gives a user with a member record, then what ``for_office`` gives
    the secretariat: the two sides of a closed loop's to-dos (or of their counts)."""
    out: list = []
    if "member" in user.roles and user.member_id:
        out += for_member(user)
    if "secretariat" in user.roles:
        out += for_office(user)
    return out
