"""The secretariat's 十加一 pages: the review queue and scoring, the year's list and rubric,
the quarter's invitations and the appearances recorded at the 机关月度会议."""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404
from ..clock import local_today
from ..domain import group_reports as rules
from ..excel import workbook_bytes, xlsx_response
from ..forms import button_action, form_action
from ..htmx import hx_redirect
from ..models import GroupInvitation, GroupReport
from ..selectors import group_ranking as ranking_sel
from ..selectors import group_reports as sel
from ..selectors import roster as roster_sel
from ..services import ServiceError
from ..services import group_ranking as ranking_svc
from ..services import group_report_config as config_svc
from ..services import group_report_review as review_svc
from ..services.common import UNSAVED
from ..web import int_arg, year_arg
from . import bp
from .forms_group_reports import AppearanceForm, RubricForm, ScoreForm

# the review queue's filter: waiting for a score, scored, or both
REVIEW_FILTERS = ((rules.SUBMITTED, "待评分"), (rules.REVIEWED, "已评分"), ("all", "全部"))


@bp.route("/reports")
def reports():
    today = local_today()
    year = year_arg() or today.year
    month = int_arg("month", 1, 12)
    status = request.args.get("status") or rules.SUBMITTED
    groups = roster_sel.office_groups(current_user.org_id)
    group = int_arg("group")
    group = group if any(g.id == group for g in groups) else None
    rows = sel.review_queue(current_user.org_id, year, month, status, [group] if group else None)
    if request.args.get("format") == "xlsx":
        data = workbook_bytes(
            f"{year}年室组月报",
            ["室组", "月份", "报送", "覆盖分", "质量分", "及时分", "得分", "已评分"],
            (
                [
                    s.report.office_group.name,
                    s.report.month,
                    "按时" if s.on_time else "逾期",
                    s.score.coverage,
                    s.score.quality if s.score.reviewed else "",
                    s.score.timeliness,
                    s.score.total,
                    "是" if s.score.reviewed else "否",
                ]
                for s in rows
            ),
        )
        return xlsx_response(f"{year}年室组月报.xlsx", data)
    return render_template(
        "secretariat/reports.html",
        rows=rows,
        year=year,
        month=month,
        groups=groups,
        group=group,
        args={k: v for k, v in request.args.items() if v},
        status=status,
        status_choices=REVIEW_FILTERS,
        today=today,
        rubric=sel.rubric_for(current_user.org_id, year),
    )


def _review_page(report: GroupReport, form: ScoreForm):
    return render_template(
        "secretariat/report_review.html",
        form=form,
        rescore=report.status == rules.REVIEWED,
        **sel.report_view(report.id),
    )


@bp.route("/reports/<int:report_id>")
def report_review(report_id: int):
    report = org_get_or_404(GroupReport, report_id)
    if not rules.REPORT_WORKFLOW.can(report.status, rules.SCORE):  # a draft is the head's
        abort(404)
    form = ScoreForm()
    form.quality.data = report.quality
    form.comment.data = report.review_comment
    form.version.data = report.version
    return _review_page(report, form)


@bp.route("/reports/<int:report_id>/score", methods=["POST"])
def report_score(report_id: int):
    report = org_get_or_404(GroupReport, report_id)
    form = ScoreForm()
    done = form_action(
        form,
        lambda: review_svc.report_score(
            current_user, report, form.quality.data, form.comment.data or "", form.version.data
        ),
        f"已为{report.office_group.name}{report.period_label}报告评分。",
        url_for("secretariat.reports", year=report.year),
    )
    return done or _review_page(report, form)


def _rubric_values(form: RubricForm) -> dict[str, int]:
    keys = ("coverage_weight", "quality_max", "timeliness_weight", "due_day", "flag_count")
    return {k: getattr(form, k).data for k in keys}


@bp.route("/group-reports/<year:year>", methods=["GET", "POST"])
def group_report_config(year: int):
    """The year's 十加一 list (names, descriptions) and rubric."""
    org = current_user.org_id
    row = sel.rubric_row(org, year)
    rubric = sel.rubric_for(org, year)
    form = RubricForm(obj=row) if row else RubricForm(data=rubric.__dict__)
    if request.method == "GET":
        form.version.data = row.version if row else UNSAVED
    item_errors: list[str] = []
    typed: dict[str, tuple[str, str]] = {}  # what was typed, shown again after an error
    if request.method == "POST" and request.form.get("part") == "items":
        names = {
            i.code: (request.form.get(f"name_{i.code}", ""), request.form.get(f"desc_{i.code}", ""))
            for i in sel.items_for(org, year)
            if f"name_{i.code}" in request.form
        }
        versions = {
            i.code: request.form.get(f"version_{i.code}", type=int) for i in sel.default_items()
        }
        try:
            config_svc.items_save(current_user, year, names, versions)
        except ServiceError as exc:  # shown above the list, which is no form object
            item_errors.append(exc.message)
            typed = names
        else:
            flash(f"{year}年十加一工作清单已保存。", "success")
            return hx_redirect(url_for("secretariat.group_report_config", year=year))
    elif request.method == "POST":
        done = form_action(
            form,
            lambda: config_svc.rubric_save(
                current_user, year, _rubric_values(form), form.version.data
            ),
            f"{year}年评分规则已保存。",
            url_for("secretariat.group_report_config", year=year),
        )
        if done:
            return done
    return render_template(
        "secretariat/group_report_config.html",
        year=year,
        form=form,
        items=sel.items_for(org, year),
        rows=sel.item_rows(org, year),
        item_errors=item_errors,
        typed=typed,
    )


@bp.route("/ranking/<year:year>/<int:quarter>/invite", methods=["GET", "POST"])
def ranking_invite(year: int, quarter: int):
    """GET: the confirmation page — who would be invited, to which meeting, and for a quarter
    in progress what is still missing. POST: invite (``provisional=1`` from that page)."""
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        abort(404)
    if request.method == "GET":
        q = ranking_sel.quarter(current_user.org_id, year, quarter)
        invited = {
            i.office_group_id for i in ranking_sel.invitations(current_user.org_id, year, quarter)
        }
        return render_template(
            "secretariat/ranking_invite.html",
            q=q,
            flagged=[r for r in q.ranking if r.flag and r.group_id not in invited],
            meeting=ranking_sel.next_organ_meeting(current_user.org_id, local_today()),
        )
    provisional = request.form.get("provisional") == "1"
    return button_action(
        lambda: ranking_svc.ranking_invite(current_user, year, quarter, provisional=provisional),
        lambda added: f"已将 {len(added)} 个室组列入{added[0].meeting.title}邀请名单。",
        url_for("ranking.board", year=year, quarter=quarter) + "#invitations",
    )


@bp.route("/invitations/<int:invitation_id>", methods=["GET", "POST"])
def appearance_record(invitation_id: int):
    invitation = org_get_or_404(GroupInvitation, invitation_id)
    form = AppearanceForm(obj=invitation)
    if request.method == "GET":
        form.kind.data = invitation.appearance_kind
        form.notes.data = invitation.appearance_notes
        form.version.data = invitation.version
    done = form_action(
        form,
        lambda: ranking_svc.appearance_record(
            current_user, invitation, form.kind.data, form.notes.data or "", form.version.data
        ),
        f"已记录{invitation.office_group.name}的会上发言。",
        url_for("ranking.board", year=invitation.year, quarter=invitation.quarter) + "#invitations",
    )
    return done or render_template("secretariat/appearance.html", form=form, invitation=invitation)
