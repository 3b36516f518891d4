"""协商 "1+2+6+X" and 民主监督 "1+5+5" for the secretariat: the year's plan with its places,
the supervision topics, a topic's form, its steps (with documents), 交办, the people picker
(search as you type with htmx; without JavaScript a search form and checkboxes) and the five
requirements. The topic's own page is the cross-role ``loops.matter``."""

from __future__ import annotations

import secrets

from flask import abort, request, url_for
from flask_login import current_user

from ..auth.permissions import org_get_or_404
from ..clock import local_today
from ..domain import consultations as rules
from ..domain.loop_specs import CONSULTATION_KINDS
from ..excel import workbook_bytes, xlsx_response
from ..forms import form_action, id_choices
from ..htmx import render
from ..loops.views import loop_matter_or_404
from ..loops.views_topics import people_view, person_remove_view, step_view, topic_page
from ..models import Committee, Department, Matter, Meeting
from ..selectors import consultations as sel
from ..selectors import loops as loop_sel
from ..selectors.calendar import meetings as year_meetings
from ..selectors.roster import departments, structure_choices
from ..services import consultations as svc
from ..stamps import kept_query_page
from ..web import year_arg
from . import bp
from .forms_consultations import RequirementForm, TopicAssignForm, TopicForm

LOOP_PAGES = {"consultation": "secretariat.consultations", "supervision": "secretariat.supervision"}


def _year() -> int:
    return year_arg() or local_today().year


def _topic(matter_id: int) -> Matter:
    return loop_matter_or_404(matter_id, *sel.LOOPS)


def _matter_url(m: Matter) -> str:
    return url_for("loops.matter", matter_id=m.id)


# --- the plan and the lists ----------------------------------------------------------------


@bp.route("/consultations")
def consultations():
    """The year's plan, kept by the worker for the body and the query
    (``stamps.kept_query_page``)."""
    year = _year()
    content = kept_query_page(
        "secretariat_consultations",
        current_user.org_id,
        "secretariat",
        "secretariat/consultations/_plan.html",
        lambda: {
            "plan": sel.plan(current_user.org_id, year),
            "year": year,
            "kinds": CONSULTATION_KINDS,
            "states": loop_sel.rules.DEADLINE_STATES,
        },
    )
    return render("secretariat/consultations/plan.html", year=year, content=content)


@bp.route("/consultations/plan.xlsx")
def consultations_export():
    year = _year()
    p = sel.plan(current_user.org_id, year)
    rows = []
    for slot in p.slots:
        m = slot.topic
        row = p.rows.get(m.id) if m else None
        rows.append(
            [
                CONSULTATION_KINDS[slot.kind],
                slot.number,
                m.title if m else "（待定）",
                m.stage_label if m else "",
                (m.committee.name if m and m.committee else ""),
                (f"{m.meeting.title} {m.meeting.held_on.isoformat()}" if m and m.meeting else ""),
                (m.lead_department.name if m and m.lead_department else ""),
                m.contact if m else "",
                row.due.text if row and row.due else "",
            ]
        )
    headers = ["类别", "序号", "议题", "阶段", "牵头专委会", "所属会议", "牵头承办单位"]
    headers += ["牵头联系领导", "书面反馈期限"]
    data = workbook_bytes(f"{year}年度协商计划", headers, rows)
    return xlsx_response(f"{year}年度协商计划（1+2+6+X）.xlsx", data)


@bp.route("/supervision")
def supervision():
    year = _year()
    return render(
        "secretariat/consultations/supervision.html",
        rows=sel.supervision_rows(current_user.org_id, year),
        year=year,
        states=loop_sel.rules.DEADLINE_STATES,
    )


# --- a topic's form ------------------------------------------------------------------------


def _choices(form: TopicForm, year: int, kept: int | None = None) -> None:
    """The form's choices; ``kept``: the topic's own lead department, offered even once it
    has been switched off, so the rest of the topic can still be edited."""
    org = current_user.org_id
    form.meeting.choices = [("", "— 未排期 —")] + [
        (m.id, f"{m.held_on.isoformat()} {m.kind_label}：{m.title}")
        for m in year_meetings(org, year)
    ]
    form.committee.choices = id_choices(structure_choices(org).committees)
    form.department.choices = id_choices(
        [d for d in departments(org) if d.is_active or d.id == kept]
    )


