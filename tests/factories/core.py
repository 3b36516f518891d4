"""The organizations, members and users every test stands on: gen_org, gen_member,
gen_user, and world() — two organizations with a user for every role."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from lvzhi.extensions import db
from lvzhi.models import (
    Committee,
    GroupHeadAssignment,
    Member,
    OfficeGroup,
    Organization,
    Sector,
    User,
)
from lvzhi.services.accounts import user_create

from ..conftest import TEST_PASSWORD

_seq = itertools.count(1)


def gen_org(name: str | None = None) -> Organization:
    org = Organization(name=name or f"测试县政协{next(_seq)}", short_name="测试县政协")
    db.session.add(org)
    db.session.flush()
    return org


def gen_named(model, org: Organization, name: str, **kw):
    obj = model(org_id=org.id, name=name, **kw)
    db.session.add(obj)
    db.session.flush()
    return obj


def gen_member(org: Organization, **overrides) -> Member:
    n = next(_seq)
    values = {"name": f"委员{n}", "mobile": f"1380000{n:04d}", "gender": "男"}
    values.update(overrides)
    member = Member(org_id=org.id, **values)
    db.session.add(member)
    db.session.flush()
    return member


def gen_user(
    org: Organization,
    username: str,
    roles: list[str],
    member: Member | None = None,
    committee: Committee | None = None,
    **kw,
) -> User:
    user = user_create(
        org.id,
        username,
        member.name if member else username,
        TEST_PASSWORD,
        roles,
        mobile=member.mobile if member else None,
        member_id=member.id if member else None,
        committee_id=committee.id if committee else None,
        **kw,
    )
    db.session.flush()
    return user


@dataclass
class World:
    org: Organization
    other_org: Organization
    group: OfficeGroup
    other_group: OfficeGroup
    committee: Committee
    sector: Sector
    member: Member
    member_user: User
    peer: Member  # same group, not the logged-in member
    head: Member
    head_user: User
    director: Member
    director_user: User
    secretariat_user: User
    leader_user: User
    outsider: Member  # another organization's member
    other_secretariat_user: User


def world() -> World:
    """Org A: groups 西塘桥街道 (headed) and 武原街道; committee 经济科技委员会 linked to
    西塘桥街道; a user for every role. Org B: one group, one member, a secretariat user."""
    org = gen_org("海盐县政协（测试）")
    group = gen_named(OfficeGroup, org, "西塘桥街道", sort_order=1)
    other_group = gen_named(OfficeGroup, org, "武原街道", sort_order=2)
    committee = gen_named(Committee, org, "经济科技委员会", sort_order=1)
    committee.office_groups = [group]
    sector = gen_named(Sector, org, "经济界", sort_order=1)
    member = gen_member(
        org, name="张岩枢", office_group_id=group.id, committee_id=committee.id, sector_id=sector.id
    )
    peer = gen_member(org, name="李伟", office_group_id=group.id, sector_id=sector.id)
    head = gen_member(org, name="沈国平", office_group_id=group.id)
    director = gen_member(
        org, name="朱明华", office_group_id=other_group.id, committee_id=committee.id
    )
    member_user = gen_user(org, "weiyuan", ["member"], member)
    gen_user(org, peer.mobile, ["member"], peer)
    head_user = gen_user(org, "shizu", ["member", "group_head"], head)
    db.session.add(
        GroupHeadAssignment(office_group=group, member=head, start_date=date(2020, 1, 1))
    )
    director_user = gen_user(
        org, "zhuanwei", ["member", "committee"], director, committee=committee
    )
    secretariat_user = gen_user(org, "jiguan", ["secretariat"])
    leader_user = gen_user(org, "lingdao", ["leader"])
    other_org = gen_org("嘉善县政协（测试）")
    og = gen_named(OfficeGroup, other_org, "罗星街道")
    outsider = gen_member(other_org, name="外县委员", office_group_id=og.id)
    gen_user(other_org, outsider.mobile, ["member"], outsider)
    other_secretariat_user = gen_user(other_org, "other_jiguan", ["secretariat"])
    db.session.commit()
    return World(
        org,
        other_org,
        group,
        other_group,
        committee,
        sector,
        member,
        member_user,
        peer,
        head,
        head_user,
        director,
        director_user,
        secretariat_user,
        leader_user,
        outsider,
        other_secretariat_user,
    )
