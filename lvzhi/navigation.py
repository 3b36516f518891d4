"""The menu of each role — shown as the bottom bar on phones, a side bar on desktops.

Each item: (label, endpoint, icon, endpoint prefixes that keep the item highlighted).
"""

from __future__ import annotations

NavItem = tuple[str, str, str, tuple[str, ...]]

NAV: dict[str, list[NavItem]] = {
    "member": [
        ("我的履职", "member.home", "◎", ("member.duty",)),
        ("履职档案", "member.archive", "▤", ("member.handbook", "member.assessment")),
        ("我的资料", "member.profile", "☺", ()),
        (
            "提案",
            "member.proposals",
            "✎",
            ("member.proposal", "loops.", "member.speech", "member.work_suggestion"),
        ),
        ("社情民意", "member.opinions", "✉", ("member.opinion",)),
        ("晾晒台", "showcase.index", "▥", ("showcase.", "ranking.")),
        ("会议", "attendance.mine", "☷", ("attendance.event", "attendance.scan")),
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
    ],
    "secretariat": [
        ("工作台", "secretariat.home", "⌂", ("secretariat.audit",)),
        ("委员", "secretariat.members", "☺", ("secretariat.member", "secretariat.roster")),
        (
            "组织",
            "secretariat.structure",
            "▦",
            (
                "secretariat.named",
                "secretariat.committee",
                "secretariat.group",
                "secretariat.department",
                "secretariat.years",
                "secretariat.year",
            ),
        ),
        ("会议", "secretariat.meetings", "▤", ("secretariat.meeting", "attendance.")),
        (
            "提案",
            "secretariat.proposals",
            "✎",
            (
                "secretariat.proposal",
                "loops.",
                "secretariat.speech",
                "secretariat.work_suggestion",
            ),
        ),
        ("社情", "secretariat.opinions", "✉", ("secretariat.opinion", "secretariat.bulletin")),
        (
            "十个一",
            "secretariat.duty_overview",
            "✓",
            (
                "secretariat.duty",
                "secretariat.handbook",
                "secretariat.assessment",
                "secretariat.points",
            ),
        ),
        (
            "十加一",
            "secretariat.reports",
            "▥",
            (
                "secretariat.report",
                "secretariat.group_report",
                "secretariat.ranking",
                "secretariat.appearance",
                "showcase.",
                "ranking.",
            ),
        ),
        (
            "协商",
            "secretariat.consultations",
            "◇",
            ("secretariat.consultation", "secretariat.supervision", "secretariat.topic"),
        ),
    ],
    "leader": [
        ("总览", "board.home", "⌂", ()),
        ("十个一", "board.duty_overview", "✓", ("board.duty", "board.member_archive")),
        ("排名", "ranking.index", "▥", ("ranking.", "showcase.")),
        ("提案", "board.proposals", "✎", ("board.proposal", "loops.", "board.speech")),
        ("社情民意", "board.opinions", "✉", ("board.opinion",)),
        ("协商", "loops.overview", "◇", ()),
        ("看板", "dashboard.index", "▦", ("dashboard.",)),
        ("出席", "attendance.rates", "☷", ()),
        ("考评", "board.assessment", "★", ("board.assessment",)),
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
