"""The ranking board: this quarter's table, a bar chart, each group's trend, the invitation
list of the next 机关月度会议, and the Excel exports."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from ..auth.permissions import roles_required
from ..charts import Bar, bar_chart, line_chart
from ..clock import local_today
from ..domain import group_ranking as ranking_rules
from ..domain.roles import ROLES
from ..excel import workbook_bytes, xlsx_response
from ..selectors import group_ranking as ranking_sel
from ..stamps import kept_html
from . import bp

_SHORT_Q = {1: "一季", 2: "二季", 3: "三季", 4: "四季"}


def _quarter_or_404(year: int, quarter: int) -> ranking_sel.Quarter:
    if not 1 <= quarter <= 4:
        abort(404)
    return ranking_sel.quarter(current_user.org_id, year, quarter)


@bp.route("/")
@roles_required(*ROLES)
def index():
    today = local_today()
    return redirect(
        url_for("ranking.board", year=today.year, quarter=ranking_rules.quarter_of(today.month))
    )


@bp.route("/<year:year>/<int:quarter>")
@roles_required(*ROLES)
def board(year: int, quarter: int):
    if not 1 <= quarter <= 4:
        abort(404)
    org = current_user.org_id
    is_secretariat = current_user.has_role("secretariat")  # its part holds the invitation form
    content = kept_html(
        "ranking",
        org,
        (year, quarter, is_secretariat),
        "ranking/_board.html",
        lambda: _board(org, year, quarter, is_secretariat),
    )
    label = ranking_rules.quarter_label(year, quarter)
    return render_template("ranking/board.html", label=label, content=content)


def _board(org: int, year: int, quarter: int, is_secretariat: bool) -> dict:
    # the trend's four quarters end with this one: their rubrics and reports serve both
    reports = ranking_sel.trend_reports(org, year, quarter)
    q = ranking_sel.quarter(org, year, quarter, reports=reports)
    full = q.rubric.full_marks
    note = "（暂计）" if not q.final else ""
    chart = bar_chart(
        f"{q.label}各室组得分{note}",
        [
            Bar(
                r.group_name, r.score, r.final_flag, f"（{r.flag_label}）" if r.flag_label else note
            )
            for r in q.ranking
            if r.score is not None
        ],
        max_value=full,
    )
    trends = ranking_sel.trend(
        org,
        year,
        quarter,
        today=q.today,
        group_ids=[r.group.id for r in q.rows],
        reports=reports,
    )
    trend_charts = []
    for row in q.rows:
        points = trends.get(row.group.id, [])
        trend_charts.append(
            (
                row.group,
                points,
                line_chart(
                    f"{row.group.name}近四个季度得分",
                    [(f"{p.year % 100}年{_SHORT_Q[p.quarter]}", p.score) for p in points],
                    max_value=full,
                    provisional={i for i, p in enumerate(points) if p.provisional},
                ),
            )
        )
    prev_q = ranking_rules.previous_quarter(year, quarter)
    next_q = ranking_rules.next_quarter(year, quarter)
    today = q.today
    invited = ranking_sel.invitations(org, year, quarter)
    invited_ids = {i.office_group_id for i in invited}
    return dict(
        q=q,
        chart=chart,
        trend_charts=trend_charts,
        invitations=invited,
        prev_q=prev_q,
        next_q=next_q if next_q <= (today.year, ranking_rules.quarter_of(today.month)) else None,
        meeting=ranking_sel.next_organ_meeting(org, today) if is_secretariat else None,
        can_invite=is_secretariat
        and any(r.flag and r.group_id not in invited_ids for r in q.ranking),
        is_secretariat=is_secretariat,
    )


@bp.route("/<year:year>/<int:quarter>/ranking.xlsx")
@roles_required(*ROLES)
def export(year: int, quarter: int):
    q = _quarter_or_404(year, quarter)
    months = q.months
    data = workbook_bytes(
        f"{q.label}排名",
        [
            "排名",
            "室组",
            *(f"{m}月得分" for m in months),
            "季度得分",
            "按时报送月数",
            "同分说明",
            "标记",
        ],
        (
            [
                r.rank,
                r.group_name,
                *(_cell(r, m) for m in months),
                float(r.score) if r.score is not None else "暂无",
                r.on_time_months,
                r.tie_broken_by or "",
                r.flag_label or ("暂计" if r.provisional else ""),
            ]
            for r in q.ranking
        ),
        widths=[8, 14, 10, 10, 10, 10, 14, 26, 10],
    )
    return xlsx_response(f"{q.label}室组排名.xlsx", data)


@bp.route("/<year:year>/<int:quarter>/scores.xlsx")
@roles_required(*ROLES)
def scores_export(year: int, quarter: int):
    q = _quarter_or_404(year, quarter)
    rows = []
    for row in q.rows:
        for m in q.months:
            s = row.months.get(m)
            if s is None:
                status = q.so_far[row.group.id].statuses[m]
                missing = status == ranking_rules.MONTH_MISSING
                label = ranking_rules.MONTH_STATUS_LABELS[status]
                rows.append(
                    [row.group.name, f"{m}月", label, "", "", "", "", 0 if missing else "", ""]
                )
                continue
            rows.append(
                [
                    row.group.name,
                    f"{m}月",
                    s.report.status_label,
                    s.work_items,
                    float(s.score.coverage),
                    float(s.score.quality) if s.score.reviewed else "待评分",
                    float(s.score.timeliness),
                    float(s.score.total),
                    "按时" if s.on_time else "逾期",
                ]
            )
    data = workbook_bytes(
        f"{q.label}月报得分",
        ["室组", "月份", "状态", "有工作项目数", "覆盖分", "质量分", "及时分", "总分", "报送"],
        rows,
        widths=[14, 8, 10, 14, 10, 10, 10, 10, 8],
    )
    return xlsx_response(f"{q.label}室组月报得分.xlsx", data)


def _cell(r: ranking_rules.RankedGroup, month: int):
    """A month's total as a number, or why there is none (待评分 / 未到期 / 未报送)."""
    total = r.monthly_totals.get(month)
    return float(total) if total is not None else r.month_label(month)
