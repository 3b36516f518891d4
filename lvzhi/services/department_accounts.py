"""A 承办单位's contact logins: opened by the secretariat (role ``department``, linked to the
department), switched off and on, and switched off with their department."""

from __future__ import annotations

from sqlalchemy import select

from ..domain.roster import mobile_error, normalize_mobile
from ..extensions import db
from ..models import Department, User
from . import ServiceError, unit_of_work
from .accounts import temporary_password, user_create, user_sessions_end
from .audit import audit

DEPARTMENT_OFF = "该单位已停用，请先恢复该单位，再开设或恢复其联系人账号。"


@unit_of_work
def contact_set_active(actor: User, user: User, active: bool) -> None:
    """The secretariat switches a 承办单位 contact's login off (its browsers are logged out
    at once: a contact who left the post keeps no access) or on again."""
    if not actor.has_role("secretariat") or user.org_id != actor.org_id or not user.department_id:
        raise ServiceError("只有本会政协机关可以停用或恢复承办单位联系人账号。")
    if user.active == active:
        return
    if active and not db.session.get(Department, user.department_id).is_active:
        raise ServiceError(DEPARTMENT_OFF)
    user.active = active
    if not active:
        user_sessions_end(user)
    verb = "恢复" if active else "停用"
    code = "user.activate" if active else "user.deactivate"
    audit(actor, user.org_id, code, user, f"{verb}承办单位联系人账号 {user.username}")


def department_contacts_off(actor: User, department: Department) -> int:
    """A department switched off takes its contacts' logins with it (inside the caller's
    unit of work); returns how many were on."""
    contacts = db.session.scalars(
        select(User).where(
            User.org_id == department.org_id,
            User.department_id == department.id,
            User.active.is_(True),
        )
    ).all()
    for user in contacts:
        user.active = False
        user_sessions_end(user)
    return len(contacts)


@unit_of_work
def department_account_create(
    actor: User, department: Department, username: str, display_name: str, mobile: str = ""
) -> tuple[User, str]:
    """The secretariat creates a 承办单位 contact's login (role ``department``, linked to the
    department); returns the user and the temporary password to hand over."""
    if not actor.has_role("secretariat") or department.org_id != actor.org_id:
        raise ServiceError("只有本会政协机关可以创建承办单位账户。")
    if not department.is_active:
        raise ServiceError(DEPARTMENT_OFF)
    username = (username or "").strip()
    if not username:
        raise ServiceError("请填写用户名。", field="username")
    display_name = (display_name or "").strip()[:40] or department.name[:40]
    mobile = normalize_mobile(mobile)
    problem = mobile_error(mobile) if mobile else None
    if problem:
        raise ServiceError(problem + "。", field="mobile")
    password = temporary_password()
    user = user_create(
        actor.org_id,
        username,
        display_name,
        password,
        ["department"],
        mobile=mobile or None,
        must_change_password=True,
        actor=actor,
    )
    user.department_id = department.id
    audit(
        actor,
        actor.org_id,
        "department.account",
        user,
        f"创建承办单位账户 {username}（{department.name}）",
    )
    return user, password
