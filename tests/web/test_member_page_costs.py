"""What every page pays before its own content — the session user (one statement), the top
bar's to-do badge (one statement for a member) — and the member pages' own reads stay a
fixed few statements, however many records the member has."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.sql.selectable import Select

from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..conftest import forget_kept
from ..factories import gen_duty_items, gen_group_report, gen_record, world
from .test_page_scale import members_loaded

YEAR = local_today().year
STATUSES = ("confirmed", "submitted", "returned", "draft")
# page → statements per request (the session user with the body's stamp, and the badge included)
PAGES = {
    ("weiyuan", "/member/"): 6,
    ("weiyuan", f"/member/duties/{YEAR}/research"): 4,
    ("weiyuan", "/member/archive"): 7,
    ("weiyuan", "/member/opinions"): 3,
    ("weiyuan", "/attendance/"): 3,
    ("shizu", "/group/"): 9,
}


@contextmanager
def statements():
    """How many statements run inside the block (``n()``)."""
    ran: list[str] = []

    def tally(_conn, _cursor, statement, *_args):
        ran.append(statement)

    event.listen(db.engine, "before_cursor_execute", tally)
    try:
        yield lambda: len(ran)
    finally:
        event.remove(db.engine, "before_cursor_execute", tally)


@pytest.mark.parametrize("username, path", list(PAGES), ids=[p for _u, p in PAGES])
def test_member_pages_run_a_fixed_few_statements(app, client, auth, username, path):
    w = world()
    items = gen_duty_items(w.org)
    for item in items:  # one record of each kind on every item
        for status in STATUSES:
            gen_record(w.member, item.code, status=status, return_reason="请补充")
    auth.login(username)
    assert client.get(path).status_code == 200
    forget_kept()  # the badge counted, as on the first page after a write
    with statements() as few:
        assert client.get(path).status_code == 200
    for item in items * 3:  # four times as many
        for status in STATUSES:
            gen_record(w.member, item.code, status=status, return_reason="请补充")
    db.session.commit()
    assert client.get(path).status_code == 200  # the test's objects, expired by its commit
    forget_kept()
    with statements() as many:
        assert client.get(path).status_code == 200
    assert few() == many() == PAGES[(username, path)]


@contextmanager
def selects_built(monkeypatch):
    """The ``select()`` statements built inside the block (a list)."""
    built: list[Select] = []
    init = Select.__init__

    def building(self, *args, **kwargs):
        built.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(Select, "__init__", building)
    try:
        yield built
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize(
    "path", ["/member/", f"/member/duties/{YEAR}/research", "/member/archive", "/member/loops"]
)
def test_a_member_page_builds_its_statements_once_per_worker(app, client, auth, monkeypatch, path):
    """The member's record, the year's items, the years, the current year, the progress, the
    records and their files, the invitations, the reports taken back, the hub's counts: each
    statement is built on the worker's first page and kept (building one and its cache key
    cost about as much as running it)."""
    w = world()
    for item in gen_duty_items(w.org):
        gen_record(w.member, item.code, status="submitted")
    auth.login("weiyuan")
    assert client.get(path).status_code == 200
    with selects_built(monkeypatch) as built:
        assert client.get(path).status_code == 200
    assert built == []


def test_the_showcase_counts_who_took_part_and_names_them_for_the_group_shown(app, client, auth):
    w = world()
    month = local_today().replace(day=1) - timedelta(days=1)
    mine = gen_group_report(w.group, month.year, month.month, "submitted", work_items=3)
    theirs = gen_group_report(w.other_group, month.year, month.month, "submitted", work_items=2)
    mine.entries[0].participants += [w.member, w.peer]
    theirs.entries[0].participants += [w.director, w.peer, w.member]
    db.session.commit()
    auth.login("weiyuan")
    path = f"/showcase/{month.year}/{month.month}?group={w.group.id}"
    with members_loaded() as loaded:
        page = client.get(path).get_data(as_text=True)
    names = "、".join(sorted([w.member.name, w.peer.name]))
    assert f"参与：{names}" in page  # the group shown, by name
    assert "· 2 人" in page and "· 3 人" in page  # the grid: how many, every group
    assert loaded() == 0  # no participant turned into an ORM object
