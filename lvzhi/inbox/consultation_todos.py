"""协商 and 民主监督 to-dos for the secretariat: topics waiting for its next step (held and
not yet assigned, feedback in and not yet tracked, a supervision report waiting for its
suggestions to be handled) and consultations whose written feedback is late. Counted in
``office_late``'s one statement, however many topics there are."""

from __future__ import annotations

from flask import url_for

from ..clock import local_today
from ..models import User
from .office_late import office_late, waiting_on
from .todos import CountPart, Todo

# (loop, stage) → what waits for the secretariat
WAITING = {
    ("consultation", "consult"): "项协商已召开，待交办",
    ("consultation", "feedback"): "项协商已反馈，待跟踪",
    ("supervision", "research"): "项民主监督调研中，待形成监督报告",
    ("supervision", "report"): "项监督报告待建言处置",
}


def _page(loop: str) -> str:
    endpoint = "secretariat.consultations" if loop == "consultation" else "secretariat.supervision"
    return url_for(endpoint, year=local_today().year)


waiting_on(WAITING)


def _waiting(user: User) -> dict[tuple[str, str], int]:
    waiting = office_late(user.org_id).waiting
    return {pair: waiting[pair] for pair in WAITING if waiting.get(pair)}


def consultation_count(user: User) -> list[CountPart]:
    """What ``consultation_todos`` lists, counted (the badge)."""
    if "secretariat" not in user.roles:
        return []
    return [sum(_waiting(user).values()), office_late(user.org_id).consultations]


def consultation_todos(user: User) -> list[Todo]:
    if "secretariat" not in user.roles:
        return []
    todos = [
        Todo(
            f"topic_{loop}_{stage}",
            f"{n} {WAITING[(loop, stage)]}",
            _page(loop),
            "secretariat",
            count=n,
        )
        for (loop, stage), n in _waiting(user).items()
    ]
    late = office_late(user.org_id).consultations
    if late:
        todos.append(
            Todo(
                "topic_feedback_overdue",
                f"{late} 项协商逾期未书面反馈",
                url_for("loops.overview", year=local_today().year),
                "secretariat",
                urgent=True,
                count=late,
            )
        )
    return todos
