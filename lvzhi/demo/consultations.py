"""Demo 协商 and 民主监督: this year's "1+2+6+X" plan partly done — the plenary's group
discussion opinions being implemented, both thematic standing-committee meetings, four of
the six chair-meeting consultations (the seed's ‘大综合一体化’行政执法改革 and ‘专精特新’培育工程
with their research reports, consultation records and written feedback), two X activities
(one overdue) — and two supervision topics, one at its fourth stage 建言处置.

Everything goes through the services, so the timelines, documents and 十个一 credits are
what the secretariat's own clicks would make. Idempotent: a year with consultations is
skipped."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from ..domain import consultations as rules
from ..domain.calendar import add_months
from ..extensions import db
from ..models import Committee, Department, Matter, Meeting, Member, Organization, User
from ..services import consultations as svc
from ..services.attachments import CheckedFile

# the steps from 选题 to each stage (交办 is taken apart: it names its department)
PATH = {
    "consultation": ["start_research", "hold", "assign", "implement", "feedback", "track"],
    "supervision": ["start_research", "report", "handle", "track"],
}
UNTIL = {
    "consultation": {
        "topic": 0,
        "research": 1,
        "consult": 2,
        "assign": 3,
        "implement": 4,
        "feedback": 5,
        "track": 6,
    },
    "supervision": {"topic": 0, "research": 1, "report": 2, "handled": 3, "track": 4},
}
# what each step's note says and which document it carries
NOTES = {
    "start_research": "组织委员赴镇街、部门和企业开展专题调研。",
    "hold": "召开协商会，委员与县政府及有关部门面对面协商。",
    "implement": "承办单位制定落实方案，分解任务，明确责任。",
    "report": "形成监督报告，报送县委、县政府。",
    "handle": "承办单位逐条研究建议，提出处置意见。",
    "track": "政协机关跟踪落实成效。",
}

COMMITTEE_RUN = "数字经济赋能制造业对口协商"
# (kind, title, meeting title contains, stage, lead committee, lead department, contact)
TOPICS = [
    (
        "plenary_group",
        "政府工作报告分组讨论意见建议",
        "次会议",
        "implement",
        "提案委员会",
        "县发展和改革局",
        "县政府办公室主任",
    ),
    (
        "standing_thematic",
        "推进国家级经济开发区创建",
        "经济开发区",
        "track",
        "经济科技委员会",
        "县发展和改革局",
        "常务副县长",
    ),
    (
        "standing_thematic",
        "乡村振兴与共同富裕",
        "乡村振兴",
        "assign",
        "农业农村委员会",
        "县农业农村局",
        "分管副县长",
    ),
    (
        "chair_thematic",
        "‘大综合一体化’行政执法改革",
        "大综合一体化",
        "track",
        "社会法制委员会",
        "县综合行政执法局",
        "分管副县长",
    ),
    (
        "chair_thematic",
        "‘专精特新’培育工程",
        "专精特新",
        "feedback",
        "经济科技委员会",
        "县经济和信息化局",
        "分管副县长",
    ),
    (
        "chair_thematic",
        "养老服务体系建设",
        "养老服务",
        "consult",
        "教科卫体委员会",
        "县卫生健康局",
        "分管副县长",
    ),
    (
        "chair_thematic",
        "县域医共体建设",
        "医共体",
        "research",
        "教科卫体委员会",
        "县卫生健康局",
        "分管副县长",
    ),
    ("other", "城乡公交一体化界别协商", "", "implement", "界别联络委员会", "县交通运输局", ""),
    ("other", "老旧小区改造提升委员议事", "", "topic", "社会法制委员会", "县住房和城乡建设局", ""),
    # run by its lead committee's director (zhuanwei): research not started, nobody listed
    ("other", COMMITTEE_RUN, "", "topic", "经济科技委员会", "县经济和信息化局", ""),
]
FEEDBACK = {
    "‘大综合一体化’行政执法改革": (
        "协商建议17条，采纳落实16条：建立县、镇（街道）两级行政执法统筹指挥机制。"
    ),
    "‘专精特新’培育工程": (
        "协商建议15条，全部采纳落实：县政府优化并出台‘专精特新’中小企业高质量发展行动方案和"
        "支持工业企业‘专精特新’高质量发展的若干政策意见。"
    ),
}
OVERDUE_X = "城乡公交一体化界别协商"
SUPERVISION = [
    ("河湖长制落实情况民主监督", "handled", "农业农村委员会", "县自然资源和规划局", 4),
    ("营商环境优化提升民主监督", "research", "经济科技委员会", "县市场监督管理局", 1),
]


def _pdf(name: str) -> CheckedFile:
    """A one-page PDF standing for the demo's document."""
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    body += b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return CheckedFile(name, "pdf", body)


