"""The secretariat's pages whose content the worker keeps for every secretariat viewer of the
body (``stamps.kept_query_page``, ``stamps.kept_html``): each shows what it shows when built
afresh, the next write at once, each query its own page, and each viewer their own top bar,
tokens and to-dos."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from lvzhi.clock import local_now, local_today
from lvzhi.extensions import db
from lvzhi.models import AuditEvent

from ..conftest import TEST_PASSWORD, forget_kept, freeze_local_time
from ..factories import (
    gen_department,
    gen_duty_items,
    gen_group_report,
    gen_loop_matter,
    gen_meeting,
    gen_member,
    gen_opinion,
    gen_record,
    gen_suggestions,
    gen_topic,
    gen_user,
    world,
)
from .test_kept_pages import _main
from .test_member_page_costs import statements

Y = local_today().year
LATE = 52  # past the overdue list's 50 a page
PAGES = [
    "/secretariat/",
    "/secretariat/members",
    "/secretariat/members?page=2",
    "/secretariat/members?q=张岩枢",
    "/secretariat/members?status=all&group=abc",
    "/secretariat/opinions",
    f"/secretariat/opinions?stage=all&year={Y}",
    "/secretariat/consultations",
    f"/secretariat/consultations?year={Y + 1}",
    "/secretariat/suggestions",
    "/secretariat/suggestions?page=2",
    "/secretariat/suggestions?state=open&q=建议1",
    "/secretariat/overdue",
    "/secretariat/overdue?page=2",
]
# path → statements of a repeat request, the content as the worker kept it: the session user
# and the body's stamp (the badge kept for the minute); the home's to-dos, the viewer's, read
# the badge's numbers and list one provider's rows (the reassignments asked)
KEPT_STATEMENTS = {path: 1 for path in PAGES}  # the session user, with the stamp
TABLE = {"HX-Request": "true"}  # the roster's filter form swaps the table alone


def _content(page) -> str:
    """``_main`` with the suggestion rows' own tokens (``s<id>-csrf_token``) left out too."""
    return re.sub(r'csrf_token" type="hidden" value="[^"]*"', 'csrf_token"', _main(page))


def _table(page) -> str:
    assert page.status_code == 200 and "HX-Request" in page.headers["Vary"]
    html = page.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="member-table"') and "<main" not in html
    return html


@pytest.fixture
def body(app):
    """A body with something on every page: members past a page, 社情民意 reports waiting,
    a planned consultation with suggestions past a page, feedback late past a page."""
    w = world()
    gen_duty_items(w.org)
    gen_record(w.member, "research")
    gen_group_report(w.group, Y, 1, "reviewed", work_items=3, quality=40)
    for n in range(3):
        gen_opinion(w.member_user, f"社情民意{n}", submit=True)
    dept = gen_department(w.org, "县发改局")
    # in a few days, and in this year's plan whatever the day (31 December: that day)
    held_on = min(local_today() + timedelta(days=3), date(Y, 12, 31))
    meeting = gen_meeting(w.org, held_on=held_on, title="常委会")
    w.topic = gen_topic(w, kind="standing_thematic", meeting=meeting, department=dept)
    w.dept = dept
    long_ago = local_today() - timedelta(days=200)
    for n in range(LATE):
        gen_loop_matter(w, kind="other", title=f"逾期的协商{n}", lead=dept, assigned_on=long_ago)
    gen_suggestions(w, w.topic, [f"建议{n}" for n in range(25)], dept)
    for n in range(40):  # past the roster's 30 a page
        gen_member(w.org, name=f"增员{n:02d}", office_group_id=w.other_group.id)
    db.session.commit()
    return w