def _refs(form: TopicForm):
    def get(model, ident):
        return org_get_or_404(model, ident) if ident else None

    return (
        get(Committee, form.committee.data),
        get(Meeting, form.meeting.data),
        get(Department, form.department.data),
    )


def _topic_form(loop: str, matter: Matter | None):
    year = matter.year if matter else _year()
    form = TopicForm(obj=None)
    _choices(form, year, matter.lead_department_id if matter else None)
    if request.method == "GET":
        if matter is not None:
            form.title.data, form.kind.data, form.contact.data = (
                matter.title,
                matter.kind,
                matter.contact,
            )
            form.meeting.data, form.committee.data = matter.meeting_id, matter.committee_id
            form.department.data, form.version.data = matter.lead_department_id, matter.version
        else:
            kind = request.args.get("kind", "")
            form.kind.data = kind if kind in CONSULTATION_KINDS else ""
            form.token.data = _token()

    def save():
        committee, meeting, department = _refs(form)
        return svc.topic_save(
            current_user,
            loop,
            title=form.title.data,
            year=year,
            kind=form.kind.data or "",
            committee=committee,
            meeting=meeting,
            department=department,
            contact=form.contact.data or "",
            matter=matter,
            version=form.version.data,
            client_token=form.token.data or None,
        )

    done = form_action(form, save, "议题已保存。", _matter_url)
    return done or render(
        "secretariat/consultations/topic_form.html",
        form=form,
        loop=loop,
        matter=matter,
        year=year,
        back=url_for(LOOP_PAGES[loop], year=year),
    )


def _token() -> str:
    return secrets.token_hex(16)


@bp.route("/consultations/new", methods=["GET", "POST"], defaults={"loop": "consultation"})
@bp.route("/supervision/new", methods=["GET", "POST"], defaults={"loop": "supervision"})
def topic_new(loop: str):
    return _topic_form(loop, None)


@bp.route("/topics/<int:matter_id>/edit", methods=["GET", "POST"])
def topic_edit(matter_id: int):
    m = _topic(matter_id)
    return _topic_form(m.loop, m)


# --- steps on the timeline -----------------------------------------------------------------


@bp.route("/topics/<int:matter_id>/steps/<action>", methods=["POST"])
def topic_step(matter_id: int, action: str):
    """A move or a document: note and files from the matter page's form for ``action``."""
    return step_view(_topic(matter_id), action)


@bp.route("/topics/<int:matter_id>/assign", methods=["POST"])
def topic_assign(matter_id: int):
    m = _topic(matter_id)
    form = TopicAssignForm()
    form.lead.choices = id_choices([d for d in departments(current_user.org_id) if d.is_active])

    def assign():
        lead = org_get_or_404(Department, form.lead.data) if form.lead.data else None
        return svc.topic_assign(
            current_user, m, lead, version=form.version.data, note=form.note.data or ""
        )

    done = form_action(form, assign, "已交办。", _matter_url(m))
    if done:
        return done
    return topic_page(m, assign_form=form)


@bp.route("/topics/<int:matter_id>/requirements/<code>", methods=["POST"])
def topic_requirement(matter_id: int, code: str):
    m = _topic(matter_id)
    if code not in rules.REQUIREMENTS or m.loop != "supervision":
        abort(404)
    form = RequirementForm()
    done = form_action(
        form,
        lambda: svc.requirement_set(
            current_user, m, code, form.done.data, form.note.data or "", form.version.data
        ),
        f"已记录：{rules.REQUIREMENTS[code]}。",
        _matter_url(m) + "#requirements",
    )
    # a refusal (a note too long, a stale form): the page again, the form open with its
    # errors and what was typed
    return done or topic_page(m, requirement=(code, form))


# --- the people picker ---------------------------------------------------------------------


@bp.route("/topics/<int:matter_id>/people/<part>", methods=["GET", "POST"])
def topic_people(matter_id: int, part: str):
    return people_view(_topic(matter_id), part)


@bp.route("/topics/<int:matter_id>/people/<part>/<int:member_id>/remove", methods=["POST"])
def topic_person_remove(matter_id: int, part: str, member_id: int):
    return person_remove_view(_topic(matter_id), part, member_id)
