"""The roles of DOMAIN.md, their Chinese labels and the order menus show them in."""

from __future__ import annotations

MEMBER = "member"
GROUP_HEAD = "group_head"
COMMITTEE = "committee"
SECRETARIAT = "secretariat"
LEADER = "leader"

ROLE_LABELS: dict[str, str] = {
    MEMBER: "委员",
    GROUP_HEAD: "室组负责人",
    COMMITTEE: "专委会",
    SECRETARIAT: "政协机关",
    LEADER: "领导",
}

ROLES: tuple[str, ...] = tuple(ROLE_LABELS)

# the URL prefix / blueprint that serves each role's pages
ROLE_BLUEPRINT: dict[str, str] = {
    MEMBER: "member",
    GROUP_HEAD: "group",
    COMMITTEE: "committee",
    SECRETARIAT: "secretariat",
    LEADER: "board",
}


def primary_role(roles: set[str] | list[str]) -> str | None:
    """The role a user lands on after login: the most specific work role they hold."""
    for role in (SECRETARIAT, LEADER, GROUP_HEAD, COMMITTEE, MEMBER):
        if role in roles:
            return role
    return None
