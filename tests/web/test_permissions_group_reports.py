"""Permission matrix of the 十加一 routes: a head files only their own group's report, the
showcase and ranking are readable by every role, the secretariat scores, the linked committee
comments, and another organization sees nothing."""

from __future__ import annotations

from datetime import timedelta

from lvzhi.clock import local_today
from lvzhi.domain.uploads import OWNER_GROUP_REPORT_ITEM

from ..factories import World, gen_group_report
from .matrix import (
    ACTORS,
    EVERYONE,
    FOUND,
    MISSING,
    SEE_OTHER,
    everyone,
    role_home,
    secretariat_only,
)

# a POST that comes back 200 is refused on purpose: its form is empty, so it comes back with
# its errors (no photo chosen, no reason, no score, no comment …)
REDIRECT_ALL = everyone(FOUND)
HEAD = role_home("group_head")
HEAD_DONE = role_home("group_head", SEE_OTHER)
HEAD_MISSING = HEAD | {"group_head": MISSING}
COMMITTEE = role_home("committee")

_Y = "/group/reports/{gr_y}/{gr_m}"
_SUBMIT = "/group/reports/{gr_submit_y}/{gr_submit_m}"
_WITHDRAW = "/group/reports/{gr_withdraw_y}/{gr_withdraw_m}"

MATRIX: list[tuple[str, str, str, dict[str, object]]] = [
    ("GET", "/group/reports", "group.reports", HEAD),
    ("GET", _Y, "group.report_edit", HEAD),
    ("GET", _Y + "?group={gr_other_group}", "group.report_edit", HEAD_MISSING),
    ("GET", "/group/reports/{gr_next_y}/{gr_next_m}", "group.report_edit", HEAD_MISSING),
    ("POST", _Y, "group.report_edit", HEAD_DONE),
    ("POST", _Y + "?group={gr_other_group}", "group.report_edit", HEAD_MISSING),
    ("POST", _Y + "/items/study", "group.report_item", HEAD_DONE),
    ("POST", _Y + "/items/study?group={gr_other_group}", "group.report_item", HEAD_MISSING),
    ("POST", _Y + "/items/nosuch", "group.report_item", HEAD_MISSING),
    ("POST", _Y + "/items/study/photos", "group.report_photo_add", HEAD),
    ("POST", _Y + "/photos/{gr_attachment}/delete", "group.report_photo_delete", HEAD_DONE),
    ("POST", _Y + "/photos/999999/delete", "group.report_photo_delete", HEAD_MISSING),
    # submitted and withdrawn: reports of their own months, so the rows above keep a draft
    ("POST", _SUBMIT + "/submit", "group.report_submit", HEAD_DONE),
    ("POST", _SUBMIT + "/submit?group={gr_other_group}", "group.report_submit", HEAD_MISSING),
    ("POST", _WITHDRAW + "/withdraw", "group.report_withdraw", HEAD_DONE),
    (
        "POST",
        _WITHDRAW + "/withdraw?group={gr_other_group}",
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
        secretariat_only(False, SEE_OTHER),
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
    prev, nxt = _month(today, -1), _month(today, 1)
    to_submit, to_withdraw = _month(today, -2), _month(today, -3)
    draft = gen_group_report(w.group, today.year, today.month, work_items=2)
    submitted = gen_group_report(w.group, prev[0], prev[1], status="submitted", work_items=5)
    gen_group_report(w.group, *to_submit, work_items=2)
    gen_group_report(w.group, *to_withdraw, status="submitted", work_items=5)
    other = gen_group_report(
        w.other_group, prev[0], prev[1], status="reviewed", work_items=8, quality=40
    )
    photo = Attachment(
        org_id=w.org.id,
        owner_type=OWNER_GROUP_REPORT_ITEM,
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
        "gr_submit_y": to_submit[0],
        "gr_submit_m": to_submit[1],
        "gr_withdraw_y": to_withdraw[0],
        "gr_withdraw_m": to_withdraw[1],
        "gr_q": (today.month - 1) // 3 + 1,
        "gr_draft": draft.id,
        "gr_submitted": submitted.id,
        "gr_other_reviewed": other.id,
        "gr_attachment": photo.id,
        "gr_invitation": invitation.id,
        "gr_other_group": w.other_group.id,
    }


def _month(today, delta: int) -> tuple[int, int]:
    """(year, month) ``delta`` months from ``today``'s month."""
    n = today.year * 12 + today.month - 1 + delta
    return n // 12, n % 12 + 1
