"""Reviewing a filed 十加一 report: the secretariat's quality score and 评语, and the linked
committees' comments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain import group_reports as rules
from ..domain.group_reports import (
    REVIEWED,
    SUBMITTED,
)
from ..extensions import db
from ..models import (
    GroupReport,
    GroupReportComment,
    User,
)
from ..models.base import utcnow
from ..selectors import group_reports as sel
from . import ServiceError, clash_rollback, unit_of_work
from .audit import audit
from .common import check_version, limited_text
from .group_reports import _move

# --- review -------------------------------------------------------------------------------------


@unit_of_work
def report_score(
    actor: User, report: GroupReport, quality: int | None, comment: str, version: int | None
) -> None:
    """The secretariat gives the quality score (0..the year's maximum) and a comment."""
    check_version(report, version)
    again = report.status == REVIEWED
    _move(report, rules.SCORE, party=rules.REVIEWER)
    rubric = sel.rubric_for(report.org_id, report.year)
    if quality is None or not 0 <= quality <= rubric.quality_max:
        raise ServiceError(f"质量分应在 0 至 {rubric.quality_max} 分之间。", field="quality")
    report.quality = quality
    report.review_comment = limited_text(comment, rules.MAX_REVIEW_COMMENT, "评语", "comment")
    report.reviewed_at = utcnow()
    report.reviewed_by_id = actor.id
    audit(
        actor,
        report.org_id,
        "group_report.score",
        report,
        f"{'修改' if again else ''}评分：{report.office_group.name}{report.period_label}"
        f"报告质量分 {quality}",
    )


@unit_of_work
def report_comment(
    actor: User, report: GroupReport, body: str, token: str, role: str = "committee"
) -> GroupReportComment:
    """The linked committee's guidance on a report; a repeated token adds nothing."""
    body = limited_text(body, rules.MAX_ITEM_TEXT, "指导意见", "body")
    if not body:
        raise ServiceError("请填写指导意见。", field="body")
    if report.status not in (SUBMITTED, REVIEWED):
        raise ServiceError("报告尚未报送，暂不能发表意见。")
    token = (token or "").strip()[:40]
    if not token:
        raise ServiceError("表单已过期，请刷新页面后重试。")
    existing = db.session.scalar(
        select(GroupReportComment).where(GroupReportComment.token == token)
    )
    if existing is not None:
        return existing
    comment = GroupReportComment(
        report_id=report.id, author_id=actor.id, role=role, body=body, token=token
    )
    db.session.add(comment)
    try:
        db.session.flush()
    except IntegrityError:  # the same token raced in: the first one counts
        clash_rollback()  # nothing else was written yet
        return db.session.scalar(
            select(GroupReportComment).where(GroupReportComment.token == token)
        )
    audit(
        actor,
        report.org_id,
        "group_report.comment",
        report,
        f"{actor.display_name} 对{report.office_group.name}{report.period_label}报告发表意见",
    )
    return comment
