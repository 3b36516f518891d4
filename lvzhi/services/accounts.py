"""Accounts: authenticate with lockout, passwords, role grants."""

from __future__ import annotations

import functools
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import local_today
from ..domain import login as login_rules
from ..domain.roles import ROLE_LABELS, ROLES
from ..domain.roster import username_error
from ..extensions import db
from ..models import LoginSession, Organization, RoleGrant, UnknownLogin, User
from ..models.base import utcnow
from ..stamps import unstamped
from . import ServiceError, unit_of_work
from .audit import audit
from .common import check_version
from .roles import grant_role, head_role_sync

BAD_LOGIN = "用户名或密码不正确。"
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def hash_temporary_password(password: str) -> str:
    """A one-time password of ``temporary_password()``'s strength (12 random characters,
    about 59 bits) that must be changed at first login needs no memory-hard hash: the cheaper
    TEMPORARY_PASSWORD_HASH_METHOD lets a roster import of thousands of members hash in
    seconds instead of minutes. ``authenticate`` evens out the time such a login takes."""
    return generate_password_hash(
        password, method=current_app.config["TEMPORARY_PASSWORD_HASH_METHOD"]
    )


def _hash_method(password_hash: str) -> str:
    return password_hash.split("$", 1)[0]


def login_taken(value: str, other_than: int | None = None) -> bool:
    """Whether ``value`` already logs someone in — as a username or as a mobile, in any
    body (one login box serves every body): a new username or mobile must not be either."""
    query = select(User.id).where(or_(User.username == value, User.mobile == value))
    if other_than is not None:
        query = query.where(User.id != other_than)
    return db.session.scalar(query.limit(1)) is not None


def find_login_user(login: str) -> User | None:
    login = login.strip()
    if not login:
        return None
    return db.session.scalar(select(User).where(or_(User.username == login, User.mobile == login)))


@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(login: str, password: str, now: datetime | None = None) -> User:
    """Return the user logged in through a new login session (``user.session_token``), or
    raise ServiceError with the Chinese reason. Safe when many logins to one account arrive
    at once: attempts are counted before the password is checked, and no write goes through
    the user's row version. Not one unit of work but three small ones — the counted attempt
    commits before the password is checked, a failure (or the lock it causes) commits
    before the refusal is raised, and a success commits with the login session."""
    now = now or utcnow()
    user = find_login_user(login)
    if user is None:
        # check a password all the same, so an unknown login takes as long as a known one,
        # and count and lock the name as an account's: nothing tells which names have one
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        raise ServiceError(_unknown_attempt(login.strip(), now))
    attempt = _attempt_begin(user, now)
    if attempt is None:
        raise ServiceError(_locked_message(user, now))
    full_cost = _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    if _hash_method(user.password_hash) != _hash_method(full_cost):
        # a cheaper (one-time) hash: check a full-cost one too, so timing tells nothing
        check_password_hash(full_cost, password)
    if not check_password_hash(user.password_hash, password):
        raise ServiceError(_attempt_failed(user, attempt, now))
    if not _login_succeeded(user, now):
        raise ServiceError("该账户已停用，请联系政协机关。")
    return user


_users = User.__table__


@unit_of_work
def _attempt_begin(user: User, now: datetime) -> int | None:
    """Count a login attempt on the account before its password is checked, in one atomic
    UPDATE that only an unlocked account passes; return its number since the last success
    or lock, or None when the account is locked. The attempt that reaches the limit locks
    the account there and then, so the attempts racing it are refused unchecked."""
    cfg = current_app.config
    attempt = db.session.execute(
        unstamped(update(_users))
        .where(
            _users.c.id == user.id,
            or_(_users.c.locked_until.is_(None), _users.c.locked_until <= now),
        )
        .values(failed_logins=_users.c.failed_logins + 1)
        .returning(_users.c.failed_logins)
    ).scalar_one_or_none()
    if attempt is not None and login_rules.attempt_locks(attempt, cfg["LOGIN_MAX_FAILURES"]):
        until = login_rules.lock_end(now, cfg["LOGIN_LOCK_MINUTES"])
        db.session.execute(
            unstamped(update(_users))
            .where(_users.c.id == user.id)
            .values(failed_logins=0, locked_until=until)
        )
    return attempt


def _locked_message(user: User, now: datetime) -> str:
    state = db.session.execute(
        select(User.failed_logins, User.locked_until).where(User.id == user.id)
    ).one()
    return login_rules.locked_message(login_rules.LoginAttempt(*state), now)


