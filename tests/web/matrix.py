"""Shared pieces of the role × route permission matrix.

Every capability adds a module ``tests/web/test_permissions_<subject>.py`` with a
``MATRIX`` list of (method, url template, endpoint, expected per actor) rows, and the
``ids`` its URLs need via ``extra_ids``; ``test_permissions.py`` checks every row for every
actor and fails when a route of the app is in no matrix.
"""

from __future__ import annotations

import datetime

from ..factories import World, gen_department_user

ACTORS = [
    "anon",
    "member",
    "group_head",
    "committee",
    "secretariat",
    "leader",
    "other_org",
    "department",  # a 承办单位 contact (县教育局), made by base_ids
]
LOGINS = {
    "member": "weiyuan",
    "group_head": "shizu",
    "committee": "zhuanwei",
    "secretariat": "jiguan",
    "leader": "lingdao",
    "other_org": "other_jiguan",
    "department": "chengban",
}

OK, DENY, MISSING, LOGIN = "ok", 403, 404, "login"


def base_ids(w: World) -> dict[str, int]:
    from lvzhi.extensions import db
    from lvzhi.models import Department, Meeting, Year

    meeting = Meeting(
        org_id=w.org.id, kind="plenary", title="全会", held_on=datetime.date(2026, 1, 7)
    )
    year = Year(org_id=w.org.id, year=2026)
    dept = Department(org_id=w.org.id, name="县教育局")
    db.session.add_all([meeting, year, dept])
    db.session.flush()
    gen_department_user(w.org, dept, "chengban")
    db.session.commit()
    return {
        "member": w.member.id,
        "group": w.group.id,
        "committee": w.committee.id,
        "sector": w.sector.id,
        "meeting": meeting.id,
        "year": year.id,
        "dept": dept.id,
    }


def secretariat_only(object_scoped: bool) -> dict[str, object]:
    return {
        "anon": LOGIN,
        "member": DENY,
        "group_head": DENY,
        "committee": DENY,
        "secretariat": OK,
        "leader": DENY,
        "other_org": MISSING if object_scoped else OK,
        "department": DENY,
    }


def role_home(role: str) -> dict[str, object]:
    expected: dict[str, object] = {a: DENY for a in ACTORS}
    expected["anon"] = LOGIN
    expected[role] = OK
    if role == "member":  # the head, the director and the leader are members too
        expected.update(group_head=OK, committee=OK)
    return expected


EVERYONE = {a: OK for a in ACTORS} | {"anon": LOGIN}


def check(response, expected) -> None:
    status = response.status_code
    if expected == OK:
        assert status in (200, 303, 400), status
    elif expected == LOGIN:
        assert status == 302 and "/login" in response.headers["Location"], status
    elif expected == "redirect":
        assert status in (302, 303), status
    else:
        assert status == expected, status
