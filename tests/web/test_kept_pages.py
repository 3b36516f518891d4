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
    ("jiguan", f"/board/ranking/{Y}/{(M - 1) // 3 + 1}"),
    ("lingdao", f"/board/duties?year={Y}&incomplete=1"),
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
