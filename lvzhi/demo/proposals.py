"""Demo 提案: this year's session with about 120 proposals at every stage — drafts, waiting
for review, returned, turned into opinions, a merged pair, filed, assigned, being handled
(some overdue, some key with a supervising leader), replied, evaluated, and one rated 不满意
and handled again — plus a login for each of the 12 departments (``chengban`` is the
县发展和改革局 contact, the others ``chengban02`` … ``chengban12``) and 张岩枢's own
《关于紧固件国内市场集采的建议》, filed and being handled.

All in one transaction; dates are moved back so that some replies are overdue. The demo's
replies carry no signed document. Idempotent: a year that has proposals is skipped,
and an existing department login is kept.

The few proposals the demo's stories start from (张岩枢's, the merged pair, the one handled
again) go through the services; the rest are built in bulk by ``proposals_bulk`` with
the same timeline, assignments, evaluations and 十个一 credits.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from ..clock import local_today
from ..domain import loops as rules
from ..domain.calendar import add_months
from ..extensions import db
from ..models import Department, Matter, Member, Organization, User
from ..services import loop_handling as handling
from ..services import loop_intake, proposal_review, unit_of_work
from ..services import loops as loop_svc
from ..services import proposals as svc
from ..services.accounts import user_create
from .proposals_bulk import TOPICS, bulk

SESSION = "第十一届三次会议"
OWN_TITLE = "关于紧固件国内市场集采的建议"
LEAD, CO = "县发展和改革局", "县经济和信息化局"


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
    with db.session.no_autoflush:  # every move flushes itself: autoflush only doubles it
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
    proposal_review.proposal_file(office, m)
    assign(m, LEAD, CO)
    loop_intake.matter_accept(office, m, depts[LEAD])

    # a merged pair: a late proposal on the same topic merged into a filed one
    target = write(writers[2], f"关于{TOPICS[0]}的建议", "经济")
    svc.proposal_submit(writers[2], target)
    proposal_review.proposal_file(office, target)
    late = write(writers[3], f"关于{TOPICS[0]}的几点建议", "经济")
    svc.proposal_submit(writers[3], late)
    proposal_review.proposal_merge(office, late, target)
    _rehandled(
        write(writers[5], "关于加快城乡公交一体化的建议", "社会"), writers[5], office, assign
    )
    db.session.flush()
    bulk(org, today, office, leader, [w for w in writers if w.id != own.id], depts)


def _day(m: Matter) -> date:
    return m.lead_assignment.assigned_on + timedelta(days=7)


def _reply(office: User, m: Matter, reply_class: str) -> None:
    """The department's reply entered by the secretariat (no signed document in the demo),
    after its contact with the proposer (办前沟通; again before the second reply)."""
    a = m.lead_assignment
    second = m.stage == "rehandling"
    handling.matter_contact(
        office,
        m,
        "visit" if second else "phone",
        local_today() if second else min(_day(m), local_today()),  # after the 不满意 (today)
        "再次听取提案人意见。" if second else "电话听取提案人意见。",
        department=a.department,
    )
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
    proposal_review.proposal_file(office, m)
    assign(m, "县交通运输局", months_ago=3)
    dept = m.lead_assignment.department
    loop_intake.matter_accept(office, m, dept)
    _reply(office, m, "C")
    svc.proposal_evaluate(user, m, "unsatisfied", contacted=False, note="答复过于笼统。")
    _reply(office, m, "B")
    svc.proposal_evaluate(user, m, "basic", contacted=True, contact_way="meeting")
