"""Members and their accounts: create, edit, deactivate."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..domain.roster import mobile_error, normalize_mobile
from ..extensions import db
from ..models import Member, User
from . import ServiceError, unit_of_work
from .accounts import login_taken, temporary_password, user_create, user_sessions_end
from .audit import audit
from .common import check_version

MEMBER_FIELDS = (
    "name",
    "gender",
    "mobile",
    "employer",
    "title",
    "term",
    "sector_id",
    "committee_id",
    "office_group_id",
)


FIELD_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "mobile": "手机号",
    "employer": "工作单位",
    "title": "职务",
    "term": "届次",
    "sector_id": "界别",
    "committee_id": "专委会",
    "office_group_id": "室组",
}


@dataclass
class MemberData:
    name: str
    mobile: str
    gender: str = ""
    employer: str = ""
    title: str = ""
    term: str = ""
    sector_id: int | None = None
    committee_id: int | None = None
    office_group_id: int | None = None


def _check(org_id: int, data: MemberData, member_id: int | None = None) -> None:
    data.mobile = normalize_mobile(data.mobile)
    problem = mobile_error(data.mobile)
    if problem:
        raise ServiceError(problem, field="mobile")
    clash = db.session.scalar(
        select(Member.id).where(Member.org_id == org_id, Member.mobile == data.mobile)
    )
    if clash and clash != member_id:
        raise ServiceError(f"手机号 {data.mobile} 已有委员使用。", field="mobile")
    own = (
        db.session.scalar(select(User.id).where(User.member_id == member_id)) if member_id else None
    )
    if login_taken(data.mobile, other_than=own):  # a mobile logs in: no other login may be it
        raise ServiceError(f"手机号 {data.mobile} 已绑定其他账户。", field="mobile")


@unit_of_work(duplicate="该手机号已存在，请勿重复提交。")
def member_create(actor: User, data: MemberData) -> tuple[Member, str]:
    """Create the member and their login (username = mobile). Returns the temporary password."""
    _check(actor.org_id, data)
    member = Member(org_id=actor.org_id, **{f: getattr(data, f) for f in MEMBER_FIELDS})
    db.session.add(member)
    db.session.flush()
    password = temporary_password()
    user_create(
        actor.org_id,
        data.mobile,
        data.name,
        password,
        ["member"],
        mobile=data.mobile,
        member_id=member.id,
        must_change_password=True,
        actor=actor,
    )
    audit(actor, actor.org_id, "member.create", member, f"新增委员 {member.name}")
    return member, password


@unit_of_work
def member_update(actor: User, member: Member, data: MemberData, version: int | None) -> Member:
    check_version(member, version)
    _check(actor.org_id, data, member.id)
    changed = [f for f in MEMBER_FIELDS if getattr(member, f) != getattr(data, f)]
    if not changed:
        return member  # nothing to save, nothing to log
    for f in MEMBER_FIELDS:
        setattr(member, f, getattr(data, f))
    if member.user is not None:
        member.user.display_name = member.name
        if member.user.mobile != member.mobile:
            if member.user.username == member.user.mobile:
                member.user.username = member.mobile
            member.user.mobile = member.mobile
    labels = "、".join(FIELD_LABELS[f] for f in changed)
    audit(actor, actor.org_id, "member.update", member, f"修改委员 {member.name}：{labels}")
    return member


@unit_of_work
def member_set_active(actor: User, member: Member, active: bool, version: int | None) -> None:
    check_version(member, version)
    if member.user is not None and member.user.id == actor.id and not active:
        raise ServiceError("不能停用自己的账户。")
    member.is_active = active
    if member.user is not None:
        member.user.active = active
        if not active:  # a lost phone: its browser must not come back with a reactivation
            user_sessions_end(member.user)
    verb = "恢复" if active else "停用"
    audit(
        actor,
        actor.org_id,
        f"member.{'activate' if active else 'deactivate'}",
        member,
        f"{verb}委员 {member.name}",
    )
