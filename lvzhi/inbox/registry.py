"""Every to-do provider, registered here and only here: a capability that has to-dos adds
its provider to PROVIDERS ."""

from __future__ import annotations

from flask import g, has_request_context

from ..models import User
from .assessment_todos import assessment_todos
from .attendance_todos import attendance_todos
from .consultation_todos import consultation_todos
from .department_todos import department_todos
from .duty_todos import duty_todos
from .group_report_todos import group_report_todos
from .overdue_todos import overdue_todos
from .proposal_todos import proposal_todos
from .public_opinion_todos import public_opinion_todos
from .speech_todos import speech_todos
from .todos import Todo, TodoProvider

PROVIDERS: tuple[TodoProvider, ...] = (
    duty_todos,
    group_report_todos,
    proposal_todos,
    department_todos,
    public_opinion_todos,
    speech_todos,
    consultation_todos,
    overdue_todos,
    attendance_todos,
    assessment_todos,
)


def todos_for(user: User) -> list[Todo]:
    """The user's to-dos, computed once per request: the top bar's badge and a page that
    lists them (inbox, home) share the result. Pages render after their writes, so the
    once-per-request result reflects what the request changed."""
    cache = g.setdefault("_todos", {}) if has_request_context() else {}
    if user.id not in cache:
        items: list[Todo] = []
        for provider in PROVIDERS:
            items.extend(provider(user))
        cache[user.id] = sorted(items, key=lambda t: (not t.urgent, t.role, t.title))
    return cache[user.id]
