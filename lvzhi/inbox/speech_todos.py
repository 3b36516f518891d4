"""大会发言 and 政协工作建议 to-dos: for the secretariat, speeches waiting for selection, instructed
ones waiting for 交办, instructed ones whose feedback is overdue (``domain.overdue``: next
year's 全会预备会议 has passed) and work suggestions waiting for an answer; for a leader, the selected speeches of
the year they may instruct on. (Departments' are the portal's, members wait for nothing
here.) Derived each time in a fixed few statements, never stored."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select, and_, func, or_, select

from ..clock import local_today
from ..domain import loops as rules
from ..domain.overdue import feedback_due, feedback_owed
from ..domain.speeches import SPEECH_FEEDBACK_RUNNING
from ..extensions import db
from ..models import Matter, User
from .todos import CountPart, Todo, built, calendar, capped

# (loop, stage) → (what waits, the queue's endpoint)
OFFICE_WAITING = {
    ("speech", "submitted"): ("篇大会发言待选用", "secretariat.speeches"),
    ("speech", "instructed"): ("篇领导批示的大会发言待交办", "secretariat.speeches"),
    ("work_suggestion", "submitted"): ("条政协工作建议待答复", "secretariat.work_suggestions"),
}


def _running(user: User, stages: tuple[str, ...]) -> Select:
    return select(Matter.loop, Matter.stage, Matter.year, func.count(Matter.id)).where(
        Matter.org_id == user.org_id,
        Matter.loop.in_(("speech", "work_suggestion")),
        Matter.stage.in_(stages),
    )


def _late(user: User, running: list) -> int:
    """How many of the ``running`` (loop, stage, year, n) rows' matters owe feedback that is
    late — ``domain.overdue``'s one rule."""
    today, late = local_today(), 0
    for loop, stage, year, n in running:
        if feedback_owed(loop, stage):
            due = feedback_due(loop, "", year, None, calendar(user.org_id))
            late += n if rules.deadline_state(due.on, today) == rules.OVERDUE else 0
    return late


def _office_count(user: User) -> list[CountPart]:
    stages = ("submitted", *SPEECH_FEEDBACK_RUNNING)
    running = built(
        ("speech_running", user.org_id),
        lambda: _running(user, SPEECH_FEEDBACK_RUNNING).group_by(
            Matter.loop, Matter.stage, Matter.year
        ),
    )
    return [
        built(
            ("speech_office", user.org_id),
            lambda: (
                _running(user, stages)
                .with_only_columns(func.count(Matter.id))
                .where(
                    or_(*(and_(Matter.loop == lp, Matter.stage == st) for lp, st in OFFICE_WAITING))
                )
            ),
        ),
        _late(user, db.session.execute(running).all()),
    ]


def _office_todos(user: User) -> list[Todo]:
    running = db.session.execute(
        _running(user, ("submitted", *SPEECH_FEEDBACK_RUNNING)).group_by(
            Matter.loop, Matter.stage, Matter.year
        )
    ).all()
    todos, late = [], _late(user, running)
    counts: dict[tuple[str, str], int] = {}
    for loop, stage, _year, n in running:
        counts[(loop, stage)] = counts.get((loop, stage), 0) + n
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
