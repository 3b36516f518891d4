"""大会发言 and 政协工作建议 to-dos: for the secretariat, speeches waiting for selection, instructed
ones waiting for 交办, instructed ones whose feedback is overdue (``domain.overdue``: next
year's 全会预备会议 has passed) and work suggestions waiting for an answer; for a leader, the selected speeches of
the year they may instruct on. (Departments' are the portal's, members wait for nothing
here.) Derived each time in a fixed few statements, never stored."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select, func, select

from ..clock import local_today
from ..extensions import db
from ..models import Matter, User
from .office_late import office_late, waiting_on
from .todos import CountPart, Todo, built, capped

# (loop, stage) → (what waits, the queue's endpoint)
OFFICE_WAITING = {
    ("speech", "submitted"): ("篇大会发言待选用", "secretariat.speeches"),
    ("speech", "instructed"): ("篇领导批示的大会发言待交办", "secretariat.speeches"),
    ("work_suggestion", "submitted"): ("条政协工作建议待答复", "secretariat.work_suggestions"),
}


waiting_on(OFFICE_WAITING)


def _office_count(user: User) -> list[CountPart]:
    figures = office_late(user.org_id)
    return [sum(figures.waiting.get(pair, 0) for pair in OFFICE_WAITING), figures.speeches]


def _office_todos(user: User) -> list[Todo]:
    figures = office_late(user.org_id)
    todos, late, counts = [], figures.speeches, figures.waiting
    for (loop, stage), (words, endpoint) in OFFICE_WAITING.items():
        if counts.get((loop, stage)):
            n = counts[(loop, stage)]
            url = url_for(endpoint, stage=stage)
            todos.append(Todo(f"{loop}_{stage}", f"{n} {words}", url, "secretariat", count=n))
    if late:
        url = url_for("secretariat.speeches", stage="all")
        title = f"{late} 篇批示件逾期未反馈"
        todos.append(Todo("speech_overdue", title, url, "secretariat", urgent=True, count=late))
    return todos


def _selected(user: User) -> Select:
    return select(func.count(Matter.id)).where(
        Matter.org_id == user.org_id,
        Matter.loop == "speech",
        Matter.year == local_today().year,
        Matter.stage == "selected",
    )


def _leader_todos(user: User) -> list[Todo]:
    n = db.session.scalar(_selected(user))
    if not n:
        return []
    # an invitation, not a duty (a leader instructs on some speeches, not all): one entry
    url = url_for("board.speeches")
    return [Todo("speech_selected", f"{n} 篇大会发言已选用，可批示", url, "leader")]


def speech_todos(user: User) -> list[Todo]:
    todos: list[Todo] = []
    if "secretariat" in user.roles:
        todos += _office_todos(user)
    if "leader" in user.roles:
        todos += _leader_todos(user)
    return todos


def speech_count(user: User) -> list[CountPart]:
    """What ``speech_todos`` lists, counted (the badge)."""
    parts: list[CountPart] = []
    if "secretariat" in user.roles:
        parts += _office_count(user)
    if "leader" in user.roles:  # one entry however many speeches
        key = ("speech_selected", user.org_id, local_today().year)
        parts.append(built(key, lambda: capped(_selected(user).with_only_columns(Matter.id), 1)))
    return parts
