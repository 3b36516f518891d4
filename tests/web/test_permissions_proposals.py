"""Permission matrix of the proposal routes (member, public list, matter page, secretariat,
leaders), with exact statuses: a member sees their own drafts and the ones they are invited
to, everyone in the body sees filed public proposals, another organization sees nothing."""

from __future__ import annotations

from lvzhi.clock import local_today

from ..factories import World, gen_department, gen_proposal
from .matrix import ACTORS, LOGIN

# the department portal's contact (helper L3 adds the actor): no member, no office pages
ACTORS = [*ACTORS, *(["department"] if "department" not in ACTORS else [])]
Y = local_today().year
MEMBERS = {a: 403 for a in ACTORS} | {"anon": LOGIN, "member": 200, "group_head": 200}
MEMBERS["committee"] = 200  # heads and directors are members too
MEMBERS_POST = {a: (303 if v == 200 else v) for a, v in MEMBERS.items()}


def own(status: int) -> dict[str, object]:
    """张岩枢's own proposal: another member (the head, the director) gets a 404."""
    base = MEMBERS if status == 200 else MEMBERS_POST
    return base | {"group_head": 404, "committee": 404}


def office(status: int = 200, object_scoped: bool = False) -> dict[str, object]:
    return {a: 403 for a in ACTORS} | {
        "anon": LOGIN,
        "secretariat": status,
        "other_org": 404 if object_scoped else status,
    }


def leaders(status: int = 200) -> dict[str, object]:
    return {a: 403 for a in ACTORS} | {"anon": LOGIN, "leader": status}


IN_ORG = {a: 200 for a in ACTORS} | {"anon": LOGIN, "other_org": 404, "department": 404}
NOBODY = {a: 404 for a in ACTORS} | {"anon": LOGIN}

MATRIX = [
    # the member
    ("GET", "/member/proposals", "member.proposals", MEMBERS),
    ("GET", "/member/proposals/new", "member.proposal_new", MEMBERS),
    # nothing typed: the form comes back saying so, and no draft is made
    ("POST", "/member/proposals/new", "member.proposal_new", MEMBERS),
    ("POST", "/member/proposals/autosave", "member.proposal_autosave", MEMBERS),
    ("GET", "/member/proposals/{own_proposal_draft}/edit", "member.proposal_edit", own(200)),
    (
        "GET",
        "/member/proposals/{peer_draft}/edit",
        "member.proposal_edit",
        own(200) | {"member": 404},
    ),
    (
        "GET",
        "/member/proposals/{own_proposal_draft}/invite?q=李",
        "member.proposal_invite",
        own(200),
    ),
    ("POST", "/member/proposals/{own_proposal_draft}/invite", "member.proposal_invite", own(303)),
    # answered on an invitation of its own: one declined is no longer the member's to read
    ("POST", "/member/proposals/{invited_to_answer}/answer", "member.proposal_answer", own(303)),
    (
        "POST",
        "/member/proposals/{peer_draft}/answer",
        "member.proposal_answer",
        own(303) | {"member": 404},
    ),
    ("POST", "/member/proposals/{own_submitted}/recall", "member.proposal_recall", own(303)),
    # submitted on a draft of its own, so the rows that edit or invite on own_draft find it
    # still a draft in either order
    ("POST", "/member/proposals/{draft_to_submit}/submit", "member.proposal_submit", own(303)),
    ("GET", "/member/proposals/{own_replied}/evaluate", "member.proposal_evaluate", own(200)),
    # the matter's page and the public list
    ("GET", "/loops/proposals", "loops.proposals", IN_ORG | {"other_org": 200, "department": 403}),
    ("GET", "/loops/{filed_public}", "loops.matter", IN_ORG),  # not assigned to the department
    ("GET", "/loops/{own_draft2}", "loops.matter", NOBODY | {"member": 200}),
    ("GET", "/loops/{invited}", "loops.matter", NOBODY | {"member": 200}),
    (
        "GET",
        "/loops/{filed_private}",
        "loops.matter",
        NOBODY | {"secretariat": 200, "leader": 200},
    ),
    # the secretariat
    ("GET", "/secretariat/proposals", "secretariat.proposals", office()),
    ("GET", "/secretariat/proposals/new", "secretariat.proposal_enter", office()),
    # an empty form comes back with its errors
    ("POST", "/secretariat/proposals/new", "secretariat.proposal_enter", office()),
    ("GET", "/secretariat/proposals/assign", "secretariat.proposals_assign_many", office()),
    ("POST", "/secretariat/proposals/assign", "secretariat.proposals_assign_many", office()),
    ("GET", "/secretariat/proposals/overdue", "secretariat.proposals_overdue", office()),
    ("GET", "/secretariat/proposals/figures", "secretariat.proposal_figures", office()),
    (
        "GET",
        "/secretariat/proposals/figures.xlsx",
        "secretariat.proposal_figures_export",
        office(),
    ),
    ("GET", "/secretariat/proposals/export.xlsx", "secretariat.proposals_export", office()),
    ("GET", f"/secretariat/proposals/settings/{Y}", "secretariat.proposal_settings", office()),
    ("POST", f"/secretariat/proposals/settings/{Y}", "secretariat.proposal_settings", office(303)),
    (
        "GET",
        "/secretariat/proposals/{peer_submitted}/review",
        "secretariat.proposal_review",
        office(200, True),
    ),
    (
        "POST",
        "/secretariat/proposals/{peer_submitted}/review",
        "secretariat.proposal_review",
        office(200, True),
    ),
    (
        "GET",
        "/secretariat/proposals/{filed_public}/assign",
        "secretariat.proposal_assign",
        office(200, True),
    ),
    (
        "POST",
        "/secretariat/proposals/{filed_public}/assign",
        "secretariat.proposal_assign",
        office(200, True),
    ),
    (
        "GET",
        "/secretariat/proposals/{filed_public}/key",
        "secretariat.proposal_key",
        office(200, True),
    ),
    (
        "GET",
        "/secretariat/proposals/{filed_public}/extend",
        "secretariat.proposal_extend",
        office(200, True),
    ),
    (
        "GET",
        "/secretariat/proposals/{filed_public}/supervise",
        "secretariat.proposal_supervise",
        office(200, True),
    ),
    (
        "POST",
        "/secretariat/proposals/{filed_public}/excellent",
        "secretariat.proposal_excellent",
        office(303, True),
    ),
    # leaders
    ("GET", "/board/proposals", "board.proposals", leaders()),
    ("GET", "/board/proposals/figures", "board.proposal_figures", leaders()),
    ("GET", "/board/proposals/figures.xlsx", "board.proposal_figures_export", leaders()),
    ("GET", "/board/proposals/{filed_public}/instruct", "board.proposal_instruct", leaders()),
]


