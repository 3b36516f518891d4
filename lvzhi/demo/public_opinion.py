"""Demo 社情民意信息: this year's reports at every stage — drafts, waiting for the editor,
withdrawn, declined, rejected as not public opinion, adopted, forwarded to the city, one
instructed and waiting to be assigned, assigned, being handled — two published issues of
《社情民意》, and 《关于澉浦镇农村公路路灯长期不亮的情况反映》 with a county leader's 批示,
assigned to 县发展和改革局, which contacted its writer and fed back. The writers are
ordinary members: the named demo logins keep the 十个一 progress their own stories show.

Through the services, in one transaction; a year that has reports is skipped."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from ..domain import loops as rules
from ..domain import public_opinion as po
from ..extensions import db
from ..models import Department, Matter, Member, Organization, User
from ..models.base import utcnow
from ..services import loop_handling as handling
from ..services import loop_intake, unit_of_work
from ..services import loops as loop_svc
from ..services import public_opinion as svc
from ..services.loop_instructions import matter_forward_record, matter_instruction_record
from .county import DEMO_LOGINS

OWN_TITLE = "关于澉浦镇农村公路路灯长期不亮的情况反映"
LEAD = "县发展和改革局"
# (title, situation, suggestion) — one matter each (一事一报)
REPORTS = [
    (
        "关于老旧小区加装电梯推进难的情况反映",
        "部分老旧小区加装电梯意愿强但协调难",
        "出台分摊指导意见",
    ),
    (
        "关于村级留守儿童课后托管不足的建议",
        "多个村留守儿童放学后无人看护",
        "利用村文化礼堂开设托管",
    ),
    ("关于海塘沿线垃圾清运不及时的反映", "海塘沿线节假日垃圾堆积", "节假日增加清运班次"),
    ("关于农村电商物流最后一公里的建议", "快递进村成本高、时效慢", "整合村级快递服务站"),
    ("关于中小企业用工季节性短缺的反映", "春节后企业招工难", "建立县域用工调剂平台"),
    ("关于城区学校周边交通拥堵的建议", "上下学时段校门口拥堵", "错峰放学并设临时停车点"),
    ("关于基层医生待遇偏低的情况反映", "村卫生室医生流失", "提高乡村医生补助标准"),
    ("关于加强农村自建房安全管理的建议", "部分自建房加层无审批", "开展自建房安全排查"),
    ("关于县城停车位不足的反映", "老城区夜间停车难", "挖潜建设错时共享车位"),
    ("关于个人求职的诉求", "本人求职遇到困难", "希望帮助介绍工作"),
    ("关于景区周末交通疏导的建议", "南北湖景区周末拥堵", "增开景区接驳公交"),
    ("关于社区养老服务站利用率不高的反映", "部分养老服务站白天闲置", "引入专业机构运营"),
    ("关于农田灌溉渠道淤塞的反映", "部分灌溉渠多年未清淤", "纳入年度水利维修计划"),
]


def seed(org: Organization, today: date) -> None:
    office = db.session.scalar(select(User).where(User.username == "jiguan"))
    if office is None or db.session.scalar(
        select(func.count(Matter.id)).where(
            Matter.org_id == org.id, Matter.loop == po.LOOP, Matter.year == today.year
        )
    ):
        return
    with db.session.no_autoflush:
        _seed(org, today, office)


def _write(user: User, title: str, situation: str, suggestion: str, send: bool = True) -> Matter:
    m = svc.opinion_save(
        user,
        title=title,
        situation=f"{situation}，群众反映较多。",
        analysis="问题涉及多个部门，需统筹解决。",
        suggestions_text=f"{suggestion}。",
    )
    if send:
        svc.opinion_submit(user, m)
    return m


@unit_of_work
def _seed(org: Organization, today: date, office: User) -> None:
    # ordinary members (the demo's named logins keep the progress their own stories show)
    named = [d.username for d in DEMO_LOGINS]
    writers = list(
        db.session.scalars(
            select(User)
            .join(Member, Member.id == User.member_id)
            .where(User.org_id == org.id, Member.is_active.is_(True), User.username.not_in(named))
            .order_by(User.id.desc())
            .limit(len(REPORTS) + 1)
        )
    )
    if len(writers) <= len(REPORTS):
        return
    own, writers = writers[-1], writers[: len(REPORTS)]
    day = today
    r = [
        _write(w, *text, send=i not in (0, 1))
        for i, (w, text) in enumerate(zip(writers, REPORTS, strict=True))
    ]
    # 0, 1 drafts; 2, 3 wait for the editor
    svc.opinion_withdraw(writers[4], r[4], "数据还需核实")
    svc.opinion_review(office, r[5], "decline", "内容与已采用信息重复")
    svc.opinion_review(office, r[9], "reject", "属于个人诉求，不属于社情民意信息")
    adopted = [r[i] for i in (6, 7, 8, 10, 11, 12)]
    for m in adopted:
        svc.opinion_review(office, m, "adopt")
    mine = _write(
        own, OWN_TITLE, "澉浦镇多条农村公路路灯损坏半年未修", "明确路灯维护主体，限期修复"
    )
    svc.opinion_review(office, mine, "adopt")
    first = svc.bulletin_create(office, today.year)
    svc.bulletin_add(office, first, [mine, adopted[0], adopted[1]])
    svc.bulletin_publish(office, first, day)
    second = svc.bulletin_create(office, today.year)
    svc.bulletin_add(office, second, [adopted[2], adopted[3]])
    svc.bulletin_publish(office, second, today)
    for m in (mine, adopted[0], adopted[2]):
        matter_forward_record(office, m, "county", day, "报县委办、县府办")
    matter_forward_record(office, adopted[0], "city", day, "市政协信息处")
    matter_forward_record(office, adopted[4], "city", day, "市政协信息处")
    matter_instruction_record(
        office, adopted[0], "county", "县委副书记 陈某", day, "请相关部门研究。"
    )
    matter_instruction_record(
        office,
        mine,
        "county",
        "副县长 周某",
        day,
        "请县发改局牵头会同澉浦镇抓紧解决，结果报县政府。",
    )
    _handled(org, office, mine, today)
    for m, dept_name, accept in (
        (adopted[2], "县交通运输局", False),
        (adopted[3], "县农业农村局", True),
    ):
        if m is not adopted[2]:
            matter_forward_record(office, m, "county", day)
        matter_instruction_record(office, m, "county", "副县长 周某", day, "请研究办理。")
        _assign(org, office, m, dept_name, today, accept)


def _assign(org, office, m, dept_name: str, today: date, accept: bool):
    """交办 to ``dept_name`` (and its acceptance): the department and its contact, or None."""
    dept = db.session.scalar(
        select(Department).where(Department.org_id == org.id, Department.name == dept_name)
    )
    contact = db.session.scalar(select(User).where(User.department_id == (dept.id if dept else 0)))
    if dept is None or contact is None:
        return None
    loop_svc.matter_assign(office, m, dept, assigned_on=today - timedelta(days=20))
    db.session.flush()  # the assignment's defaults (active) before the department acts
    if accept:
        loop_intake.matter_accept(contact, m)
    return dept, contact


def _handled(org: Organization, office: User, m: Matter, today: date) -> None:
    """交办 to 县发展和改革局, which accepts, contacts the member and feeds back (class A)."""
    found = _assign(org, office, m, LEAD, today, accept=True)
    if found is None:
        return
    dept, contact = found
    handling.matter_contact(contact, m, "phone", today, "电话联系提出信息的委员，了解路段情况。")
    text = "已会同澉浦镇完成 12 条农村公路 86 盏路灯修复，明确由镇政府负责日常维护。"
    event = loop_svc.move(
        contact,
        m,
        "reply",
        party=rules.DEPARTMENT,
        note=f"A 类（{rules.REPLY_CLASSES['A']}）：{text}",
        department_id=dept.id,
    )
    lead = m.lead_assignment
    lead.reply_class, lead.reply_text, lead.replied_at = "A", text, utcnow()
    lead.reply_event_id = event.id
