"""A to-do: one thing the inbox lists. Providers (``lvzhi.inbox.registry.PROVIDERS``)
derive them from the current state (returned records, reports due, reviews waiting …), so
to-dos never go stale. The badge in the menu counts what the inbox lists: an entry standing
for several things ("本组 14 条履职记录待确认") counts as that many."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models import User


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


def todo_total(todos: list[Todo]) -> int:
    """The number of things waiting: what the badge shows and the inbox heading says."""
    return sum(t.count for t in todos)