@pytest.mark.parametrize("path", PAGES)
def test_a_kept_secretariat_page_is_the_page_built_afresh(body, client, auth, path):
    auth.login("jiguan")
    built = _content(client.get(path))
    kept = _content(client.get(path))
    forget_kept()
    again = _content(client.get(path))
    assert kept == built == again


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("/secretariat/members")])
def test_the_kept_roster_table_is_the_table_built_afresh_and_not_the_page(body, client, auth, path):
    auth.login("jiguan")
    built = _table(client.get(path, headers=TABLE))
    page = _content(client.get(path))  # the same query: the whole page, not the table
    kept = _table(client.get(path, headers=TABLE))
    forget_kept()
    again = _table(client.get(path, headers=TABLE))
    table = built.split('<a id="inbox-link"')[0]  # the top bar's link follows, out of band
    assert kept == built == again and 'hx-swap-oob="true"' in built
    assert "<h1>委员名册</h1>" in page and "<h1>" not in built
    assert table.strip() in page.replace('name="csrf_token"', "")  # the page's own table


def test_the_roster_shows_the_next_write(body, client, auth):
    auth.login("jiguan")
    assert "新来的委员" not in _content(client.get("/secretariat/members?q=新来"))
    assert "新来的委员" not in _table(client.get("/secretariat/members?q=新来", headers=TABLE))
    gen_member(body.org, name="新来的委员", office_group_id=body.group.id)
    db.session.commit()
    assert "新来的委员" in _content(client.get("/secretariat/members?q=新来"))
    assert "新来的委员" in _table(client.get("/secretariat/members?q=新来", headers=TABLE))


def test_the_queues_and_lists_show_the_next_write(body, client, auth):
    auth.login("jiguan")
    pages = {
        "/secretariat/opinions": "又一条社情民意",
        "/secretariat/consultations": "新安排的协商议题",
        "/secretariat/suggestions?q=新提出": "新提出的建议",
        "/secretariat/overdue": "新逾期的协商",
    }
    before = {path: _content(client.get(path)) for path in pages}
    assert not any(text in before[path] for path, text in pages.items())
    gen_opinion(body.member_user, "又一条社情民意", submit=True)
    gen_topic(body, "新安排的协商议题", kind="other")
    gen_suggestions(body, body.topic, ["新提出的建议"], body.dept)
    long_ago = local_today() - timedelta(days=300)  # the oldest: first on the list
    gen_loop_matter(body, kind="other", title="新逾期的协商", lead=body.dept, assigned_on=long_ago)
    db.session.commit()
    for path, text in pages.items():
        assert text in _content(client.get(path)), path


def test_the_home_shows_the_next_write_in_each_part(body, client, auth):
    auth.login("jiguan")
    home = _content(client.get("/secretariat/"))
    assert "份室组月报待评分" not in home and "新登记的会议" not in home
    active = re.search(
        r'<span class="stat-num">(\d+)</span><span class="stat-label">在册委员', home
    )
    gen_member(body.org, name="新来的委员", office_group_id=body.group.id)
    gen_meeting(body.org, held_on=local_today() + timedelta(days=1), title="新登记的会议")
    db.session.add(
        AuditEvent(org_id=body.org.id, action="login", object_type="user", summary="夜间备份")
    )
    gen_group_report(body.group, Y, 2, status="submitted", work_items=5)
    db.session.commit()
    home = _content(client.get("/secretariat/"))
    assert f'<span class="stat-num">{int(active[1]) + 1}</span>' in home
    assert "新登记的会议" in home and "系统：夜间备份" in home
    assert "1 份室组月报待评分" in home


def test_each_query_is_its_own_page(body, client, auth):
    auth.login("jiguan")
    pairs = [
        ("/secretariat/members", "/secretariat/members?page=2"),
        ("/secretariat/members", "/secretariat/members?q=张岩枢"),
        ("/secretariat/opinions", "/secretariat/opinions?stage=adopted"),
        ("/secretariat/consultations", f"/secretariat/consultations?year={Y + 1}"),
        ("/secretariat/suggestions", "/secretariat/suggestions?page=2"),
        ("/secretariat/suggestions", "/secretariat/suggestions?q=建议1"),
        ("/secretariat/overdue", "/secretariat/overdue?page=2"),
    ]
    for first, second in pairs:
        one, two = _content(client.get(first)), _content(client.get(second))
        assert one != two, second
        assert one == _content(client.get(first)) and two == _content(client.get(second))
    table = _table(client.get("/secretariat/members?q=张岩枢", headers=TABLE))
    assert "张岩枢" in table and "李伟" not in table
    assert "李伟" in _table(client.get("/secretariat/members", headers=TABLE))