@unit_of_work
def _attempt_failed(user: User, attempt: int, now: datetime) -> str:
    """The message for a wrong password; the attempt that locked the account logs the lock."""
    cfg = current_app.config
    if not login_rules.attempt_locks(attempt, cfg["LOGIN_MAX_FAILURES"]):
        return BAD_LOGIN
    audit(None, user.org_id, "login.locked", user, f"{user.display_name} 账户因多次登录失败被锁定")
    state = login_rules.LoginAttempt(0, login_rules.lock_end(now, cfg["LOGIN_LOCK_MINUTES"]))
    return login_rules.locked_message(state, now)


UNKNOWN_KEPT = timedelta(days=30)  # an unknown name's count is forgotten after this


@unit_of_work
def _unknown_attempt(login: str, now: datetime) -> str:
    """A failed login under a name no account has, counted exactly as ``_attempt_begin`` and
    ``_attempt_failed`` count an account's — one atomic UPDATE per attempt, so attempts
    racing each other get the same sequence of answers too — and, like them, changing no
    body's figures."""
    cfg = current_app.config
    table = UnknownLogin.__table__
    db.session.execute(unstamped(delete(table).where(table.c.last_at < now - UNKNOWN_KEPT)))
    key = UnknownLogin.digest(login)
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(
        unstamped(
            dialect.insert(table)
            .values(key=key, failed_logins=0, locked_until=None, last_at=now)
            .on_conflict_do_nothing(index_elements=["key"])
        )
    )
    attempt = db.session.execute(
        unstamped(update(table))
        .where(
            table.c.key == key,
            or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
        )
        .values(failed_logins=table.c.failed_logins + 1, last_at=now)
        .returning(table.c.failed_logins)
    ).scalar_one_or_none()
    if attempt is None:  # locked
        state = db.session.execute(
            select(table.c.failed_logins, table.c.locked_until).where(table.c.key == key)
        ).one()
        return login_rules.locked_message(login_rules.LoginAttempt(*state), now)
    if not login_rules.attempt_locks(attempt, cfg["LOGIN_MAX_FAILURES"]):
        return BAD_LOGIN
    until = login_rules.lock_end(now, cfg["LOGIN_LOCK_MINUTES"])
    db.session.execute(
        unstamped(update(table))
        .where(table.c.key == key)
        .values(failed_logins=0, locked_until=until, last_at=now)
    )
    return login_rules.locked_message(login_rules.LoginAttempt(0, until), now)


@unit_of_work
def _login_succeeded(user: User, now: datetime) -> bool:
    """Clear the count and any lock; for an active account open its login session. False
    (with the count still cleared) when the account is deactivated."""
    _attempt_succeeded(user, now)
    if not user.active:
        return False
    # one login of this user at a time gets here (the row is locked until commit), and the
    # grants are read afresh, so two logins never add or drop the same role twice
    db.session.expire(user, ["grants"])
    head_role_sync(user, local_today())
    _session_begin(user, now)
    audit(user, user.org_id, "login", user, f"{user.display_name} 登录")
    return True


def _attempt_succeeded(user: User, now: datetime) -> None:
    """Clear the count and any lock. Also takes the row's lock until the caller commits."""
    values: dict = {"failed_logins": 0, "locked_until": None}
    if user.active:
        values["last_login_at"] = now
    db.session.execute(unstamped(update(_users)).where(_users.c.id == user.id).values(**values))


def _session_begin(user: User, now: datetime) -> None:
    """Open a login session for a browser; keep only the user's newest few."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(user_id=user.id, token_hash=LoginSession.digest(token), created_at=now)
    )
    db.session.flush()
    old = db.session.scalars(
        select(LoginSession.id)
        .where(LoginSession.user_id == user.id)
        .order_by(LoginSession.id.desc())
        .offset(current_app.config["LOGIN_SESSIONS_KEPT"])
    ).all()
    if old:
        db.session.execute(delete(LoginSession).where(LoginSession.id.in_(old)))
    user.session_token = token


def user_sessions_end(user: User, keep: str | None = None) -> None:
    """End the user's login sessions, all of them or all but the one ``keep`` opens."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep:
        stmt = stmt.where(LoginSession.token_hash != LoginSession.digest(keep))
    db.session.execute(stmt)


@unit_of_work
def session_end(user: User) -> None:
    """Logout: the browser's session ends for good, so a copy of its cookie opens nothing."""
    if user.session_token:
        db.session.execute(
            delete(LoginSession).where(
                LoginSession.token_hash == LoginSession.digest(user.session_token)
            )
        )


