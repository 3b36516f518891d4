"""The floor every page pays: the benchmark's empty page (``bench.empty_page``: base.html with
empty content) runs the session user and the top bar's badge — a fixed few statements per
role — and, once a worker has served it, builds no SQL statement again: each statement of
the floor is built once and kept (building one, and its cache key, costs more than running
it)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.routing import MapAdapter

from bench import empty_page
from bench.run import EMPTY_PAGE

from ..conftest import forget_kept
from ..factories import gen_department, gen_department_user, world
from .test_member_page_costs import selects_built, statements

# demo login → statements of the empty page as the worker builds it: the session user with the
# body's stamp, then the badge (and the body's late figures: stamps.kept)
FLOOR = {"weiyuan": 2, "shizu": 4, "zhuanwei": 2, "jiguan": 3, "lingdao": 6, "chengban": 5}
# … and as it keeps it until the body's stamp changes or the minute turns: the session user,
# with the body's stamp
FLOOR_KEPT = 1


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
    forget_kept()  # the badge counted again, as after a write
    with selects_built(monkeypatch) as built, statements() as n:
        assert client.get(EMPTY_PAGE).status_code == 200
    assert n() == FLOOR[username]
    assert built == []
    with statements() as kept:
        assert client.get(EMPTY_PAGE).status_code == 200
    assert kept() == FLOOR_KEPT


def test_a_repeat_page_builds_none_of_the_urls_it_built_before(
    floor_app, client, auth, monkeypatch
):
    """The top bar's and tabs' links and the static files' hashed names cannot vary within
    a worker (``web.App``): the first page builds them, the next builds none (it built a
    dozen on every page before)."""
    auth.login("jiguan")  # the secretariat's tabs
    first = client.get(EMPTY_PAGE).get_data(as_text=True)
    builds: list[str] = []
    build = MapAdapter.build

    def building(self, endpoint, *args, **kwargs):
        builds.append(endpoint)
        return build(self, endpoint, *args, **kwargs)

    monkeypatch.setattr(MapAdapter, "build", building)
    again = client.get(EMPTY_PAGE).get_data(as_text=True)
    monkeypatch.undo()
    assert builds == []
    # the same page but for its form token, which is signed with the second it was made in
    assert without_token(again) == without_token(first)


def without_token(html: str) -> str:
    return re.sub(r'(X-CSRFToken": "|name="csrf_token"[^>]*?value=")[^"]+', r"\1…", html)


@pytest.mark.parametrize("prefix", ["", "/lvzhi"])
def test_the_urls_kept_are_those_flask_builds_under_any_script_root(
    floor_app, client, auth, prefix
):
    """Served under a prefix (``SCRIPT_NAME``), or not, the page links what Flask itself
    would build there — also after the other prefix's page kept its URLs."""
    auth.login("jiguan")
    other = "/lvzhi" if not prefix else ""
    client.get(EMPTY_PAGE, base_url=f"http://localhost{other}")
    html = client.get(EMPTY_PAGE, base_url=f"http://localhost{prefix}").get_data(as_text=True)
    with floor_app.test_request_context(EMPTY_PAGE, base_url=f"http://localhost{prefix}"):
        flask_builds = [
            Flask.url_for(floor_app, "static", filename="js/app.js"),
            Flask.url_for(floor_app, "auth.index"),
            Flask.url_for(floor_app, "inbox.home"),
            Flask.url_for(floor_app, "secretariat.home"),
            Flask.url_for(floor_app, "auth.logout"),
        ]
    links = re.findall(r'(?:href|src|action)="([^"]+)"', html)
    for url in flask_builds:
        assert url.startswith(f"{prefix}/") and url in links
    assert re.search(r"/static/js/app\.[0-9a-f]{12}\.js", flask_builds[0])


@pytest.mark.parametrize("username", ["weiyuan", "jiguan"])
def test_a_repeat_page_sets_no_cookie(floor_app, client, auth, username):
    """The signed session cookie is written when the session changes (login, the CSRF token
    made on the first page, a role switch), not re-signed and re-sent on every page."""
    auth.login(username)
    client.get(EMPTY_PAGE)  # the first page may make the session's CSRF token
    again = client.get(EMPTY_PAGE)
    assert again.status_code == 200
    assert "Set-Cookie" not in again.headers
    assert "Cookie" in again.headers["Vary"]  # the page depends on who asks
