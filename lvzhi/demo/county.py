"""The demo county: 海盐县政协 with nine office groups, committees, sectors, 217 members,
group heads, departments, this year's meetings and a demo login for every role.

Every step looks up what exists first, so running it twice adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Committee,
    Department,
    GroupHeadAssignment,
    Meeting,
    Member,
    OfficeGroup,
    Organization,
    RoleGrant,
    Sector,
    User,
    Year,
)
from ..services.accounts import grant_role, hash_password, user_create

ORG_NAME = "海盐县政协"
DEMO_PASSWORD = "lvzhi2026"
TERM = "第十一届"

OFFICE_GROUPS = [
    "武原街道",
    "西塘桥街道",
    "秦山街道",
    "望海街道",
    "沈荡镇",
    "百步镇",
    "于城镇",
    "澉浦镇",
    "通元镇",
]
SECTORS = [
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "九三学社",
    "无党派人士",
    "共青团",
    "工商联",
    "经济界",
    "教育界",
    "科技界",
    "医药卫生界",
    "文化艺术界",
    "农业界",
    "社会福利和社会保障界",
]
COMMITTEES = {
    "提案委员会": ["武原街道"],
    "经济科技委员会": ["西塘桥街道", "秦山街道"],
    "农业农村委员会": ["于城镇", "通元镇"],
    "社会法制委员会": ["望海街道"],
    "教科卫体委员会": ["沈荡镇"],
    "文化文史和学习委员会": ["澉浦镇"],
    "界别联络委员会": ["百步镇"],
}
DEPARTMENTS = [
    "县发展和改革局",
    "县经济和信息化局",
    "县教育局",
    "县科学技术局",
    "县财政局",
    "县自然资源和规划局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县农业农村局",
    "县卫生健康局",
    "县市场监督管理局",
    "县综合行政执法局",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国伟明华军平刚强勇杰涛斌磊超鹏辉俊峰健宇浩凯晨嘉雨欣悦婷静敏丽娟芳燕霞琳洁慧颖倩雪梅兰红玲秀英海波志东新文晓春立荣德勤忠良永庆雅卫宁康"
EMPLOYERS = [
    "海盐县人民医院",
    "海盐县元济高级中学",
    "浙江天开实业有限公司",
    "海盐县农业农村局",
    "秦山核电有限公司",
    "海盐县律师协会",
    "海盐县实验小学",
    "嘉兴银行海盐支行",
    "海盐县中医院",
    "海盐县文化馆",
    "百步镇农业合作社",
    "海盐县工商联",
    "澉浦镇卫生院",
    "海盐县科技创业园",
    "通元镇人民政府",
    "海盐县融媒体中心",
]
TITLES = [
    "董事长",
    "总经理",
    "主任",
    "副主任",
    "院长",
    "校长",
    "教师",
    "医生",
    "律师",
    "社长",
    "副局长",
    "工程师",
    "会计师",
    "馆长",
    "经理",
    "主任医师",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    roles: tuple[str, ...]
    what: str


DEMO_LOGINS = (
    DemoLogin("weiyuan", "张岩枢", ("member",), "委员（西塘桥街道，经济科技委员会）"),
    DemoLogin("shizu", "沈国平", ("member", "group_head"), "室组负责人（西塘桥街道），也是委员"),
    DemoLogin(
        "zhuanwei", "朱明华", ("member", "committee"), "专委会主任（经济科技委员会），也是委员"
    ),
    DemoLogin("jiguan", "王晓燕", ("secretariat",), "政协机关工作人员"),
    DemoLogin("lingdao", "陆忠祥", ("leader", "member"), "县政协主席（领导），也是委员"),
)


def _get_or_create(model, org_id: int, name: str, **extra):
    obj = db.session.scalar(select(model).where(model.org_id == org_id, model.name == name))
    if obj is None:
        obj = model(org_id=org_id, name=name, **extra)
        db.session.add(obj)
    return obj


def _names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def seed(today: date, member_count: int) -> Organization:
    """The county, its structure, members, heads, demo logins and calendar."""
    rng = random.Random(20230605)
    org = db.session.scalar(select(Organization).where(Organization.name == ORG_NAME))
    if org is None:
        org = Organization(name=ORG_NAME, short_name="海盐县政协", current_term=TERM)
        db.session.add(org)
        db.session.flush()

    groups = {
        n: _get_or_create(OfficeGroup, org.id, n, sort_order=i)
        for i, n in enumerate(OFFICE_GROUPS, 1)
    }
    sectors = {n: _get_or_create(Sector, org.id, n, sort_order=i) for i, n in enumerate(SECTORS, 1)}
    committees = {
        n: _get_or_create(Committee, org.id, n, sort_order=i) for i, n in enumerate(COMMITTEES, 1)
    }
    for i, n in enumerate(DEPARTMENTS):
        dept = _get_or_create(Department, org.id, n)
        if not dept.contact_name:
            dept.contact_name = _names(random.Random(i), 1, set())[0]
            dept.contact_phone = f"0573-8612{i:04d}"
    db.session.flush()
    for cname, gnames in COMMITTEES.items():
        if not committees[cname].office_groups:
            committees[cname].office_groups = [groups[g] for g in gnames]

    password_hash = hash_password(DEMO_PASSWORD)  # one hash for every demo account: fast
    members = _seed_members(org, rng, groups, sectors, committees, member_count, password_hash)
    _seed_heads(org, groups, members, today)
    _seed_logins(org, members, committees, password_hash)
    _seed_calendar(org, today)
    return org


def _seed_members(org, rng, groups, sectors, committees, count, password_hash) -> dict[str, Member]:
    existing = {
        m.mobile: m for m in db.session.scalars(select(Member).where(Member.org_id == org.id))
    }
    taken = {d.name for d in DEMO_LOGINS}
    plan: list[tuple[str, str, str, str, str, str]] = []
    fixed = {
        "张岩枢": (
            "男",
            "西塘桥街道",
            "经济科技委员会",
            "经济界",
            "浙江天开实业有限公司",
            "董事长",
        ),
        "沈国平": (
            "男",
            "西塘桥街道",
            "经济科技委员会",
            "民建",
            "西塘桥街道社区卫生服务中心",
            "主任",
        ),
        "朱明华": ("女", "秦山街道", "经济科技委员会", "科技界", "海盐县科技创业园", "主任"),
        "陆忠祥": ("男", "武原街道", "提案委员会", "中共", "海盐县政协", "主席"),
    }
    group_names, committee_names, sector_names = list(groups), list(committees), list(sectors)
    for name in _names(rng, count - len(fixed), taken):
        plan.append(
            (
                name,
                rng.choice("男男男女女"),
                group_names[len(plan) % len(group_names)],
                rng.choice(committee_names),
                rng.choice(sector_names),
                f"{rng.choice(EMPLOYERS)}|{rng.choice(TITLES)}",
            )
        )
    rows = [(n, *v[:4], f"{v[4]}|{v[5]}") for n, v in fixed.items()] + plan
    result: dict[str, Member] = {m.name: m for m in existing.values()}
    new_users = []
    for i, (name, gender, gname, cname, sname, job) in enumerate(rows):
        if f"1395730{i:04d}" in existing:
            continue
        employer, title = job.split("|")
        member = Member(
            org_id=org.id,
            name=name,
            gender=gender,
            mobile=f"1395730{i:04d}",
            office_group=groups[gname],
            committee=committees[cname],
            sector=sectors[sname],
            employer=employer,
            title=title,
            term=TERM,
        )
        db.session.add(member)
        result[name] = member
        new_users.append(member)
    db.session.flush()
    for member in new_users:
        if member.name in fixed:
            continue  # their logins have readable usernames, made in _seed_logins
        user_create(
            org.id,
            member.mobile,
            member.name,
            "",
            ["member"],
            mobile=member.mobile,
            member_id=member.id,
            password_hash=password_hash,
        )
    return result


def _seed_heads(org, groups, members, today: date) -> None:
    by_group: dict[int, list[Member]] = {}
    for m in sorted(members.values(), key=lambda m: m.id):
        by_group.setdefault(m.office_group_id, []).append(m)
    start = date(today.year - 1, 1, 1)
    for gname, group in groups.items():
        if group.head_assignments:
            continue
        pool = by_group.get(group.id, [])
        if gname == "西塘桥街道":
            previous, head = pool[2], members["沈国平"]
            # rotation: a former head ended last year, the current head took over
            db.session.add(
                GroupHeadAssignment(
                    office_group=group,
                    member=previous,
                    start_date=date(today.year - 3, 1, 1),
                    end_date=date(today.year - 1, 5, 31),
                    note="岗位调整",
                )
            )
            db.session.add(
                GroupHeadAssignment(
                    office_group=group, member=head, start_date=date(today.year - 1, 6, 1)
                )
            )
            continue
        head = next(m for m in pool if m.name not in {"张岩枢", "朱明华", "陆忠祥"})
        db.session.add(GroupHeadAssignment(office_group=group, member=head, start_date=start))
        if head.user is not None:
            grant_role(head.user, "group_head")
    db.session.flush()


def _seed_logins(org, members, committees, password_hash) -> None:
    for demo in DEMO_LOGINS:
        if db.session.scalar(select(User.id).where(User.username == demo.username)):
            continue
        member = members.get(demo.name)
        committee_id = committees["经济科技委员会"].id if "committee" in demo.roles else None
        user_create(
            org.id,
            demo.username,
            demo.name,
            "",
            list(demo.roles),
            mobile=member.mobile if member else None,
            member_id=member.id if member else None,
            committee_id=committee_id,
            password_hash=password_hash,
        )
    # the other committees get a director from their own members
    for cname, committee in committees.items():
        if cname == "经济科技委员会":
            continue
        has = db.session.scalar(select(RoleGrant.id).where(RoleGrant.committee_id == committee.id))
        if has:
            continue
        director = next(
            (
                m
                for m in sorted(members.values(), key=lambda m: m.id)
                if m.committee_id == committee.id
                and m.user is not None
                and "group_head" not in m.user.roles
            ),
            None,
        )
        if director is not None:
            grant_role(director.user, "committee", committee.id)
    db.session.flush()


def _seed_calendar(org, today: date) -> None:
    y = today.year
    if not db.session.scalar(select(Year.id).where(Year.org_id == org.id, Year.year == y)):
        db.session.add(Year(org_id=org.id, year=y, is_current=True))
    planned = [
        ("plenary_prep", f"政协{TERM}委员会第{y - 2022}次会议预备会议", date(y, 1, 6)),
        ("plenary", f"政协{TERM}委员会第{y - 2022}次会议", date(y, 1, 7)),
        ("joint_meeting", f"{y}年县政府、县政协联席会议", date(y, 2, 26)),
        ("standing_committee", "专题议政性常委会会议：推进国家级经济开发区创建", date(y, 4, 23)),
        ("standing_committee", "专题议政性常委会会议：乡村振兴与共同富裕", date(y, 9, 17)),
        ("standing_committee", "常委会会议（年终）", date(y, 12, 16)),
    ]
    topics = [
        "“大综合一体化”行政执法改革",
        "“专精特新”培育工程",
        "养老服务体系建设",
        "县域医共体建设",
        "海塘安澜工程",
        "文旅融合发展",
    ]
    planned += [
        ("chair_meeting", f"主席会议专题协商：{t}", date(y, 3 + i, 18))
        for i, t in enumerate(topics)
    ]
    planned += [("organ_monthly", f"政协机关{m}月月度会议", date(y, m, 10)) for m in range(1, 13)]
    # next January too: from 10 December on, the next organ meeting (where invited groups
    # speak) is next year's
    planned += [
        ("plenary_prep", f"政协{TERM}委员会第{y - 2021}次会议预备会议", date(y + 1, 1, 8)),
        ("organ_monthly", f"政协机关{y + 1}年1月月度会议", date(y + 1, 1, 10)),
    ]
    existing = set(
        db.session.execute(
            select(Meeting.kind, Meeting.held_on).where(Meeting.org_id == org.id)
        ).all()
    )
    for kind, title, held in planned:
        if (kind, held) not in existing:
            db.session.add(
                Meeting(
                    org_id=org.id, kind=kind, title=title, held_on=held, location="县政协会议室"
                )
            )
