"""The top bar's to-do count runs every provider on every page: the providers count what is
waiting without loading every matter of the body's history, and count what the lists show."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from lvzhi.clock import local_today
from lvzhi.domain import loops as rules
from lvzhi.extensions import db
from lvzhi.inbox.department_todos import department_todos
from lvzhi.inbox.overdue_todos import overdue_todos
from lvzhi.inbox.public_opinion_todos import public_opinion_todos
from lvzhi.models import Matter, MatterAssignment, MatterPerson
from lvzhi.selectors import overdue as overdue_sel

from ..factories import gen_department, gen_department_user, gen_matter, gen_suggestions, world
from ..services.test_overdue_costs import three_late_one_not


@contextmanager
def loaded(model):
    """The instances of ``model`` the session loads inside the block."""
    seen: list = []

    def on_load(target, _context):
        seen.append(target)

    event.listen(model, "load", on_load)
    try:
        yield seen
    finally:
        event.remove(model, "load", on_load)


def _count(todos, kind: str) -> int:
    return sum(t.count for t in todos if t.kind == kind)


def test_department_todos_do_not_load_the_finished_work_of_past_years(app):
    w = world()
    dept = gen_department(w.org, "县住建局")
    contact = gen_department_user(w.org, dept, "chengban")
    long_ago = local_today() - timedelta(days=400)
    for n in range(6):  # answered long ago: nothing to do
        done = gen_matter(w, "public_opinion", f"已反馈的信息{n}", dept, long_ago)
        done.stage = "feedback"
    late = gen_matter(w, "public_opinion", "逾期的信息", dept, long_ago)
    db.session.commit()
    with app.test_request_context(), loaded(MatterAssignment) as assignments:
        with loaded(MatterPerson) as people:
            todos = department_todos(contact)
    assert [t.title for t in todos if t.kind == "dept_overdue"] == [f"已逾期：{late.title}"]
    assert len(assignments) == 1
    assert people == []  # who proposed it is not what the count needs


def test_public_opinion_overdue_is_counted_without_loading_the_matters(app):
    w = three_late_one_not()
    with app.test_request_context(), loaded(Matter) as matters:
        todos = public_opinion_todos(w.secretariat_user)
    assert _count(todos, "opinion_overdue") == 3
    assert matters == []


def test_overdue_counts_are_what_the_overdue_list_shows(app):
    w = world()
    dept = gen_department(w.org, "县水利局")
    other = gen_department(w.org, "县农业农村局")
    contact = gen_department_user(w.org, dept, "chengban")
    long_ago = local_today() - timedelta(days=200)
    for loop, n in (("public_opinion", 3), ("speech", 1), ("consultation", 2)):
        for k in range(n):  # several on the same day: one group of the count, many rows
            gen_matter(w, loop, f"{loop}{k}", dept if k % 2 == 0 else other, long_ago)
    gen_matter(w, "public_opinion", "未到期", dept, local_today())
    topic = gen_matter(w, "consultation", "带建议的协商", dept, long_ago)
    for s in gen_suggestions(w, topic, ["建议甲", "建议乙"], dept):
        s.assigned_on = long_ago
    for s in gen_suggestions(w, topic, ["建议丙"], other):
        s.assigned_on = long_ago
    db.session.commit()

    def overdue(**kw):
        return [r for r in overdue_sel.late(w.org.id, **kw) if r.state == rules.OVERDUE]

    with app.test_request_context():
        leader = overdue_todos(w.leader_user)
        department = overdue_todos(contact)
    assert _count(leader, "loops_overdue") == len(overdue()) > 0
    mine = [r for r in overdue(department_id=dept.id) if r.suggestion_id is not None]
    assert _count(department, "suggestions_overdue") == len(mine) == 2


# /inbox/ per role: the session user, the badge's one statement, then only what the lists show
# beyond a number (the rows they name, the late figures); the numbers are the badge's (the
# secretariat's six counts each ran again as its own statement: 13); on a worker's first page,
# the body's stamp too, the late figures kept under it (stamps.kept)
INBOX = {"jiguan": 7, "shizu": 15, "weiyuan": 10, "chengban": 7, "lingdao": 10}


def test_the_inbox_lists_the_numbers_the_badge_counted_without_counting_them_again(
    app, client, auth, statements
):
    w = world()
    gen_department_user(w.org, gen_department(w.org), "chengban")
    db.session.commit()
    for username, expected in INBOX.items():
        auth.login(username)
        assert client.get("/inbox/").status_code == 200
        with statements() as n:
            assert client.get("/inbox/").status_code == 200
        assert n() == expected, username
        auth.logout()
