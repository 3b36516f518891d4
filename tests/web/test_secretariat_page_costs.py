"""The secretariat's home, its 十个一 grid and its roster run a fixed few statements — the
session user and the top bar's badge included — however large the body and however much
is waiting or late in its closed loops."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lvzhi.auth.permissions import headed_groups
from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import AuditEvent
from lvzhi.selectors.audit import recent
from lvzhi.selectors.calendar import upcoming
from lvzhi.selectors.roster import active_member_count, headed_group_ids
from lvzhi.services.speeches import speech_submit

from ..conftest import forget_kept
from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_duty_items,
    gen_group_report,
    gen_invited,
    gen_loop_matter,
    gen_meeting,
    gen_opinion,
    gen_record,
    world,
)
from .test_member_page_costs import selects_built, statements
from .test_page_scale import grow, members_loaded

# page → statements per request (the session user and the badge included)
PAGES = {  # as built (a worker's first page since the body's last write)
    # its to-do list reads the numbers the badge counted (one statement) and lists the rest
    "/secretariat/": 10,
    "/secretariat/duties": 10,
    "/secretariat/members": 6,
}
# members the pages turn into ORM objects: the grid and the roster read their page as columns
MEMBERS_LOADED = {"/secretariat/": 0, "/secretariat/duties": 0, "/secretariat/members": 0}


def _more_of_everything(w, year_items) -> None:
    """Ten times the members, and more of what the badge and the home judge: late and
    running consultations, proposals in hands with other reply periods, meetings, events."""
    grow(w.org, w.other_group, year_items, 2500)
    dept = gen_department(w.org, "县财政局")
    long_ago = local_today() - timedelta(days=200)
    for n in range(3):
        gen_loop_matter(w, kind="other", title=f"逾期的协商{n}", lead=dept, assigned_on=long_ago)
        gen_loop_matter(w, kind="other", title=f"未逾期的协商{n}", lead=dept)
        proposal = gen_assigned_proposal(w, dept, title=f"提案{n}", assigned_on=long_ago)
        for a in proposal.assignments:
            a.reply_months = n + 1  # periods the first body had not seen
        gen_meeting(w.org, held_on=local_today() + timedelta(days=n + 1), title=f"常委会{n}")
    db.session.add_all(
        AuditEvent(org_id=w.org.id, action="login", object_type="user", summary=f"登录{n}")
        for n in range(20)
    )
    db.session.commit()


def _busy_body():
    """A body where each of the secretariat's to-dos has something: a record and a report
    waiting, a 社情民意 report and a speech to take up, a late consultation, a proposal in
    hands, a leave request."""
    w = world()
    year_items = gen_duty_items(w.org)
    gen_record(w.peer, year_items[0].code, "submitted", title="一次调研")
    gen_group_report(w.group, 2026, 10, status="submitted", work_items=3)
    gen_opinion(w.member_user, "待采编的信息", submit=True)
    speech_submit(w.member_user, "一篇大会发言", "发言稿")
    dept = gen_department(w.org, "县发展和改革局")
    long_ago = local_today() - timedelta(days=200)
    gen_loop_matter(w, kind="other", title="逾期的协商", lead=dept, assigned_on=long_ago)
    gen_assigned_proposal(w, dept, assigned_on=long_ago)
    gen_invited(gen_meeting(w.org, title="全会预备会"), [w.member], leave_status="requested")
    grow(w.org, w.group, year_items, 250)
    return w, year_items


@pytest.mark.parametrize("path", list(PAGES))
def test_secretariat_pages_cost_the_same_however_large_the_body(app, client, auth, path):
    w, year_items = _busy_body()
    auth.login("jiguan")
    assert client.get(path).status_code == 200
    forget_kept()  # the page built, as the first after a write, not as the worker kept it
    with statements() as few, members_loaded() as few_loaded:
        assert client.get(path).status_code == 200
    _more_of_everything(w, year_items)
    assert client.get(path).status_code == 200  # the test's objects, expired by its commit
    forget_kept()
    with statements() as many, members_loaded() as many_loaded:
        page = client.get(path)
    assert page.status_code == 200
    assert few() == many() == PAGES[path]
    assert few_loaded() == many_loaded() <= MEMBERS_LOADED[path]


def test_the_home_names_who_made_each_recent_event_and_the_system(app, client, auth):
    w = world()
    db.session.add(
        AuditEvent(org_id=w.org.id, action="login", object_type="user", summary="夜间备份")
    )
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/").get_data(as_text=True)
    assert "系统：夜间备份" in page
    assert f"{w.secretariat_user.display_name}：{w.secretariat_user.display_name} 登录" in page


def test_the_homes_lists_build_their_statements_once_per_worker(app, monkeypatch):
    """The secretariat's home and a head's pages read the recent events, the next meetings,
    the active members, the groups with a head and the head's own groups on every visit:
    each statement is built once and kept, the values passed as parameters."""
    w = world()
    today = local_today()
    reads = [
        lambda: recent(w.org.id),
        lambda: upcoming(w.org.id, today),
        lambda: active_member_count(w.org.id),
        lambda: headed_group_ids(w.org.id, today),
        lambda: headed_groups(w.head_user),
    ]
    first = [read() for read in reads]
    with selects_built(monkeypatch) as built:
        again = [read() for read in reads]
    assert built == []
    assert again == first and first[3] == {w.group.id} and first[4] == [w.group]
