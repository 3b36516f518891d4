"""The role × route matrix. Every route of the app is listed here with who may use it;
a route missing from the matrix fails test_every_route_is_in_the_matrix.

Actors: anon, member, group_head, committee, secretariat, leader, and other_org — the
secretariat of another organization, who must never see this organization's objects.
"""

from __future__ import annotations

import pytest

from ..factories import World, world

ACTORS = ["anon", "member", "group_head", "committee", "secretariat", "leader", "other_org"]
LOGINS = {"member": "weiyuan", "group_head": "shizu", "committee": "zhuanwei",
          "secretariat": "jiguan", "leader": "lingdao", "other_org": "other_jiguan"}

OK, DENY, MISSING, LOGIN = "ok", 403, 404, "login"


def _ids(w: World) -> dict[str, int]:
    from lvzhi.extensions import db
    from lvzhi.models import Meeting, Year

    meeting = Meeting(org_id=w.org.id, kind="plenary", title="全会", held_on=__import__("datetime").date(2026, 1, 7))
    year = Year(org_id=w.org.id, year=2026)
    db.session.add_all([meeting, year])
    from lvzhi.models import Department

    dept = Department(org_id=w.org.id, name="县教育局")
    db.session.add(dept)
    db.session.commit()
    return {"member": w.member.id, "group": w.group.id, "committee": w.committee.id,
            "sector": w.sector.id, "meeting": meeting.id, "year": year.id, "dept": dept.id}


def secretariat_only(object_scoped: bool) -> dict[str, object]:
    return {"anon": LOGIN, "member": DENY, "group_head": DENY, "committee": DENY,
            "secretariat": OK, "leader": DENY, "other_org": MISSING if object_scoped else OK}


def role_home(role: str) -> dict[str, object]:
    expected: dict[str, object] = {a: DENY for a in ACTORS}
    expected["anon"] = LOGIN
    expected[role] = OK
    if role == "member":  # the head, the director and the leader are members too
        expected.update(group_head=OK, committee=OK)
    return expected


EVERYONE = {a: OK for a in ACTORS} | {"anon": LOGIN}

