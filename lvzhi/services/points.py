"""Writing the points ledger's configuration and the assessment: the year's rules and grade
thresholds (the secretariat), hand adjustments with a reason (the secretariat), the member's
self-summary (述职) before the year's cut-off. The ledger itself is derived on read
(``selectors/points.py``); nothing here stores points a record already gives."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from ..domain import points as rules
from ..extensions import db
from ..models import AssessmentSetting, Member, PointsAdjustment, PointsRule, SelfSummary, User
from ..models.base import utcnow
from ..selectors import points as sel
from . import ServiceError, clash_rollback, unit_of_work
from .audit import audit
from .common import UNSAVED, check_version, limited_text
from .matter_drafts import usable_token


def points_rules_open_year(org_id: int, year: int) -> int:
    """Store ``year``'s catalogue if it has none: the latest earlier year's rules, else the
    defaults. Inside the caller's unit of work. Returns the rules stored."""
    if db.session.scalar(
        select(func.count(PointsRule.id)).where(
            PointsRule.org_id == org_id, PointsRule.year == year
        )
    ):
        return 0
    previous = db.session.scalar(
        select(func.max(PointsRule.year)).where(PointsRule.org_id == org_id, PointsRule.year < year)
    )
    catalogue = sel.year_rules(org_id, previous) if previous else rules.default_rules()
    db.session.execute(
        insert(PointsRule),
        [
            {
                "org_id": org_id,
                "year": year,
                "code": r.code,
                "name": r.name,
                "unit": r.unit,
                "points": r.points,
                "cap": r.cap,
                "active": r.active,
                "sort_order": r.order,
                "version": 1,
            }
            for r in catalogue
        ],
    )
    return len(catalogue)


@unit_of_work(duplicate="本年度积分规则已由他人保存，请刷新后再改。")
def points_rule_save(
    actor: User,
    year: int,
    code: str,
    points: int | None,
    unit: str,
    cap: int | None,
    active: bool,
    version: int | None,
) -> PointsRule:
    """Change one rule of the year (the year's catalogue is stored first if it had none: a
    form shown before it was, ``UNSAVED``, is then not stale)."""
    if points_rules_open_year(actor.org_id, year) and version == UNSAVED:
        version = None
    row = db.session.scalar(
        select(PointsRule).where(
            PointsRule.org_id == actor.org_id, PointsRule.year == year, PointsRule.code == code
        )
    )
    if row is None:
        raise ServiceError("没有这条积分规则。")
    check_version(row, version)
    error = rules.validate_rule(points, cap)
    if error:
        raise ServiceError(error + "。", field="cap" if "上限" in error else "points")
    unit = limited_text(unit, 10, "单位", "unit") or row.unit
    before = f"{row.points}分/{row.unit}" + (f"，上限 {row.cap}" if row.cap else "")
    row.points, row.unit, row.cap, row.active = points, unit, cap, active
    after = f"{points}分/{unit}" + (f"，上限 {cap}" if cap else "") + ("" if active else "，停用")
    audit(
        actor,
        actor.org_id,
        "points_rule.update",
        row,
        f"{year} 年积分规则 {row.name}：{before} → {after}",
    )
    return row


@unit_of_work(duplicate="本年度考评设置已由他人保存，请刷新后再改。")
def assessment_settings_save(
    actor: User,
    year: int,
    excellent: int | None,
    good: int | None,
    competent: int | None,
    summary_until: date | None,
    version: int | None,
) -> AssessmentSetting:
    """The year's grade thresholds and the last day a member may write the self-summary."""
    thresholds = rules.Thresholds(excellent, good, competent)
    error = rules.validate_thresholds(thresholds)
    if error:
        raise ServiceError(error + "。", field="excellent")
    if summary_until is None:
        raise ServiceError("请填写述职截止日期。", field="summary_until")
    if not year <= summary_until.year <= year + 1:
        raise ServiceError(f"述职截止日期须在 {year} 年或 {year + 1} 年内。", field="summary_until")
    row = sel.settings_row(actor.org_id, year)
    if row is None:
        row = AssessmentSetting(org_id=actor.org_id, year=year)
        db.session.add(row)
    else:
        check_version(row, version)
    row.excellent, row.good, row.competent = excellent, good, competent
    row.summary_until = summary_until
    db.session.flush()
    audit(
        actor,
        actor.org_id,
        "assessment.settings",
        row,
        f"{year} 年考评：优秀 ≥ {excellent}，良好 ≥ {good}，称职 ≥ {competent}，"
        f"述职截止 {summary_until.isoformat()}",
    )
    return row


