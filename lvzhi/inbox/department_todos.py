"""承办单位 to-dos: for a department contact, new assignments, replies (or co-handling
opinions) due within 14 days, anything overdue and the answer to a reassignment request; for
the secretariat, reassignment requests waiting. Derived from the rules each time (a fixed few
statements), never stored."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from sqlalchemy import Select, select

from ..clock import local_today
from ..domain import loops as rules
from ..extensions import db
from ..models import Matter, MatterAssignment
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as sel
from .todos import CountPart, Todo, built, capped

ANSWER_SHOWN_DAYS = 14  # a reassignment answer stays on the list this long
REQUESTS_SHOWN = 50  # reassignment requests listed for the secretariat


def department_todos(user) -> list[Todo]:
    todos: list[Todo] = []
    if user.has_role("department") and user.department_id:
        todos += _contact_todos(user)
    if user.has_role("secretariat"):
        todos += _reassign_requests(user)
    return todos


def department_count(user) -> list[CountPart]:
    """What ``department_todos`` lists, counted (the badge): the contact's work is judged by
    the deadline rules in Python, so it is counted from the list itself."""
    parts: list[CountPart] = []
    if user.has_role("department") and user.department_id:
        parts.append(len(_contact_todos(user)))
    if user.has_role("secretariat"):
        key = ("reassign_asked", user.org_id)
        parts.append(built(key, lambda: capped(_reassign_rows(user), REQUESTS_SHOWN)))
    return parts


def _contact_todos(user) -> list[Todo]:
    today = local_today()
    calendar = sel.meetings(user.org_id)
    work = deadline_sel.department_work(
        user.org_id, user.department_id, today, calendar, open_only=True
    )
    todos = []
    for w in work:
        m, a = w.matter, w.assignment
        url = url_for("department.matter", matter_id=m.id)
        what = "答复" if a.is_lead else "会办意见"
        if w.state == rules.OVERDUE:
            detail = f"{what}期限 {w.due.text}"
            todos.append(
                Todo("dept_overdue", f"已逾期：{m.title}", url, "department", detail, True)
            )
        elif a.accepted_at is None and m.stage in rules.IN_HANDS:
            todos.append(Todo("dept_new", f"新交办：{m.title}", url, "department", "请接收"))
        elif w.state == rules.DUE_SOON:
            detail = f"{what}期限 {w.due.text}"
            todos.append(Todo("dept_due_soon", f"即将到期：{m.title}", url, "department", detail))
        asked = a.reassign_asked_at.date() if a.reassign_asked_at else None
        if a.reassign_decision == "refused" and today - asked <= timedelta(ANSWER_SHOWN_DAYS):
            title = f"改办未同意：{m.title}"
            todos.append(Todo("dept_reassign_refused", title, url, "department", "请继续办理"))
    return todos


def _reassign_rows(user) -> Select:
    return (
        select(Matter.id, Matter.title, MatterAssignment.department_id)
        .join(MatterAssignment, MatterAssignment.matter_id == Matter.id)
        .where(
            Matter.org_id == user.org_id,
            MatterAssignment.active.is_(True),
            MatterAssignment.reassign_asked_at.is_not(None),
            MatterAssignment.reassign_decision == "",
        )
    )


def _reassign_requests(user) -> list[Todo]:
    rows = db.session.execute(_reassign_rows(user).order_by(Matter.id).limit(REQUESTS_SHOWN)).all()
    return [
        Todo(
            "dept_reassign_asked",
            f"申请改办待审核：{title}",
            url_for("department.matter", matter_id=mid, department=dept_id) + "#decide",
            "secretariat",
            urgent=True,
        )
        for mid, title, dept_id in rows
    ]
