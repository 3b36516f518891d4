"""The pages whose content the worker keeps for every viewer of the body (``stamps.kept_html``)
show what they show when built afresh, to each role its own."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lvzhi.clock import local_today
from lvzhi.models.base import utcnow

from ..conftest import TEST_PASSWORD, forget_kept
from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    gen_duty_items,
    gen_group_report,
    gen_record,
    world,
)

TODAY = local_today()
Y, M = TODAY.year, TODAY.month
# (the fixture holding the body's data, the viewer, the page); ``{w.…}`` in a page is filled
# from that fixture's world
KEPT_PAGES = [
    ("busy", "weiyuan", f"/showcase/{Y}/{M}"),
    ("busy", "lingdao", f"/showcase/{Y}/{M}?group=0"),
    ("busy", "lingdao", "/board/"),
    ("busy", "lingdao", f"/board/ranking/{Y}/{(M - 1) // 3 + 1}"),
    ("busy", "lingdao", f"/board/opinions?year={Y}"),
    ("busy", "lingdao", f"/dashboard/?year={Y}"),
    ("busy", "jiguan", f"/secretariat/assessment?year={Y}&page=1"),
    ("busy", "lingdao", f"/board/assessment?year={Y}&grade=excellent"),
    ("busy", "jiguan", f"/secretariat/duties?year={Y}&sort=done"),
    ("busy", "jiguan", f"/board/ranking/{Y}/{(M - 1) // 3 + 1}"),
    ("busy", "lingdao", f"/board/duties?year={Y}&incomplete=1"),
    ("busy", "shizu", "/group/"),
    ("busy", "shizu", f"/group/?year={Y}&sort=done"),
    ("busy", "zhuanwei", "/committee/"),
    ("busy", "zhuanwei", f"/committee/?year={Y}&sort=name"),
    # the leaders' board, a department's home and the review queues (test_kept_pages_more.py)
    ("queues", "lingdao", f"/dashboard/?year={Y}"),
    ("queues", "lingdao", f"/dashboard/?year={Y}&quarter=2"),
    ("queues", "jiguan", "/dashboard/"),
    ("queues", "chengban", "/department/"),
    ("queues", "chengban", "/department/?show=accept"),
    ("queues", "chengban", "/department/?show=handling&page=1"),
    ("queues", "jiguan", "/department/?department={w.dept.id}"),
    ("queues", "jiguan", "/department/?department={w.dept.id}&show=accept"),
    ("queues", "shizu", "/group/duties/pending"),
    ("queues", "shizu", "/group/duties/pending?page=2"),
    ("queues", "shizu", "/group/duties/pending?waiting=long"),
    ("queues", "jiguan", "/secretariat/duties/pending"),
    ("queues", "jiguan", "/secretariat/duties/pending?page=2"),
    ("queues", "jiguan", "/secretariat/duties/pending?waiting=long"),
]


def _main(page) -> str:
    """The page's content, its charts' ids (numbered by the worker: unique, not fixed) left
    out."""
    assert page.status_code == 200
    main = re.search(r"<main.*</main>", page.get_data(as_text=True), re.S)[0]
    main = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "token", main)  # signed with the time
    return re.sub(r"chart-(title|desc)-\d+", "chart", main)


@pytest.fixture
def busy(app):
    w = world()
    gen_duty_items(w.org)
    gen_record(w.member, "research")
    gen_record(w.peer, "proposal")
    gen_group_report(w.group, Y, M, "reviewed", work_items=3, quality=40)
    from lvzhi.extensions import db

    db.session.commit()
    return w


def queues_world():
    """The world with its 十个一 under way, two departments with their contacts (县发改局:
    chengban, three assignments; 县教育局: jiaoyu, one) and records waiting for review: 35
    of 张岩枢 (西塘桥街道, most waiting long; a second page), and the newest: one of the
    group's head 沈国平, one of 朱明华 (武原街道)."""
    from lvzhi.extensions import db

    w = world()
    gen_duty_items(w.org)
    gen_record(w.member, "research")
    gen_group_report(w.group, Y, M, "reviewed", work_items=3, quality=40)
    now = utcnow()
    for i in range(35):
        gen_record(
            w.member,
            "research",
            "submitted",
            title=f"待确认{i:02d}",
            submitted_at=now - timedelta(days=40 - i),
        )
    gen_record(w.head, "proposal", "submitted", title="正组长本人记录", submitted_at=now)
    gen_record(w.director, "proposal", "submitted", title="武原街道的记录", submitted_at=now)
    w.dept = gen_department(w.org, "县发改局")
    gen_department_user(w.org, w.dept, "chengban")
    for i, days in enumerate((0, 85, 120)):
        gen_assigned_proposal(w, w.dept, title=f"发改建议{i}", assigned_on=TODAY - timedelta(days))
    w.other_dept = gen_department(w.org, "县教育局")
    gen_department_user(w.org, w.other_dept, "jiaoyu")
    gen_assigned_proposal(w, w.other_dept, title="教育建议")
    db.session.commit()
    return w


