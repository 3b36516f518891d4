"""协商 and 民主监督 to-dos for the secretariat: topics waiting for its next step (held and
not yet assigned, feedback in and not yet tracked, a supervision report waiting for its
suggestions to be handled) and consultations whose written feedback is late. Three
statements however many topics there are."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select, and_, func, or_, select

from ..clock import local_today
from ..domain import loops as loop_rules
from ..domain.overdue import OWED, feedback_due
from ..extensions import db
from ..models import Matter, MatterAssignment, Meeting, User
from .todos import CountPart, Todo, built, calendar

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


def _waiting(user: User) -> Select:
    return select(Matter.loop, Matter.stage, func.count(Matter.id)).where(
        Matter.org_id == user.org_id,
        Matter.loop.in_(("consultation", "supervision")),
        Matter.stage.in_({stage for _loop, stage in WAITING}),
    )


def consultation_count(user: User) -> list[CountPart]:
    """What ``consultation_todos`` lists, counted (the badge)."""
    if "secretariat" not in user.roles:
        return []
    counted = built(
        ("topics_waiting", user.org_id),
        lambda: (
            _waiting(user)
            .where(or_(*(and_(Matter.loop == lp, Matter.stage == st) for lp, st in WAITING)))
            .with_only_columns(func.count(Matter.id))
        ),
    )
    return [counted, _late_feedback(user.org_id)]


def consultation_todos(user: User) -> list[Todo]:
    if "secretariat" not in user.roles:
        return []
    rows = db.session.execute(_waiting(user).group_by(Matter.loop, Matter.stage))
    todos = [
        Todo(
            f"topic_{loop}_{stage}",
            f"{n} {WAITING[(loop, stage)]}",
            _page(loop),
            "secretariat",
            count=n,
        )
        for loop, stage, n in rows
        if (loop, stage) in WAITING
    ]
    late = _late_feedback(user.org_id)
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


def _late_feedback(org_id: int) -> int:
    """Consultations whose written feedback is past due — ``domain.overdue``'s one rule, as
    the overdue list and the board count them."""
    rows = db.session.execute(
        built(("consultation_deadline_inputs", org_id), lambda: _deadline_inputs(org_id))
    ).all()
    if not rows:
        return 0
    meetings = calendar(org_id)
    today = local_today()
    late = 0
    for kind, year, held_on, assigned_on in rows:
        due = feedback_due("consultation", kind, year, assigned_on, meetings, held_on=held_on)
        late += due is not None and loop_rules.deadline_state(due.on, today) == loop_rules.OVERDUE
    return late


def _deadline_inputs(org_id: int) -> Select:
    """Each running consultation's deadline inputs (kind, year, meeting date, 交办 date)."""
    return (
        select(Matter.kind, Matter.year, Meeting.held_on, MatterAssignment.assigned_on)
        .outerjoin(Meeting, Meeting.id == Matter.meeting_id)
        .outerjoin(
            MatterAssignment,
            (MatterAssignment.matter_id == Matter.id)
            & MatterAssignment.is_lead.is_(True)
            & MatterAssignment.active.is_(True),
        )
        .where(
            Matter.org_id == org_id,
            Matter.loop == "consultation",
            Matter.stage.in_(OWED["consultation"]),
        )
    )
