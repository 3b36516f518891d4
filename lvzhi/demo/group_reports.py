"""Demo 十加一 reports: the past two quarters and this quarter so far, for the nine groups,
with scores, committee comments and last quarter's invitations — so the 晾晒台 and the ranking
board are alive on first run. This month's report of 西塘桥街道 is left for the head to file.

Idempotent: a (group, month) that already has a report is skipped.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from ..clock import to_utc
from ..domain import group_ranking as ranking_rules
from ..domain import group_reports as rules
from ..extensions import db
from ..models import (
    GroupHeadAssignment,
    GroupReport,
    GroupReportComment,
    GroupReportEntry,
    GroupSignatureItem,
    Meeting,
    Member,
    Organization,
    User,
    group_report_participants,
)
from ..selectors.roster import office_groups
from ..services.group_ranking import invitation_for

# this month: the demo head (shizu) files his group's report himself; two groups are late
LEFT_FOR_THE_DEMO_HEAD = "西塘桥街道"
NOT_YET_THIS_MONTH = ("于城镇", "通元镇")

SIGNATURES = {
    "武原街道": ("“委员会客厅”议事品牌", "每月在社区设立委员会客厅，委员与居民面对面协商。"),
    "西塘桥街道": ("“港城建言”委员工作室", "围绕港区发展和企业服务，委员定期驻室接待、建言献策。"),
    "秦山街道": ("“核电小镇”委员助企行", "组织委员走进核电关联企业，帮助解决用工、融资难题。"),
    "望海街道": ("“望海议事坊”", "把协商平台搬到小区，议定老旧小区改造、停车等民生事项。"),
    "沈荡镇": ("“酿造古镇”文化守护", "委员参与传统酿造技艺保护和古镇文旅开发。"),
    "百步镇": ("“百步农创”委员联农带农", "委员结对农业合作社，推广新品种、拓宽销路。"),
    "于城镇": ("“于城好声音”民情直通车", "委员定期下村收集民情，分类转办、跟踪反馈。"),
    "澉浦镇": ("“南北湖畔”生态监督", "围绕南北湖景区生态保护开展常态化民主监督。"),
    "通元镇": ("“通元同心”乡贤委员联谊", "联络乡贤委员，助力乡村共同富裕项目。"),
}

TEXTS: dict[str, list[str]] = {
    "study": [
        "组织委员集中学习习近平新时代中国特色社会主义思想和人民政协理论，{n}名委员交流心得体会。",
        "开展“委员讲堂”学习活动，邀请县委党校老师辅导，委员围绕履职能力提升作交流发言。",
    ],
    "consultation": [
        "围绕{topic}召开协商议事会，邀请镇街分管领导、村社干部和群众代表共同商议，形成意见建议{k}条。",
        "就{topic}开展“请你来协商”活动，委员与部门面对面沟通，推动问题落实。",
    ],
    "supervision": [
        "组织委员对{topic}开展专项民主监督，实地察看{k}个点位，提出整改建议。",
        "参与“大综合一体化”行政执法改革民主评议，委员走访商户听取意见。",
    ],
    "research": [
        "围绕{topic}开展专题调研，走访企业和村社{k}家，形成调研报告初稿。",
        "组织委员视察重点项目建设进展，就项目推进中的难点提出意见建议。",
    ],
    "public_opinion": [
        "收集整理社情民意信息{k}篇，其中{quoted_topic}一篇被县政协采用。",
        "委员深入村社收集群众反映的问题，报送社情民意信息{k}篇。",
    ],
    "service": [
        "委员走进联系村社开展“委员有约”活动，接待群众{k}人次，帮助解决实际困难。",
        "开展送医送法下乡活动，委员为群众提供义诊和法律咨询服务。",
    ],
    "sector_visit": [
        "组织经济界、教育界委员开展界别走访，走访企业、学校{k}家。",
        "界别委员联合开展走访慰问困难群众活动，送去慰问品和关心。",
    ],
    "center_work": [
        "助推{topic}，委员参与政策宣传和矛盾调解，协助推进项目落地。",
        "委员参与镇街重点工作督查，对{topic}提出推进建议。",
    ],
    "member_management": [
        "督促委员做好“十个一”履职登记，本月新增履职记录{k}条，确认{k}条。",
        "召开室组委员履职情况通报会，对履职进度靠后的委员进行提醒。",
    ],
    "publicity": [
        "委员工作室开展活动{k}场，在“海盐政协”公众号发布履职信息{k}篇。",
        "更新委员工作室履职展板，宣传委员履职先进事迹。",
    ],
    "signature": [
        "开展{sig}主题活动{k}场，委员参与{n}人次，群众反响良好。",
        "深化{sig}建设，本月聚焦{topic}，形成可推广的工作经验。",
    ],
}
TOPICS = [
    "老旧小区改造",
    "农村生活污水治理",
    "“专精特新”企业培育",
    "养老服务体系建设",
    "海塘安澜工程",
    "文旅融合发展",
    "垃圾分类",
    "美丽乡村建设",
    "停车难问题",
    "农贸市场提升",
]


def quoted(text: str) -> str:
    """Put Chinese quotes around ``text``; quotes inside become single ones (‘’), as nested
    quotes are written in Chinese — never “““…”””."""
    return f"“{text.replace('“', '‘').replace('”', '’')}”"


def entry_text(template: str, n: int, k: int, topic: str, sig: str) -> str:
    """One demo entry's text. A signature name carries its own quotes (“望海议事坊”)."""
    return template.format(n=n, k=k, topic=topic, quoted_topic=quoted(topic), sig=sig)


