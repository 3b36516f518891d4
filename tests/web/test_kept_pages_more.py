"""More pages whose content the worker keeps (``stamps.kept_query_page``): the leaders' board,
a department's home and the review queue. Each shows what it shows when built afresh, shows
a write at once, and is kept apart for viewers of another scope (another department, another
group's head, a head whose own records are left out)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from lvzhi.clock import local_today, zone
from lvzhi.extensions import db
from lvzhi.models import DutyRecord, GroupHeadAssignment, Matter
from lvzhi.models.base import utcnow

from ..conftest import TEST_PASSWORD, forget_kept, freeze_local_time
from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    gen_duty_items,
    gen_group_report,
    gen_matter,
    gen_member,
    gen_record,
    gen_user,
    world,
)
from .test_kept_pages import _main
from .test_member_page_costs import statements

Y, M = local_today().year, local_today().month
TODAY = local_today()


@pytest.fixture
def busy(app):
    """The world with its 十个一 under way, two departments with their contacts (县发改局:
    chengban, three assignments; 县教育局: jiaoyu, one) and records waiting for review: 35
    of 张岩枢 (西塘桥街道, most waiting long; a second page), and the newest: one of the
    group's head 沈国平, one of 朱明华 (武原街道)."""
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


def _head(w, group, username: str, name: str):
    """Another member heading ``group``, with a login of their own."""
    head = gen_member(w.org, name=name, office_group_id=group.id)
    gen_user(w.org, username, ["member", "group_head"], head)
    db.session.add(
        GroupHeadAssignment(office_group=group, member=head, start_date=date(2020, 1, 1))
    )
    db.session.commit()
    return head


def _logged_in(app, username: str):
    """A client of its own, logged in (before any page is read: a login may stamp the body)."""
    client = app.test_client()
    assert client.post("/login", data={"login": username, "password": TEST_PASSWORD}).status_code
    return client


PAGES = [
    ("lingdao", f"/dashboard/?year={Y}"),
    ("lingdao", f"/dashboard/?year={Y}&quarter=2"),
    ("jiguan", "/dashboard/"),
    ("chengban", "/department/"),
    ("chengban", "/department/?show=accept"),
    ("chengban", "/department/?show=handling&page=1"),
    ("jiguan", "/department/?department={dept}"),
    ("jiguan", "/department/?department={dept}&show=accept"),
    ("shizu", "/group/duties/pending"),
    ("shizu", "/group/duties/pending?page=2"),
    ("shizu", "/group/duties/pending?waiting=long"),
    ("jiguan", "/secretariat/duties/pending"),
    ("jiguan", "/secretariat/duties/pending?page=2"),
    ("jiguan", "/secretariat/duties/pending?waiting=long"),
]


@pytest.mark.parametrize("username, path", PAGES)
def test_a_kept_page_is_the_page_built_afresh(busy, client, auth, username, path):
    path = path.format(dept=busy.dept.id)
    auth.login(username)
    built = _main(client.get(path))
    kept = _main(client.get(path))
    forget_kept()
    again = _main(client.get(path))
    assert kept == built == again


def test_the_board_shows_a_write_at_once(busy, client, auth):
    auth.login("lingdao")
    path = f"/dashboard/?year={Y}"
    board = _main(client.get(path))
    assert "县水利局" not in board and _main(client.get(path)) == board
    gen_matter(
        busy,
        "supervision",
        "河道治理",
        gen_department(busy.org, "县水利局"),
        TODAY - timedelta(200),
    )
    db.session.commit()
    assert "县水利局" in _main(client.get(path))


def test_the_secretariats_board_is_not_the_leaders(busy, app, client, auth):
    """One body, one query, two roles: the board's links are the role's own."""
    leader = _logged_in(app, "lingdao")
    auth.login("jiguan")
    leaders = _main(leader.get("/dashboard/"))
    secretariats = _main(client.get("/dashboard/"))
    assert "/board/duties" in leaders and "/board/duties" not in secretariats
    assert _main(client.get("/dashboard/")) == secretariats
    assert _main(leader.get("/dashboard/")) == leaders


def test_a_department_home_shows_the_contacts_write_at_once(busy, client, auth):
    auth.login("chengban")
    home = _main(client.get("/department/"))
    assert "待接收（3）" in home and _main(client.get("/department/")) == home
    m = db.session.scalar(select(Matter).where(Matter.title == "发改建议0"))
    accept = f"/department/matters/{m.id}/accept"
    assert client.post(accept, data={"version": m.version}).status_code == 303
    home = _main(client.get("/department/"))
    assert "待接收（2）" in home and "办理中（1）" in home