def seed(org: Organization, today: date) -> None:
    office = db.session.scalar(select(User).where(User.org_id == org.id, User.username == "jiguan"))
    year = today.year
    if office is None or db.session.scalar(
        select(func.count(Matter.id)).where(
            Matter.org_id == org.id,
            Matter.year == year,
            Matter.loop.in_(("consultation", "supervision")),
        )
    ):
        return
    committees = {
        c.name: c for c in db.session.scalars(select(Committee).where(Committee.org_id == org.id))
    }
    departments = {
        d.name: d for d in db.session.scalars(select(Department).where(Department.org_id == org.id))
    }
    meetings = list(
        db.session.scalars(
            select(Meeting).where(Meeting.org_id == org.id, Meeting.held_on >= date(year, 1, 1))
        )
    )
    members = list(
        db.session.scalars(
            select(Member)
            .where(Member.org_id == org.id, Member.is_active.is_(True))
            .order_by(Member.id)
            .limit(60)
        )
    )
    own = db.session.scalar(select(User.member_id).where(User.username == "weiyuan"))
    pool = [m for m in members if m.id != own][5:]  # 张岩枢's own demo story stays as it is
    for i, (kind, title, words, stage, committee, dept, contact) in enumerate(TOPICS):
        meeting = next(
            (
                m
                for m in meetings
                if words
                and words in m.title
                and m.held_on.year == year
                and rules.meeting_refusal(kind, m.kind) is None
            ),
            None,
        )
        topic = svc.topic_save(
            office,
            "consultation",
            title=title,
            year=year,
            kind=kind,
            committee=committees.get(committee),
            meeting=meeting,
            department=departments.get(dept),
            contact=contact,
        )
        people = [pool[(i * 5 + k) % len(pool)] for k in range(5)] if pool else []
        if title == COMMITTEE_RUN:
            continue  # the committee picks its researchers and speakers
        _listed(office, topic, {"researcher": people[:3], "speaker": people[3:]})
        assigned_on = add_months(today, -4) if title == OVERDUE_X else today - timedelta(days=30)
        _run(office, topic, stage, assigned_on)
    for title, stage, committee, dept, ticked in SUPERVISION:
        topic = svc.topic_save(
            office,
            "supervision",
            title=title,
            year=year,
            committee=committees.get(committee),
            department=departments.get(dept),
            contact="分管副县长",
        )
        people = pool[-6:] if stage == "handled" else pool[-10:-6]
        _listed(office, topic, {"researcher": people[:2], "participant": people[2:]})
        for code in list(rules.REQUIREMENTS)[:ticked]:
            svc.requirement_set(office, topic, code, True, "已按要求落实。")
        _run(office, topic, stage, today)
        if stage == "handled":
            svc.topic_step(office, topic, "effect", note="河道保洁长效机制已建立，群众满意度提升。")


def _listed(office: User, topic: Matter, lists: dict[str, list[Member]]) -> None:
    """Put the people on the topic's lists (a small demo county may leave one empty)."""
    for part, people in lists.items():
        if people:
            svc.people_add(office, topic, part, people)


def _run(office: User, topic: Matter, stage: str, assigned_on: date) -> None:
    """Take ``topic`` from 选题 to ``stage`` with the documents each step carries."""
    loop = topic.loop
    for action in PATH[loop][: UNTIL[loop][stage]]:
        if action == "assign":
            svc.topic_assign(office, topic, assigned_on=assigned_on)
            continue
        if action in ("hold", "report"):
            svc.topic_step(
                office, topic, "research_report", files=[_pdf(f"{topic.title}调研报告.pdf")]
            )
        files = None
        note = NOTES.get(action, "")
        if action == "report":
            files = [_pdf(f"{topic.title}监督报告.pdf")]
        if action == "feedback":
            note = FEEDBACK.get(topic.title, "承办单位书面反馈落实情况。")
            files = [_pdf(f"{topic.title}书面反馈.pdf")]
        svc.topic_step(office, topic, action, note=note, files=files)
        if action == "hold":
            svc.topic_step(office, topic, "record", files=[_pdf(f"{topic.title}协商记录.pdf")])