@pytest.fixture
def queues(app):
    """``queues_world``: the body of test_kept_pages_more.py's pages."""
    return queues_world()


@pytest.mark.parametrize("data, username, path", KEPT_PAGES)
def test_a_kept_page_is_the_page_built_afresh(request, client, auth, data, username, path):
    path = path.format(w=request.getfixturevalue(data))
    auth.login(username)
    built = _main(client.get(path))
    kept = _main(client.get(path))
    forget_kept()
    again = _main(client.get(path))
    assert kept == built == again


def _second_head(w, group, username: str):
    """Another member heading ``group`` (a user of their own)."""
    from datetime import date

    from lvzhi.extensions import db
    from lvzhi.models import GroupHeadAssignment

    from ..factories import gen_member, gen_user

    head = gen_member(w.org, name=f"{group.name}负责人", office_group_id=group.id)
    gen_user(w.org, username, ["member", "group_head"], head)
    db.session.add(
        GroupHeadAssignment(office_group=group, member=head, start_date=date(2020, 1, 1))
    )
    db.session.commit()
    return head


def test_heads_of_other_groups_see_their_own_grid(busy, app, client, auth):
    _second_head(busy, busy.other_group, "shizu2")
    auth.login("shizu")
    other = app.test_client()  # logged in before: a login may stamp the body (its audit)
    other.post("/login", data={"login": "shizu2", "password": TEST_PASSWORD})
    mine = _main(client.get("/group/"))
    theirs = _main(other.get("/group/"))
    assert "<h1>西塘桥街道室组</h1>" in mine and "张岩枢" in mine and "朱明华" not in mine
    assert "<h1>武原街道室组</h1>" in theirs and "朱明华" in theirs and "张岩枢" not in theirs


def test_directors_of_other_committees_see_their_own(busy, app, client, auth):
    from lvzhi.extensions import db
    from lvzhi.models import Committee

    from ..factories import gen_member, gen_named, gen_user

    other = gen_named(Committee, busy.org, "社会法制委员会", sort_order=2)
    director = gen_member(busy.org, name="周法言", office_group_id=busy.other_group.id)
    db.session.flush()
    director.committee_id = other.id
    gen_user(busy.org, "zhuanwei2", ["member", "committee"], director, committee=other)
    db.session.commit()
    auth.login("zhuanwei")
    theirs = app.test_client()
    theirs.post("/login", data={"login": "zhuanwei2", "password": TEST_PASSWORD})
    mine, others = _main(client.get("/committee/")), _main(theirs.get("/committee/"))
    assert "<h1>经济科技委员会</h1>" in mine and "张岩枢" in mine and "周法言" not in mine
    assert "<h1>社会法制委员会</h1>" in others and "周法言" in others and "张岩枢" not in others


def test_a_head_is_not_asked_to_confirm_their_own_record_on_the_kept_grid(busy, app, client, auth):
    """Two heads of one group share the kept grid; each is counted the others' records."""
    from lvzhi.extensions import db

    _second_head(busy, busy.group, "shizu2")
    gen_record(busy.head, "research", status="submitted")
    db.session.commit()
    auth.login("shizu")
    other = app.test_client()
    other.post("/login", data={"login": "shizu2", "password": TEST_PASSWORD})
    assert "暂无待确认的履职记录" in _main(client.get("/group/"))
    assert "1 条履职记录等待您确认" in _main(other.get("/group/"))
    gen_record(busy.peer, "research", status="submitted")  # a write: both see it at once
    db.session.commit()
    assert "1 条履职记录等待您确认" in _main(client.get("/group/"))
    assert "2 条履职记录等待您确认" in _main(other.get("/group/"))


def test_the_secretariats_table_is_not_the_leaders(busy, app, client, auth):
    """One body, one query, two roles: each its own links (the rules are the secretariat's)."""
    auth.login("jiguan")
    leader = app.test_client()
    leader.post("/login", data={"login": "lingdao", "password": TEST_PASSWORD})
    assert "积分规则与等次" in _main(client.get(f"/secretariat/assessment?year={Y}"))
    leaders = _main(leader.get(f"/board/assessment?year={Y}"))
    assert "积分规则与等次" not in leaders and "/board/assessment/export.xlsx" in leaders


def test_another_query_is_another_page(busy, client, auth):
    auth.login("jiguan")
    everyone = _main(client.get(f"/secretariat/duties?year={Y}"))
    laggards = _main(client.get(f"/secretariat/duties?year={Y}&incomplete=1"))
    assert laggards != everyone and "仅显示" in laggards and "仅显示" not in everyone


