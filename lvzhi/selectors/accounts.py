"""Reading accounts: the user behind a browser's login session."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import LoginSession, User


def login_session_user(token: str) -> User | None:
    """The user whose login session this token opens, with the token set on it; None when
    the session has ended (logout, password change or reset). One query, so checking the
    session costs no extra statement per request. (Flask-Login itself turns away a user
    whose account is switched off.)"""
    if not token:
        return None
    user = db.session.scalar(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token_hash == LoginSession.digest(token))
    )
    if user is not None:
        user.session_token = token
    return user