def test_each_department_sees_its_own_home(busy, app, client, auth):
    theirs = _logged_in(app, "jiaoyu")
    secretariat = _logged_in(app, "jiguan")
    auth.login("chengban")
    mine = _main(client.get("/department/"))
    others = _main(theirs.get("/department/"))
    assert "县发改局 · 承办事项" in mine and "发改建议0" in mine and "教育建议" not in mine
    assert "县教育局 · 承办事项" in others and "教育建议" in others and "发改建议0" not in others
    assert "您正在代" not in mine
    asked = f"/department/?department={busy.dept.id}"  # the contact may ask for their own
    behalf = _main(secretariat.get(asked))
    assert "您正在代 <strong>县发改局</strong>" in behalf and "发改建议0" in behalf
    assert asked in behalf and asked not in mine
    assert _main(client.get(asked)) == mine  # the same query, the contact's own page


def test_heads_of_two_groups_each_review_their_own_groups_records(busy, app, client, auth):
    _head(busy, busy.other_group, "shizu2", "武原街道负责人")
    theirs = _logged_in(app, "shizu2")
    auth.login("shizu")
    mine = _main(client.get("/group/duties/pending"))
    others = _main(theirs.get("/group/duties/pending"))
    assert "待确认的履职记录（35）" in mine and "武原街道的记录" not in mine
    assert "待确认的履职记录（1）" in others and "武原街道的记录" in others
    assert "待确认00" not in others


def test_a_head_never_sees_their_own_record_another_head_of_the_group_does(busy, app, client, auth):
    """Two heads of one group: the same scope, each with their own records left out."""
    co_head = _head(busy, busy.group, "shizu3", "西塘桥街道副组长")
    gen_record(co_head, "research", "submitted", title="副组长本人记录", submitted_at=utcnow())
    db.session.commit()
    other = _logged_in(app, "shizu3")
    secretariat = _logged_in(app, "jiguan")
    auth.login("shizu")
    mine = _main(client.get("/group/duties/pending?page=2"))
    theirs = _main(other.get("/group/duties/pending?page=2"))
    assert "正组长本人记录" not in mine and "副组长本人记录" in mine
    assert "正组长本人记录" in theirs and "副组长本人记录" not in theirs
    everyone = _main(secretariat.get("/secretariat/duties/pending?page=2"))
    assert "正组长本人记录" in everyone and "副组长本人记录" in everyone


def test_a_confirmed_record_leaves_the_kept_queue_at_once(busy, client, auth):
    auth.login("shizu")
    queue = _main(client.get("/group/duties/pending"))
    assert "待确认的履职记录（35）" in queue and _main(client.get("/group/duties/pending")) == queue
    record = db.session.scalar(select(DutyRecord).where(DutyRecord.title == "待确认00"))
    confirm = f"/group/duties/records/{record.id}/confirm"
    assert client.post(confirm, data={"version": record.version}).status_code == 303
    queue = _main(client.get("/group/duties/pending"))
    assert "待确认的履职记录（34）" in queue and "<h3>待确认00</h3>" not in queue


def test_the_long_waiting_records_follow_the_time_of_day(app, client, auth, monkeypatch):
    """``?waiting=long``: a record submitted seven days before 10:00 has waited long at 11:00
    the same day, with no write since 09:00 (the plain queue holds it all along)."""
    day = date(Y, 3, 10)
    freeze_local_time(monkeypatch, datetime(Y, 3, 10, 9, 0))
    w = world()
    gen_duty_items(w.org)
    ten = datetime(Y, 3, 10, 10, 0, tzinfo=zone()).astimezone(UTC).replace(tzinfo=None)
    for title, days in (("等了八天", 8), ("等到十点满七天", 7)):  # submitted before 10:00
        gen_record(
            w.peer, "research", "submitted", title=title, on=day, submitted_at=ten - timedelta(days)
        )
    db.session.commit()
    auth.login("jiguan")
    long = _main(client.get("/secretariat/duties/pending?waiting=long"))
    assert "等了八天" in long and "等到十点满七天" not in long
    assert "等到十点满七天" in _main(client.get("/secretariat/duties/pending"))
    freeze_local_time(monkeypatch, datetime(Y, 3, 10, 11, 0))
    long = _main(client.get("/secretariat/duties/pending?waiting=long"))
    assert "等了八天" in long and "等到十点满七天" in long and "待确认的履职记录（2）" in long


# page → statements of a request served kept (the board's: test_dashboard_costs.py): what the
# top bar reads of the viewer's body and the body's stamp; nothing of the page's own
KEPT_STATEMENTS = {
    ("chengban", "/department/"): 2,
    ("shizu", "/group/duties/pending"): 2,
    ("jiguan", "/secretariat/duties/pending"): 2,
}


@pytest.mark.parametrize(
    "username, path", list(KEPT_STATEMENTS), ids=[p for _u, p in KEPT_STATEMENTS]
)
def test_a_kept_page_runs_a_fixed_few_statements(busy, client, auth, monkeypatch, username, path):
    monkeypatch.setattr("lvzhi.inbox.badge_count", lambda _user: 0)
    auth.login(username)
    assert client.get(path).status_code == 200
    with statements() as n:
        assert client.get(path).status_code == 200
    assert n() == KEPT_STATEMENTS[(username, path)]
