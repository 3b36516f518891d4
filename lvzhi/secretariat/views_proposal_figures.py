"""提案 overview pages for the secretariat: overdue by department, the year's figures, the
register export and the year's settings."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from ..clock import local_today
from ..excel import workbook_bytes, xlsx_response
from ..forms import form_action
from ..pages.proposal_figures import figures_export, figures_page, overdue_by_department
from ..selectors import proposals as sel
from ..services import loops as loop_svc
from ..services import proposals as svc
from ..services.common import UNSAVED
from ..web import year_arg
from . import bp
from .forms_proposals import SettingForm


@bp.route("/proposals/overdue")
def proposals_overdue():
    return render_template("loops/overdue.html", groups=overdue_by_department(current_user.org_id))


@bp.route("/proposals/figures")
def proposal_figures():
    year = year_arg() or local_today().year
    return figures_page(current_user.org_id, year, "secretariat.proposal_figures_export")


@bp.route("/proposals/figures.xlsx")
def proposal_figures_export():
    return figures_export(current_user.org_id, year_arg() or local_today().year)


@bp.route("/proposals/export.xlsx")
def proposals_export():
    year = year_arg() or local_today().year
    data = workbook_bytes(
        f"{year}年度提案",
        sel.REGISTER_HEADERS,
        sel.register_rows(current_user.org_id, year),
        widths=[24, 40, 20, 10, 12, 10, 30, 12, 12, 12, 18, 10],
    )
    return xlsx_response(f"{year}年度提案登记表.xlsx", data)


@bp.route("/proposals/settings/<year:year>", methods=["GET", "POST"])
def proposal_settings(year: int):
    row = loop_svc.setting(current_user.org_id, year, "proposal")
    form = SettingForm(
        data={
            "reply_months": row.reply_months,
            "reassign_days": row.reassign_days,
            "co_opinion_months": row.co_opinion_months,
            "credit_co_proposers": row.credit_co_proposers,
            "session": row.session_label,
            "version": row.version or UNSAVED,
        }
    )

    def save():
        return svc.loop_setting_save(
            current_user,
            year,
            "proposal",
            reply_months=form.reply_months.data,
            reassign_days=form.reassign_days.data,
            co_opinion_months=form.co_opinion_months.data,
            credit_co_proposers=bool(form.credit_co_proposers.data),
            session=form.session.data or "",
            version=form.version.data,
        )

    done = form_action(form, save, "已保存。", url_for("secretariat.proposal_settings", year=year))
    return done or render_template("secretariat/proposals/settings.html", form=form, year=year)
