"""The inbox lists what every to-do provider derives, and every provider is registered in
one place (``lvzhi.inbox.registry.PROVIDERS``), not by an import kept for its side effect."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date, datetime, time, timedelta

from markupsafe import escape
from sqlalchemy import event

import lvzhi
import lvzhi.inbox
from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.inbox.duty_todos import SECRETARIAT_WAIT_DAYS
from lvzhi.inbox.registry import COUNTERS, PROVIDERS, badge_count, todos_for
from lvzhi.inbox.todos import Todo, todo_total
from lvzhi.models import (
    AssessmentSetting,
    GroupHeadAssignment,
    GroupReportRubric,
    Notification,
)
from lvzhi.models.base import utcnow
from lvzhi.selectors.notifications import unread_count
from lvzhi.services.consultations import topic_step
from lvzhi.services.proposals import proposal_invite
from lvzhi.services.speeches import speech_submit

from ..conftest import forget_kept, freeze_local_time
from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    gen_group_report,
    gen_invited,
    gen_loop_matter,
    gen_meeting,
    gen_opinion,
    gen_proposal,
    gen_record,
    gen_suggestions,
    gen_topic,
    world,
)


def _providers_defined_in(package) -> set:
    """Every public function in ``package``'s modules whose return annotation is a Todo list."""
    found = set()
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                if inspect.signature(fn).return_annotation in ("list[Todo]", list[Todo]):
                    found.add(fn)
    return found - {todos_for}  # the registry's own: all providers' to-dos together


def test_every_todo_provider_lives_in_the_inbox_and_is_registered():
    in_inbox = _providers_defined_in(lvzhi.inbox)
    assert in_inbox, "no provider found: the search itself is broken"
    assert set(PROVIDERS) == in_inbox
    assert _providers_defined_in(lvzhi) == in_inbox  # none elsewhere in the package


def _busy_world():
    """A body where every provider has something for someone: the users of every role."""
    w = world()
    gen_record(w.member, "research", "returned", title="调研", return_reason="请补充照片")
    gen_record(w.peer, "proposal", "submitted", title="一件提案")
    month_ago = local_today().replace(day=1)
    year, month = (month_ago.year - (month_ago.month == 1), (month_ago.month - 2) % 12 + 1)
    gen_group_report(w.group, year, month, "submitted", work_items=3)
    # the closed loops: 张岩枢 invited to co-propose; a department with a new assignment
    invited = gen_proposal(w.head_user, "邀请联名的提案")
    proposal_invite(w.head_user, invited, [w.member])
    dept = gen_department(w.org, "县发展和改革局")
    contact = gen_department_user(w.org, dept, "chengban")
    gen_assigned_proposal(w, dept)
    gen_opinion(w.member_user, "社情民意草稿")  # 社情民意: a draft and one waiting for the editor
    gen_opinion(w.member_user, "待采编的信息", submit=True)
    speech_submit(w.member_user, "一篇大会发言", "发言稿")  # waits for the secretariat's 选用
    # a consultation held and waiting for 交办
    held = gen_topic(w, "已召开的协商", kind="other")
    for action in ("start_research", "hold"):
        topic_step(w.secretariat_user, held, action)
    # feedback overdue (a leader's to-do) and a suggestion overdue (the department's)
    long_ago = local_today() - timedelta(days=200)
    late = gen_loop_matter(w, kind="other", title="逾期的协商", lead=dept, assigned_on=long_ago)
    gen_suggestions(w, late, ["逾期的建议"], dept)[0].assigned_on = long_ago
    # attendance: 张岩枢's leave for a meeting waits for the secretariat
    gen_invited(gen_meeting(w.org, title="全会预备会"), [w.member], leave_status="requested")
    # this year's 述职 closes in three days: every member who has not written it is reminded
    db.session.add(
        AssessmentSetting(
            org_id=w.org.id,
            year=local_today().year,
            summary_until=local_today() + timedelta(days=3),
        )
    )
    # the head heads 武原街道 too, whose last month's 十加一 report is due today and not in
    db.session.add(
        GroupHeadAssignment(office_group=w.other_group, member=w.head, start_date=date(2020, 1, 1))
    )
    db.session.add(
        GroupReportRubric(org_id=w.org.id, year=year, due_day=min(local_today().day, 28))
    )
    db.session.add(
        Notification(org_id=w.org.id, user_id=w.member_user.id, kind="digest", title="本周提醒")
    )
    db.session.commit()
    return [
        w.member_user,
        w.head_user,
        w.director_user,
        w.secretariat_user,
        w.leader_user,
        contact,
    ]


def test_the_inbox_lists_every_providers_todos(app, client, auth):
    users = _busy_world()
    for provider in PROVIDERS:
        listed = 0
        for user in users:
            with app.test_request_context():
                todos = provider(user)
            if not todos:
                continue
            auth.login(user.username)
            inbox = client.get("/inbox/").get_data(as_text=True)
            auth.logout()
            for todo in todos:
                assert str(escape(todo.title)) in inbox, (provider.__name__, user.username)
            listed += len(todos)
        assert listed, f"{provider.__name__} gave no one a to-do: the world needs more data"


