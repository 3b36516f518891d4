"""The head's monthly 十加一 report: the year's months, the report form (autosaved item by item
with htmx, saved whole without JavaScript), photos, submit and withdraw, the 特色 item."""

from __future__ import annotations

from flask import abort, flash, make_response, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import head_group_or_404, headed_groups, org_get_or_404
from ..clock import local_today
from ..domain import group_reports as rules
from ..forms import button_action, form_action
from ..htmx import hx_redirect, is_fragment_request, render
from ..models import Attachment, OfficeGroup
from ..selectors import group_reports as sel
from ..services import ConflictError, ServiceError
from ..services import group_report_config as config_svc
from ..services import group_reports as svc
from ..services.common import UNSAVED
from ..web import int_arg, year_arg
from . import bp
from .forms_reports import ReportItemForm, SignatureForm


def _period(year: int, month: int) -> None:
    today = local_today()
    if not 1 <= month <= 12 or (year, month) > (today.year, today.month):
        abort(404)


def _group() -> OfficeGroup:
    return head_group_or_404(int_arg("group"))


def _item_form(code: str, roster, formdata=None) -> ReportItemForm:
    form = (
        ReportItemForm(formdata=formdata, prefix=code)
        if formdata is not None
        else ReportItemForm(prefix=code)
    )
    form.members.choices = [(m.id, m.name) for m in roster]
    return form


def _inputs(forms: dict[str, ReportItemForm]) -> list[svc.ItemInput]:
    """The posted items for the service — each checked first: a count that is no whole number
    (3.5, 1e5, abc) is refused beside its item, and nothing is saved, rather than stored as 0."""
    for code, f in forms.items():
        if not f.validate():
            message = next(e for errs in f.errors.values() for e in errs)
            raise ServiceError(message, field=f"item_{code}")
    return [
        svc.ItemInput(
            code=code,
            text=f.text.data or "",
            activity_count=f.activity_count.data or 0,
            participant_ids=list(f.members.data or []),
            version=f.version.data,
            base=f.base.data or None,
            photos=request.files.getlist(f"{code}-photos"),
        )
        for code, f in forms.items()
    ]


def _posted_forms(items, roster) -> dict[str, ReportItemForm]:
    """The item forms the request carried (an item not in the post is left as it is)."""
    return {
        i.code: _item_form(i.code, roster, request.form)
        for i in items
        if f"{i.code}-version" in request.form
    }


def _context(
    group: OfficeGroup,
    year: int,
    month: int,
    errors: dict | None = None,
    posted: dict[str, ReportItemForm] | None = None,
) -> dict:
    report = sel.report_get(group.id, year, month)
    actions = _head_actions(report)
    rubric = sel.rubric_for(group.org_id, year)
    roster = sel.group_roster(group.id)
    entries = {e.item_code: e for e in report.entries} if report else {}
    forms = {}
    for item in sel.items_for(group.org_id, year):
        entry = entries.get(item.code)
        if posted and item.code in posted:
            forms[item.code] = posted[item.code]
            continue
        form = _item_form(item.code, roster)
        form.text.data = entry.text if entry else ""
        form.activity_count.data = entry.activity_count if entry else 0
        form.members.data = [m.id for m in entry.participants] if entry else []
        form.version.data = entry.version if entry else 1
        form.base.data = rules.item_fingerprint(
            form.text.data, form.activity_count.data, form.members.data
        )
        forms[item.code] = form
    return {
        "group": group,
        "year": year,
        "month": month,
        "report": report,
        "rubric": rubric,
        "scored": sel.scored(report, sel.work_count(report), rubric) if report else None,
        "items": sel.items_for(group.org_id, year),
        "entries": entries,
        "forms": forms,
        "photos": sel.photos_for(e.id for e in entries.values()),
        "roster": roster,
        "signature": sel.signature_for(group.id, year),
        "errors": errors or {},
        "due": rules.report_due_date(year, month, rubric),
        "overdue": rules.is_overdue(local_today(), year, month, rubric),
        "actions": actions,
        "editable": rules.EDIT in actions,
        "groups": headed_groups(current_user),
        "submitted_local": sel.to_local(report.submitted_at)
        if report and report.submitted_at
        else None,
    }


CONFLICT_ITEM = "此项已被他人修改，您输入的内容没有保存。"


def _error_for(exc: ServiceError, code: str | None = None) -> dict:
    """Where a refusal shows: beside the item's field it names (a photo's beside the photo
    field only), or at the top of the form."""
    kind, _, field_code = (exc.field or "").partition("_")
    if kind == "photos" and field_code:
        return {f"{field_code}-photos": exc.message}
    key = field_code if field_code else code
    return {key or "_form": exc.message}