def extra_ids(w: World) -> dict[str, int]:
    from lvzhi.extensions import db
    from lvzhi.models import User
    from lvzhi.services import proposal_review
    from lvzhi.services import proposals as svc

    peer_user = db.session.scalar(db.select(User).where(User.member_id == w.peer.id))
    own_draft = gen_proposal(w.member_user, "本人草稿")
    own_draft2 = gen_proposal(w.member_user, "本人另一份草稿")
    draft_to_submit = gen_proposal(w.member_user, "本人待提交的草稿")
    own_submitted = gen_proposal(w.member_user, "本人已提交")
    svc.proposal_submit(w.member_user, own_submitted)
    own_replied = gen_proposal(w.member_user, "本人已答复")
    own_replied.stage = "replied"
    peer_draft = gen_proposal(peer_user, "李伟的草稿")
    invited = gen_proposal(peer_user, "邀请张岩枢联名")
    svc.proposal_invite(peer_user, invited, [w.member])
    invited_to_answer = gen_proposal(peer_user, "邀请张岩枢联名（答复）")
    svc.proposal_invite(peer_user, invited_to_answer, [w.member])
    peer_submitted = gen_proposal(peer_user, "李伟已提交")
    svc.proposal_submit(peer_user, peer_submitted)
    filed_public = gen_proposal(peer_user, "已立案公开")
    filed_private = gen_proposal(peer_user, "已立案不公开", is_public=False)
    for m in (filed_public, filed_private):
        svc.proposal_submit(peer_user, m)
        proposal_review.proposal_file(w.secretariat_user, m)
    gen_department(w.org, "县发改局")
    db.session.commit()
    return {
        "own_proposal_draft": own_draft.id,
        "own_draft2": own_draft2.id,
        "draft_to_submit": draft_to_submit.id,
        "own_submitted": own_submitted.id,
        "own_replied": own_replied.id,
        "peer_draft": peer_draft.id,
        "invited": invited.id,
        "invited_to_answer": invited_to_answer.id,
        "peer_submitted": peer_submitted.id,
        "filed_public": filed_public.id,
        "filed_private": filed_private.id,
    }
