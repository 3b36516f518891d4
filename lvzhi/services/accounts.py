"""Accounts: authenticate with lockout, passwords, role grants."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain import login as login_rules
from ..domain.roles import ROLE_LABELS, ROLES
from ..extensions import db
from ..models import RoleGrant, User
from ..models.base import utcnow
from . import ServiceError
from .audit import audit
from .common import commit

BAD_LOGIN = "用户名或密码不正确。"
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_login_user(login: str) -> User | None:
    login = login.strip()
    if not login:
        return None
    return db.session.scalar(select(User).where(or_(User.username == login, User.mobile == login)))


def authenticate(login: str, password: str, now: datetime | None = None) -> User:
    """Return the user, or raise ServiceError with the Chinese reason. Counts failures."""
    now = now or utcnow()
    user = find_login_user(login)
    if user is None:
        raise ServiceError(BAD_LOGIN)
    state = login_rules.LoginAttempt(user.failed_logins, user.locked_until)
    if login_rules.is_locked(state, now):
        raise ServiceError(login_rules.locked_message(state, now))
    if not check_password_hash(user.password_hash, password):
        cfg = current_app.config
        state = login_rules.after_failure(
            state, now, cfg["LOGIN_MAX_FAILURES"], cfg["LOGIN_LOCK_MINUTES"]
        )
        user.failed_logins, user.locked_until = state.failed_count, state.locked_until
        if login_rules.is_locked(state, now):
            audit(
                None,
                user.org_id,
                "login.locked",
                user,
                f"{user.display_name} 账户因多次登录失败被锁定",
            )
            commit()
            raise ServiceError(login_rules.locked_message(state, now))
        commit()
        raise ServiceError(BAD_LOGIN)
    if not user.active:
        raise ServiceError("该账户已停用，请联系政协机关。")
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    from ..clock import local_today
    from .structure import head_role_sync  # structure imports this module

    head_role_sync(user, local_today())
    audit(user, user.org_id, "login", user, f"{user.display_name} 登录")
    commit()
    return user


def password_change(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise ServiceError("当前密码不正确。", field="current_password")
    if len(new) < MIN_PASSWORD:
        raise ServiceError(f"新密码至少 {MIN_PASSWORD} 位。", field="new_password")
    if new == current:
        raise ServiceError("新密码不能与当前密码相同。", field="new_password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    audit(user, user.org_id, "password.change", user, f"{user.display_name} 修改了密码")
    commit()


def password_reset(actor: User, user: User) -> str:
    """Give the user a new random temporary password, to be changed at next login."""
    temporary = temporary_password()
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    audit(actor, user.org_id, "password.reset", user, f"重置了 {user.display_name} 的密码")
    commit()
    return temporary


def temporary_password() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


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
    """Create a login. Does not commit: callers commit with the rest of their change."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ServiceError(f"未知角色：{', '.join(sorted(unknown))}")
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise ServiceError(f"用户名 {username} 已被使用。", field="username")
    if mobile and db.session.scalar(select(User.id).where(User.mobile == mobile)):
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


def grant_role(user: User, role: str, committee_id: int | None = None) -> None:
    if not any(g.role == role and g.committee_id == committee_id for g in user.grants):
        user.grants.append(RoleGrant(role=role, committee_id=committee_id))


def revoke_role(user: User, role: str) -> None:
    for grant in [g for g in user.grants if g.role == role]:
        user.grants.remove(grant)


def user_set_roles(actor: User, user: User, roles: list[str], committee_id: int | None) -> None:
    """Set a user's roles from the secretariat's account form."""
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
    audit(
        actor,
        user.org_id,
        "user.roles",
        user,
        f"设置 {user.display_name} 的角色：{'、'.join(ROLE_LABELS.get(r, r) for r in roles)}",
    )
    commit()
