"""待办: the to-do inbox. Each capability registers a provider that derives the user's
to-dos from the current state (returned records, reports due, reviews waiting …), so
to-dos never go stale. The badge in the menu counts what the inbox lists: an entry standing
for several things ("本组 14 条履职记录待确认") counts as that many.

    @todo_provider
    def duty_todos(user) -> list[Todo]: ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import g, has_request_context

from .models import User


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
_PROVIDERS: list[TodoProvider] = []


def todo_provider(fn: TodoProvider) -> TodoProvider:
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)
    return fn


def todos_for(user: User) -> list[Todo]:
    """The user's to-dos, computed once per request: the top bar's badge and a page that
    lists them (inbox, home) share the result. Pages render after their writes, so the
    once-per-request result reflects what the request changed."""
    cache = g.setdefault("_todos", {}) if has_request_context() else {}
    if user.id not in cache:
        items: list[Todo] = []
        for provider in _PROVIDERS:
            items.extend(provider(user))
        cache[user.id] = sorted(items, key=lambda t: (not t.urgent, t.role, t.title))
    return cache[user.id]


def todo_total(todos: list[Todo]) -> int:
    """The number of things waiting: what the badge shows and the inbox heading says."""
    return sum(t.count for t in todos)
