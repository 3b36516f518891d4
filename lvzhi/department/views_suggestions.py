"""The department's numbered suggestions (建议) from consultations, supervision reports and
speeches: its list, overdue first (derived from each matter's feedback rule), and the answer
to one — outcome, 落实, note, evidence — which the secretariat can also file on its behalf
(``?department=<id>``, like the rest of the portal)."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user

from ..clock import local_today
from ..domain import loops as rules
from ..forms import form_action
from ..selectors import loops as loop_sel
from ..selectors import suggestions as sel
from ..services.suggestions import suggestion_answer
from . import bp
from .forms import SuggestionAnswerForm
from .views import acting_department, on_behalf, portal_args
from .views_actions import _with_files


@bp.route("/suggestions")
def suggestions():
    dept = acting_department()
    calendar = loop_sel.meetings(dept.org_id)
    rows = sel.of_department(current_user.org_id, dept.id, calendar, local_today())
    return render_template(
        "department/suggestions.html",
        dept=dept,
        rows=rows,
        states=rules.DEADLINE_STATES,
        args=portal_args(dept),
        behalf=on_behalf(),
        overdue=sum(1 for o in rows if o.state == rules.OVERDUE),
    )


@bp.route("/suggestions/<int:suggestion_id>", methods=["GET", "POST"])
def suggestion(suggestion_id: int):
    dept = acting_department()
    s = sel.one(current_user.org_id, suggestion_id)
    if s is None or s.department_id != dept.id:
        abort(404)
    form = SuggestionAnswerForm()
    if not form.is_submitted():
        form.outcome.data, form.implemented.data = s.outcome, s.implemented
        form.note.data, form.version.data = s.note, s.version

    answer = _with_files(
        form,
        lambda _page, files: suggestion_answer(
            current_user,
            s,
            form.outcome.data,
            form.implemented.data,
            form.note.data or "",
            files,
            form.version.data,
        ),
    )
    back = url_for("department.suggestions", **portal_args(dept))
    done = form_action(form, lambda: answer(None), f"建议{s.number}的答复已提交。", back)
    due = sel.suggestion_due(s, loop_sel.meetings(dept.org_id))
    return done or render_template(
        "department/suggestion.html",
        s=s,
        dept=dept,
        form=form,
        due=due,
        state=rules.deadline_state(due.on, local_today()) if due else None,
        states=rules.DEADLINE_STATES,
        files=sel.files_of([s.id]).get(s.id, []),
        args=portal_args(dept),
        behalf=on_behalf(),
    )