def _months(today: date) -> list[tuple[int, int]]:
    """From the first month of the quarter two quarters back through this month."""
    y, q = today.year, ranking_rules.quarter_of(today.month)
    for _ in range(2):
        y, q = ranking_rules.previous_quarter(y, q)
    months, (cy, cm) = [], (y, ranking_rules.quarter_months(q)[0])
    while (cy, cm) <= (today.year, today.month):
        months.append((cy, cm))
        cy, cm = (cy + 1, 1) if cm == 12 else (cy, cm + 1)
    return months


def seed(org: Organization, today: date) -> None:
    groups = office_groups(org.id)
    if not groups:
        return
    months = _months(today)
    existing = set(
        db.session.execute(
            select(GroupReport.office_group_id, GroupReport.year, GroupReport.month).where(
                GroupReport.org_id == org.id
            )
        ).all()
    )
    reviewer = db.session.scalar(select(User.id).where(User.username == "jiguan"))
    director = db.session.scalar(select(User.id).where(User.username == "zhuanwei"))
    heads = dict(
        db.session.execute(
            select(GroupHeadAssignment.office_group_id, User.id)
            .join(User, User.member_id == GroupHeadAssignment.member_id)
            .where(GroupHeadAssignment.end_date.is_(None))
        ).all()
    )
    roster: dict[int, list[int]] = {}
    for gid, mid in db.session.execute(
        select(Member.office_group_id, Member.id)
        .where(Member.org_id == org.id, Member.is_active.is_(True))
        .order_by(Member.id)
    ):
        roster.setdefault(gid, []).append(mid)
    _seed_signatures(org, groups, {y for y, _m in months})

    # every draw depends only on (group, month), so a second run decides the same and skips
    strength = {g.id: 0.45 + 0.5 * random.Random(f"{g.name}-demo").random() for g in groups}
    codes = [c for c, _n, _d in rules.DEFAULT_GROUP_ITEMS]
    new_reports: list[tuple[GroupReport, list[list[int]]]] = []
    for y, m in months:
        current = (y, m) == (today.year, today.month)
        for g in groups:
            if (g.id, y, m) in existing:
                continue
            rng = random.Random(f"{g.name}-{y}-{m}")
            if current and (g.name == LEFT_FOR_THE_DEMO_HEAD or g.name in NOT_YET_THIS_MONTH):
                continue
            s = strength[g.id]
            if not current and s < 0.55 and rng.random() < 0.3:
                continue  # a weak group missed the month
            due = rules.report_due_date(y, m, rules.DEFAULT_RUBRIC)
            late = not current and rng.random() < (0.35 - s * 0.3)
            day = rng.randint(due.day + 2, due.day + 6) if late else rng.randint(1, due.day)
            submitted = datetime(due.year, due.month, day, rng.randint(8, 20), rng.randint(0, 59))
            if current:
                submitted = datetime(
                    today.year,
                    today.month,
                    max(1, today.day - rng.randint(0, 3)),
                    rng.randint(8, 11),
                    rng.randint(0, 59),
                )
            reviewed = not current or rng.random() < 0.4
            report = GroupReport(
                org_id=org.id,
                office_group_id=g.id,
                year=y,
                month=m,
                status=rules.REVIEWED if reviewed else rules.SUBMITTED,
                submitted_at=to_utc(submitted),
                submitted_by_id=heads.get(g.id),
                quality=min(50, max(15, round(50 * s - rng.randint(-4, 6)))) if reviewed else None,
                review_comment=rng.choice(
                    [
                        "工作扎实，特色鲜明。",
                        "材料翔实，建议进一步突出成效。",
                        "覆盖面较好，部分项目内容偏少。",
                        "亮点突出，值得推广。",
                    ]
                )
                if reviewed
                else "",
                reviewed_at=to_utc(submitted + timedelta(days=3)) if reviewed else None,
                reviewed_by_id=reviewer if reviewed else None,
            )
            sig = SIGNATURES.get(g.name, ("特色工作", ""))[0]
            participants = []
            for code in codes:
                worked = (
                    code in ("study", "member_management", "signature") or rng.random() < s + 0.1
                )
                text, count, people = "", 0, []
                if worked:
                    k = rng.randint(1, 4)
                    text = entry_text(
                        rng.choice(TEXTS[code]), rng.randint(5, 18), k, rng.choice(TOPICS), sig
                    )
                    count = k
                    pool = roster.get(g.id, [])
                    people = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
                report.entries.append(
                    GroupReportEntry(
                        item_code=code,
                        text=text,
                        activity_count=count,
                        has_work=rules.item_has_work(text, count),  # the rule the service keeps
                    )
                )
                participants.append(people)
            db.session.add(report)
            new_reports.append((report, participants))
    if not new_reports:
        return
    db.session.flush()
    links = [
        {"entry_id": e.id, "member_id": mid}
        for report, people in new_reports
        for e, members in zip(report.entries, people, strict=True)
        for mid in members
    ]
    if links:
        db.session.execute(insert(group_report_participants), links)
    names = {g.id: g.name for g in groups}
    if director:
        db.session.add_all(
            [
                GroupReportComment(
                    report_id=r.id,
                    author_id=director,
                    role="committee",
                    body="工作有序推进，建议围绕港区企业服务再深化一步，形成调研成果。",
                    token=f"demo-{r.id}",
                )
                for r, _p in new_reports
                if names[r.office_group_id] in ("西塘桥街道", "秦山街道")
                and r.month % 2 == 0
                and r.status == rules.REVIEWED
            ]
        )
    db.session.flush()
    _seed_invitations(org, today)


