"""Permission matrix of the 十加一 routes: a head files only their own group's report, the
showcase and ranking are readable by every role, the secretariat scores, the linked committee
comments, and another organization sees nothing."""

from __future__ import annotations

from datetime import timedelta

from lvzhi.clock import local_today

from ..factories import World, gen_group_report
from .matrix import ACTORS, LOGIN, MISSING, OK, role_home, secretariat_only

EVERYONE = {a: OK for a in ACTORS} | {"anon": LOGIN}
REDIRECT_ALL = {a: "redirect" for a in ACTORS} | {"anon": LOGIN}
HEAD = role_home("group_head")
HEAD_MISSING = HEAD | {"group_head": MISSING}
COMMITTEE = role_home("committee")

_Y = "/group/reports/{gr_y}/{gr_m}"

MATRIX: list[tuple[str, str, str, dict[str, object]]] = [
    ("GET", "/group/reports", "group.reports", HEAD),
    ("GET", _Y, "group.report_edit", HEAD),
    ("GET", _Y + "?group={gr_other_group}", "group.report_edit", HEAD_MISSING),
    ("GET", "/group/reports/{gr_next_y}/{gr_next_m}", "group.report_edit", HEAD_MISSING),
    ("POST", _Y, "group.report_edit", HEAD),
    ("POST", _Y + "?group={gr_other_group}", "group.report_edit", HEAD_MISSING),
    ("POST", _Y + "/items/study", "group.report_item", HEAD),
    ("POST", _Y + "/items/study?group={gr_other_group}", "group.report_item", HEAD_MISSING),
    ("POST", _Y + "/items/nosuch", "group.report_item", HEAD_MISSING),
    ("POST", _Y + "/items/study/photos", "group.report_photo_add", HEAD),
    ("POST", _Y + "/photos/{gr_attachment}/delete", "group.report_photo_delete", HEAD),
    ("POST", _Y + "/photos/999999/delete", "group.report_photo_delete", HEAD_MISSING),
    ("POST", _Y + "/submit", "group.report_submit", HEAD),
    ("POST", _Y + "/submit?group={gr_other_group}", "group.report_submit", HEAD_MISSING),
    ("POST", "/group/reports/{gr_py}/{gr_pm}/withdraw", "group.report_withdraw", HEAD),
    (
        "POST",
        "/group/reports/{gr_py}/{gr_pm}/withdraw?group={gr_other_group}",
        "group.report_withdraw",
        HEAD_MISSING,
    ),
    ("GET", "/group/signature/{gr_y}", "group.signature_edit", HEAD),
    ("POST", "/group/signature/{gr_y}", "group.signature_edit", HEAD),
    ("GET", "/showcase/", "showcase.index", REDIRECT_ALL),
    ("GET", "/showcase/{gr_y}/{gr_m}", "showcase.month", EVERYONE),
    ("GET", "/showcase/{gr_y}/13", "showcase.month", EVERYONE | {a: MISSING for a in ACTORS[1:]}),
    ("GET", "/board/ranking/", "ranking.index", REDIRECT_ALL),
    ("GET", "/board/ranking/{gr_y}/{gr_q}", "ranking.board", EVERYONE),
    (
        "GET",
        "/board/ranking/{gr_y}/5",
        "ranking.board",
        EVERYONE | {a: MISSING for a in ACTORS[1:]},
    ),
    ("GET", "/board/ranking/{gr_y}/{gr_q}/ranking.xlsx", "ranking.export", EVERYONE),
    ("GET", "/board/ranking/{gr_y}/{gr_q}/scores.xlsx", "ranking.scores_export", EVERYONE),
    ("GET", "/secretariat/reports", "secretariat.reports", secretariat_only(False)),
    (
        "GET",
        "/secretariat/reports/{gr_submitted}",
        "secretariat.report_review",
        secretariat_only(True),
    ),
    (
        "GET",
        "/secretariat/reports/{gr_draft}",
        "secretariat.report_review",
        secretariat_only(True) | {"secretariat": MISSING},
    ),
    (
        "POST",
        "/secretariat/reports/{gr_submitted}/score",
        "secretariat.report_score",
        secretariat_only(True),
    ),
    (
        "GET",
        "/secretariat/group-reports/{gr_y}",
        "secretariat.group_report_config",
        secretariat_only(False),
    ),
    (
        "POST",
        "/secretariat/group-reports/{gr_y}",
        "secretariat.group_report_config",
        secretariat_only(False),
    ),
    (
        "GET",
        "/secretariat/ranking/{gr_y}/{gr_q}/invite",
        "secretariat.ranking_invite",
        secretariat_only(False),
    ),
    (
        "POST",
        "/secretariat/ranking/{gr_y}/{gr_q}/invite",
        "secretariat.ranking_invite",
        secretariat_only(False) | {"secretariat": "redirect", "other_org": "redirect"},
    ),
    (
        "GET",
        "/secretariat/invitations/{gr_invitation}",
        "secretariat.appearance_record",
        secretariat_only(True),
    ),
    ("GET", "/committee/reports", "committee.reports", COMMITTEE),
    ("GET", "/committee/reports/{gr_submitted}", "committee.report_detail", COMMITTEE),
    (
        "GET",
        "/committee/reports/{gr_other_reviewed}",
        "committee.report_detail",
        COMMITTEE | {"committee": MISSING},
    ),
    (
        "GET",
        "/committee/reports/{gr_draft}",
        "committee.report_detail",
        COMMITTEE | {"committee": MISSING},
    ),
    ("POST", "/committee/reports/{gr_submitted}/comment", "committee.report_comment", COMMITTEE),
]


def extra_ids(w: World) -> dict:
    from lvzhi.extensions import db
    from lvzhi.models import Attachment, GroupInvitation, Meeting

    today = local_today()
    prev = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    nxt = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    draft = gen_group_report(w.group, today.year, today.month, work_items=2)
    submitted = gen_group_report(w.group, prev[0], prev[1], status="submitted", work_items=5)
    other = gen_group_report(
        w.other_group, prev[0], prev[1], status="reviewed", work_items=8, quality=40
    )
    photo = Attachment(
        org_id=w.org.id,
        owner_type="group_report_item",
        owner_id=draft.entries[0].id,
        kind="png",
        stored_name="ab" * 16 + ".png",
        display_name="活动.png",
        size=10,
    )
    meeting = Meeting(
        org_id=w.org.id,
        kind="organ_monthly",
        title="机关月度会议",
        held_on=today + timedelta(days=20),
    )
    db.session.add_all([photo, meeting])
    db.session.flush()
    invitation = GroupInvitation(
        org_id=w.org.id,
        office_group_id=w.other_group.id,
        meeting_id=meeting.id,
        year=prev[0],
        quarter=(prev[1] - 1) // 3 + 1,
        flag="top",
        rank=1,
        score="80.0",
    )
    db.session.add(invitation)
    db.session.commit()
    return {
        "gr_y": today.year,
        "gr_m": today.month,
        "gr_py": prev[0],
        "gr_pm": prev[1],
        "gr_next_y": nxt[0],
        "gr_next_m": nxt[1],
        "gr_q": (today.month - 1) // 3 + 1,
        "gr_draft": draft.id,
        "gr_submitted": submitted.id,
        "gr_other_reviewed": other.id,
        "gr_attachment": photo.id,
        "gr_invitation": invitation.id,
        "gr_other_group": w.other_group.id,
    }