def password_change(user: User, current: str, new: str, now: datetime | None = None) -> None:
    """Change one's own password; every other browser logged in as the user is logged out.
    The current password is guessed no more freely than at the login: each check is counted
    as a login attempt is, the limit locks the account — and, since only someone holding a
    logged-in browser can guess here, logs every browser of it out. Like ``authenticate``,
    the counted attempt commits on its own before the password is checked."""
    if len(new) < MIN_PASSWORD:
        raise ServiceError(f"新密码至少 {MIN_PASSWORD} 位。", field="new_password")
    if new == current:
        raise ServiceError("新密码不能与当前密码相同。", field="new_password")
    now = now or utcnow()
    attempt = _attempt_begin(user, now)
    if attempt is None:
        raise ServiceError(_locked_message(user, now), field="current_password")
    if not check_password_hash(user.password_hash, current):
        message = _attempt_failed(user, attempt, now)
        if message != BAD_LOGIN:  # this guess locked the account
            _sessions_end_now(user)
            raise ServiceError(message, field="current_password")
        raise ServiceError("当前密码不正确。", field="current_password")
    _password_set(user, current, new)


@unit_of_work
def _sessions_end_now(user: User) -> None:
    user_sessions_end(user)


@unit_of_work
def _password_set(user: User, current: str, new: str) -> None:
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.failed_logins, user.locked_until = 0, None
    user_sessions_end(user, keep=user.session_token)
    audit(user, user.org_id, "password.change", user, f"{user.display_name} 修改了密码")


@unit_of_work
def password_reset(actor: User, user: User) -> str:
    """Give the user a new random temporary password, to be changed at next login; every
    browser logged in as the user is logged out."""
    temporary = temporary_password()
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    user_sessions_end(user)
    audit(actor, user.org_id, "password.reset", user, f"重置了 {user.display_name} 的密码")
    return temporary


def temporary_password() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


@unit_of_work
def user_create(
    org_id: int,
    username: str,
    display_name: str,
    password: str,
    roles: list[str],
    *,
    mobile: str | None = None,
    member_id: int | None = None,
    committee_id: int | None = None,
    must_change_password: bool = False,
    actor: User | None = None,
    password_hash: str | None = None,
) -> User:
    """Create a login; inside another service it joins that one's transaction."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ServiceError(f"未知角色：{', '.join(sorted(unknown))}")
    problem = username_error(username)
    if problem:
        raise ServiceError(problem + "。", field="username")
    if login_taken(username):
        raise ServiceError(f"用户名 {username} 已被使用。", field="username")
    if mobile and mobile != username and login_taken(mobile):
        raise ServiceError(f"手机号 {mobile} 已绑定其他账户。", field="mobile")
    user = User(
        org_id=org_id,
        username=username,
        mobile=mobile or None,
        display_name=display_name,
        password_hash=password_hash or hash_password(password),
        member_id=member_id,
        must_change_password=must_change_password,
    )
    for role in roles:
        user.grants.append(
            RoleGrant(role=role, committee_id=committee_id if role == "committee" else None)
        )
    db.session.add(user)
    db.session.flush()
    audit(actor, org_id, "user.create", user, f"创建账户 {username}（{display_name}）")
    return user


@unit_of_work
def user_set_roles(
    actor: User,
    user: User,
    roles: list[str],
    committee_id: int | None,
    version: int | None = None,
) -> None:
    """Set a user's roles from the secretariat's account form (``version``: the login's as
    the form showed it; the grants are the login's, so a stale form conflicts)."""
    check_version(user, version)
    roles = list(roles or [])
    if not roles:
        raise ServiceError("请至少保留一个角色。", field="roles")
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ServiceError("未知角色。")
    if "committee" in roles and not committee_id:
        raise ServiceError("专委会角色需要选择所负责的专委会。", field="committee_id")
    if user.id == actor.id and "secretariat" not in roles:
        raise ServiceError("不能取消自己的政协机关角色。", field="roles")
    for grant in list(user.grants):
        if grant.role not in roles or (
            grant.role == "committee" and grant.committee_id != committee_id
        ):
            user.grants.remove(grant)
    for role in roles:
        grant_role(user, role, committee_id if role == "committee" else None)
    user.updated_at = utcnow()  # only the grants change: move the login's version on too
    audit(
        actor,
        user.org_id,
        "user.roles",
        user,
        f"设置 {user.display_name} 的角色：{'、'.join(ROLE_LABELS.get(r, r) for r in roles)}",
    )


@unit_of_work
def first_user_create(
    org_name: str | None, username: str, display_name: str, password: str, roles: list[str]
) -> User:
    """``flask create-user``: a login in the named organization (made if new), or in the only
    one there is."""
    if org_name:
        org = db.session.scalar(select(Organization).where(Organization.name == org_name))
        if org is None:
            org = Organization(name=org_name, short_name=org_name)
            db.session.add(org)
            db.session.flush()
    else:
        orgs = list(db.session.scalars(select(Organization).limit(2)))
        if len(orgs) != 1:
            raise ServiceError("请用 --org 指定组织名称。")
        org = orgs[0]
    return user_create(org.id, username, display_name, password, roles)
