"""我的考评: the member's own points ledger and grade, the self-summary (述职) before the
year's cut-off, and the printable 年度履职报告."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from ..clock import local_today
from ..domain import points as rules
from ..forms import form_action
from ..pages import assessment as shared
from ..pages.forms_assessment import SelfSummaryForm
from ..selectors import duties as duty_sel
from ..services import points as svc
from ..services.common import UNSAVED
from . import bp
from .views import own_member

ROLE = "member"


def _page(year: int, form: SelfSummaryForm | None = None):
    member = own_member()
    context = shared.ledger_context(ROLE, year, member.id)
    summary = context["a"].summary
    if form is None:
        form = SelfSummaryForm()
        form.text.data = summary.text if summary else ""
        form.version.data = summary.version if summary else UNSAVED
    until = context["settings"].summary_until
    return render_template(
        "assessment/mine.html",
        **context,
        form=form,
        summary_open=rules.summary_refusal(local_today(), until) is None,
        summary_max=rules.SUMMARY_MAX,
        years=sorted({year, *duty_sel.years_with_items(member.org_id)}, reverse=True),
    )


@bp.route("/assessment")
def assessment():
    return _page(shared.page_year())


@bp.route("/assessment/<year:year>/summary", methods=["POST"])
def assessment_summary(year: int):
    member = own_member()
    form = SelfSummaryForm()
    done = form_action(
        form,
        lambda: svc.self_summary_save(
            current_user, member, year, form.text.data, form.version.data, local_today()
        ),
        "述职已保存。",
        url_for("member.assessment", year=year),
    )
    return done or _page(year, form)


@bp.route("/assessment/<year:year>/report")
def assessment_report(year: int):
    return shared.render_report(year, [own_member()])
