"""More pages whose content the worker keeps (``stamps.kept_query_page``): the leaders' board,
a department's home and the review queue. Each shows what it shows when built afresh (with
the other kept pages: test_kept_pages.py's ``KEPT_PAGES``, on ``queues_world``), shows a write
at once, and is kept apart for viewers of another scope (another department, another group's
head, a head whose own records are left out)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from lvzhi.clock import local_today, zone
from lvzhi.extensions import db
from lvzhi.models import DutyRecord, GroupHeadAssignment, Matter
from lvzhi.models.base import utcnow

from ..conftest import TEST_PASSWORD, freeze_local_time
from ..factories import (
    gen_department,
    gen_duty_items,
    gen_matter,
    gen_member,
    gen_record,
    gen_user,
    world,
)
from .test_kept_pages import _main, queues_world
from .test_member_page_costs import statements

Y = local_today().year
TODAY = local_today()


@pytest.fixture
def busy(app):
    """``queues_world``: departments with their contacts, records waiting for review."""
    return queues_world()


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


def _a_matter_of_a_new_department(w, _client) -> None:
    gen_matter(
        w, "supervision", "河道治理", gen_department(w.org, "县水利局"), TODAY - timedelta(200)
    )
    db.session.commit()


def _the_contact_accepts_a_matter(_w, client) -> None:
    m = db.session.scalar(select(Matter).where(Matter.title == "发改建议0"))
    accept = f"/department/matters/{m.id}/accept"
    assert client.post(accept, data={"version": m.version}).status_code == 303


def _shows(page: str, texts: dict[str, bool]) -> dict[str, bool]:
    """Which of ``texts`` the page shows, to compare with ``texts`` (text → shown)."""
    return {text: text in page for text in texts}


@pytest.mark.parametrize(
    "username, path, before, write, after",
    [
        (
            "lingdao",
            f"/dashboard/?year={Y}",
            {"县水利局": False},
            _a_matter_of_a_new_department,
            {"县水利局": True},
        ),
        (
            "chengban",
            "/department/",
            {"待接收（3）": True},
            _the_contact_accepts_a_matter,
            {"待接收（2）": True, "办理中（1）": True},
        ),
    ],
    ids=["the board", "a department home"],
)
def test_a_kept_page_shows_a_write_at_once(
    busy, client, auth, username, path, before, write, after
):
    auth.login(username)
    page = _main(client.get(path))
    assert _shows(page, before) == before and _main(client.get(path)) == page
    write(busy, client)
    assert _shows(_main(client.get(path)), after) == after


def test_the_secretariats_board_is_not_the_leaders(busy, app, client, auth):
    """One body, one query, two roles: the board's links are the role's own."""
    leader = _logged_in(app, "lingdao")
    auth.login("jiguan")
    leaders = _main(leader.get("/dashboard/"))
    secretariats = _main(client.get("/dashboard/"))
    assert "/board/duties" in leaders and "/board/duties" not in secretariats
    assert _main(client.get("/dashboard/")) == secretariats
    assert _main(leader.get("/dashboard/")) == leaders


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
# top bar reads of the viewer's body, with the body's stamp; nothing of the page's own
KEPT_STATEMENTS = {
    ("chengban", "/department/"): 1,
    ("shizu", "/group/duties/pending"): 1,
    ("jiguan", "/secretariat/duties/pending"): 1,
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
