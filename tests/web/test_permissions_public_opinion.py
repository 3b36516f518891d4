"""Permission matrix of the 社情民意 routes: a member writes and withdraws only their own
reports and reads another member's only once adopted and published in a 《社情民意》 issue;
an issue being edited is the secretariat's and leaders' (a proof); the editor's pages are the
secretariat's; the overview is the leaders'; a department sees only the reports assigned to
it; another organization finds nothing."""

from __future__ import annotations

from lvzhi.clock import local_today

from ..factories import World, checked_png, gen_instructed_opinion, gen_opinion
from .matrix import ACTORS, DENY, LOGIN, MISSING, OK, SEE_OTHER

MEMBERS = {a: DENY for a in ACTORS} | {"anon": LOGIN, "member": OK, "group_head": OK}
MEMBERS["committee"] = OK  # heads and directors are members too
MEMBERS_POST = {a: (SEE_OTHER if v == OK else v) for a, v in MEMBERS.items()}
NOBODY = {a: MISSING for a in ACTORS} | {"anon": LOGIN}
OFFICE_AND_LEADERS = NOBODY | {"secretariat": OK, "leader": OK}
READERS = OFFICE_AND_LEADERS | {"member": OK, "group_head": OK, "committee": OK}


def own(status: int) -> dict[str, object]:
    """张岩枢's own report: another member (the head, the director) gets a 404."""
    base = MEMBERS if status == OK else MEMBERS_POST
    return base | {"group_head": MISSING, "committee": MISSING}


def office(status: int = OK, object_scoped: bool = False) -> dict[str, object]:
    return {a: DENY for a in ACTORS} | {
        "anon": LOGIN,
        "secretariat": status,
        "other_org": MISSING if object_scoped else status,
    }


LEADERS = {a: DENY for a in ACTORS} | {"anon": LOGIN, "leader": OK}
S = "/secretariat/opinions"

MATRIX = [
    # the member
    ("GET", "/member/opinions", "member.opinions", MEMBERS),
    ("GET", "/member/opinions/new", "member.opinion_new", MEMBERS),
    # nothing typed: the form comes back saying so, and no draft is made
    ("POST", "/member/opinions/new", "member.opinion_new", MEMBERS),
    ("POST", "/member/opinions/autosave", "member.opinion_autosave", MEMBERS),
    ("GET", "/member/opinions/{po_own_draft}/edit", "member.opinion_edit", own(OK)),
    ("POST", "/member/opinions/{po_own_draft}/edit", "member.opinion_edit", own(SEE_OTHER)),
    (
        "POST",
        "/member/opinions/{po_own_draft}/files/{po_own_file}/remove",
        "member.opinion_file_remove",
        own(SEE_OTHER),
    ),
    (
        "POST",
        "/member/opinions/{po_own_submitted}/withdraw",
        "member.opinion_withdraw",
        own(SEE_OTHER),
    ),
    # the report's page: own, a peer's sent or published one, one assigned to the department
    ("GET", "/loops/{po_own_draft2}", "loops.matter", NOBODY | {"member": OK}),
    ("GET", "/loops/{po_peer_submitted}", "loops.matter", OFFICE_AND_LEADERS),
    ("GET", "/loops/{po_peer_published}", "loops.matter", READERS),
    (
        "GET",
        "/loops/{po_assigned}",
        "loops.matter",
        OFFICE_AND_LEADERS | {"member": OK, "department": OK},
    ),
    # 《社情民意》
    ("GET", "/loops/bulletins", "loops.bulletins", READERS | {"other_org": OK}),
    ("GET", "/loops/bulletins/{po_published_issue}", "loops.bulletin", READERS),
    ("GET", "/loops/bulletins/{po_draft_issue}", "loops.bulletin", OFFICE_AND_LEADERS),
    # the secretariat
    ("GET", S, "secretariat.opinions", office()),
    ("GET", S + "?stage=all&page=2", "secretariat.opinions", office()),  # paged
    ("GET", S + "/new", "secretariat.opinion_enter", office()),
    ("POST", S + "/new", "secretariat.opinion_enter", office()),  # errors: no collective
    ("GET", S + "/{po_peer_submitted}/review", "secretariat.opinion_review", office(OK, True)),
    ("POST", S + "/{po_peer_submitted}/review", "secretariat.opinion_review", office(OK, True)),
    ("GET", S + "/{po_adopted}/forward", "secretariat.opinion_forward", office(OK, True)),
    ("POST", S + "/{po_adopted}/forward", "secretariat.opinion_forward", office(OK, True)),
    ("GET", S + "/{po_forwarded}/instruction", "secretariat.opinion_instruction", office(OK, True)),
    (
        "POST",
        S + "/{po_forwarded}/instruction",
        "secretariat.opinion_instruction",
        office(OK, True),
    ),
    ("GET", S + "/{po_instructed}/assign", "secretariat.opinion_assign", office(OK, True)),
    ("POST", S + "/{po_instructed}/assign", "secretariat.opinion_assign", office(OK, True)),
    ("GET", S + "/figures", "secretariat.opinion_figures", office()),
    ("GET", S + "/export.xlsx", "secretariat.opinions_export", office()),
    ("GET", "/secretariat/bulletins", "secretariat.bulletins", office()),
    ("POST", "/secretariat/bulletins/new", "secretariat.bulletin_create", office(SEE_OTHER)),
    ("GET", "/secretariat/bulletins/{po_draft_issue}", "secretariat.bulletin", office(OK, True)),
    # nothing ticked: refused with a message, back to the issue
    (
        "POST",
        "/secretariat/bulletins/{po_draft_issue}",
        "secretariat.bulletin",
        office(SEE_OTHER, True),
    ),
    (
        "POST",
        "/secretariat/bulletins/{po_draft_issue}/entries/{po_draft_entry}/remove",
        "secretariat.bulletin_remove",
        office(SEE_OTHER, True),
    ),
    # no date: the form comes back with its error
    (
        "POST",
        "/secretariat/bulletins/{po_draft_issue}/publish",
        "secretariat.bulletin_publish",
        office(OK, True),
    ),
    # leaders
    ("GET", "/board/opinions", "board.opinions", LEADERS),
    ("GET", "/board/opinions/export.xlsx", "board.opinions_export", LEADERS),
    # a leader's own 批示 (a post with nothing filled comes back with its errors)
    ("GET", "/board/opinions/{po_forwarded}/instruction", "board.opinion_instruction", LEADERS),
    ("POST", "/board/opinions/{po_forwarded}/instruction", "board.opinion_instruction", LEADERS),
]


