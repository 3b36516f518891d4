"""The ranking board and the leaders' home score 十加一 reports from a few columns per
report (no GroupReport or GroupReportEntry objects) in statements that do not grow with the
number of groups or of past quarters' reports."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import GroupReport, GroupReportEntry, OfficeGroup

from ..conftest import forget_kept
from ..factories import gen_group_report, gen_named, world
from .test_member_page_costs import statements

YEAR = local_today().year - 1  # a past year: every quarter of it is final
PAGES = ["/board/", f"/board/ranking/{YEAR}/4", f"/board/ranking/{YEAR}/2"]


@contextmanager
def reports_loaded():
    """How many GroupReport / GroupReportEntry rows the ORM turns into objects in the block."""
    count = 0

    def loaded(*_args):
        nonlocal count
        count += 1

    for model in (GroupReport, GroupReportEntry):
        event.listen(model, "load", loaded)
    try:
        yield lambda: count
    finally:
        for model in (GroupReport, GroupReportEntry):
            event.remove(model, "load", loaded)


def _two_years_of_reports(groups) -> None:
    for group in groups:
        for year in (YEAR, YEAR + 1):  # last year and this one
            for month in range(1, 13):
                gen_group_report(group, year, month, "reviewed", work_items=month % 11, quality=40)


@pytest.mark.parametrize("path", PAGES)
def test_leader_ranking_pages_load_no_report_objects_and_fixed_statements(app, client, auth, path):
    w = world()
    _two_years_of_reports([w.group, w.other_group])
    auth.login("lingdao")
    assert client.get(path).status_code == 200
    forget_kept()  # measured as built, not as kept
    with statements() as few, reports_loaded() as objects:
        assert client.get(path).status_code == 200
    assert objects() == 0
    more = [gen_named(OfficeGroup, w.org, f"第{i}室组", sort_order=3 + i) for i in range(4)]
    _two_years_of_reports(more)
    db.session.commit()
    assert client.get(path).status_code == 200  # as ``few``: not the first page since
    forget_kept()
    with statements() as many, reports_loaded() as objects:
        page = client.get(path)
    assert page.status_code == 200 and "第3室组" in page.get_data(as_text=True)
    assert objects() == 0
    assert many() == few()


@pytest.fixture
def no_badge(monkeypatch):
    """Leave the top bar's to-do badge out of the counts (its cost: test_todo_costs.py)."""
    monkeypatch.setattr("lvzhi.inbox.badge_count", lambda _user: 0)


@pytest.mark.parametrize(
    "path, expected",
    [("/board/", 8), (PAGES[1], 5)],
    ids=["leader-home", "ranking-board"],
)
def test_leader_home_and_ranking_board_run_their_few_statements(
    app, client, auth, no_badge, path, expected
):
    """Home: the session user with the body's stamp (stamps.kept_html), active members,
    committees counted, the 十个一 completion (here just the year's items: none are set), the
    quarter (groups, rubric, reports), the upcoming meetings. Ranking board: the session
    user with the body's stamp, the trend's rubrics and reports (the quarter's among them: read
    once for both), the groups, the invitations. Then each page as the worker kept it."""
    w = world()
    _two_years_of_reports([w.group, w.other_group])
    auth.login("lingdao")
    assert client.get(path).status_code == 200
    forget_kept()  # built again, as after a write
    with statements() as ran:
        assert client.get(path).status_code == 200
    assert ran() == expected
    with statements() as kept:  # then kept by the worker: the session user with the body's stamp
        assert client.get(path).status_code == 200
    assert kept() == 1
