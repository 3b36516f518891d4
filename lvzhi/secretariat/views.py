"""The secretariat's home and the audit log."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from ..clock import local_today, to_local
from ..domain.audit import action_label
from ..excel import workbook_bytes, xlsx_response
from ..extensions import db
from ..inbox.registry import todos_for
from ..pages import hub
from ..selectors import audit as audit_sel
from ..selectors import calendar
from ..selectors import roster as sel
from ..stamps import kept_html
from ..web import date_arg, page_arg
from . import bp


@bp.route("/")
def home():
    """The figures and lists above and below the to-dos are the body's, kept by the worker
    (``stamps.kept_html``); the to-dos are the viewer's own, read on every request."""
    org = current_user.org_id
    todos = [t for t in todos_for(current_user) if t.role == "secretariat"]
    return render_template(
        "secretariat/home.html",
        figures=kept_html(
            "secretariat_home_figures", org, (), "secretariat/_home_figures.html", _figures
        ),
        todos=todos,
        lists=kept_html("secretariat_home_lists", org, (), "secretariat/_home_lists.html", _lists),
    )


def _figures() -> dict:
    org = current_user.org_id
    groups = sel.office_groups(org)
    headed = sel.headed_group_ids(org, local_today())
    return {
        "active": sel.active_member_count(org),
        "groups": groups,
        "headless": [g for g in groups if g.id not in headed],
    }


def _lists() -> dict:
    org = current_user.org_id
    return {"upcoming": calendar.upcoming(org, local_today()), "recent": audit_sel.recent(org)}


@bp.route("/audit")
def audit_log():
    q = (request.args.get("q") or "").strip()
    start = date_arg("from")
    end = date_arg("to")
    stmt = audit_sel.events_select(current_user.org_id, q, start, end)
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


@bp.route("/loops")
def loops():
    """履职闭环: every closed loop's page with the year's count."""
    return hub.office_page("secretariat")