def _lost(group, year, month, saved: svc.Saved) -> dict:
    """The page after a save where items someone else changed were kept as they saved them:
    the stored text shows with this form's text beside it."""
    errors: dict = {"_form": saved.conflict, "lost": saved.lost}
    errors.update(dict.fromkeys(saved.lost, CONFLICT_ITEM))
    return _context(group, year, month, errors)


def _refused(group, year, month, exc: ServiceError, posted, code: str | None = None) -> dict:
    """The page after a refused save: nothing typed is lost — the posted text comes back
    with the message where it belongs."""
    errors = _error_for(exc, code)
    if any(key.endswith("-photos") for key in errors) and code is None:
        errors["_form"] = f"{exc.message}请重新选择照片后再保存；页面上填写的内容都还在。"
    return _context(group, year, month, errors, posted)


def _head_actions(report) -> list[str]:
    """What the head may do with the month's report now (a report not yet started is a
    draft to be)."""
    return rules.REPORT_WORKFLOW.allowed_actions(
        report.status if report else rules.DRAFT, [rules.HEAD]
    )


@bp.route("/reports")
def reports():
    group = _group()
    today = local_today()
    year = year_arg() or today.year
    rubric = sel.rubric_for(group.org_id, year)
    last = today.month if year == today.year else (12 if year < today.year else 0)
    by_month = sel.group_year_reports(group.id, year)
    rows = []
    for month in range(last, 0, -1):
        report = by_month.get(month)
        editable = rules.EDIT in _head_actions(report)
        rows.append(
            {
                "month": month,
                "report": report,
                "editable": editable,
                "due": rules.report_due_date(year, month, rubric),
                "overdue": editable and rules.is_overdue(today, year, month, rubric),
            }
        )
    return render_template(
        "group/reports.html",
        group=group,
        year=year,
        rows=rows,
        signature=sel.signature_for(group.id, year),
        groups=headed_groups(current_user),
        today=today,
    )


@bp.route("/reports/<year:year>/<int:month>", methods=["GET", "POST"])
def report_edit(year: int, month: int):
    _period(year, month)
    group = _group()
    if request.method == "POST":  # the whole form, saved without JavaScript
        items = sel.items_for(group.org_id, year)
        posted = _posted_forms(items, sel.group_roster(group.id))
        try:
            saved = svc.report_save_all(current_user, group, year, month, _inputs(posted))
        except ServiceError as exc:
            ctx = _refused(group, year, month, exc, posted)
            return render_template("group/report_edit.html", **ctx)
        if saved.lost:
            return render_template("group/report_edit.html", **_lost(group, year, month, saved))
        flash("草稿已保存。", "success")
        return hx_redirect(url_for("group.report_edit", year=year, month=month, group=group.id))
    return render_template("group/report_edit.html", **_context(group, year, month))


@bp.route("/reports/<year:year>/<int:month>/items/<code>", methods=["POST"])
def report_item(year: int, month: int, code: str):
    """Autosave of one item: answers its status line and new version, or on an error or a
    conflict the whole item fragment."""
    _period(year, month)
    group = _group()
    items = {i.code: i for i in sel.items_for(group.org_id, year)}
    if code not in items:
        abort(404)
    form = _item_form(code, sel.group_roster(group.id), request.form)
    error: dict = {}
    posted = None
    if not form.validate():
        error = {code: next(iter(e for errs in form.errors.values() for e in errs))}
        posted = {code: form}
    else:
        try:
            svc.report_save_item(current_user, group, year, month, _inputs({code: form})[0])
        except ConflictError:
            error = {code: CONFLICT_ITEM, "lost": {code: form.text.data or ""}}
        except ServiceError as exc:
            error, posted = {code: exc.message}, {code: form}
    if not is_fragment_request():
        if error:
            return render_template(
                "group/report_edit.html", **_context(group, year, month, error, posted)
            )
        flash("已保存。", "success")
        return hx_redirect(url_for("group.report_edit", year=year, month=month, group=group.id))
    ctx = _context(group, year, month, error, posted)
    ctx.update(item=items[code], saved=not error)
    if not error:
        # only the status line and the new version: the fields the head may still be typing
        # in are left alone
        return render_template("group/_item_status.html", oob=True, **ctx)
    # an error or a conflict: the whole item, showing the message (and the lost text)
    response = make_response(render_template("group/_report_item.html", **ctx))
    response.headers["HX-Retarget"] = f"#report-item-{code}"
    response.headers["HX-Reswap"] = "outerHTML"
    return response