def test_the_kept_ranking_board_serves_each_session_a_form_it_can_post(
    database_url, _schema, tmp_path, monkeypatch
):
    """The secretariat's board holds the invitation form: kept for the body, it carries each
    session's own token, and a second session's post of it goes through (CSRF on)."""
    from datetime import date, datetime

    from sqlalchemy import func, select

    from lvzhi import create_app
    from lvzhi.extensions import db
    from lvzhi.models import GroupInvitation

    from ..conftest import empty_database, freeze_local_time, fresh_request_globals, make_config
    from .test_ranking_in_progress import BOARD, INVITE, _groups, _organ_meeting, _report

    app = create_app(make_config(database_url, tmp_path) | {"WTF_CSRF_ENABLED": True})
    fresh_request_globals(app)
    with app.app_context():
        try:
            w = world()
            for quality, group in zip((45, 40, 30, 20, 10), _groups(w).values(), strict=True):
                for month in (10, 11, 12):
                    _report(group, month, quality)
            _organ_meeting(w, "1月机关月度会议", date(2027, 1, 10))
            db.session.commit()
            freeze_local_time(monkeypatch, datetime(2027, 1, 6, 9, 0))
            tokens = []
            for _ in range(2):  # two sessions: the first builds the board, the second is kept
                client = app.test_client()
                login = client.get("/login").get_data(as_text=True)
                token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login)[1]
                client.post(
                    "/login",
                    data={"login": "jiguan", "password": TEST_PASSWORD, "csrf_token": token},
                )
                board = client.get(BOARD).get_data(as_text=True)
                form = re.search(
                    r'<form method="post" action="[^"]*/invite".*?</form>', board, re.S
                )
                tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', form[0])[1])
            assert tokens[0] != tokens[1] and "kept-form-token" not in board
            db.session.rollback()
            response = client.post(INVITE, data={"csrf_token": tokens[1]})
            assert response.status_code == 303
            db.session.rollback()
            assert db.session.scalar(select(func.count(GroupInvitation.id))) == 4
        finally:
            db.session.remove()
            empty_database()
            db.engine.dispose()


# page → statements of a request served kept: the session user, with the body's stamp (the
# head's groups, the body's current year, the badge are kept figures)
KEPT_STATEMENTS = {
    ("shizu", "/group/"): 1,
    ("shizu", f"/group/?year={Y}&sort=done"): 1,
    ("zhuanwei", "/committee/"): 1,
    ("lingdao", "/board/"): 1,
    ("jiguan", f"/board/ranking/{Y}/{(M - 1) // 3 + 1}"): 1,
}


@pytest.mark.parametrize(
    "username, path", list(KEPT_STATEMENTS), ids=[p for _u, p in KEPT_STATEMENTS]
)
def test_a_kept_page_runs_a_fixed_few_statements(busy, client, auth, monkeypatch, username, path):
    from lvzhi.clock import local_now

    from ..conftest import freeze_local_time
    from .test_member_page_costs import statements

    # the badge is kept to the minute: both requests in one
    freeze_local_time(monkeypatch, local_now().replace(second=0, microsecond=0, tzinfo=None))
    auth.login(username)
    assert client.get(path).status_code == 200
    with statements() as n:
        assert client.get(path).status_code == 200
    assert n() == KEPT_STATEMENTS[(username, path)]


def test_one_scope_key_is_one_selection_of_members(busy, app):
    """Viewers whose scope keys are equal select the same members (``scope_member_filter``),
    so a page kept under the key is theirs alike; a key tells apart what the filter does."""
    from sqlalchemy import select

    from lvzhi.auth.permissions import scope_key, scope_member_filter
    from lvzhi.extensions import db
    from lvzhi.models import Member, User

    _second_head(busy, busy.other_group, "shizu2")
    _second_head(busy, busy.group, "shizu3")
    seen: dict[tuple, frozenset] = {}
    with app.test_request_context():
        for user in db.session.scalars(select(User).where(User.org_id == busy.org.id)):
            for role in ("secretariat", "leader", "group_head", "committee", "member"):
                key = scope_key(user, role)
                members = frozenset(
                    db.session.scalars(select(Member.id).where(scope_member_filter(user, role)))
                )
                assert seen.setdefault(key, members) == members, (user.username, role, key)
    assert len(seen) >= 6  # body, two scopes of heads, a committee, members, nobody


def test_only_a_whole_body_role_keeps_a_page_without_its_scope(app):
    """A head's or a committee's page kept without its scope would be every head's."""
    from lvzhi.stamps import kept_query_page

    w = world()
    with app.test_request_context("/?page=1"):
        for role in ("group_head", "group", "committee", "department", "member"):
            with pytest.raises(RuntimeError, match="kept only with its scope"):
                kept_query_page("t", w.org.id, role, "errors/404.html", dict)
        for role in ("secretariat", "leader", "board"):
            assert "404" in kept_query_page("t", w.org.id, role, "errors/404.html", dict)
        assert kept_query_page("t", w.org.id, "group_head", "errors/404.html", dict, scope=(1,))
