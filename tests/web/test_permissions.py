"""The role × route matrix of the foundation routes, and the checks that run every
capability's matrix (``tests/web/test_permissions_*.py``) for every actor."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from ..factories import world
from .matrix import (
    ACTORS,
    DENY,
    EVERYONE,
    FOUND,
    LOGIN,
    LOGINS,
    MISSING,
    OK,
    SEE_OTHER,
    base_ids,
    check,
    role_home,
    secretariat_only,
)

# (method, url template, endpoint, expected per actor)
MATRIX: list[tuple[str, str, str, dict[str, object]]] = [
    ("GET", "/", "auth.index", {"anon": LOGIN} | {a: FOUND for a in ACTORS[1:]}),
    ("GET", "/login", "auth.login", {"anon": OK} | {a: FOUND for a in ACTORS[1:]}),
    ("POST", "/logout", "auth.logout", {a: SEE_OTHER for a in ACTORS}),
    ("GET", "/password", "auth.password", EVERYONE),
    (
        "POST",
        "/switch/member",
        "auth.switch_role",
        {
            "anon": LOGIN,
            "member": SEE_OTHER,
            "group_head": SEE_OTHER,
            "committee": SEE_OTHER,
            "secretariat": DENY,
            "leader": DENY,
            "other_org": DENY,
            "department": DENY,
        },
    ),
    ("GET", "/no-role", "auth.no_role", EVERYONE),
    ("GET", "/member/", "member.home", role_home("member")),
    ("GET", "/member/profile", "member.profile", role_home("member")),
    ("GET", "/group/", "group.home", role_home("group_head")),
    ("GET", "/committee/", "committee.home", role_home("committee")),
    ("GET", "/board/", "board.home", role_home("leader")),
    ("GET", "/secretariat/", "secretariat.home", secretariat_only(False)),
    ("GET", "/secretariat/audit", "secretariat.audit_log", secretariat_only(False)),
    ("GET", "/secretariat/members", "secretariat.members", secretariat_only(False)),
    (
        "GET",
        "/secretariat/members/export.xlsx",
        "secretariat.members_export",
        secretariat_only(False),
    ),
    ("GET", "/secretariat/members/new", "secretariat.member_new", secretariat_only(False)),
    ("GET", "/secretariat/members/{member}", "secretariat.member_detail", secretariat_only(True)),
    (
        "GET",
        "/secretariat/members/{member}/edit",
        "secretariat.member_edit",
        secretariat_only(True),
    ),
    (
        "POST",
        "/secretariat/members/{member}/active",
        "secretariat.member_toggle_active",
        secretariat_only(True, SEE_OTHER),
    ),
    (
        "POST",
        "/secretariat/members/{member}/password-reset",
        "secretariat.member_password_reset",
        secretariat_only(True, SEE_OTHER),
    ),
    (
        "POST",
        "/secretariat/members/{member}/roles",
        "secretariat.member_roles",
        secretariat_only(True),  # no role ticked: the page again, with the message
    ),
    (
        "GET",
        "/secretariat/roster/template.xlsx",
        "secretariat.roster_template",
        secretariat_only(False),
    ),
    ("GET", "/secretariat/roster/import", "secretariat.roster_import", secretariat_only(False)),
    (
        "POST",
        "/secretariat/roster/import/nosuchtoken",
        "secretariat.roster_import_confirm",
        secretariat_only(False, SEE_OTHER),
    ),
    (
        "GET",
        "/secretariat/roster/import/done/nosuchtoken",
        "secretariat.roster_import_done",
        secretariat_only(False) | {"secretariat": MISSING, "other_org": MISSING},
    ),
    (
        "GET",
        "/secretariat/roster/credentials/nosuchtoken.xlsx",
        "secretariat.roster_credentials",
        secretariat_only(False) | {"secretariat": MISSING, "other_org": MISSING},
    ),
    ("GET", "/secretariat/structure", "secretariat.structure", secretariat_only(False)),
    ("GET", "/secretariat/structure/sector/new", "secretariat.named_edit", secretariat_only(False)),
    (
        "GET",
        "/secretariat/structure/sector/{sector}",
        "secretariat.named_edit",
        secretariat_only(True),
    ),
    (
        "GET",
        "/secretariat/structure/committee/{committee}",
        "secretariat.named_edit",
        secretariat_only(True),
    ),
    (
        "GET",
        "/secretariat/structure/office_group/{group}",
        "secretariat.named_edit",
        secretariat_only(True),
    ),
    (  # refused (the sector has members), so later rows still find it
        "POST",
        "/secretariat/structure/sector/{sector}/delete",
        "secretariat.named_delete",
        secretariat_only(True, SEE_OTHER),
    ),
    (
        "GET",
        "/secretariat/committees/{committee}/groups",
        "secretariat.committee_groups",
        secretariat_only(True),
    ),
    ("GET", "/secretariat/groups/{group}/head", "secretariat.group_head", secretariat_only(True)),
    ("GET", "/secretariat/departments", "secretariat.departments", secretariat_only(False)),
    ("GET", "/secretariat/departments/new", "secretariat.department_edit", secretariat_only(False)),
    (
        "GET",
        "/secretariat/departments/{dept}",
        "secretariat.department_edit",
        secretariat_only(True),
    ),
    ("GET", "/secretariat/meetings", "secretariat.meetings", secretariat_only(False)),
    ("GET", "/secretariat/meetings/new", "secretariat.meeting_edit", secretariat_only(False)),
    ("GET", "/secretariat/meetings/{meeting}", "secretariat.meeting_edit", secretariat_only(True)),
    (
        "POST",
        "/secretariat/meetings/{meeting_to_delete}/delete",
        "secretariat.meeting_delete",
        secretariat_only(True, SEE_OTHER),
    ),
    ("GET", "/secretariat/years", "secretariat.years", secretariat_only(False)),
    (
        "POST",
        "/secretariat/years/{year}/current",
        "secretariat.year_current",
        secretariat_only(True, SEE_OTHER),
    ),
]


def capability_modules():
    from .. import web

    for info in pkgutil.iter_modules(web.__path__):
        if info.name.startswith("test_permissions_"):
            yield importlib.import_module(f"{web.__name__}.{info.name}")


def all_rows():
    rows = list(MATRIX)
    for module in capability_modules():
        rows.extend(module.MATRIX)
    return rows


@pytest.mark.parametrize("order", ["forward", "reversed"])
@pytest.mark.parametrize("actor", ACTORS)
def test_role_route_matrix(app, client, auth, actor, order):
    """Each row gets exactly the status it names, whichever rows ran before it: run forward
    and reversed, every two rows meet in both orders."""
    w = world()
    ids = base_ids(w)
    for module in capability_modules():
        ids.update(module.extra_ids(w))
    if actor != "anon":
        assert auth.login(LOGINS[actor]).status_code == 303
    rows = all_rows()
    if order == "reversed":
        rows.reverse()
    failures = []
    for method, template, _endpoint, expected in rows:
        url = template.format(**ids)
        response = client.open(url, method=method)
        try:
            check(response, expected[actor])
        except AssertionError as exc:
            failures.append(f"{method} {url}: expected {expected[actor]}, got {exc}")
        if method == "POST" and actor != "anon" and "logout" in url:
            auth.login(LOGINS[actor])
    assert not failures, "\n".join(failures)


def test_every_route_is_in_the_matrix(app):
    listed = {endpoint for _m, _u, endpoint, _e in all_rows()}
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - listed == set(), "routes missing from the permission matrix"


def test_other_org_secretariat_sees_only_own_members(app, client, auth):
    w = world()
    auth.login("other_jiguan")
    page = client.get("/secretariat/members").get_data(as_text=True)
    assert "外县委员" in page
    assert "张岩枢" not in page
    assert client.get(f"/secretariat/members/{w.member.id}").status_code == 404


def test_a_row_accepts_exactly_the_status_it_names():
    from flask import Response

    refused = Response(status=400)
    to_login = Response(status=302, headers={"Location": "/login?next=/member/"})
    elsewhere = Response(status=302, headers={"Location": "/member/"})
    for response, wrong in [(refused, OK), (to_login, FOUND), (elsewhere, LOGIN), (elsewhere, 303)]:
        with pytest.raises(AssertionError):
            check(response, wrong)
    check(refused, 400)
    check(to_login, LOGIN)
    check(elsewhere, FOUND)