ADJUST_REASON_MAX = 200


def _adjusted_by_token(member: Member, token: str) -> PointsAdjustment | None:
    return db.session.scalar(
        select(PointsAdjustment).where(
            PointsAdjustment.member_id == member.id, PointsAdjustment.request_token == token
        )
    )


@unit_of_work
def points_adjust(
    actor: User, member: Member, year: int, points: int | None, reason: str, token: str = ""
) -> PointsAdjustment:
    """The secretariat adds (or, negative, takes off) points by hand, with a reason — never
    to their own (a clerk who is also a member). The
    form's one-time ``token`` makes a second post of the same form (a double tap, even at
    the same moment) answer with the adjustment the first one made."""
    if actor.member_id is not None and member.id == actor.member_id:
        raise ServiceError("不能调整本人的积分，请由其他工作人员办理。", field="points")
    token = usable_token(token)
    if token and (done := _adjusted_by_token(member, token)) is not None:
        return done
    if not points:
        raise ServiceError("请填写调整的分值（不能为 0）。", field="points")
    if abs(points) > rules.POINTS_LIMIT:
        raise ServiceError(
            f"调整分值须在 -{rules.POINTS_LIMIT} 到 {rules.POINTS_LIMIT} 之间。", field="points"
        )
    reason = limited_text(reason, ADJUST_REASON_MAX, "调整原因", "reason")
    if not reason:
        raise ServiceError("请填写调整原因。", field="reason")
    repeated = db.session.scalar(
        select(PointsAdjustment)
        .where(
            PointsAdjustment.member_id == member.id,
            PointsAdjustment.year == year,
            PointsAdjustment.points == points,
            PointsAdjustment.reason == reason,
            PointsAdjustment.created_by_id == actor.id,
            PointsAdjustment.created_at > utcnow() - rules.REPEAT_WINDOW,
        )
        .limit(1)
    )
    if repeated is not None and token and repeated.request_token == token:
        return repeated  # this very form, posted at the same moment, saved first
    if repeated is not None:
        raise ServiceError(rules.repeat_refusal(points), field="points")
    row = PointsAdjustment(
        org_id=member.org_id,
        year=year,
        member_id=member.id,
        points=points,
        reason=reason,
        created_by_id=actor.id,
        request_token=token,
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:  # the same form at the same moment: the first one's stands
        clash_rollback()
        return _adjusted_by_token(member, token)
    audit(
        actor,
        actor.org_id,
        "points.adjust",
        row,
        f"{member.name} {year} 年积分 {points:+d}：{reason}",
    )
    return row


@unit_of_work(duplicate="述职已在另一页面保存，请刷新后再改。")
def self_summary_save(
    actor: User, member: Member, year: int, text: str, version: int | None, today: date
) -> SelfSummary:
    """The member's own 述职 for ``year``, until the year's cut-off day (that day included)."""
    refusal = rules.summary_refusal(today, sel.settings(member.org_id, year).summary_until)
    if refusal:
        raise ServiceError(refusal + "。", field="text")
    text = limited_text(text, rules.SUMMARY_MAX, "述职", "text")
    row = db.session.scalar(
        select(SelfSummary).where(SelfSummary.member_id == member.id, SelfSummary.year == year)
    )
    if row is None:
        row = SelfSummary(org_id=member.org_id, member_id=member.id, year=year)
        db.session.add(row)
    else:
        check_version(row, version)
    row.text = text
    db.session.flush()
    audit(actor, actor.org_id, "self_summary.save", row, f"{member.name} 保存 {year} 年度述职")
    return row