def extra_ids(w: World) -> dict[str, int]:
    from sqlalchemy import select

    from lvzhi.extensions import db
    from lvzhi.models import Department, User
    from lvzhi.services import loops as loop_svc
    from lvzhi.services import public_opinion as svc
    from lvzhi.services.loop_instructions import matter_forward_record

    peer = db.session.scalar(select(User).where(User.member_id == w.peer.id))
    office_user, today = w.secretariat_user, local_today()
    own_draft = svc.opinion_save(w.member_user, title="本人草稿", files=[checked_png("现场.png")])
    own_draft2 = gen_opinion(w.member_user, "本人另一份草稿")
    own_submitted = gen_opinion(w.member_user, "本人已报送", submit=True)
    peer_submitted = gen_opinion(peer, "李伟已报送", submit=True)
    peer_published = gen_opinion(peer, "李伟已刊发", submit=True)
    adopted = gen_opinion(peer, "已采用待报送", submit=True)
    forwarded = gen_opinion(peer, "已报送待批示", submit=True)
    for m in (peer_published, adopted, forwarded):
        svc.opinion_review(office_user, m, "adopt")
    matter_forward_record(office_user, forwarded, "county", today)
    instructed = gen_instructed_opinion(w, "有批示待交办")
    assigned = gen_instructed_opinion(w, "已交办县教育局")
    dept = db.session.scalar(select(Department).where(Department.name == "县教育局"))
    loop_svc.matter_assign(office_user, assigned, dept)
    published_issue = svc.bulletin_create(office_user)
    svc.bulletin_add(office_user, published_issue, [peer_published])
    svc.bulletin_publish(office_user, published_issue)
    draft_issue = svc.bulletin_create(office_user)
    svc.bulletin_add(office_user, draft_issue, [adopted])
    db.session.commit()
    file_id = own_draft_file(own_draft.id)
    return {
        "po_own_draft": own_draft.id,
        "po_own_file": file_id,
        "po_own_draft2": own_draft2.id,
        "po_own_submitted": own_submitted.id,
        "po_peer_submitted": peer_submitted.id,
        "po_peer_published": peer_published.id,
        "po_adopted": adopted.id,
        "po_forwarded": forwarded.id,
        "po_instructed": instructed.id,
        "po_assigned": assigned.id,
        "po_published_issue": published_issue.id,
        "po_draft_issue": draft_issue.id,
        "po_draft_entry": draft_issue.entries[0].id,
    }


def own_draft_file(matter_id: int) -> int:
    from sqlalchemy import select

    from lvzhi.domain.uploads import OWNER_MATTER
    from lvzhi.extensions import db
    from lvzhi.models import Attachment

    return db.session.scalar(
        select(Attachment.id).where(
            Attachment.owner_type == OWNER_MATTER, Attachment.owner_id == matter_id
        )
    )
