"""Demo 提案: this year's session with about 120 proposals at every stage — drafts, waiting
for review, returned, turned into opinions, a merged pair, filed, assigned, being handled
(some overdue, some key with a supervising leader), replied, evaluated, and one rated 不满意
and handled again — plus a login for each of the 12 departments (``chengban`` is the
县发展和改革局 contact, the others ``chengban02`` … ``chengban12``) and 张岩枢's own
《关于紧固件国内市场集采的建议》, filed and being handled.

Everything goes through the services in one transaction (so the timeline, the audit log and
the 十个一 credit agree); dates are then moved back so that some replies are overdue. The
demo's replies carry no signed document. Idempotent: a year that has proposals is skipped,
and an existing department login is kept.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from .domain import loops as rules
from .domain.calendar import add_months
from .extensions import db
from .models import Department, Matter, Member, Organization, User
from .services import loop_handling as handling
from .services import loops as loop_svc
from .services import proposals as svc
from .services import unit_of_work
from .services.accounts import user_create

SESSION = "第十一届三次会议"
OWN_TITLE = "关于紧固件国内市场集采的建议"
LEAD, CO = "县发展和改革局", "县经济和信息化局"
CATEGORIES = ("经济", "社会", "文化", "生态", "政治")
TOPICS = (
    "推进县域工业企业数字化改造",
    "加强农村生活污水治理设施运维",
    "提升城区停车位供给",
    "完善居家养老服务网络",
    "促进海盐腔非遗传承",
    "加快南北湖景区提质升级",
    "支持港区物流园区建设",
    "推动中小学课后服务提质",
    "加强基层卫生院人才队伍建设",
    "优化营商环境减少涉企检查",
    "发展强村富民集体经济",
    "推进核电关联产业集聚",
    "加强老旧小区加装电梯工作",
    "提升农贸市场管理水平",
    "完善公共文化服务设施",
    "加强河道水环境综合治理",
    "推动新能源汽车充电设施建设",
    "加强未成年人心理健康教育",
    "推进垃圾分类长效管理",
    "促进青年人才在县就业创业",
)
PLAN = (  # (stage, how many) — about 120 in all
    ("draft", 8),
    ("submitted", 12),
    ("returned", 4),
    ("opinion", 8),
    ("filed", 12),
    ("assigned", 18),
    ("handling", 26),
    ("replied", 14),
    ("closed", 16),
)


def _department_logins(org: Organization, password_hash: str) -> None:
    depts = list(
        db.session.scalars(
            select(Department).where(Department.org_id == org.id).order_by(Department.id)
        )
    )
    for i, dept in enumerate(depts[:12]):
        username = "chengban" if dept.name == LEAD else f"chengban{i + 1:02d}"
        if db.session.scalar(select(User.id).where(User.username == username)):
            continue
        user = user_create(
            org.id, username, f"{dept.name}联络员", "", ["department"], password_hash=password_hash
        )
        user.department_id = dept.id
    db.session.flush()


def seed(org: Organization, today: date) -> None:
    office = db.session.scalar(select(User).where(User.username == "jiguan"))
    if office is None:
        return
    _department_logins(org, office.password_hash)
    year = today.year
    if db.session.scalar(
        select(func.count(Matter.id)).where(
            Matter.org_id == org.id, Matter.loop == "proposal", Matter.year == year
        )
    ):
        return
    _seed_proposals(org, today, office)


@unit_of_work
def _seed_proposals(org: Organization, today: date, office: User) -> None:
    rng = random.Random(20260301)
    leader = db.session.scalar(select(User).where(User.username == "lingdao"))
    depts = {
        d.name: d for d in db.session.scalars(select(Department).where(Department.org_id == org.id))
    }
    names = sorted(depts)
    writers = list(
        db.session.scalars(
            select(User)
            .join(Member, Member.id == User.member_id)
            .where(User.org_id == org.id, Member.is_active.is_(True))
            .order_by(User.id)
        )
    )
    own = next(u for u in writers if u.username == "weiyuan")
    svc.loop_setting_save(office, today.year, "proposal", session=SESSION)

    def write(user: User, title: str, category: str) -> Matter:
        return svc.proposal_save(
            user,
            title=title,
            category=category,
            situation=f"{title[2:-3]}是群众关心的实事，目前仍存在短板。",
            analysis="经走访调研，主要问题在于统筹不够、投入不足、机制不全。",
            suggestions_text="一、加强统筹协调；二、加大要素保障；三、建立长效机制。",
            suggested_departments=rng.choice(names),
        )

    def assign(m: Matter, lead: str, co: str | None = None, months_ago: int = 1) -> None:
        handling_co = [depts[co]] if co else []
        loop_svc.matter_assign(office, m, depts[lead], handling_co)
        db.session.flush()
        for a in m.assignments:
            a.assigned_on = add_months(today, -months_ago)

    # 张岩枢's own: filed, assigned to two departments, being handled
    m = write(own, OWN_TITLE, "经济")
    svc.proposal_submit(own, m)
    svc.proposal_file(office, m)
    assign(m, LEAD, CO)
    loop_svc.matter_accept(office, m, depts[LEAD])

    n = 0
    filed_for_merge = None
    for stage, count in PLAN:
        for _ in range(count):
            n += 1
            user = writers[(n * 7) % len(writers)]
            if user.id == own.id:
                user = writers[(n * 7 + 1) % len(writers)]
            topic = TOPICS[n % len(TOPICS)]
            title = f"关于{topic}的建议" + ("" if n <= len(TOPICS) else f"（{n}）")
            m = write(user, title, CATEGORIES[n % len(CATEGORIES)])
            _advance(m, stage, n, user, office, leader, assign, names, rng)
            if stage == "filed" and filed_for_merge is None:
                filed_for_merge = m
    # a merged pair: a late proposal on the same topic merged into a filed one
    late = write(writers[3], f"关于{TOPICS[0]}的几点建议", "经济")
    svc.proposal_submit(writers[3], late)
    svc.proposal_merge(office, late, filed_for_merge)
    _rehandled(
        write(writers[5], "关于加快城乡公交一体化的建议", "社会"), writers[5], office, assign
    )


def _advance(m, stage, n, user, office, leader, assign, names, rng) -> None:
    if stage == "draft":
        return
    svc.proposal_submit(user, m)
    if stage == "submitted":
        return
    if stage == "returned":
        svc.proposal_return(office, m, "案由不够具体，请补充调研数据后再提交。")
        return
    if stage == "opinion":
        reason = rules.NOT_FILED_REASONS[n % len(rules.NOT_FILED_REASONS)]
        svc.proposal_not_file(office, m, reason)
        return
    svc.proposal_file(office, m)
    if stage == "filed":
        return
    lead = names[n % len(names)]
    co = names[(n + 3) % len(names)] if n % 3 == 0 else None
    overdue = stage == "handling" and n % 4 == 0
    assign(m, lead, co, months_ago=4 if overdue else 1 + n % 2)
    if n % 9 == 0 and leader is not None:
        handling.matter_mark_key(office, m, leader)
        handling.matter_supervise(office, m, "已电话督促承办单位加快办理进度。")
    if stage == "assigned":
        return
    dept = m.lead_assignment.department
    loop_svc.matter_accept(office, m, dept)
    handling.matter_contact(
        office,
        m,
        rng.choice(("visit", "phone", "meeting")),
        _day(m),
        "已与提案人沟通办理思路。",
        dept,
    )
    if stage == "handling":
        return
    _reply(office, m, "ABC"[n % 3])
    if stage == "replied":
        return
    verdict = ("satisfied", "satisfied", "basic")[n % 3]
    svc.proposal_evaluate(
        user, m, verdict, contacted=True, contact_way="phone", attitude="satisfied"
    )


def _day(m: Matter) -> date:
    return m.lead_assignment.assigned_on + timedelta(days=7)


def _reply(office: User, m: Matter, reply_class: str) -> None:
    """The department's reply entered by the secretariat (no signed document in the demo)."""
    a = m.lead_assignment
    second = m.stage == "rehandling"
    text = "经研究，已将相关建议纳入年度工作计划，分步推进落实。"
    event = loop_svc.move(
        office,
        m,
        "reply",
        party="secretariat",
        note=f"{reply_class} 类（{rules.REPLY_CLASSES[reply_class]}）：{text}",
        department_id=a.department_id,
        event_party="department",
    )
    a.reply_class, a.reply_text, a.round = reply_class, text, 2 if second else 1
    a.replied_at, a.reply_event_id = event.at, event.id


def _rehandled(m: Matter, user: User, office: User, assign) -> None:
    """不满意 on the first reply, handled again, second reply rated 基本满意."""
    svc.proposal_submit(user, m)
    svc.proposal_file(office, m)
    assign(m, "县交通运输局", months_ago=3)
    dept = m.lead_assignment.department
    loop_svc.matter_accept(office, m, dept)
    _reply(office, m, "C")
    svc.proposal_evaluate(user, m, "unsatisfied", contacted=False, note="答复过于笼统。")
    _reply(office, m, "B")
    svc.proposal_evaluate(user, m, "basic", contacted=True, contact_way="meeting")