# (method, url template, endpoint, expected per actor)
MATRIX: list[tuple[str, str, str, dict[str, object]]] = [
    ("GET", "/", "auth.index", {a: "redirect" for a in ACTORS}),
    ("GET", "/login", "auth.login", {"anon": OK} | {a: "redirect" for a in ACTORS[1:]}),
    ("POST", "/logout", "auth.logout", {a: "redirect" for a in ACTORS}),
    ("GET", "/password", "auth.password", EVERYONE),
    ("POST", "/switch/member", "auth.switch_role",
     {"anon": LOGIN, "member": "redirect", "group_head": "redirect", "committee": "redirect",
      "secretariat": DENY, "leader": DENY, "other_org": DENY}),
    ("GET", "/no-role", "auth.no_role", EVERYONE),
    ("GET", "/member/", "member.home", role_home("member")),
    ("GET", "/member/profile", "member.profile", role_home("member")),
    ("GET", "/group/", "group.home", role_home("group_head")),
    ("GET", "/committee/", "committee.home", role_home("committee")),
    ("GET", "/board/", "board.home", role_home("leader")),
    ("GET", "/secretariat/", "secretariat.home", secretariat_only(False)),
    ("GET", "/secretariat/audit", "secretariat.audit_log", secretariat_only(False)),
    ("GET", "/secretariat/members", "secretariat.members", secretariat_only(False)),
    ("GET", "/secretariat/members/export.xlsx", "secretariat.members_export", secretariat_only(False)),
    ("GET", "/secretariat/members/new", "secretariat.member_new", secretariat_only(False)),
    ("GET", "/secretariat/members/{member}", "secretariat.member_detail", secretariat_only(True)),
    ("GET", "/secretariat/members/{member}/edit", "secretariat.member_edit", secretariat_only(True)),
    ("POST", "/secretariat/members/{member}/active", "secretariat.member_toggle_active", secretariat_only(True)),
    ("POST", "/secretariat/members/{member}/password-reset", "secretariat.member_password_reset", secretariat_only(True)),
    ("POST", "/secretariat/members/{member}/roles", "secretariat.member_roles", secretariat_only(True)),
    ("GET", "/secretariat/roster/template.xlsx", "secretariat.roster_template", secretariat_only(False)),
    ("GET", "/secretariat/roster/import", "secretariat.roster_import", secretariat_only(False)),
    ("POST", "/secretariat/roster/import/nosuchtoken", "secretariat.roster_import_confirm",
     secretariat_only(False)),
    ("GET", "/secretariat/roster/credentials/nosuchtoken.xlsx", "secretariat.roster_credentials",
     secretariat_only(False) | {"secretariat": MISSING, "other_org": MISSING}),
    ("GET", "/secretariat/structure", "secretariat.structure", secretariat_only(False)),
    ("GET", "/secretariat/structure/sector/new", "secretariat.named_edit", secretariat_only(False)),
    ("GET", "/secretariat/structure/sector/{sector}", "secretariat.named_edit", secretariat_only(True)),
    ("GET", "/secretariat/structure/committee/{committee}", "secretariat.named_edit", secretariat_only(True)),
    ("GET", "/secretariat/structure/office_group/{group}", "secretariat.named_edit", secretariat_only(True)),
    ("GET", "/secretariat/committees/{committee}/groups", "secretariat.committee_groups", secretariat_only(True)),
    ("GET", "/secretariat/groups/{group}/head", "secretariat.group_head", secretariat_only(True)),
    ("GET", "/secretariat/departments", "secretariat.departments", secretariat_only(False)),
    ("GET", "/secretariat/departments/new", "secretariat.department_edit", secretariat_only(False)),
    ("GET", "/secretariat/departments/{dept}", "secretariat.department_edit", secretariat_only(True)),
    ("GET", "/secretariat/meetings", "secretariat.meetings", secretariat_only(False)),
    ("GET", "/secretariat/meetings/new", "secretariat.meeting_edit", secretariat_only(False)),
    ("GET", "/secretariat/meetings/{meeting}", "secretariat.meeting_edit", secretariat_only(True)),
    ("POST", "/secretariat/meetings/{meeting}/delete", "secretariat.meeting_delete", secretariat_only(True)),
    ("GET", "/secretariat/years", "secretariat.years", secretariat_only(False)),
    ("POST", "/secretariat/years/{year}/current", "secretariat.year_current", secretariat_only(True)),
]


def _check(response, expected) -> None:
    status = response.status_code
    if expected == OK:
        assert status in (200, 303, 400), status
    elif expected == LOGIN:
        assert status == 302 and "/login" in response.headers["Location"], status
    elif expected == "redirect":
        assert status in (302, 303), status
    else:
        assert status == expected, status


@pytest.mark.parametrize("actor", ACTORS)
def test_role_route_matrix(app, client, auth, actor):
    w = world()
    ids = _ids(w)
    if actor != "anon":
        assert auth.login(LOGINS[actor]).status_code == 303
    failures = []
    for method, template, _endpoint, expected in MATRIX:
        url = template.format(**ids)
        response = client.open(url, method=method)
        try:
            _check(response, expected[actor])
        except AssertionError as exc:
            failures.append(f"{method} {url}: expected {expected[actor]}, got {exc}")
        if method == "POST" and actor != "anon" and "logout" in url:
            auth.login(LOGINS[actor])
    assert not failures, "\n".join(failures)


def test_every_route_is_in_the_matrix(app):
    listed = {endpoint for _m, _u, endpoint, _e in MATRIX}
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - listed == set(), "routes missing from the permission matrix"


def test_other_org_secretariat_sees_only_own_members(app, client, auth):
    w = world()
    auth.login("other_jiguan")
    page = client.get("/secretariat/members").get_data(as_text=True)
    assert "外县委员" in page
    assert "张岩枢" not in page
    assert client.get(f"/secretariat/members/{w.member.id}").status_code == 404
