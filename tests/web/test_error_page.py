"""The Chinese 500 page renders after a database error, and even when the database is gone."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from lvzhi.extensions import db
from lvzhi.models import User

from ..factories import world


@pytest.fixture
def failing_app(app):
    """The app with exceptions turned into the 500 page, as in production."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def test_the_500_page_renders_after_a_failed_flush(failing_app, client, auth):
    w = world()

    @failing_app.route("/test-only/duplicate-user")
    def duplicate_user():
        db.session.add(User(org_id=w.org.id, username="weiyuan", display_name="重复"))
        db.session.flush()  # IntegrityError: the session now needs a rollback

    auth.login("weiyuan")
    response = client.get("/test-only/duplicate-user")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "系统出错了" in page and "Internal Server Error" not in page
    assert "张岩枢" in page  # the full page, with the user's own top bar
    assert client.get("/member/").status_code == 200  # and the next request is fine


def test_the_500_page_renders_when_the_database_is_gone(failing_app, client, auth):
    world()
    gone = False

    def refuse(*_args, **_kwargs):
        if gone:
            raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    @failing_app.route("/test-only/database-gone")
    def database_gone():
        nonlocal gone
        gone = True
        db.session.expire_all()
        return str(len(db.session.scalars(db.select(User)).all()))

    auth.login("weiyuan")
    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        response = client.get("/test-only/database-gone")
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "系统出错了" in page and "返回首页" in page
