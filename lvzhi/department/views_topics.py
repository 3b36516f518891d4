"""A consultation or supervision topic in the department's portal: what the topic is (its
kind, meeting, lead committee), the feedback deadline by level, the documents it is handled
on (research report, consultation record or supervision report, the feedback), the
suggestions assigned to this department with the way to answer each, and only the steps
the loop's workflow gives a department at this stage (协商: 落实, 反馈 with its document;
民主监督: 建言处置) — the lead department's to take."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user

from ..clock import local_today
from ..domain import consultations as topic_rules
from ..domain import loops as rules
from ..domain.loop_specs import CONSULTATION_KINDS
from ..domain.overdue import feedback_owed
from ..domain.suggestions import ADOPTED
from ..forms import checked_uploads, form_action
from ..secretariat.forms_consultations import StepForm
from ..selectors import consultations as topic_sel
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as loop_sel
from ..selectors import suggestions as suggestion_sel
from ..services import ConflictError, ServiceError
from ..services import consultations as topic_svc
from . import bp
from .views import MatterPage, matter_or_404, on_behalf, portal_args, render_matter

TOPIC_LOOPS = topic_sel.LOOPS
# steps a department never takes from its portal (督办 is oversight's)
NOT_OFFERED = ("supervise",)


def topic_steps(p: MatterPage) -> list[str]:
    """The moves the workflow allows a department at the topic's stage — for its lead."""
    if not p.assignment.is_lead:
        return []
    allowed = p.matter.spec.workflow.allowed_actions(p.matter.stage, [rules.DEPARTMENT])
    return [a for a in allowed if a not in NOT_OFFERED]


def _tally(rows) -> suggestion_sel.Tally:
    """建议N条，采纳落实M条 of the suggestions shown (already loaded)."""
    adopted = [s for s in rows if s.outcome in ADOPTED]
    return suggestion_sel.Tally(
        made=len(rows),
        adopted=len(adopted),
        implemented=sum(1 for s in adopted if s.implemented),
        answered=sum(1 for s in rows if s.answered_at is not None),
    )


def render_topic(p: MatterPage, step_forms: dict | None = None):
    m = p.matter
    calendar = loop_sel.meetings(m.org_id)
    due = deadline_sel.matter_due(m, calendar)
    if due is None and m.loop == "consultation" and m.kind in topic_rules.PLAN_SLOTS:
        due = deadline_sel.consultation_due(m, calendar)  # shown, not running
    owed = feedback_owed(m.loop, m.stage)
    files = loop_sel.event_files(m.events)
    wf = m.spec.workflow
    step_forms = step_forms or {}
    steps = [
        (
            action,
            wf.action_label(action),
            step_forms.get(action) or StepForm(formdata=None, prefix=action, version=m.version),
            topic_svc.FILE_NEEDED.get((m.loop, action)),
            topic_svc.NOTE_NEEDED.get((m.loop, action)),
        )
        for action in topic_steps(p)
    ]
    # a step posted that the page does not offer: its refusal shown on top
    refused = [f for action, f in step_forms.items() if action not in topic_steps(p)]
    mine = [s for s in suggestion_sel.of_matter(m.org_id, m.id) if s.department_id == p.dept.id]
    return render_template(
        "department/topic.html",
        p=p,
        m=m,
        a=p.assignment,
        dept=p.dept,
        kind=CONSULTATION_KINDS.get(m.kind, ""),
        due=due,
        state=rules.deadline_state(due.on, local_today()) if due and owed else None,
        states=rules.DEADLINE_STATES,
        documents=topic_sel.documents(m, files),
        suggestions=mine,
        tally=_tally(mine),
        steps=steps,
        refused=refused,
        events=[e for e in m.events if e.action not in ("people", "check")],
        files=files,
        args=portal_args(p.dept),
        behalf=on_behalf(),
    )


def render_page(p: MatterPage, **forms):
    """The department's page of a matter: a topic's own, else the handling page (``forms``:
    a refused proposal form to show again)."""
    if p.matter.loop in TOPIC_LOOPS:
        return render_topic(p)
    return render_matter(p, **forms)


@bp.route("/matters/<int:matter_id>")
def matter(matter_id: int):
    return render_page(matter_or_404(matter_id))


@bp.route("/matters/<int:matter_id>/steps/<action>", methods=["POST"])
def topic_step(matter_id: int, action: str):
    """落实 / 反馈 (with its document) / 建言处置 on the lead department's topic."""
    p = matter_or_404(matter_id)
    if p.matter.loop not in TOPIC_LOOPS or action not in p.matter.spec.workflow.actions:
        abort(404)
    form = StepForm(prefix=action)

    def step():
        if action not in topic_steps(p):
            if form.version.data is not None and form.version.data != p.matter.version:
                raise ConflictError()  # done or moved on since the page was opened
            raise ServiceError("本单位当前不能办理此步骤。")
        uploads = checked_uploads(form)
        if uploads is None:
            raise ServiceError(form.files.errors.pop(), field="files")
        return topic_svc.topic_step(
            current_user,
            p.matter,
            action,
            note=form.note.data or "",
            files=uploads,
            version=form.version.data,
        )

    label = p.matter.spec.workflow.action_label(action)
    back = url_for("department.matter", matter_id=p.matter.id, **portal_args(p.dept))
    done = form_action(form, step, f"已办理：{label}。", back)
    return done or render_topic(p, {action: form})