@bp.route("/reports/<year:year>/<int:month>/items/<code>/photos", methods=["POST"])
def report_photo_add(year: int, month: int, code: str):
    _period(year, month)
    group = _group()
    items = sel.items_for(group.org_id, year)
    if code not in {i.code for i in items}:
        abort(404)
    fragment = is_fragment_request()
    posted = _posted_forms(
        [i for i in items if i.code == code] if fragment else items, sel.group_roster(group.id)
    )
    files = request.files.getlist(f"{code}-photos")
    try:
        saved = svc.report_photo_add(current_user, group, year, month, code, files, _inputs(posted))
    except ServiceError as exc:
        ctx = _refused(group, year, month, exc, posted, code if fragment else None)
    else:
        ctx = _lost(group, year, month, saved) if saved.lost else None
    if ctx is not None:
        if fragment:
            return render_template("group/_report_item.html", item=_item(items, code), **ctx)
        return render_template("group/report_edit.html", **ctx)
    if fragment:
        ctx = _context(group, year, month)
        return render_template(
            "group/_report_item.html", item=_item(items, code), saved=True, **ctx
        )
    flash("照片已上传。", "success")
    return hx_redirect(
        url_for("group.report_edit", year=year, month=month, group=group.id)
        + f"#report-item-{code}"
    )


def _item(items, code):
    return next(i for i in items if i.code == code)


@bp.route("/reports/<year:year>/<int:month>/photos/<int:attachment_id>/delete", methods=["POST"])
def report_photo_delete(year: int, month: int, attachment_id: int):
    _period(year, month)
    group = _group()
    report = sel.report_get(group.id, year, month)
    attachment = org_get_or_404(Attachment, attachment_id)
    if report is None:
        abort(404)
    # the delete button sits in the report form: keep what the form carried
    posted = _posted_forms(sel.items_for(group.org_id, year), sel.group_roster(group.id))
    try:
        saved = svc.report_photo_remove(current_user, report, attachment, _inputs(posted))
    except ServiceError as exc:
        if posted:
            ctx = _refused(group, year, month, exc, posted)
            return render_template("group/report_edit.html", **ctx)
        flash(exc.message, "error")
    else:
        if saved.lost:
            return render_template("group/report_edit.html", **_lost(group, year, month, saved))
        flash("照片已删除。", "success")
    return hx_redirect(url_for("group.report_edit", year=year, month=month, group=group.id))


@bp.route("/reports/<year:year>/<int:month>/submit", methods=["POST"])
def report_submit(year: int, month: int):
    _period(year, month)
    group = _group()
    items = sel.items_for(group.org_id, year)
    posted = _posted_forms(items, sel.group_roster(group.id))
    try:
        saved = svc.report_submit(current_user, group, year, month, _inputs(posted))
    except ServiceError as exc:
        ctx = _refused(group, year, month, exc, posted)
        return render_template("group/report_edit.html", **ctx)
    if saved.lost:
        return render_template("group/report_edit.html", **_lost(group, year, month, saved))
    report = saved.report
    scored = sel.scored(report, sel.work_count(report), sel.rubric_for(group.org_id, year))
    flash(
        f"{report.period_label}报告已报送"
        + ("。" if scored.on_time else "（已过截止日，记为逾期）。"),
        "success",
    )
    return hx_redirect(url_for("group.report_edit", year=year, month=month, group=group.id))


@bp.route("/reports/<year:year>/<int:month>/withdraw", methods=["POST"])
def report_withdraw(year: int, month: int):
    _period(year, month)
    group = _group()
    report = sel.report_get(group.id, year, month)
    if report is None:
        abort(404)
    return button_action(
        lambda: svc.report_withdraw(current_user, report, request.form.get("version", type=int)),
        "报告已撤回为草稿，修改后请重新报送。",
        url_for("group.report_edit", year=year, month=month, group=group.id),
    )


@bp.route("/signature/<year:year>", methods=["GET", "POST"])
def signature_edit(year: int):
    group = _group()
    row = sel.signature_for(group.id, year)
    form = SignatureForm(obj=row)
    if request.method == "GET":
        form.version.data = row.version if row is not None else UNSAVED
    done = form_action(
        form,
        lambda: config_svc.signature_save(
            current_user,
            group,
            year,
            form.name.data,
            form.description.data or "",
            form.version.data,
        ),
        "本年度特色工作已保存。",
        url_for("group.reports", year=year, group=group.id),
    )
    if done:
        return done
    return render("group/signature.html", None, form=form, group=group, year=year, row=row)