def test_every_provider_has_its_counter():
    assert set(COUNTERS) == set(PROVIDERS)


def test_the_badge_counts_what_the_inbox_lists_for_every_role(app):
    users = _busy_world()
    for user in users:  # each in a request of its own (its own g)
        with app.app_context(), app.test_request_context():
            badge = badge_count(user)
        with app.app_context(), app.test_request_context():
            listed = todo_total(todos_for(user)) + unread_count(user)
        assert badge == listed, user.username
    with app.test_request_context():
        head = next(u for u in users if u.username == "shizu")
        assert any(t.kind == "report_due" for t in todos_for(head))  # the data reach it


# statements the badge runs per role, whatever the data: one for every SQL count together,
# and the rules only Python can judge (headed groups and the 十加一 rubric; the overdue
# rules; a department's work)
BADGE_STATEMENTS = {  # a worker's first: the body's stamp, then the count (kept under it)
    "weiyuan": 2,
    "shizu": 4,
    "zhuanwei": 2,
    "jiguan": 3,  # late feedback, proposal periods and the calendar in one (office_late)
    "lingdao": 6,  # + the co-handlers' owed 会办意见 (overdue everywhere)
    "chengban": 5,  # its open work from one statement of columns; the calendar read once
}


def test_the_badge_runs_a_few_statements_for_every_role(app):
    users = _busy_world()
    ran: list[str] = []

    def tally(_conn, _cursor, statement, *_args):
        ran.append(statement)

    for user in users:
        assert user.roles and user.org_id  # the session user's own look-ups are not counted
        ran.clear()
        forget_kept()  # each role's badge on a worker's first page
        event.listen(db.engine, "before_cursor_execute", tally)
        try:
            with app.app_context(), app.test_request_context():
                badge_count(user)
        finally:
            event.remove(db.engine, "before_cursor_execute", tally)
        assert len(ran) == BADGE_STATEMENTS[user.username], (user.username, ran)


def test_the_badges_kept_statements_read_the_time_when_they_run(app, monkeypatch):
    """The badge keeps each count's statement across requests: a record waiting six days is
    not yet the secretariat's to-do, and becomes one two days later without a new statement."""
    from lvzhi import clock
    from lvzhi.models.base import utcnow

    w = world()
    gen_record(w.member, "research", "submitted", submitted_at=utcnow() - timedelta(days=6))
    db.session.commit()
    with app.app_context(), app.test_request_context():  # a request of its own (own g)
        assert badge_count(w.secretariat_user) == 0 == todo_total(todos_for(w.secretariat_user))
    later = clock.utc_now() + timedelta(days=2)
    monkeypatch.setattr(clock, "utc_now", lambda: later)
    with app.app_context(), app.test_request_context():  # a request of its own (own g)
        assert badge_count(w.secretariat_user) == 1
    with app.app_context(), app.test_request_context():  # a request of its own (own g)
        assert todo_total(todos_for(w.secretariat_user)) == 1


def test_the_kept_badge_follows_the_clock_to_the_minute(app, monkeypatch):
    """The worker keeps each user's badge until the body's stamp changes or the minute
    turns: a record a week waiting at 10:00:30 is in the secretariat's badge at 10:01."""
    w = world()
    week = timedelta(days=SECRETARIAT_WAIT_DAYS)
    at_ten = datetime.combine(local_today(), time(10, 0))
    freeze_local_time(monkeypatch, at_ten)
    submitted = utcnow() - week + timedelta(seconds=30)
    gen_record(w.member, "research", "submitted", submitted_at=submitted)
    db.session.commit()

    def badge_at(moment: datetime) -> int:
        freeze_local_time(monkeypatch, moment)
        with app.app_context(), app.test_request_context():  # a request of its own
            return badge_count(w.secretariat_user)

    assert badge_at(at_ten) == 0
    assert badge_at(at_ten + timedelta(seconds=20)) == 0  # not a week yet
    # a week since 10:00:30, but the badge is the one the worker kept for 10:00
    assert badge_at(at_ten + timedelta(seconds=59)) == 0
    assert badge_at(at_ten + timedelta(minutes=1)) == 1


def test_the_badge_runs_the_statement_it_built_before(app):
    """Building a statement costs more than running it: the badge builds its statement once
    per worker and then only runs it."""
    w = world()
    run: list = []

    def seen(_conn, clause, *_args):
        run.append(clause)

    event.listen(db.engine, "before_execute", seen)
    try:
        badges = []
        for _ in range(2):
            assert w.member_user.roles  # the user's own look-ups are not the badge's
            with app.app_context(), app.test_request_context():
                forget_kept()  # the count made, not the badge the worker kept
                run.clear()
                badge_count(w.member_user)
                badges.append(list(run))
    finally:
        event.remove(db.engine, "before_execute", seen)
    first, second = badges
    assert len(first) == len(second) == 2  # the body's stamp, then the count
    assert first[1] is second[1]
