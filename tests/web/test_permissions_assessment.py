"""Permission matrix of the points ledger and the year's assessment: members see only their
own ledger and report, heads their group's reports, the secretariat and leaders everyone of
their organization; only the secretariat configures and adjusts."""

from __future__ import annotations

from lvzhi.clock import local_today

from ..factories import World
from .matrix import ACTORS, LOGIN, MISSING, OK, SEE_OTHER, role_home, secretariat_only

Y = local_today().year
MEMBERS = role_home("member")  # members, heads and directors are members too
HEAD = role_home("group_head")
LEADER = role_home("leader")


def secretariat_and_leader(status: int = OK, object_scoped: bool = False) -> dict[str, object]:
    expected = secretariat_only(object_scoped, status)
    return expected | {"leader": status}


MATRIX = [
    # the member's own
    ("GET", "/member/assessment", "member.assessment", MEMBERS),
    ("GET", f"/member/assessment/{Y}/report", "member.assessment_report", MEMBERS),
    # an empty summary is allowed: saved (the cut-off of this year is next January)
    (
        "POST",
        f"/member/assessment/{Y}/summary",
        "member.assessment_summary",
        role_home("member", SEE_OTHER),
    ),
    # the office-group head: the group's reports, not another group's member
    ("GET", f"/group/assessment/{Y}/report", "group.assessment_report", HEAD),
    (
        "GET",
        f"/group/assessment/{Y}/report?member={{member}}",
        "group.assessment_report",
        HEAD,
    ),
    (
        "GET",
        f"/group/assessment/{Y}/report?member={{director}}",
        "group.assessment_report",
        HEAD | {"group_head": MISSING},
    ),
    # the secretariat
    ("GET", "/secretariat/assessment", "secretariat.assessment", secretariat_only(False)),
    (
        "GET",
        "/secretariat/assessment/export.xlsx",
        "secretariat.assessment_export",
        secretariat_only(False),
    ),
    (
        "GET",
        f"/secretariat/assessment/{Y}/report",
        "secretariat.assessment_report",
        secretariat_only(False),
    ),
    (
        "GET",
        f"/secretariat/assessment/{Y}/report?member={{director}}",  # {member} may be deactivated
        "secretariat.assessment_report",
        secretariat_only(True),
    ),
    (
        "GET",
        f"/secretariat/assessment/{Y}/members/{{member}}",
        "secretariat.assessment_member",
        secretariat_only(True),
    ),
    (  # an empty form: it comes back with its errors
        "POST",
        f"/secretariat/assessment/{Y}/members/{{member}}/adjust",
        "secretariat.points_adjust",
        secretariat_only(True),
    ),
    (
        "GET",
        f"/secretariat/assessment/{Y}/rules",
        "secretariat.assessment_rules",
        secretariat_only(False),
    ),
    (  # an empty form: it comes back with its errors
        "POST",
        f"/secretariat/assessment/{Y}/rules/duty_item",
        "secretariat.points_rule_save",
        secretariat_only(False),
    ),
    (
        "POST",
        f"/secretariat/assessment/{Y}/settings",
        "secretariat.assessment_settings",
        secretariat_only(False),
    ),
    # leaders
    ("GET", "/board/assessment", "board.assessment", LEADER),
    ("GET", "/board/assessment/export.xlsx", "board.assessment_export", LEADER),
    (
        "GET",
        f"/board/assessment/{Y}/members/{{member}}",
        "board.assessment_member",
        LEADER,
    ),
    (
        "GET",
        f"/board/assessment/{Y}/members/{{outsider}}",
        "board.assessment_member",
        LEADER | {"leader": MISSING},
    ),
    ("GET", f"/board/assessment/{Y}/report", "board.assessment_report", LEADER),
]

assert {a for _m, _u, _e, expected in MATRIX for a in expected} == set(ACTORS)
assert all(expected["anon"] == LOGIN for _m, _u, _e, expected in MATRIX)


def extra_ids(w: World) -> dict[str, int]:
    return {"director": w.director.id, "outsider": w.outsider.id}
