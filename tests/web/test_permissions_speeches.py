"""Permission matrix of the plenary-speech and work-suggestion routes: members (heads and
directors too) have their own lists and forms and withdraw only their own; the secretariat
works the queues and the registers; leaders see the overview and instruct; a speech's page
is seen by its speaker, the office, leaders and — once assigned — the department; another
organization finds nothing."""

from __future__ import annotations

from ..factories import World
from .matrix import ACTORS, DENY, LOGIN, MISSING, OK, SEE_OTHER

MEMBERS = {a: DENY for a in ACTORS} | {
    "anon": LOGIN,
    "member": OK,
    "group_head": OK,
    "committee": OK,
}


def own(status: int) -> dict[str, object]:
    """张岩枢's own speech or suggestion: the head and the director, members too, get a 404."""
    return MEMBERS | {"member": status, "group_head": MISSING, "committee": MISSING}


def office(object_scoped: bool = False, status: int = OK) -> dict[str, object]:
    return {a: DENY for a in ACTORS} | {
        "anon": LOGIN,
        "secretariat": status,
        "other_org": MISSING if object_scoped else status,
    }


LEADERS = {a: DENY for a in ACTORS} | {"anon": LOGIN, "leader": OK}
LEADER_ON_OBJECT = LEADERS
NOBODY = {a: MISSING for a in ACTORS} | {"anon": LOGIN}
SEEN_BY_SPEAKER = NOBODY | {"member": OK, "secretariat": OK, "leader": OK}

S = "/secretariat/speeches/{speech_submitted}"
MATRIX = [
    # the member
    ("GET", "/member/speeches", "member.speeches", MEMBERS),
    ("GET", "/member/speeches/new", "member.speech_new", MEMBERS),
    ("POST", "/member/speeches/new", "member.speech_new", MEMBERS),  # empty: errors shown
    (
        "POST",
        "/member/speeches/{speech_to_withdraw}/withdraw",
        "member.speech_withdraw",
        own(SEE_OTHER),
    ),
    ("GET", "/member/work-suggestions", "member.work_suggestions", MEMBERS),
    ("GET", "/member/work-suggestions/new", "member.work_suggestion_new", MEMBERS),
    ("POST", "/member/work-suggestions/new", "member.work_suggestion_new", MEMBERS),
    (
        "POST",
        "/member/work-suggestions/{suggestion_to_withdraw}/withdraw",
        "member.work_suggestion_withdraw",
        own(SEE_OTHER),
    ),
    # the matter's page: the speaker, the office, leaders; the department once assigned
    ("GET", "/loops/{speech_submitted}", "loops.matter", SEEN_BY_SPEAKER),
    ("GET", "/loops/{speech_assigned}", "loops.matter", SEEN_BY_SPEAKER | {"department": OK}),
    ("GET", "/loops/{suggestion}", "loops.matter", SEEN_BY_SPEAKER),
    # the department portal handles an instructed speech like a proposal
    (
        "GET",
        "/department/matters/{speech_assigned}",
        "department.matter",
        {a: DENY for a in ACTORS}
        | {"anon": LOGIN, "secretariat": OK, "department": OK, "other_org": MISSING},
    ),
    # the secretariat
    ("GET", "/secretariat/speeches", "secretariat.speeches", office()),
    ("GET", "/secretariat/speeches?stage=all&year=2026", "secretariat.speeches", office()),
    ("GET", "/secretariat/speeches/new", "secretariat.speech_enter", office()),
    ("POST", "/secretariat/speeches/new", "secretariat.speech_enter", office()),
    ("GET", S + "/select", "secretariat.speech_select", office(True)),
    ("POST", S + "/select", "secretariat.speech_select", office(True)),  # no decision
    ("GET", S + "/unselect", "secretariat.speech_unselect", office(True)),
    ("GET", S + "/instruct", "secretariat.speech_instruct", office(True)),
    ("GET", S + "/assign", "secretariat.speech_assign", office(True)),
    ("GET", S + "/supervise", "secretariat.speech_supervise", office(True)),
    ("GET", "/secretariat/speeches/export.xlsx", "secretariat.speeches_export", office()),
    ("GET", "/secretariat/work-suggestions", "secretariat.work_suggestions", office()),
    (
        "GET",
        "/secretariat/work-suggestions/{suggestion}/answer",
        "secretariat.work_suggestion_answer",
        office(True),
    ),
    (
        "POST",
        "/secretariat/work-suggestions/{suggestion}/answer",
        "secretariat.work_suggestion_answer",
        office(True),  # no answer chosen: the form comes back
    ),
    (
        "GET",
        "/secretariat/work-suggestions/export.xlsx",
        "secretariat.work_suggestions_export",
        office(),
    ),
    # leaders
    ("GET", "/board/speeches", "board.speeches", LEADERS),
    ("GET", "/board/speeches/{speech_selected}/instruct", "board.speech_instruct", LEADERS),
    ("POST", "/board/speeches/{speech_selected}/instruct", "board.speech_instruct", LEADERS),
    # a proposal is not a speech
    (
        "GET",
        "/board/speeches/{suggestion}/instruct",
        "board.speech_instruct",
        NOBODY
        | {
            "member": DENY,
            "group_head": DENY,
            "committee": DENY,
            "secretariat": DENY,
            "other_org": DENY,
            "department": DENY,
        },
    ),
]


def extra_ids(w: World) -> dict[str, int]:
    from lvzhi.extensions import db
    from lvzhi.models import Department
    from lvzhi.services import loops as loop_svc
    from lvzhi.services import speeches as svc

    def speech(title: str):
        return svc.speech_submit(w.member_user, title, "发言稿全文。")

    submitted = speech("待选用的发言")
    to_withdraw = speech("待撤回的发言")
    selected = speech("已选用的发言")
    svc.speech_select(w.secretariat_user, selected, "oral")
    assigned = speech("已交办的发言")
    svc.speech_select(w.secretariat_user, assigned, "written")
    svc.speech_instruct(w.leader_user, assigned, "请研究落实。", "county")
    dept = db.session.scalar(
        db.select(Department).where(Department.org_id == w.org.id, Department.name == "县教育局")
    )
    loop_svc.matter_assign(w.secretariat_user, assigned, dept)
    suggestion = svc.work_suggestion_submit(w.member_user, "建议", "多组织读书活动。")
    to_withdraw_s = svc.work_suggestion_submit(w.member_user, "待撤回的建议", "内容。")
    db.session.commit()
    return {
        "speech_submitted": submitted.id,
        "speech_to_withdraw": to_withdraw.id,
        "speech_selected": selected.id,
        "speech_assigned": assigned.id,
        "suggestion": suggestion.id,
        "suggestion_to_withdraw": to_withdraw_s.id,
    }
