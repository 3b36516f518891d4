"""The floor every page pays: the benchmark's empty page (``bench.empty_page``: base.html with
empty content) runs the session user and the top bar's badge — a fixed few statements per
role — and, once a worker has served it, builds no SQL statement again: each statement of
the floor is built once and kept (building one, and its cache key, costs more than running
it)."""

from __future__ import annotations

import pytest
from sqlalchemy.sql.selectable import Select

from bench import empty_page
from bench.run import EMPTY_PAGE

from ..factories import gen_department, gen_department_user, world
from .test_member_page_costs import statements

# demo login → statements of the empty page (the session user, then the badge)
FLOOR = {"weiyuan": 2, "shizu": 4, "zhuanwei": 2, "jiguan": 3, "lingdao": 5, "chengban": 5}


@pytest.fixture
def floor_app(app):
    w = world()
    gen_department_user(w.org, gen_department(w.org, "县住建局"), "chengban")
    empty_page.init_app(app)
    return app


def test_the_empty_page_is_the_top_bar_and_nothing_else(floor_app, client, auth):
    auth.login("weiyuan")
    html = client.get(EMPTY_PAGE).get_data(as_text=True)
    assert 'id="inbox-link"' in html and "退出登录" in html
    auth.logout()
    assert client.get(EMPTY_PAGE).status_code == 302  # to the login page


@pytest.mark.parametrize("username", list(FLOOR))
def test_the_floor_runs_a_fixed_few_statements_and_builds_none_again(
    floor_app, client, auth, monkeypatch, username
):
    auth.login(username)
    assert client.get(EMPTY_PAGE).status_code == 200  # the worker's first: statements built
    built: list[Select] = []
    init = Select.__init__

    def building(self, *args, **kwargs):
        built.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(Select, "__init__", building)
    with statements() as n:
        assert client.get(EMPTY_PAGE).status_code == 200
    monkeypatch.undo()
    assert n() == FLOOR[username]
    assert built == []
