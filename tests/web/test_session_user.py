"""The user behind the session is loaded on every request: one small statement, with the
roles and the body the top bar and the checks read, and no password hash."""

from __future__ import annotations

from sqlalchemy import event, inspect

from lvzhi.extensions import db
from lvzhi.selectors.accounts import login_session_user
from lvzhi.services.accounts import authenticate

from ..conftest import TEST_PASSWORD
from ..factories import world


def test_the_session_user_is_one_statement_with_roles_and_body(app):
    w = world()
    token = authenticate(w.director_user.username, TEST_PASSWORD).session_token
    committee_id, org_name = w.committee.id, w.org.name
    db.session.commit()
    db.session.expunge_all()  # a fresh request: nothing of the user in the session yet
    ran: list[str] = []

    def tally(_conn, _cursor, statement, *_args):
        ran.append(statement)

    event.listen(db.engine, "before_cursor_execute", tally)
    try:
        with app.test_request_context():
            user = login_session_user(token)
            seen = (user.roles, user.committee_ids(), user.organization.name, user.org_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", tally)
    assert seen[:3] == ({"member", "committee"}, {committee_id}, org_name)
    assert len(ran) == 1, ran
    assert "password_hash" in inspect(user).unloaded  # read only where a password is checked


def test_an_ended_session_opens_no_user(app):
    assert login_session_user("no-such-token") is None
