"""The roles of DOMAIN.md, their Chinese labels and the order menus show them in."""

from __future__ import annotations

MEMBER = "member"
GROUP_HEAD = "group_head"
COMMITTEE = "committee"
SECRETARIAT = "secretariat"
LEADER = "leader"
DEPARTMENT = "department"  # a 承办单位's contact person; the user is linked to a Department

ROLE_LABELS: dict[str, str] = {
    MEMBER: "委员",
    GROUP_HEAD: "室组负责人",
    COMMITTEE: "专委会",
    SECRETARIAT: "政协机关",
    LEADER: "领导",
    DEPARTMENT: "承办单位",
}

ROLES: tuple[str, ...] = tuple(ROLE_LABELS)

# the URL prefix / blueprint that serves each role's pages
ROLE_BLUEPRINT: dict[str, str] = {
    MEMBER: "member",
    GROUP_HEAD: "group",
    COMMITTEE: "committee",
    SECRETARIAT: "secretariat",
    LEADER: "board",
    DEPARTMENT: "department",  # the portal blueprint; role_home falls back until it exists
}


def primary_role(roles: set[str] | list[str]) -> str | None:
    """The role a user lands on after login: the most specific work role they hold."""
    for role in (SECRETARIAT, LEADER, GROUP_HEAD, COMMITTEE, MEMBER, DEPARTMENT):
        if role in roles:
            return role
    return None
