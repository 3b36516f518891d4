"""承办单位 to-dos: for a department contact, new assignments, replies (or co-handling
opinions) due within 14 days, anything overdue and the answer to a reassignment request; for
the secretariat, reassignment requests waiting. Derived from the rules each time (a fixed few
statements), never stored."""

from __future__ import annotations

from datetime import date, timedelta

from flask import g, has_request_context, url_for
from sqlalchemy import Select, select

from ..clock import local_day, local_today
from ..domain import loops as rules
from ..extensions import db
from ..models import Matter, MatterAssignment
from ..selectors import loop_deadlines as deadline_sel
from .todos import CountPart, Todo, built, calendar, capped

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
    the deadline rules in Python from one statement of columns (no matter loaded)."""
    parts: list[CountPart] = []
    if user.has_role("department") and user.department_id:
        parts.append(len(_contact_work(user)))
    if user.has_role("secretariat"):
        key = ("reassign_asked", user.org_id)
        parts.append(built(key, lambda: capped(_reassign_rows(user), REQUESTS_SHOWN)))
    return parts


def _kinds(row: deadline_sel.WorkRow, today: date) -> list[str]:
    """The to-dos one assignment of the department's open work stands for."""
    kinds = []
    if row.state == rules.OVERDUE:
        kinds.append("dept_overdue")
    elif row.accepted_at is None and row.stage in rules.IN_HANDS:
        kinds.append("dept_new")
    elif row.state == rules.DUE_SOON:
        kinds.append("dept_due_soon")
    asked = local_day(row.reassign_asked_at)
    if row.reassign_decision == "refused" and asked is not None:
        if today - asked <= timedelta(ANSWER_SHOWN_DAYS):
            kinds.append("dept_reassign_refused")
    return kinds


def _contact_work(user) -> list[tuple[str, deadline_sel.WorkRow]]:
    """Each to-do of the contact's department as (kind, its assignment's row): the list and
    the count both come from here, so they cannot disagree. Once per request (the badge
    counts it before the page lists it)."""
    cache = g.setdefault("_contact_work", {}) if has_request_context() else {}
    if user.id not in cache:
        today = local_today()
        rows = deadline_sel.department_rows(
            user.org_id, user.department_id, today, calendar(user.org_id), open_only=True
        )
        cache[user.id] = [(kind, r) for r in rows for kind in _kinds(r, today)]
    return cache[user.id]


def _contact_todos(user) -> list[Todo]:
    found = _contact_work(user)
    rows = list({r.assignment_id: r for _kind, r in found}.values())
    work = {w.assignment.id: w for w in deadline_sel.work_of(rows)}  # only what is listed
    todos = []
    for kind, r in found:
        m, a = work[r.assignment_id].matter, work[r.assignment_id].assignment
        url = url_for("department.matter", matter_id=m.id)
        what = "答复" if a.is_lead else "会办意见"
        if kind == "dept_overdue":
            detail = f"{what}期限 {r.due.text}"
            todos.append(Todo(kind, f"已逾期：{m.title}", url, "department", detail, True))
        elif kind == "dept_new":
            todos.append(Todo(kind, f"新交办：{m.title}", url, "department", "请接收"))
        elif kind == "dept_due_soon":
            detail = f"{what}期限 {r.due.text}"
            todos.append(Todo(kind, f"即将到期：{m.title}", url, "department", detail))
        else:
            title = f"改办未同意：{m.title}"
            todos.append(Todo(kind, title, url, "department", "请继续办理"))
    return todos


def _reassign_rows(user) -> Select:
    """The body's assignments with a reassignment request waiting: found by their own body
    (ix_matter_assignments_org_reassign), not by reading every matter's assignments."""
    return (
        select(Matter.id, Matter.title, MatterAssignment.department_id)
        .join(MatterAssignment, MatterAssignment.matter_id == Matter.id)
        .where(
            MatterAssignment.org_id == user.org_id,
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
