"""The secretariat's 十个一: the checklist of each year (configure), the overview of everyone
with filters and export, the pending records of anyone, archives and handbooks."""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404
from ..domain.roles import SECRETARIAT
from ..forms import ConfirmForm, button_action, form_action
from ..htmx import hx_redirect
from ..models import DutyItem
from ..pages import duties as shared
from ..selectors import duties as sel
from ..services import duty_items as items_svc
from . import bp
from .forms_duties import DutyItemForm

ROLE = SECRETARIAT


@bp.route("/duties")
def duty_overview():
    return shared.overview_page(ROLE)


@bp.route("/duties/export.xlsx")
def duty_export():
    return shared.export(ROLE, "全体委员")


@bp.route("/duties/pending")
def duty_pending():
    return shared.pending_page(ROLE)


@bp.route("/duties/records/<int:record_id>")
def duty_record(record_id: int):
    return shared.record_page(ROLE, record_id)


@bp.route("/duties/records/<int:record_id>/confirm", methods=["POST"])
def duty_confirm(record_id: int):
    return shared.confirm(ROLE, record_id)


@bp.route("/duties/records/<int:record_id>/return", methods=["POST"])
def duty_return(record_id: int):
    return shared.return_(ROLE, record_id)


@bp.route("/duties/confirm", methods=["POST"])
def duty_confirm_many():
    return shared.confirm_many(ROLE)


@bp.route("/members/<int:member_id>/archive")
def member_archive(member_id: int):
    return shared.member_archive(
        ROLE, member_id, url_for("secretariat.member_detail", member_id=member_id)
    )


@bp.route("/duties/handbook/<year:year>")
def handbook(year: int):
    return shared.handbook(ROLE, year)


# --- the checklist of a year -----------------------------------------------------------------


@bp.route("/duties/items/<year:year>", methods=["GET", "POST"])
def duty_items(year: int):
    form = DutyItemForm()
    done = form_action(
        form,
        lambda: items_svc.duty_item_create(
            current_user, year, form.name.data, form.description.data, form.required.data
        ),
        "已新增事项。",
        url_for("secretariat.duty_items", year=year),
    )
    return done or render_template(
        "secretariat/duty_items.html",
        year=year,
        form=form,
        items=sel.items(current_user.org_id, year, include_retired=True),
        years=sel.years_with_items(current_user.org_id),
        confirm=ConfirmForm(),
    )


@bp.route("/duties/items/<year:year>/open", methods=["POST"])
def duty_items_open(year: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    items_svc.duty_items_ensure(current_user, year)
    flash(f"已设置 {year} 年度十个一清单。", "success")
    return hx_redirect(url_for("secretariat.duty_items", year=year))


@bp.route("/duties/item/<int:item_id>", methods=["GET", "POST"])
def duty_item_edit(item_id: int):
    item = org_get_or_404(DutyItem, item_id)
    form = DutyItemForm(obj=item)
    if request.method == "GET":
        form.version.data = item.version
    done = form_action(
        form,
        lambda: items_svc.duty_item_save(
            current_user,
            item,
            form.name.data,
            form.description.data,
            form.required.data,
            form.version.data,
        ),
        "事项已保存。",
        url_for("secretariat.duty_items", year=item.year),
    )
    return done or render_template("secretariat/duty_item_form.html", form=form, item=item)


@bp.route("/duties/item/<int:item_id>/move/<direction>", methods=["POST"])
def duty_item_move(item_id: int, direction: str):
    item = org_get_or_404(DutyItem, item_id)
    if direction not in ("up", "down") or not ConfirmForm().validate_on_submit():
        abort(400)
    items_svc.duty_item_move(current_user, item, direction)
    return hx_redirect(url_for("secretariat.duty_items", year=item.year))


@bp.route("/duties/item/<int:item_id>/retire", methods=["POST"])
def duty_item_retire(item_id: int):
    item = org_get_or_404(DutyItem, item_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    return button_action(
        lambda: items_svc.duty_item_retire(current_user, item, not item.retired, form.version.data),
        lambda _: f"已{'停用' if item.retired else '恢复'}“{item.name}”，已有记录保留。",
        url_for("secretariat.duty_items", year=item.year),
    )
