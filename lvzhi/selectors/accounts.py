"""Reading accounts: the user behind a browser's login session."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from flask import current_app, g, has_request_context
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import contains_eager, defer, joinedload

from ..extensions import db
from ..models import BodyStamp, LoginSession, Member, Organization, User
from ..models.base import utcnow
from ..stamps import stamp_seen


def login_session_user(token: str) -> User | None:
    """The user whose login session this token opens, with the token set on it; None when
    the session has ended (logout, password change or reset, or LOGIN_SESSION_DAYS after the
    login: a copied cookie does not open the account for ever). ONE statement on every request:
    the user with their role grants and their body's names (the top bar shows them), without
    the password hash (read only when a password is checked), and the body's stamp (the
    request's read of it: ``stamps.stamp_seen``; a kept page then runs no statement of its own). (Flask-Login itself turns away
    a user whose account is switched off.)"""
    if not token:
        return None
    since = utcnow() - timedelta(days=current_app.config["LOGIN_SESSION_DAYS"])
    row = (
        db.session.execute(
            _session_user_select(), {"token_hash": LoginSession.digest(token), "since": since}
        )
        .unique()
        .one_or_none()
    )
    if row is None:
        return None
    user, stamp = row
    user.session_token = token
    stamp_seen(user.org_id, stamp)
    return user


@cache
def _session_user_select() -> Select:
    """The session user's statement, built once per worker: building it and its cache key
    (which SQLAlchemy keeps on the statement) cost more than running it, on every request."""
    return (
        select(User, BodyStamp.stamp)
        .join(LoginSession, LoginSession.user_id == User.id)
        .join(Organization, Organization.id == User.org_id)
        .outerjoin(BodyStamp, BodyStamp.org_id == User.org_id)
        .where(
            LoginSession.token_hash == bindparam("token_hash"),
            LoginSession.created_at > bindparam("since"),  # a login lasts LOGIN_SESSION_DAYS
        )
        .options(
            defer(User.password_hash),
            contains_eager(User.organization),
            joinedload(User.grants),
        )
    )


def user_member(user: User) -> Member | None:
    """The user's member record with the office group, committee and sector a member's pages
    name, in one statement, once per request (``user.member`` then reads it from the session).
    (Brought along by the session user's statement instead, it cost every other page more than
    it saved a member's: measured.)"""
    if user.member_id is None:
        return None
    cache = g.setdefault("_user_member", {}) if has_request_context() else {}
    if user.member_id not in cache:
        cache[user.member_id] = db.session.scalar(_member_select(), {"member_id": user.member_id})
    return cache[user.member_id]


@cache
def _member_select() -> Select:
    """Built once per worker, as the session user's: every member page reads it, and
    building it with its three loader options (and its cache key) cost more than running it."""
    return (
        select(Member)
        .where(Member.id == bindparam("member_id"))
        .options(
            joinedload(Member.office_group),
            joinedload(Member.committee),
            joinedload(Member.sector),
        )
    )
