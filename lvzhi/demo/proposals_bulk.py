"""The bulk of the demo's proposals (see ``proposals``): about 115 built as rows with
the timeline each would have had through the services — submit, review, 交办, acceptance,
contact, reply, evaluation — their assignments, evaluations and 十个一 credits, inserted in a
few batched flushes (the services' one-by-one path costs seconds on every demo seed)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from ..domain import loops as rules
from ..domain.calendar import add_months
from ..extensions import db
from ..models import (
    Department,
    DutyItem,
    DutyRecord,
    Matter,
    MatterAssignment,
    MatterEvaluation,
    MatterEvent,
    MatterPerson,
    Organization,
    User,
)
from ..services.duties import duty_items_open_year

SESSION = "第十一届三次会议"
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
PHRASES = (
    "关于{}的建议",
    "关于进一步{}的建议",
    "关于{}工作的几点建议",
    "关于切实{}的提案",
    "关于{}的对策建议",
    "关于持续{}的建议",
)
PLAN = (  # (stage, how many)
    ("draft", 8),
    ("submitted", 12),
    ("returned", 4),
    ("opinion", 8),
    ("filed", 11),
    ("assigned", 18),
    ("handling", 25),
    ("replied", 14),
    ("closed", 16),
)
_BEFORE = {
    "submitted": ["submit"],
    "returned": ["submit", "return"],
    "opinion": ["submit", "not_file"],
    "filed": ["submit", "file"],
}
_HANDLED = ["submit", "file", "assign", "accept", "contact"]
PATHS = _BEFORE | {
    "draft": [],
    "assigned": _HANDLED[:3],
    "handling": _HANDLED,
    "replied": [*_HANDLED, "reply"],
    "closed": [*_HANDLED, "reply", "evaluate"],
}
REPLY_TEXT = "经研究，已将相关建议纳入年度工作计划，分步推进落实。"
NOTES = {
    "return": "案由不够具体，请补充调研数据后再提交。",
    "contact": "已与提案人沟通办理思路。",
    "supervise": "已电话督促承办单位加快办理进度。",
}


EVALUATIONS: list[tuple[Matter, dict]] = []  # added once the matters have ids


def _at(day: date, today: date) -> datetime:
    return datetime.combine(min(day, today), time(1, 30))  # 09:30 Beijing, stored UTC


def bulk(
    org: Organization,
    today: date,
    office: User,
    leader: User | None,
    writers: list[User],
    depts: dict[str, Department],
) -> None:
    rng = random.Random(20260302)
    names = sorted(depts)
    number = (
        db.session.scalar(
            select(func.max(Matter.number)).where(
                Matter.org_id == org.id, Matter.session_label == SESSION
            )
        )
        or 0
    )
    credits: list[tuple[Matter, int, date]] = []
    n = 0
    for stage, count in PLAN:
        for _ in range(count):
            n += 1
            user = writers[(n * 7) % len(writers)]
            topic = TOPICS[n % len(TOPICS)]
            m = Matter(
                org_id=org.id,
                loop="proposal",
                year=today.year,
                stage=rules.DRAFT,
                title=PHRASES[(n // len(TOPICS)) % len(PHRASES)].format(topic),
                category=CATEGORIES[n % len(CATEGORIES)],
                situation=f"{topic}是群众关心的实事，目前仍存在短板。",
                analysis="经走访调研，主要问题在于统筹不够、投入不足、机制不全。",
                suggestions_text="一、加强统筹协调；二、加大要素保障；三、建立长效机制。",
                suggested_departments=rng.choice(names),
                is_public=n % 7 != 0,
                created_by_id=user.id,
            )
            m.people.append(MatterPerson(member_id=user.member_id, part="proposer", position=0))
            if n % 5 == 0:
                co = writers[(n * 7 + 3) % len(writers)]
                m.people.append(
                    MatterPerson(member_id=co.member_id, part="co_proposer", position=1)
                )
            overdue = stage == "handling" and n % 4 == 0
            assigned_on = add_months(today, -(4 if overdue else 1 + n % 2))
            if stage in _BEFORE:
                assigned_on = today - timedelta(days=5)
            for action in PATHS[stage]:
                number = _step(m, action, n, user, office, depts, names, assigned_on, today, number)
                if action in ("file", "not_file"):
                    credits.append((m, user.member_id, assigned_on))
            if n % 9 == 0 and stage in ("assigned", "handling", "replied") and leader:
                _mark_key(m, office, leader, assigned_on, today, government=n % 18 == 0)
            db.session.add(m)
    db.session.flush()
    db.session.add_all(MatterEvaluation(matter_id=m.id, **kw) for m, kw in EVALUATIONS)
    EVALUATIONS.clear()
    _credit(org, today, office, credits)


def _event(m, action, actor, party, day, today, note="", department_id=None) -> MatterEvent:
    before = m.stage
    m.stage = rules.PROPOSAL.workflow.move(before, action, reason=note or "demo")
    event = MatterEvent(
        org_id=m.org_id,
        action=action,
        from_stage=before,
        to_stage=m.stage,
        party=party,
        actor_id=actor.id,
        department_id=department_id,
        note=note,
        at=_at(day, today),
    )
    m.events.append(event)
    return event


def _step(m, action, n, user, office, depts, names, assigned_on, today, number) -> int:
    lead = m.lead_assignment
    if action == "submit":
        _event(m, action, user, "proposer", assigned_on - timedelta(days=25), today)
        m.submitted_at = _at(assigned_on - timedelta(days=25), today)
    elif action == "return":
        _event(
            m, action, office, "secretariat", assigned_on - timedelta(days=15), today, NOTES[action]
        )
    elif action == "not_file":
        m.not_filed_reason = rules.NOT_FILED_REASONS[n % len(rules.NOT_FILED_REASONS)]
        _event(
            m,
            action,
            office,
            "secretariat",
            assigned_on - timedelta(days=15),
            today,
            m.not_filed_reason,
        )
    elif action == "file":
        number += 1
        m.session_label, m.number, m.filed_on = SESSION, number, assigned_on - timedelta(days=10)
        _event(m, action, office, "secretariat", m.filed_on, today, f"立案编号：{m.number_text}")
    elif action == "assign":
        lead_dept = depts[names[n % len(names)]]
        co = depts[names[(n + 3) % len(names)]] if n % 3 == 0 else None
        note = f"主办：{lead_dept.name}" + (f"；会办：{co.name}" if co else "")
        for d, is_lead in [(lead_dept, True), *([(co, False)] if co else [])]:
            m.assignments.append(
                MatterAssignment(
                    org_id=m.org_id,
                    department_id=d.id,
                    is_lead=is_lead,
                    active=True,
                    assigned_on=assigned_on,
                    reply_months=3,
                    round=1,
                )
            )
        _event(m, action, office, "secretariat", assigned_on, today, note)
    elif action == "accept":
        lead.accepted_at = _at(assigned_on + timedelta(days=2), today)
        _event(
            m,
            action,
            office,
            "department",
            assigned_on + timedelta(days=2),
            today,
            "",
            lead.department_id,
        )
    elif action == "contact":
        way = ("visit", "phone", "meeting")[n % 3]
        lead.contact_way, lead.contact_on = way, assigned_on + timedelta(days=7)
        lead.contact_note = NOTES[action]
        words = f"{rules.CONTACT_WAYS[way]}沟通（{lead.contact_on.isoformat()}）：{NOTES[action]}"
        _event(m, action, office, "department", lead.contact_on, today, words, lead.department_id)
    elif action == "reply":
        cls = "ABC"[n % 3]
        lead.reply_class, lead.reply_text = cls, REPLY_TEXT
        day = assigned_on + timedelta(days=28)
        lead.replied_at = _at(day, today)
        note = f"{cls} 类（{rules.REPLY_CLASSES[cls]}）：{REPLY_TEXT}"
        _event(m, action, office, "department", day, today, note, lead.department_id)
    elif action == "evaluate":
        verdict = ("satisfied", "satisfied", "basic")[n % 3]
        day = assigned_on + timedelta(days=35)
        _event(m, action, user, "proposer", day, today, rules.VERDICTS[verdict])
        EVALUATIONS.append(
            (
                m,
                dict(
                    org_id=m.org_id,
                    round=1,
                    member_id=user.member_id,
                    contacted=True,
                    contact_way="phone",
                    attitude="satisfied",
                    verdict=verdict,
                    at=_at(day, today),
                ),
            )
        )
    return number


GOVERNMENT_SUPERVISOR = "副县长 沈志强"  # a government leader outside the system


def _mark_key(
    m: Matter, office: User, leader: User, assigned_on: date, today: date, government: bool
) -> None:
    """重点提案 with its 督办领导: the CPPCC's leader, or (``government``) a vice county head."""
    m.is_key = True
    m.supervising_leader_id = None if government else leader.id
    m.supervising_leader_name = GOVERNMENT_SUPERVISOR if government else leader.display_name
    day = assigned_on + timedelta(days=3)
    note = f"设为重点提案，督办领导：{m.supervising_leader_name}"
    _event(m, "mark_key", office, "secretariat", day, today, note)
    _event(m, "supervise", office, "secretariat", day, today, NOTES["supervise"])


def _credit(org, today, office, credits) -> None:
    """十个一 item 1 for each filed proposal's (or opinion's) first proposer, as
    ``duty_credit`` would record it."""
    duty_items_open_year(org.id, today.year)
    item = db.session.scalar(
        select(DutyItem).where(
            DutyItem.org_id == org.id, DutyItem.year == today.year, DutyItem.code == "proposal"
        )
    )
    if item is None:
        return
    rows = []
    for m, member_id, day in credits:
        at = _at(day, today)
        rows.append(
            DutyRecord(
                org_id=org.id,
                member_id=member_id,
                item_id=item.id,
                year=today.year,
                occurred_on=min(day, today),
                title=m.title[:120],
                body="",
                status="confirmed",
                submitted_at=at,
                decided_at=at,
                created_by_id=office.id,
                source_type="proposal",
                source_id=m.id,
                source_title=m.title[:200],
                source_url=f"/loops/{m.id}",
            )
        )
    db.session.add_all(rows)
    db.session.flush()