def _seed_signatures(org, groups, years) -> None:
    have = set(
        db.session.execute(
            select(GroupSignatureItem.office_group_id, GroupSignatureItem.year).where(
                GroupSignatureItem.org_id == org.id
            )
        ).all()
    )
    for year in years:
        for g in groups:
            if (g.id, year) not in have and g.name in SIGNATURES:
                name, description = SIGNATURES[g.name]
                db.session.add(
                    GroupSignatureItem(
                        org_id=org.id,
                        office_group_id=g.id,
                        year=year,
                        name=name,
                        description=description,
                    )
                )


def _seed_invitations(org, today: date) -> None:
    """Last quarter's flagged groups, invited to the first 机关月度会议 after it, appearance done."""
    from ..selectors import group_ranking as ranking_sel

    y, q = ranking_rules.previous_quarter(today.year, ranking_rules.quarter_of(today.month))
    if ranking_sel.invitations(org.id, y, q):
        return
    end = rules.report_due_date(y, ranking_rules.quarter_months(q)[2], rules.DEFAULT_RUBRIC)
    meeting = db.session.scalar(
        select(Meeting)
        .where(
            Meeting.org_id == org.id,
            Meeting.kind == "organ_monthly",
            Meeting.held_on >= end,
            Meeting.held_on <= today,
        )
        .order_by(Meeting.held_on)
        .limit(1)
    )
    if meeting is None:
        return
    for row in ranking_sel.quarter(org.id, y, q, today).ranking:
        if row.flag:
            invitation = invitation_for(org.id, row, meeting, y, q)
            invitation.appearance_notes = (
                "介绍特色品牌工作和委员工作室建设经验。"
                if row.flag == "top"
                else "分析报送不及时、覆盖面不足的原因，表态下季度迎头赶上。"
            )
            invitation.appeared_at = datetime.combine(meeting.held_on, datetime.min.time())
            db.session.add(invitation)
