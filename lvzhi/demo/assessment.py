"""Demo assessment: this year's points rules and grade thresholds stored (the defaults), a
secretariat adjustment with its reason and a couple of self-summaries. The ledger and the
grades are derived on read from the demo's records, so they need nothing more. Runs last:
it scores what the other demo modules made. Idempotent: what exists is left as is."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..domain import points as rules
from ..extensions import db
from ..models import AssessmentSetting, Member, Organization, PointsAdjustment, SelfSummary, User
from ..services.points import points_rules_open_year

SUMMARIES = {
    "张岩枢": (
        "本年度围绕县域民营经济高质量发展履职：牵头撰写紧固件集采提案并跟踪办理，"
        "参加营商环境专项民主监督，联系结对村协调解决企业用工问题。"
        "不足是读书分享和界别走访次数偏少，明年将补上。"
    ),
    "沈国平": (
        "作为西塘桥街道委员室组负责人，按月报送十加一工作报告，组织室组委员开展协商议事和民主监督，"
        "本人完成十个一全部事项。"
    ),
}


def seed(org: Organization, today: date) -> None:
    year = today.year
    points_rules_open_year(org.id, year)
    if not db.session.scalar(
        select(AssessmentSetting.id).where(
            AssessmentSetting.org_id == org.id, AssessmentSetting.year == year
        )
    ):
        db.session.add(
            AssessmentSetting(
                org_id=org.id, year=year, summary_until=rules.default_summary_until(year)
            )
        )
    members = {
        m.name: m
        for m in db.session.scalars(
            select(Member).where(Member.org_id == org.id, Member.name.in_(list(SUMMARIES)))
        )
    }
    for name, text in SUMMARIES.items():
        member = members.get(name)
        if member and not db.session.scalar(
            select(SelfSummary.id).where(
                SelfSummary.member_id == member.id, SelfSummary.year == year
            )
        ):
            db.session.add(SelfSummary(org_id=org.id, member_id=member.id, year=year, text=text))
    head = members.get("沈国平")
    if head and not db.session.scalar(
        select(PointsAdjustment.id).where(
            PointsAdjustment.member_id == head.id, PointsAdjustment.year == year
        )
    ):
        staff = db.session.scalar(select(User.id).where(User.username == "jiguan"))
        db.session.add(
            PointsAdjustment(
                org_id=org.id,
                year=year,
                member_id=head.id,
                points=3,
                reason="牵头完成室组重点课题调研报告，获县领导批示",
                created_by_id=staff,
            )
        )
    db.session.flush()
