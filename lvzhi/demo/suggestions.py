"""Demo 建议: the seed's two chair-meeting consultations and their numbered suggestions —
“大综合一体化”行政执法改革, 17 suggestions of which 16 adopted and implemented, and “专精特新”
培育工程, 15 suggestions all adopted and implemented ("建议17条，采纳落实16条").

The topics are looked up by title in this year's consultations (the consultation plan's
demo makes them); when absent, a minimal consultation is made for each, already assigned and
fed back. Idempotent: a topic that has suggestions is left as it is."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Department, Matter, Organization, User
from ..selectors.suggestions import tallies
from ..services import loop_handling, loops
from ..services import suggestions as svc

REFORM = (
    "大综合一体化",
    "“大综合一体化”行政执法改革",
    "县综合行政执法局",
    [
        "建立县、镇（街道）两级行政执法统筹指挥机制",
        "编制全县统一的综合执法事项目录并动态调整",
        "推动执法力量向镇（街道）下沉，明确属地管理责任清单",
        "建设“大综合一体化”执法监管数字应用，实现案件一网流转",
        "推行“综合查一次”联合执法，减少对企业的重复检查",
        "完善部门间执法协作和信息共享制度",
        "建立执法人员常态化培训和持证上岗制度",
        "规范自由裁量基准，统一全县执法尺度",
        "加强执法车辆、执法记录仪等装备保障",
        "推行轻微违法行为首违不罚清单",
        "建立执法监督评议机制，邀请政协委员参与",
        "完善行政执法与刑事司法衔接机制",
        "加强镇（街道）综合执法队伍编制保障",
        "推进执法文书电子化和掌上执法",
        "建立群众投诉举报快速响应机制",
        "开展执法效能年度评估并向社会公开",
        "探索跨县域执法协作机制",
    ],
    16,
)
SPECIALISED = (
    "专精特新",
    "“专精特新”培育工程",
    "县经济和信息化局",
    [
        "出台“专精特新”中小企业高质量发展行动方案",
        "建立“专精特新”企业梯度培育库，分层分类精准服务",
        "设立县级产业发展基金，支持企业技术改造",
        "加大研发费用补助和首台套产品奖励力度",
        "搭建产学研合作平台，引进高校科研团队",
        "完善企业人才引进和安居保障政策",
        "推广“专精特新”企业贷款贴息和知识产权质押融资",
        "开展企业上市培育，建立后备企业资源库",
        "推行惠企政策“免申即享”",
        "建立县领导联系“专精特新”企业制度",
        "加强紧固件等特色产业集群公共服务平台建设",
        "支持企业参与国家和行业标准制定",
        "组织企业家专题培训和对标学习",
        "保障优质企业用地和能耗指标",
        "建立培育成效年度评估和动态调整机制",
    ],
    15,
)


def _topic(org: Organization, office: User, word: str, title: str, lead: Department, year: int):
    found = db.session.scalar(
        select(Matter)
        .where(
            Matter.org_id == org.id,
            Matter.loop == "consultation",
            Matter.title.contains(word, autoescape=True),
        )
        .order_by(Matter.year.desc(), Matter.id)
    )
    if found is not None:
        return found
    m = loop_handling.matter_create(office, "consultation", title, kind="chair_thematic", year=year)
    m.stage = "consult"
    loops.matter_assign(office, m, lead, assigned_on=date(year, 4, 25))
    m.stage = "feedback"  # the written feedback has been given
    return m


def seed(org: Organization, today: date) -> None:
    office = db.session.scalar(select(User).where(User.org_id == org.id, User.username == "jiguan"))
    if office is None:
        return
    depts = {
        d.name: d for d in db.session.scalars(select(Department).where(Department.org_id == org.id))
    }
    for word, title, lead_name, texts, implemented in (REFORM, SPECIALISED):
        lead = depts.get(lead_name)
        if lead is None:
            continue
        m = _topic(org, office, word, title, lead, today.year)
        if tallies(org.id, [m.id]):
            continue
        for i, s in enumerate(svc.suggestions_add(office, m, "\n".join(texts), lead)):
            if i < implemented:
                svc.suggestion_answer(office, s, "adopted", True, "已采纳并落实。")
            else:
                svc.suggestion_answer(office, s, "not_adopted", False, "涉及跨县域事权，留作参考。")
