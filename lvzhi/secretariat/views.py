"""The secretariat's home and the audit log."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app, render_template, request
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ..clock import local_today, to_local, to_utc
from ..domain.audit import action_label, actions_matching
from ..excel import workbook_bytes, xlsx_response
from ..extensions import db
from ..inbox.registry import todos_for
from ..models import AuditEvent, Meeting, Member, User
from ..selectors import roster as sel
from ..web import date_arg, page_arg
from . import bp


@bp.route("/")
def home():
    org = current_user.org_id
    today = local_today()
    active = db.session.scalar(
        select(func.count(Member.id)).where(Member.org_id == org, Member.is_active.is_(True))
    )
    groups = sel.office_groups(org)
    heads = sel.current_heads(org, today)
    upcoming = db.session.scalars(
        select(Meeting)
        .where(Meeting.org_id == org, Meeting.held_on >= today)
        .order_by(Meeting.held_on)
        .limit(5)
    )
    recent = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.org_id == org)
        .options(joinedload(AuditEvent.user))
        .order_by(AuditEvent.id.desc())
        .limit(8)
    )
    todos = [t for t in todos_for(current_user) if t.role == "secretariat"]
    return render_template(
        "secretariat/home.html",
        active=active,
        groups=groups,
        heads=heads,
        todos=todos,
        year=today.year,
        quarter=(today.month - 1) // 3 + 1,
        counts=sel.member_counts_by(org, Member.office_group_id),
        upcoming=list(upcoming),
        recent=list(recent),
        headless=[g for g in groups if g.id not in heads],
    )


@bp.route("/audit")
def audit_log():
    q = (request.args.get("q") or "").strip()
    start = date_arg("from")
    end = date_arg("to")
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.org_id == current_user.org_id)
        .options(joinedload(AuditEvent.user))
        .order_by(AuditEvent.id.desc())
    )
    if q:  # the text, who did it, or what kind of action (登录 finds every login)
        stmt = stmt.outerjoin(User, User.id == AuditEvent.user_id).where(
            or_(
                AuditEvent.summary.contains(q, autoescape=True),
                User.display_name.contains(q, autoescape=True),
                AuditEvent.action.in_(actions_matching(q)),
            )
        )
    if start:  # dates are the organization's local days; events are stored in UTC
        stmt = stmt.where(AuditEvent.at >= to_utc(datetime.combine(start, time.min)))
    if end:
        stmt = stmt.where(
            AuditEvent.at < to_utc(datetime.combine(end + timedelta(days=1), time.min))
        )
    args = {k: v for k, v in request.args.items() if k in ("q", "from", "to") and v}
    if request.args.get("format") == "xlsx":
        rows = db.session.scalars(stmt.limit(AUDIT_EXPORT_LIMIT))
        data = workbook_bytes(
            "操作日志",
            ["时间", "操作人", "操作", "内容"],
            (
                [
                    to_local(e.at).strftime("%Y-%m-%d %H:%M"),
                    e.user.display_name if e.user else "系统",
                    action_label(e.action),
                    e.summary,
                ]
                for e in rows
            ),
            widths=[18, 12, 22, 70],
        )
        return xlsx_response("操作日志.xlsx", data)
    page = db.paginate(
        stmt, page=page_arg(), per_page=current_app.config["PER_PAGE"], error_out=False
    )
    return render_template(
        "secretariat/audit.html",
        page=page,
        q=q,
        start=start,
        end=end,
        args=args,
        limit=AUDIT_EXPORT_LIMIT,
        action_label=action_label,
    )


AUDIT_EXPORT_LIMIT = 20000
