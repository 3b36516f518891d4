"""The body's 十个一 items are kept by the worker (``selectors.duties.body_items``) and shared by
every member's checklist, item pages and archive: what the secretariat changes (a name, an
item stopped or brought back, a new year's checklist) shows on the member's next page, the
items of another body never do, and a kept page reads no item statement."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.selectors import duties as sel
from lvzhi.services.duty_items import (
    duty_item_retire,
    duty_item_save,
    duty_items_ensure,
)

from ..factories import gen_duty_items, world

Y = local_today().year


def _item(w, code: str, year: int = Y):
    return next(i for i in sel.items(w.org.id, year, include_retired=True) if i.code == code)


@pytest.fixture
def w(app, auth):
    """The test world with this year's checklist, the member logged in."""
    w = world()
    gen_duty_items(w.org)
    db.session.commit()
    auth.login("weiyuan")
    return w


def test_a_renamed_item_shows_on_the_members_next_page(w, client):
    item = _item(w, "research")
    assert item.name in client.get("/member/").get_data(as_text=True)
    duty_item_save(w.secretariat_user, item, "参加一次专题调研（新）", "说明已改", 2, item.version)

    home = client.get("/member/").get_data(as_text=True)
    assert "参加一次专题调研（新）" in home
    page = client.get(f"/member/duties/{Y}/research").get_data(as_text=True)
    assert "参加一次专题调研（新）" in page and "说明已改" in page
    assert "要求 2 次" in page


def test_a_stopped_item_leaves_the_checklist_and_takes_no_record(w, client):
    item = _item(w, "research")
    name = item.name
    assert f"/member/duties/{Y}/research" in client.get("/member/").get_data(as_text=True)
    page = client.get(f"/member/duties/{Y}/research").get_data(as_text=True)
    assert 'id="duty-form"' in page

    duty_item_retire(w.secretariat_user, item, True, item.version)
    assert f"/member/duties/{Y}/research" not in client.get("/member/").get_data(as_text=True)
    page = client.get(f"/member/duties/{Y}/research").get_data(as_text=True)
    assert name in page and 'id="duty-form"' not in page
    sent = client.post(
        f"/member/duties/{Y}/research/new",
        data={"occurred_on": f"{Y}-01-05", "title": "停用后登记", "action": "submit"},
    )
    assert sent.status_code in (200, 400, 409, 422)
    assert "停用后登记" not in client.get("/member/archive").get_data(as_text=True)

    item = _item(w, "research")
    duty_item_retire(w.secretariat_user, item, False, item.version)
    assert f"/member/duties/{Y}/research" in client.get("/member/").get_data(as_text=True)


def test_a_new_years_checklist_shows_in_the_year_switch_at_once(w, client):
    assert f'href="/member/duties/{Y + 1}"' not in client.get("/member/").get_data(as_text=True)
    assert client.get(f"/member/duties/{Y + 1}/research").status_code == 404

    duty_items_ensure(w.secretariat_user, Y + 1)
    assert f'href="/member/duties/{Y + 1}"' in client.get("/member/").get_data(as_text=True)
    assert client.get(f"/member/duties/{Y + 1}/research").status_code == 200
    assert sel.years_with_items(w.org.id) == [Y + 1, Y]


def test_another_bodys_items_never_show(app, client, auth):
    w = world()
    gen_duty_items(w.org)
    theirs = gen_duty_items(w.other_org)
    db.session.commit()
    item = next(i for i in theirs if i.code == "research")
    duty_item_save(w.other_secretariat_user, item, "外县的调研事项", "", 1, item.version)
    auth.login("weiyuan")
    assert "外县的调研事项" not in client.get("/member/").get_data(as_text=True)
    assert "外县的调研事项" not in client.get(f"/member/duties/{Y}/research").get_data(as_text=True)
    assert sel.item_of(w.other_org.id, Y, "research").name == "外县的调研事项"
    assert sel.item_of(w.org.id, Y, "research").name != "外县的调研事项"


def test_a_kept_page_reads_no_item_statement(w, client):
    for path in ("/member/", f"/member/duties/{Y}/research", "/member/archive"):
        assert client.get(path).status_code == 200
        ran: list[str] = []

        def tally(_conn, _cursor, statement, *_args, ran=ran):
            ran.append(statement)

        event.listen(db.engine, "before_cursor_execute", tally)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", tally)
        assert ran and not [s for s in ran if "FROM duty_items" in s], path
