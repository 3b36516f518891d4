"""What every page pays before its own content — the session user (one statement), the top
bar's to-do badge (one statement for a member) — and the member pages' own reads stay a
fixed few statements, however many records the member has."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..factories import gen_duty_items, gen_record, world

YEAR = local_today().year
STATUSES = ("confirmed", "submitted", "returned", "draft")
# page → statements per request (the session user and the badge included)
PAGES = {
    ("weiyuan", "/member/"): 7,
    ("weiyuan", f"/member/duties/{YEAR}/research"): 8,
    ("weiyuan", "/member/archive"): 9,
    ("weiyuan", "/member/opinions"): 4,
    ("weiyuan", "/attendance/"): 3,
    ("shizu", "/group/"): 10,
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
    with statements() as few:
        assert client.get(path).status_code == 200
    for item in items * 3:  # four times as many
        for status in STATUSES:
            gen_record(w.member, item.code, status=status, return_reason="请补充")
    with statements() as many:
        assert client.get(path).status_code == 200
    assert few() == many() == PAGES[(username, path)]
