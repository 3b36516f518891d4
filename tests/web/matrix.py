"""Shared pieces of the role × route permission matrix.

Every capability adds a module ``tests/web/test_permissions_<subject>.py`` with a
``MATRIX`` list of (method, url template, endpoint, expected per actor) rows, and the
``ids`` its URLs need via ``extra_ids``; ``test_permissions.py`` checks every row for every
actor and fails when a route of the app is in no matrix.

A row says exactly what each actor gets: a status code (200, 302, 303, 403, 404, 400 …) or
LOGIN (a 302 to the login page). A POST that is refused on purpose says so: 200 when the form
comes back with its errors. Rows do not depend on their order: a row that changes state acts
on an object of its own (``extra_ids``), and the matrix runs forward and reversed.
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

OK, FOUND, SEE_OTHER, DENY, MISSING = 200, 302, 303, 403, 404
LOGIN = "login"  # a 302 to the login page


def base_ids(w: World) -> dict[str, int]:
    from lvzhi.extensions import db
    from lvzhi.models import Department, Meeting, Year

    meeting, meeting_to_delete = (
        Meeting(org_id=w.org.id, kind="plenary", title=title, held_on=datetime.date(2026, 1, 7))
        for title in ("全会", "常委会")
    )
    year = Year(org_id=w.org.id, year=2026)
    dept = Department(org_id=w.org.id, name="县教育局")
    db.session.add_all([meeting, meeting_to_delete, year, dept])
    db.session.flush()
    gen_department_user(w.org, dept, "chengban")
    db.session.commit()
    return {
        "member": w.member.id,
        "group": w.group.id,
        "committee": w.committee.id,
        "sector": w.sector.id,
        "meeting": meeting.id,
        "meeting_to_delete": meeting_to_delete.id,
        "year": year.id,
        "dept": dept.id,
    }


def secretariat_only(object_scoped: bool, status: int = OK) -> dict[str, object]:
    """The secretariat gets ``status``; another organization's too, unless the row names an
    object of this organization (then 404)."""
    return {
        "anon": LOGIN,
        "member": DENY,
        "group_head": DENY,
        "committee": DENY,
        "secretariat": status,
        "leader": DENY,
        "other_org": MISSING if object_scoped else status,
        "department": DENY,
    }


def role_home(role: str, status: int = OK) -> dict[str, object]:
    expected: dict[str, object] = {a: DENY for a in ACTORS}
    expected["anon"] = LOGIN
    expected[role] = status
    if role == "member":  # the head, the director and the leader are members too
        expected.update(group_head=status, committee=status)
    return expected


def everyone(status: int = OK) -> dict[str, object]:
    """Every logged-in actor gets ``status``; a visitor goes to the login page."""
    return {a: status for a in ACTORS} | {"anon": LOGIN}


EVERYONE = everyone()


def outcome(response) -> object:
    """What a row compares: the status code, or LOGIN for a 302 to the login page."""
    location = response.headers.get("Location", "")
    return LOGIN if response.status_code == 302 and "/login" in location else response.status_code


def check(response, expected) -> None:
    got = outcome(response)
    assert got == expected, got
