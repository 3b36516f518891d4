"""Every to-do provider, registered here and only here: a capability that has to-dos adds
its provider to PROVIDERS and its counter (the same to-dos, counted for the badge) to
COUNTERS."""

from __future__ import annotations

from flask import g, has_request_context, request
from sqlalchemy import select

from ..extensions import db
from ..models import User
from ..models.base import utcnow
from ..selectors import notifications as notes_sel
from ..stamps import kept
from .assessment_todos import assessment_count, assessment_todos
from .attendance_todos import attendance_count, attendance_todos
from .consultation_todos import consultation_count, consultation_todos
from .department_todos import department_count, department_todos
from .duty_todos import duty_count, duty_todos
from .group_report_todos import group_report_count, group_report_todos
from .overdue_todos import overdue_count, overdue_todos
from .proposal_todos import proposal_count, proposal_todos
from .public_opinion_todos import public_opinion_count, public_opinion_todos
from .speech_todos import speech_count, speech_todos
from .todos import (
    CountPart,
    Todo,
    TodoCounter,
    TodoProvider,
    built,
    clock_values,
    remember_counts,
)

COUNTERS: dict[TodoProvider, TodoCounter] = {
    duty_todos: duty_count,
    group_report_todos: group_report_count,
    proposal_todos: proposal_count,
    department_todos: department_count,
    public_opinion_todos: public_opinion_count,
    speech_todos: speech_count,
    consultation_todos: consultation_count,
    overdue_todos: overdue_count,
    attendance_todos: attendance_count,
    assessment_todos: assessment_count,
}
PROVIDERS: tuple[TodoProvider, ...] = tuple(COUNTERS)


def _cache(name: str) -> dict:
    return g.setdefault(name, {}) if has_request_context() else {}


def todos_for(user: User) -> list[Todo]:
    """The user's to-dos, computed once per request: the top bar's badge and a page that
    lists them (inbox, home) share the result. The badge's one statement runs first: the
    providers read the numbers it counted (``todos.counted``) instead of a statement each.
    Pages render after their writes, so the once-per-request result reflects what the
    request changed. Kept by the worker like the badge, to the minute (``badge_count``);
    their links are written under the request's prefix, which is part of the key."""
    cache = _cache("_todos")
    if user.id not in cache:
        badge_count(user)
        minute = utcnow().replace(second=0, microsecond=0)
        prefix = request.script_root if has_request_context() else ""
        cache[user.id] = list(
            kept("todos", user.org_id, (user.id, minute, prefix), lambda: _listed(user))
        )
    return cache[user.id]


def _listed(user: User) -> tuple[Todo, ...]:
    items: list[Todo] = []
    for provider in PROVIDERS:
        items.extend(provider(user))
    return tuple(sorted(items, key=lambda t: (not t.urgent, t.role, t.title)))


def badge_count(user: User) -> int:
    """What the top bar's 待办 badge shows: the to-dos the inbox lists (``todo_total``) and
    the unread notifications. Every counter's SELECTs run as ONE statement, whose numbers a
    page listing the to-dos reuses (``todos.counted``). Once per request, like
    ``todos_for``; and kept by the worker for the user until the body's stamp changes or the
    minute turns (``stamps.kept``): a few counts read the time of day (a check-in window
    opening, a record waiting a week), to the minute."""
    cache = _cache("_badge")
    if user.id not in cache:
        minute = utcnow().replace(second=0, microsecond=0)
        total, counts = kept("badge", user.org_id, (user.id, minute), lambda: _counted(user))
        remember_counts(counts)
        cache[user.id] = total
    return cache[user.id]


def _counted(user: User) -> tuple[int, tuple]:
    parts: list[CountPart] = [built(("unread", user.id), lambda: notes_sel.unread_select(user))]
    for counter in COUNTERS.values():
        parts.extend(counter(user))
    counted = sum(p for p in parts if isinstance(p, int))
    sql = tuple(p for p in parts if not isinstance(p, int))
    together = built(("badge", *sql), lambda: select(*(p.scalar_subquery() for p in sql)))
    values = db.session.execute(together, clock_values()).one()
    counts = tuple(zip(sql, values, strict=True))
    return counted + sum(values), counts
