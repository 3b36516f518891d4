"""Permission matrix of the attendance routes: a member sees and acts on only their own
invitations; the secretariat organizes meetings (and any group activity); a group head only
their own group's activities; another organization sees nothing."""

from __future__ import annotations

from lvzhi.clock import local_today

from ..factories import World, gen_invited, gen_meeting
from .matrix import ACTORS, DENY, LOGIN, MISSING, OK, SEE_OTHER

NOBODY = {a: MISSING for a in ACTORS} | {"anon": LOGIN}
INVITED = NOBODY | {"member": OK, "group_head": OK, "committee": OK}  # 张岩枢, 沈国平, 朱明华
INVITED_DONE = NOBODY | {"member": SEE_OTHER, "group_head": SEE_OTHER, "committee": SEE_OTHER}
GROUP_INVITED = NOBODY | {"member": OK, "group_head": OK}  # 西塘桥街道's activity
SECRETARIAT = NOBODY | {"secretariat": OK}
SECRETARIAT_DONE = NOBODY | {"secretariat": SEE_OTHER}
HEAD_AND_SECRETARIAT = SECRETARIAT | {"group_head": OK}
HEAD_AND_SECRETARIAT_DONE = SECRETARIAT_DONE | {"group_head": SEE_OTHER}
ORGANIZER_ROLES = {a: DENY for a in ACTORS} | {
    "anon": LOGIN,
    "group_head": OK,
    "secretariat": OK,
    "other_org": OK,
}
SCAN = {a: OK for a in ACTORS} | {"anon": LOGIN, "other_org": MISSING}
SCAN_DONE = {a: SEE_OTHER for a in ACTORS} | {"anon": LOGIN, "other_org": MISSING}

_M = "/attendance/meeting/{att_meeting}"
_A = "/attendance/activity/{att_activity}"
_B = "/attendance/activity/{att_other_activity}"

MATRIX: list[tuple[str, str, str, dict[str, object]]] = [
    ("GET", "/attendance/", "attendance.mine", INVITED),  # whoever is a member
    ("GET", _M, "attendance.event", INVITED),
    ("GET", _A, "attendance.event", GROUP_INVITED),
    ("GET", _B, "attendance.event", NOBODY | {"committee": OK}),  # 朱明华 is in 武原街道
    ("GET", "/attendance/meeting/999999", "attendance.event", NOBODY),
    # the window is closed: the check-in is refused and goes back to the event
    ("POST", _M + "/checkin", "attendance.checkin", INVITED_DONE),
    ("POST", _M + "/leave", "attendance.leave", INVITED),  # no reason: the form again
    ("GET", "/attendance/scan/{att_token}", "attendance.scan", SCAN),
    ("GET", "/attendance/scan/forged", "attendance.scan", SCAN | {"other_org": OK}),
    ("POST", "/attendance/scan/{att_token}", "attendance.scan_checkin", SCAN_DONE),
    ("GET", _M + "/manage", "attendance.manage", SECRETARIAT),
    ("GET", _A + "/manage", "attendance.manage", HEAD_AND_SECRETARIAT),
    ("GET", _B + "/manage", "attendance.manage", SECRETARIAT),
    (
        "POST",
        "/attendance/meeting/{att_invite_meeting}/invite",
        "attendance.invite",
        SECRETARIAT,  # nobody picked: the form again
    ),
    ("POST", _B + "/invite", "attendance.invite", SECRETARIAT),
    (
        "POST",
        "/attendance/meeting/{att_window_meeting}/window",
        "attendance.window",
        SECRETARIAT_DONE,
    ),
    (
        "POST",
        "/attendance/activity/{att_window_activity}/window",
        "attendance.window",
        HEAD_AND_SECRETARIAT_DONE,
    ),
    ("GET", _M + "/qr", "attendance.qr", SECRETARIAT),
    ("GET", _A + "/qr", "attendance.qr", HEAD_AND_SECRETARIAT),
    ("POST", "/attendance/rows/{att_row}/tick", "attendance.tick", SECRETARIAT_DONE),
    (
        "POST",
        "/attendance/rows/{att_activity_row}/tick",
        "attendance.tick",
        HEAD_AND_SECRETARIAT_DONE,
    ),
    ("POST", "/attendance/rows/{att_other_row}/tick", "attendance.tick", SECRETARIAT_DONE),
    # nothing to decide: refused, back to the list
    ("POST", "/attendance/rows/{att_row}/leave", "attendance.leave_decide", SECRETARIAT_DONE),
    # 代登记请假: the form; posted without a reason, the form again
    ("GET", "/attendance/rows/{att_row}/leave-record", "attendance.leave_record", SECRETARIAT),
    ("POST", "/attendance/rows/{att_row}/leave-record", "attendance.leave_record", SECRETARIAT),
    (
        "GET",
        "/attendance/rows/{att_activity_row}/leave-record",
        "attendance.leave_record",
        HEAD_AND_SECRETARIAT,
    ),
    ("GET", "/attendance/sheet-template.xlsx", "attendance.sheet_template", ORGANIZER_ROLES),
    ("POST", _M + "/sheet", "attendance.sheet_preview", SECRETARIAT),  # no file: the form again
    ("POST", _A + "/sheet", "attendance.sheet_preview", HEAD_AND_SECRETARIAT),
    ("POST", _M + "/sheet/import", "attendance.sheet_import", SECRETARIAT_DONE),
    ("GET", "/attendance/activities", "attendance.activities", ORGANIZER_ROLES),
    ("GET", "/attendance/activities/new", "attendance.activity_new", ORGANIZER_ROLES),
    ("POST", "/attendance/activities/new", "attendance.activity_new", ORGANIZER_ROLES),
    (
        "GET",
        "/attendance/activities/{att_activity}/edit",
        "attendance.activity_edit",
        HEAD_AND_SECRETARIAT,
    ),
    (
        "GET",
        "/attendance/activities/{att_other_activity}/edit",
        "attendance.activity_edit",
        SECRETARIAT,
    ),
    (
        "POST",
        "/attendance/activities/{att_activity}/edit",
        "attendance.activity_edit",
        HEAD_AND_SECRETARIAT,
    ),
    (
        "GET",
        "/attendance/rates",
        "attendance.rates",
        {a: DENY for a in ACTORS}
        | {"anon": LOGIN, "secretariat": OK, "leader": OK, "other_org": OK},
    ),
]


def extra_ids(w: World) -> dict:
    from lvzhi.extensions import db
    from lvzhi.models import GroupActivity
    from lvzhi.services.attendance import checkin_code

    today = local_today()
    meeting, invite_meeting, window_meeting = (gen_meeting(w.org, held_on=today) for _ in range(3))
    rows = gen_invited(meeting, [w.member, w.head, w.director])
    activity, other, window_activity = (
        GroupActivity(org_id=w.org.id, office_group_id=g.id, held_on=today, topic=topic)
        for g, topic in ((w.group, "学习交流"), (w.other_group, "学习交流"), (w.group, "签到"))
    )
    db.session.add_all([activity, other, window_activity])
    db.session.flush()
    activity_rows = gen_invited(activity, [w.member, w.peer, w.head])
    other_rows = gen_invited(other, [w.director])
    db.session.commit()
    return {
        "att_meeting": meeting.id,
        "att_invite_meeting": invite_meeting.id,
        "att_window_meeting": window_meeting.id,
        "att_activity": activity.id,
        "att_other_activity": other.id,
        "att_window_activity": window_activity.id,
        "att_row": rows[0].id,
        "att_activity_row": activity_rows[1].id,
        "att_other_row": other_rows[0].id,
        "att_token": checkin_code(meeting),
    }
