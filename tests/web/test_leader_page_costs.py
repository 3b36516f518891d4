"""The leaders' 社情民意 overview and the assessment tables cost a fixed few statements,
however many reports, issues and members the body has, and read no report or issue as an
object (their rows are columns and counts)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from lvzhi.extensions import db
from lvzhi.models import (
    Bulletin,
    BulletinEntry,
    Matter,
    MatterAssignment,
    MatterInstruction,
    Member,
)
from lvzhi.services import public_opinion as svc
from lvzhi.services.loops import matter_assign

from ..conftest import forget_kept
from ..factories import gen_department, gen_duty_items, gen_instructed_opinion, world
from .test_page_scale import grow


@contextmanager
def objects_loaded(*models):
    """The names of the ``models`` the ORM turns into objects inside the block."""
    loaded: list[str] = []

    def count(target, _context):
        loaded.append(type(target).__name__)

    for model in models:
        event.listen(model, "load", count)
    try:
        yield loaded
    finally:
        for model in models:
            event.remove(model, "load", count)


def instructed_reports(w, department, n: int) -> None:
    """``n`` reports instructed, the first handed to ``department``; all in a published issue."""
    reports = [gen_instructed_opinion(w, f"批示件{n}-{i}") for i in range(n)]
    matter_assign(w.secretariat_user, reports[0], department, [])
    issue = svc.bulletin_create(w.secretariat_user)
    svc.bulletin_add(w.secretariat_user, issue, reports)
    svc.bulletin_publish(w.secretariat_user, issue)
    db.session.commit()


def measured(client, path: str, *models) -> tuple[list[str], list[str], str]:
    """(statements, objects of ``models`` loaded, page) of one request of ``path`` after a
    first one (which refreshes what the test's writes expired); given ``models``, made as a
    server would, the test's session holding none of its objects (the test's are detached)."""
    assert client.get(path).status_code == 200
    forget_kept()  # the page built, as the first after a write, not as the worker kept it
    if models:
        db.session.expunge_all()
    ran: list[str] = []

    def tally(_conn, _cursor, statement, *_args):
        ran.append(statement)

    event.listen(db.engine, "before_cursor_execute", tally)
    try:
        with objects_loaded(*models) as loaded:
            page = client.get(path).get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", tally)
    return ran, loaded, page


OPINION_MODELS = (Matter, MatterAssignment, MatterInstruction, Bulletin, BulletinEntry)


def test_the_leaders_opinion_overview_runs_a_fixed_few_statements_and_loads_no_report(
    app, client, auth
):
    w = world()
    department = gen_department(w.org)
    name = department.name
    instructed_reports(w, department, 1)
    auth.login("lingdao")
    few, _loaded, _page = measured(client, "/board/opinions")
    instructed_reports(w, department, 4)
    many, loaded, page = measured(client, "/board/opinions", *OPINION_MODELS)
    # the body's stamp read with the session user; the reports waiting for a 批示
    assert len(few) == len(many) == 16
    assert loaded == []
    assert page.count("批示件4-") == 4 and f"承办：{name}" in page


@pytest.mark.parametrize(
    "username, path, count",
    [("lingdao", "/board/assessment", 12), ("jiguan", "/secretariat/assessment", 9)],
    ids=["leader", "secretariat"],
)
def test_the_assessment_table_sums_the_points_once_for_its_page_and_grade_counts(
    app, client, auth, username, path, count
):
    """The page's rows and the counts by grade come from one statement (window sums over
    the scored members): the year's points — the statement reading the adjustments — are
    summed once per request, the year's settings read once, and the page runs a fixed few
    statements at 60 or 250 members."""
    w = world()
    year_items = gen_duty_items(w.org)
    grow(w.org, w.other_group, year_items, 60)
    auth.login(username)
    few, _loaded, _page = measured(client, path)
    grow(w.org, w.other_group, year_items, 250)
    many, loaded, page = measured(client, path, Member)
    assert len(few) == len(many) == count
    assert sum("points_adjustments" in sql for sql in many) == 1
    assert sum("FROM assessment_settings" in sql for sql in many) == 1
    assert page.count('data-label="积分"') == 30  # a full page (the tests' PER_PAGE) of 250
    assert len(loaded) == 30  # the page's members only
