"""The pages whose content the worker keeps for every viewer of the body (``stamps.kept_html``)
show what they show when built afresh, to each role its own."""

from __future__ import annotations

import re

import pytest

from lvzhi.clock import local_today

from ..conftest import TEST_PASSWORD, forget_kept
from ..factories import gen_duty_items, gen_group_report, gen_record, world

Y, M = local_today().year, local_today().month
KEPT_PAGES = [
    ("weiyuan", f"/showcase/{Y}/{M}"),
    ("lingdao", f"/showcase/{Y}/{M}?group=0"),
    ("lingdao", "/board/"),
    ("lingdao", f"/board/ranking/{Y}/{(M - 1) // 3 + 1}"),
    ("lingdao", f"/board/opinions?year={Y}"),
    ("lingdao", f"/dashboard/?year={Y}"),
    ("jiguan", f"/secretariat/assessment?year={Y}&page=1"),
    ("lingdao", f"/board/assessment?year={Y}&grade=excellent"),
    ("jiguan", f"/secretariat/duties?year={Y}&sort=done"),
    ("lingdao", f"/board/duties?year={Y}&incomplete=1"),
]


def _main(page) -> str:
    """The page's content, its charts' ids (numbered by the worker: unique, not fixed) left
    out."""
    assert page.status_code == 200
    main = re.search(r"<main.*</main>", page.get_data(as_text=True), re.S)[0]
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


@pytest.mark.parametrize("username, path", KEPT_PAGES)
def test_a_kept_page_is_the_page_built_afresh(busy, client, auth, username, path):
    auth.login(username)
    built = _main(client.get(path))
    kept = _main(client.get(path))
    forget_kept()
    again = _main(client.get(path))
    assert kept == built == again


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
