"""The committee's view of its linked office groups' monthly reports, and its guidance."""

from __future__ import annotations

import secrets

from flask import render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..auth.permissions import committee_group_ids, committee_report_or_404
from ..clock import local_today
from ..excel import workbook_bytes, xlsx_response
from ..forms import form_action
from ..selectors import group_reports as sel
from ..selectors import roster as roster_sel
from ..services import group_report_review as review_svc
from ..web import int_arg, year_arg
from . import bp


class CommentForm(FlaskForm):
    body = TextAreaField(
        "指导意见",
        validators=[
            DataRequired("请填写指导意见。"),
            Length(max=2000, message="指导意见最多 2000 字。"),
        ],
    )
    token = HiddenField()


@bp.route("/reports")
def reports():
    """The linked groups' reports of the year: by month and group; ``format=xlsx`` exports
    the list as filtered."""
    year = year_arg() or local_today().year
    month = int_arg("month", 1, 12)
    linked = committee_group_ids(current_user.committee_ids())
    groups = [g for g in roster_sel.office_groups(current_user.org_id) if g.id in set(linked)]
    group = int_arg("group")
    group = group if group in set(linked) else None
    rows = sel.review_queue(current_user.org_id, year, month, "all", [group] if group else linked)
    if request.args.get("format") == "xlsx":
        data = workbook_bytes(
            f"{year}年联系室组月报",
            ["室组", "月份", "状态", "报送", "得分"],
            (
                [
                    s.report.office_group.name,
                    s.report.month,
                    s.report.status_label,
                    "按时" if s.on_time else "逾期",
                    s.score.total if s.score.reviewed else "待评分",
                ]
                for s in rows
            ),
        )
        return xlsx_response(f"{year}年联系室组月报.xlsx", data)
    return render_template(
        "committee/reports.html",
        rows=rows,
        year=year,
        month=month,
        groups=groups,
        group=group,
        args={k: v for k, v in request.args.items() if v and k != "format"},
    )


def _page(report, form):
    return render_template("committee/report_detail.html", form=form, **sel.report_view(report.id))


@bp.route("/reports/<int:report_id>")
def report_detail(report_id: int):
    report = committee_report_or_404(report_id)
    form = CommentForm()
    form.token.data = secrets.token_urlsafe(16)
    return _page(report, form)


@bp.route("/reports/<int:report_id>/comment", methods=["POST"])
def report_comment(report_id: int):
    report = committee_report_or_404(report_id)
    form = CommentForm()
    done = form_action(
        form,
        lambda: review_svc.report_comment(
            current_user, report, form.body.data, form.token.data or ""
        ),
        "指导意见已发表。",
        url_for("committee.report_detail", report_id=report.id),
    )
    return done or _page(report, form)
