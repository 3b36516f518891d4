"""The secretariat's year assessment: the table of every member's points and grade with
filters and export, a member's ledger with hand adjustments (a reason each), the year's
points rules, grade thresholds and self-summary cut-off, the printable reports."""

from __future__ import annotations

import secrets

from flask import abort, render_template, url_for
from flask_login import current_user

from ..auth.permissions import member_or_404
from ..domain import points as rules
from ..domain.roles import SECRETARIAT
from ..forms import form_action
from ..pages import assessment as shared
from ..pages.forms_assessment import AdjustmentForm, AssessmentSettingsForm, PointsRuleForm
from ..selectors import points as sel
from ..services import points as svc
from ..services.common import UNSAVED
from . import bp

ROLE = SECRETARIAT


@bp.route("/assessment")
def assessment():
    return shared.table_page(ROLE)


@bp.route("/assessment/export.xlsx")
def assessment_export():
    return shared.export(ROLE)


@bp.route("/assessment/<year:year>/report")
def assessment_report(year: int):
    return shared.report(ROLE, year)


# --- one member's ledger and its adjustments ---------------------------------------------------


@bp.route("/assessment/<year:year>/members/<int:member_id>")
def assessment_member(year: int, member_id: int):
    form = AdjustmentForm()
    form.token.data = secrets.token_hex(16)
    return shared.ledger_page(ROLE, year, member_id, adjust_form=form)


@bp.route("/assessment/<year:year>/members/<int:member_id>/adjust", methods=["POST"])
def points_adjust(year: int, member_id: int):
    member = member_or_404(member_id, ROLE)
    form = AdjustmentForm()
    done = form_action(
        form,
        lambda: svc.points_adjust(
            current_user, member, year, form.points.data, form.reason.data, form.token.data or ""
        ),
        lambda a: f"已为 {member.name} 调整积分 {a.points:+d}。",
        url_for("secretariat.assessment_member", year=year, member_id=member.id),
    )
    return done or shared.ledger_page(ROLE, year, member_id, adjust_form=form)


# --- the year's rules, thresholds and cut-off -------------------------------------------------


def _rules_page(year: int, failed: str | None = None, rule_form=None, settings_form=None):
    setting = sel.settings(current_user.org_id, year)
    if settings_form is None:
        settings_form = AssessmentSettingsForm()
        t = setting.thresholds
        settings_form.excellent.data, settings_form.good.data = t.excellent, t.good
        settings_form.competent.data = t.competent
        settings_form.summary_until.data = setting.summary_until
        settings_form.version.data = setting.version or UNSAVED
    rows = sel.rule_rows(current_user.org_id, year)
    forms = []
    for r in rows or rules.default_rules():
        if r.code == failed and rule_form is not None:
            forms.append((r, rule_form))
            continue
        form = PointsRuleForm(prefix=r.code)
        form.points.data, form.unit.data, form.cap.data = r.points, r.unit, r.cap
        form.active.data = r.active
        form.version.data = getattr(r, "version", None) or UNSAVED
        forms.append((r, form))
    return render_template(
        "assessment/rules.html",
        year=year,
        rule_forms=forms,
        stored=bool(rows),
        settings_form=settings_form,
        settings=setting,
        grades=rules.GRADES,
    )


@bp.route("/assessment/<year:year>/rules")
def assessment_rules(year: int):
    return _rules_page(year)


@bp.route("/assessment/<year:year>/rules/<code>", methods=["POST"])
def points_rule_save(year: int, code: str):
    if code not in {r.code for r in sel.year_rules(current_user.org_id, year)}:
        abort(404)
    form = PointsRuleForm(prefix=code)
    done = form_action(
        form,
        lambda: svc.points_rule_save(
            current_user,
            year,
            code,
            form.points.data,
            form.unit.data,
            form.cap.data,
            form.active.data,
            form.version.data,
        ),
        lambda r: f"已保存积分规则“{r.name}”。",
        url_for("secretariat.assessment_rules", year=year, _anchor=f"rule-{code}"),
    )
    return done or _rules_page(year, code, form)


@bp.route("/assessment/<year:year>/settings", methods=["POST"])
def assessment_settings(year: int):
    form = AssessmentSettingsForm()
    done = form_action(
        form,
        lambda: svc.assessment_settings_save(
            current_user,
            year,
            form.excellent.data,
            form.good.data,
            form.competent.data,
            form.summary_until.data,
            form.version.data,
        ),
        "已保存考评设置。",
        url_for("secretariat.assessment_rules", year=year),
    )
    return done or _rules_page(year, settings_form=form)
