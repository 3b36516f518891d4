"""The menu of each role — shown as the bottom bar on phones, a side bar on desktops.

Each item: (label, endpoint, icon, endpoint prefixes that keep the item highlighted).

A phone's bottom bar holds five items (six for the secretariat, with labels of at most three
characters) so that every tab stays a large, readable target at 390 px. The closed loops
(提案, 社情民意, 大会发言, 工作建议, 协商, 监督, 建议, 逾期) sit behind one 履职闭环 hub
page per role (``lvzhi/pages/hub.py``); every page of the old, longer menus is at most two
taps away.
"""

from __future__ import annotations

NavItem = tuple[str, str, str, tuple[str, ...]]

# every page of a closed loop, as a secretariat or leader sees it
_OFFICE_LOOPS = (
    "loops.",
    "proposal",
    "opinion",
    "bulletin",
    "speech",
    "work_suggestion",
    "consultation",
    "supervision",
    "topic",
    "suggestions",  # the bulk page, its export, import and year overview
    "suggestion_",  # one suggestion's edit form and row
    "matter_suggestion",
    "overdue",
)


def _in(blueprint: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """Endpoint prefixes ``blueprint.name`` (names with a dot are whole prefixes already)."""
    return tuple(n if "." in n else f"{blueprint}.{n}" for n in names)


NAV: dict[str, list[NavItem]] = {
    "member": [
        (
            "我的履职",
            "member.home",
            "◎",
            ("member.duty", "member.archive", "member.handbook", "member.assessment"),
        ),
        (
            "建言献策",
            "member.loops",
            "✎",
            _in("member", ("loops.", "proposal", "opinion", "speech", "work_suggestion")),
        ),
        ("会议", "attendance.mine", "☷", ("attendance.event", "attendance.scan")),
        ("晾晒台", "showcase.index", "▥", ("showcase.", "ranking.")),
        ("我的资料", "member.profile", "☺", ()),
    ],
    "group_head": [
        ("室组", "group.home", "⌂", ("group.member_archive", "group.handbook")),
        ("待确认", "group.duty_pending", "✓", ("group.duty",)),
        (
            "月报",
            "group.reports",
            "▥",
            ("group.report", "group.signature", "showcase.", "ranking."),
        ),
        ("活动", "attendance.activities", "☷", ("attendance.",)),
    ],
    "committee": [
        ("专委会", "committee.home", "⌂", ()),
        ("室组月报", "committee.reports", "▥", ("committee.report", "showcase.", "ranking.")),
        ("协商", "committee.consultations", "✎", ("committee.topic", "loops.")),
    ],
    "secretariat": [
        (
            "工作台",
            "secretariat.home",
            "⌂",
            ("secretariat.audit", "secretariat.years", "secretariat.year_", "dashboard."),
        ),
        (
            "委员",
            "secretariat.members",
            "☺",
            _in(
                "secretariat",
                (
                    "member",
                    "roster",
                    "structure",
                    "named",
                    "committee",
                    "group_head",
                    "department",
                ),
            ),
        ),
        ("会议", "secretariat.meetings", "▤", ("secretariat.meeting", "attendance.")),
        ("闭环", "secretariat.loops", "✎", _in("secretariat", _OFFICE_LOOPS)),
        (
            "十个一",
            "secretariat.duty_overview",
            "✓",
            _in("secretariat", ("duty", "handbook", "assessment", "points")),
        ),
        (
            "十加一",
            "secretariat.reports",
            "▥",
            (
                *_in("secretariat", ("report", "group_report", "ranking", "appearance")),
                "showcase.",
                "ranking.",
            ),
        ),
    ],
    "leader": [
        ("总览", "board.home", "⌂", ("dashboard.",)),
        (
            "十个一",
            "board.duty_overview",
            "✓",
            ("board.duty", "board.member_archive", "board.handbook"),
        ),
        ("排名", "ranking.index", "▥", ("ranking.", "showcase.")),
        ("履职闭环", "board.loops", "✎", _in("board", _OFFICE_LOOPS)),
        ("考评", "board.assessment", "★", ("board.assessment", "attendance.")),
    ],
    "department": [
        ("待办", "inbox.home", "✓", ()),
        ("承办事项", "department.home", "▤", ("department.",)),
        ("我的", "auth.password", "☺", ()),
    ],
}


def nav_for(role: str | None) -> list[NavItem]:
    return NAV.get(role or "", [])


def active_item(items: list[NavItem], endpoint: str | None) -> str | None:
    """The endpoint of the menu item to highlight for the current page."""
    endpoint = endpoint or ""
    for _label, ep, _icon, _prefixes in items:
        if endpoint == ep:
            return ep
    for _label, ep, _icon, prefixes in items:
        if any(endpoint.startswith(p) for p in prefixes):
            return ep
    return None