def test_the_leaders_overdue_list_links_their_own_pages(body, app, client, auth):
    """One body, one list, two blueprints: each its own pager links."""
    auth.login("jiguan")
    leader = app.test_client()
    leader.post("/login", data={"login": "lingdao", "password": TEST_PASSWORD})
    secretariat = _content(client.get("/secretariat/overdue"))
    leaders = _content(leader.get("/board/overdue"))
    assert "/secretariat/overdue?page=2" in secretariat and "/board/overdue" not in secretariat
    assert "/board/overdue?page=2" in leaders and "/secretariat/overdue" not in leaders


def test_two_secretariat_viewers_share_the_content_and_keep_their_own_parts(body, app, auth):
    """A second secretariat user is served the content the first's request built, under
    their own top bar, with their own session's token in each suggestion row's form."""
    gen_user(body.org, "jiguan2", ["secretariat"])
    db.session.commit()
    clients = {name: app.test_client() for name in ("jiguan", "jiguan2")}
    for name, c in clients.items():
        c.post("/login", data={"login": name, "password": TEST_PASSWORD})
    for path in PAGES:
        pages = {name: c.get(path) for name, c in clients.items()}
        assert _content(pages["jiguan"]) == _content(pages["jiguan2"]), path
        for name, page in pages.items():
            html = page.get_data(as_text=True)
            assert f'<span class="who">{name}</span>' in html
            own = re.search(r'"X-CSRFToken": "([^"]+)"', html)[1]
            rows = re.findall(r'-csrf_token" type="hidden" value="([^"]*)"', html)
            assert set(rows) <= {own} and "kept-form-token" not in html
            if path == "/secretariat/suggestions":
                assert rows


def test_the_homes_to_dos_follow_the_time_of_day(app, client, auth, monkeypatch):
    """The to-dos follow the time of day (a record waiting a week, to the minute) with no
    write in the body: they are the viewer's, outside the kept parts, kept for the viewer
    like the badge, to the minute (``registry.todos_for``)."""
    freeze_local_time(monkeypatch, datetime(2027, 3, 15, 9, 0))
    w = world()
    gen_duty_items(w.org, 2027)
    submitted = datetime(2027, 3, 8, 1, 30)  # 8 March, 09:30 local (stored as UTC)
    gen_record(w.peer, "research", "submitted", on=date(2027, 3, 8), submitted_at=submitted)
    db.session.commit()
    auth.login("jiguan")
    waiting = "1 条履职记录提交超过 7 天仍未确认"
    first = client.get("/secretariat/").get_data(as_text=True)
    assert waiting not in first
    freeze_local_time(monkeypatch, datetime(2027, 3, 15, 10, 0))
    with statements() as n:
        later = client.get("/secretariat/").get_data(as_text=True)
    assert waiting in later
    assert n() == KEPT_STATEMENTS["/secretariat/"] + 2  # the badge counted, a provider's list


@pytest.mark.parametrize("path", PAGES)
def test_a_kept_secretariat_page_runs_the_floor_alone(body, client, auth, monkeypatch, path):
    minute = local_now().replace(second=0, microsecond=0, tzinfo=None)
    freeze_local_time(monkeypatch, minute)  # the badge kept for the minute
    auth.login("jiguan")
    table = path.startswith("/secretariat/members")
    for h in ({}, TABLE) if table else ({},):
        assert client.get(path, headers=h).status_code == 200
        with statements() as n:
            assert client.get(path, headers=h).status_code == 200
        assert n() == KEPT_STATEMENTS[path], h
