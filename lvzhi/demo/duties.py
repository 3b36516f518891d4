"""Demo 十个一: this year's ten items and a believable spread of duty records across the
demo members — mostly confirmed, some waiting for the head, a few returned or in draft.
张岩枢 (weiyuan) stands where the seed's member stands: 3 done, research in progress.

Bulk inserts, so the browser tests stay fast. Idempotent: a year that has records is left as is.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from ..domain import duties as rules
from ..extensions import db
from ..models import DutyItem, DutyRecord, Member
from ..services.duty_items import duty_items_open_year

TITLES: dict[str, list[str]] = {
    "proposal": [
        "关于加快海盐县域医共体建设的提案",
        "关于推进“专精特新”企业梯度培育的提案",
        "关于完善农村养老服务体系的提案",
        "关于加强海塘安澜工程后续管护的提案",
    ],
    "public_opinion": [
        "关于老旧小区加装电梯推进难的情况反映",
        "关于校园周边交通拥堵的建议",
        "关于农村生活垃圾分类长效管理的建议",
    ],
    "research": [
        "参加“大综合一体化”行政执法改革专题调研",
        "参加县域商业体系建设调研",
        "参加乡村振兴与共同富裕课题调研",
    ],
    "supervision": [
        "参加民生实事项目民主监督",
        "参加营商环境专项民主监督",
        "参加农村饮用水安全专项监督",
    ],
    "reading_share": [
        "委员讲堂：读《乡土中国》",
        "读书分享会：《浙江精神》学习体会",
        "委员讲堂：数字经济与县域发展",
    ],
    "consultation_speech": [
        "在主席会议专题协商会上就养老服务发言",
        "在全会大会上作书面发言",
        "在常委会会议上就开发区创建发言",
    ],
    "sector_visit": ["经济界委员走访中小企业", "教育界委员走访乡村学校", "界别活动日走访服务"],
    "public_welfare": ["参加“红船·同心”义诊活动", "参加助学结对捐赠活动", "参加河道清洁志愿服务"],
    "village_link": [
        "联系村社：走访结对村听取意见",
        "到联系社区开展“委员会客厅”接待",
        "联系村社：协调解决农田灌溉问题",
    ],
    "work_suggestion": [
        "关于改进委员履职考核方式的建议",
        "关于加强委员工作室建设的建议",
        "关于提高社情民意信息质量的建议",
    ],
}

# 张岩枢: (item code, status, title)
FEATURED = [
    ("proposal", rules.CONFIRMED, "关于推进西塘桥街道产业园区提质升级的提案"),
    ("reading_share", rules.CONFIRMED, "委员讲堂：读《之江新语》谈民营经济"),
    ("village_link", rules.CONFIRMED, "联系村社：走访万好村听取种粮大户意见"),
    ("research", rules.SUBMITTED, "参加“专精特新”培育工程专题调研"),
    ("sector_visit", rules.RETURNED, "经济界委员走访"),
]
FEATURED_MEMBER = "张岩枢"


def _when(rng: random.Random, start: date, end: date) -> date:
    span = max((end - start).days, 0)
    return start + timedelta(days=rng.randint(0, span))


def seed(org, today: date) -> None:
    year = today.year
    duty_items_open_year(org.id, year)
    db.session.flush()
    if db.session.scalar(
        select(func.count(DutyRecord.id)).where(
            DutyRecord.org_id == org.id, DutyRecord.year == year
        )
    ):
        return
    year_items = list(
        db.session.scalars(
            select(DutyItem)
            .where(DutyItem.org_id == org.id, DutyItem.year == year, DutyItem.retired.is_(False))
            .order_by(DutyItem.sort_order)
        )
    )
    by_code = {i.code: i for i in year_items}
    members = db.session.execute(
        select(Member.id, Member.name)
        .where(Member.org_id == org.id, Member.is_active.is_(True))
        .order_by(Member.id)
    ).all()
    rng = random.Random(2026)
    start, end = date(year, 1, 8), max(today - timedelta(days=1), date(year, 1, 8))
    rows: list[dict] = []

    def row(member_id: int, item: DutyItem, status: str, title: str, n: int) -> None:
        on = min(_when(rng, start, end), today)
        at = datetime.combine(on, time(10, 0)) + timedelta(hours=n % 8)
        rows.append(
            {
                "org_id": org.id,
                "member_id": member_id,
                "item_id": item.id,
                "year": year,
                "occurred_on": on,
                "title": title,
                "status": status,
                "body": f"{title}。参加人员认真准备，形成了书面材料。",
                "return_reason": "请补充活动照片和具体内容。" if status == rules.RETURNED else "",
                "submitted_at": at if status != rules.DRAFT else None,
                "decided_at": at + timedelta(days=3)
                if status in (rules.CONFIRMED, rules.RETURNED)
                else None,
                "request_token": f"demo-{member_id}-{item.code}-{n}",
                "source_title": "",
                "source_url": "",
                "attachment_count": 0,
                "version": 1,
            }
        )

    # the share of the year gone by shapes how far members have got
    season = min(max((today - date(year, 1, 1)).days / 365, 0.15), 1.0)
    for member_id, name in members:
        if name == FEATURED_MEMBER:
            for n, (code, status, title) in enumerate(FEATURED):
                if code in by_code:
                    row(member_id, by_code[code], status, title, n)
            continue
        # diligent members have most items done and confirmed; by late in the year about
        # one in ten has finished all ten
        diligence = rng.betavariate(2.2, 1.6)
        confirmed_share = 0.75 + 0.25 * diligence
        for n, item in enumerate(year_items):
            if rng.random() > diligence * season * 1.15 + 0.05:
                continue
            roll = rng.random()
            rest = (
                (roll - confirmed_share) / (1 - confirmed_share) if roll >= confirmed_share else 0
            )
            status = (
                rules.CONFIRMED
                if roll < confirmed_share
                else rules.SUBMITTED
                if rest < 0.5
                else rules.RETURNED
                if rest < 0.75
                else rules.DRAFT
            )
            row(member_id, item, status, rng.choice(TITLES.get(item.code, [item.name])), n)
    if rows:
        db.session.execute(insert(DutyRecord), rows)
