"""建议 for the secretariat, on any matter (consultation, supervision report, speech): a
matter's suggestions (paste a list, one per line), editing one, the year's bulk table (each
row its own form, saved alone — htmx swaps just that row; a stale row says so and keeps what
was typed), the .xlsx export and its upload back (preview, then all or nothing), the year
overview (made / adopted / implemented per loop, per topic, per year) and the list of
feedback past or near its deadline across every loop."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from ..clock import local_today
from ..domain.loop_specs import LOOP_NAMES
from ..domain.suggestions import IMPORT_MAX_ROWS, NOTE_MAX
from ..excel import xlsx_response
from ..forms import (
    ConfirmForm,
    Options,
    button_action,
    form_action,
    id_choices,
    show_service_error,
)
from ..htmx import is_fragment_request, render
from ..loops.views import matter_or_404
from ..pages.overdue import overdue_page
from ..selectors import suggestions as sel
from ..selectors.roster import departments as all_departments
from ..services import ConflictError, ServiceError
from ..services import suggestions as svc
from ..stamps import kept_query_page
from ..web import IdLink, int_arg, page_arg
from . import bp
from .forms_suggestions import (
    OUTCOME_CHOICES,
    RowView,
    SuggestionEditForm,
    SuggestionRowForm,
    SuggestionsAddForm,
    SuggestionsImportForm,
)

PREVIEW_ROWS = 200
SEARCH_MAX = 100


def _department_choices() -> list[tuple]:
    active = [d for d in all_departments(current_user.org_id) if d.is_active]
    return id_choices(active, "— 暂不指定 —")


def _row_context(departments: list, row_args: dict) -> dict:
    """What every row of the table shares, built once for the page: its selects' options
    (``departments``: the active ones), its links (a row posts with the filter and page)."""
    return {
        "department_options": Options((d.id, d.name) for d in departments),
        "outcome_options": Options(OUTCOME_CHOICES),
        "row_link": IdLink("secretariat.suggestion_row", "suggestion_id", **row_args),
        "matter_link": IdLink("loops.matter", "matter_id"),
        "note_max": NOTE_MAX,
    }


def _department(department_id: int | None):
    if department_id is None:
        return None
    found = next((d for d in all_departments(current_user.org_id) if d.id == department_id), None)
    return found or abort(400)


def suggestion_or_404(suggestion_id: int):
    return sel.one(current_user.org_id, suggestion_id) or abort(404)


@bp.route("/matters/<int:matter_id>/suggestions", methods=["GET", "POST"])
def matter_suggestions(matter_id: int):
    m = matter_or_404(matter_id)
    if m.loop == "proposal":
        abort(404)
    form = SuggestionsAddForm()
    form.department.choices = _department_choices()
    done = form_action(
        form,
        lambda: svc.suggestions_add(
            current_user, m, form.text.data, _department(form.department.data)
        ),
        lambda rows: f"已添加 {len(rows)} 条建议。",
        url_for("secretariat.matter_suggestions", matter_id=m.id),
    )
    rows = sel.of_matter(m.org_id, m.id)
    return done or render_template(
        "secretariat/matter_suggestions.html",
        matter=m,
        form=form,
        rows=rows,
        tally=sel.tallies(m.org_id, [m.id]).get(m.id, sel.Tally()),
    )


@bp.route("/suggestions/<int:suggestion_id>/edit", methods=["GET", "POST"])
def suggestion_edit(suggestion_id: int):
    s = suggestion_or_404(suggestion_id)
    form = SuggestionEditForm(obj=None if request.method == "POST" else s)
    form.department.choices = _department_choices()
    if request.method == "GET":
        form.department.data, form.version.data = s.department_id, s.version
    done = form_action(
        form,
        lambda: svc.suggestion_edit(
            current_user,
            s,
            form.text.data,
            _department(form.department.data),
            form.version.data,
        ),
        f"建议 {s.number} 已保存。",
        url_for("secretariat.matter_suggestions", matter_id=s.matter_id),
    )
    return done or render_template("secretariat/suggestion_edit.html", form=form, s=s)


# --- the bulk table ------------------------------------------------------------------------


def _filter() -> sel.SuggestionFilter:
    loop, state = request.args.get("loop", ""), request.args.get("state", "")
    if request.args.get("open") == "1":  # the earlier "只看未答复" tick box
        state = state or "open"
    return sel.SuggestionFilter(
        year=int_arg("year", 2000, 2100) or local_today().year,
        loop=loop if loop in LOOP_NAMES else "",
        matter_id=int_arg("matter"),
        department_id=int_arg("department"),
        state=state if state in sel.STATES else "",
        search=request.args.get("q", "")[:SEARCH_MAX].strip(),
    )


def _filter_args(f: sel.SuggestionFilter) -> dict:
    """The filter as query arguments (the page links, the export, a row's post)."""
    args = {"year": f.year, "loop": f.loop, "matter": f.matter_id}
    args |= {"department": f.department_id, "state": f.state, "q": f.search}
    return {k: v for k, v in args.items() if v}


def row_form(s, formdata=None, choices: list[tuple] | None = None) -> SuggestionRowForm:
    """One row's form, to validate its post; ``choices``: the departments, read once."""
    form = SuggestionRowForm(formdata=formdata, prefix=f"s{s.id}")
    form.department.choices = choices if choices is not None else _department_choices()
    return form


@bp.route("/suggestions")
def suggestions():
    return _bulk_page(_filter())


def _bulk_page(f: sel.SuggestionFilter, posted: dict | None = None):
    """One page of the year's table: its rows shown from their values (``RowView``), kept
    by the worker for the body and the query (``stamps.kept_query_page``; each row's form
    served with the session's token); a posted row with what was typed and its errors,
    built for that request alone."""
    if posted:
        content = Markup(
            render_template("secretariat/_suggestions.html", **_bulk_context(f, posted))
        )
    else:
        content = kept_query_page(
            "secretariat_suggestions",
            current_user.org_id,
            "secretariat",
            "secretariat/_suggestions.html",
            lambda: _bulk_context(f, {}),
        )
    return render_template("secretariat/suggestions.html", content=content)


def _bulk_context(f: sel.SuggestionFilter, posted: dict) -> dict:
    found = sel.listing_page(current_user.org_id, f, page_arg())
    views = {s.id: posted[s.id]["view"] if s.id in posted else RowView.of(s) for s in found.items}
    args = _filter_args(f)
    departments = [d for d in all_departments(current_user.org_id) if d.is_active]
    return dict(
        f=f,
        args=args,
        page=found,
        rows=found.items,
        views=views,
        posted=posted,
        loops=LOOP_NAMES,
        states=sel.STATES,
        matters=sel.matters_with_suggestions(current_user.org_id, f.year),
        departments=departments,
        **_row_context(departments, args | ({"page": found.page} if found.page > 1 else {})),
    )


@bp.route("/suggestions/<int:suggestion_id>/row", methods=["POST"])
def suggestion_row(suggestion_id: int):
    """Save one row of the bulk table. A stale row (someone saved it since the page was
    opened) comes back with what the user typed, what is saved now, and the current version
    — saving again overwrites on purpose."""
    s = suggestion_or_404(suggestion_id)
    form = row_form(s, request.form)
    state = {"view": None, "saved": False, "conflict": None}
    if form.validate_on_submit():
        try:
            svc.suggestion_update(
                current_user,
                s,
                department=_department(form.department.data),
                outcome=form.outcome.data,
                implemented=form.implemented.data,
                note=form.note.data or "",
                version=form.version.data,
            )
            state["saved"] = True
        except ConflictError:
            s = suggestion_or_404(suggestion_id)
            state["conflict"] = s
            form.version.data, form.version.raw_data = s.version, [str(s.version)]
        except ServiceError as exc:
            show_service_error(form, exc)
    f = _filter()
    state["view"] = RowView.of(s) if state["saved"] else RowView.of_form(form)
    args = _filter_args(f) | ({"page": page_arg()} if page_arg() > 1 else {})
    if state["saved"] and not is_fragment_request():
        flash(f"建议 {s.number} 已保存。", "success")
        return redirect(url_for("secretariat.suggestions", **args), code=303)
    if is_fragment_request():
        return render(
            "secretariat/suggestions.html",
            "secretariat/_suggestion_row.html",
            s=s,
            view=state["view"],
            state=state,
            **_row_context([d for d in all_departments(current_user.org_id) if d.is_active], args),
        )
    return _bulk_page(f, posted={s.id: state})


@bp.route("/suggestions/export.xlsx")
def suggestions_export():
    f = _filter()
    rows = sel.listing(current_user.org_id, f)
    return xlsx_response(f"{f.year}年建议采纳落实.xlsx", sel.sheet(rows))


@bp.route("/suggestions/import", methods=["GET", "POST"])
def suggestions_import():
    form = SuggestionsImportForm()
    preview = None
    if form.validate_on_submit():
        try:
            preview = svc.suggestions_import_preview(current_user, form.file.data.read())
        except ServiceError as exc:
            form.file.errors = [*form.file.errors, exc.message]
    return render_template(
        "secretariat/suggestions_import.html",
        form=form,
        preview=preview,
        shown_rows=PREVIEW_ROWS,
        max_rows=IMPORT_MAX_ROWS,
        confirm=ConfirmForm(),
    )


@bp.route("/suggestions/import/<token>", methods=["POST"])
def suggestions_import_confirm(token: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return button_action(
        lambda: svc.suggestions_import_commit(current_user, token),
        lambda n: f"已更新 {n} 条建议。",
        url_for("secretariat.suggestions"),
        refused_to=url_for("secretariat.suggestions_import"),
    )


# --- figures and deadlines -----------------------------------------------------------------


@bp.route("/suggestions/overview")
def suggestions_overview():
    year = int_arg("year", 2000, 2100) or local_today().year
    org = current_user.org_id
    return render_template(
        "secretariat/suggestions_overview.html",
        overview=sel.year_overview(org, year),
        years=sel.years(org),
        year=year,
    )


@bp.route("/overdue")
def overdue():
    return overdue_page()
