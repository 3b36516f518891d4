"""履职闭环: the hub page behind one menu item — a plain list of every closed loop's pages,
each with its count — for members (their own matters), the secretariat and leaders (the
year's matters of the organization). Phone first: one large link per line."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, url_for
from flask_login import current_user

from ..selectors import consultations as consultation_sel
from ..selectors import duties as duty_sel
from ..selectors import hub as sel
from ..selectors import overdue as overdue_sel
from ..selectors import suggestions as suggestion_sel
from ..web import year_arg


@dataclass
class HubLink:
    label: str
    url: str
    count: int
    unit: str = "件"
    hint: str = ""


# (label, endpoint, what it counts — loop codes, or "bulletin" / "suggestions" / "overdue" —,
# unit); a year's page gets ?year=
MEMBER_LINKS = [
    ("我的提案", "member.proposals", ("proposal",), "件"),
    ("社情民意信息", "member.opinions", ("public_opinion",), "篇"),
    ("大会发言", "member.speeches", ("speech",), "篇"),
    ("政协工作建议", "member.work_suggestions", ("work_suggestion",), "件"),
]
OFFICE_LINKS = {
    "secretariat": [
        ("提案", "secretariat.proposals", ("proposal",), "件"),
        ("社情民意信息", "secretariat.opinions", ("public_opinion",), "篇"),
        ("《社情民意》编辑", "secretariat.bulletins", ("bulletin",), "期"),
        ("大会发言", "secretariat.speeches", ("speech",), "篇"),
        ("政协工作建议", "secretariat.work_suggestions", ("work_suggestion",), "件"),
        ("协商计划", "secretariat.consultations", ("consultation",), "项"),
        ("民主监督", "secretariat.supervision", ("supervision",), "项"),
        ("建议采纳落实", "secretariat.suggestions", ("suggestions",), "条"),
        ("逾期反馈", "secretariat.overdue", ("overdue",), "件"),
    ],
    "leader": [
        ("提案", "board.proposals", ("proposal",), "件"),
        ("社情民意", "board.opinions", ("public_opinion",), "篇"),
        ("大会发言与工作建议", "board.speeches", ("speech", "work_suggestion"), "件"),
        ("协商和民主监督", "loops.overview", ("consultation", "supervision"), "项"),
        ("逾期反馈", "board.overdue", ("overdue",), "件"),
    ],
}
HUB = {"member": "member.loops", "secretariat": "secretariat.loops", "leader": "board.loops"}


def _links(table, counts: dict[str, int], hints: dict[str, str], **args) -> list[HubLink]:
    return [
        HubLink(
            label,
            url_for(endpoint, **({} if keys == ("overdue",) else args)),
            sum(counts.get(k, 0) for k in keys),
            unit,
            hints.get(keys[0], ""),
        )
        for label, endpoint, keys, unit in table
    ]


def member_page(member_id: int):
    org = current_user.org_id
    links = _links(MEMBER_LINKS, sel.member_loop_counts(org, member_id), {})
    links.append(  # fed back in writing to every member (DOMAIN.md)
        HubLink(
            "全会分组讨论意见办理反馈",
            url_for("loops.plenary_feedback"),
            consultation_sel.fed_back_to_all_count(org),
            "项",
        )
    )
    return render_template("loops/hub.html", links=links, year=None, hub=HUB["member"])


def office_page(role: str):
    """The secretariat's (``role`` "secretariat") or a leader's ("leader") hub for a year."""
    org = current_user.org_id
    year = year_arg() or duty_sel.current_year(org)
    counts = sel.loop_counts(org, year)
    counts["overdue"] = overdue_sel.overdue_count(org)  # what the overdue list counts
    hints = {"overdue": "全部年度"}
    if role == "secretariat":
        counts["bulletin"] = sel.bulletin_count(org, year)
        tally = suggestion_sel.years(org).get(year)
        counts["suggestions"] = tally.made if tally else 0
        hints["suggestions"] = tally.line if tally else ""
    links = _links(OFFICE_LINKS[role], counts, hints, year=year)
    return render_template("loops/hub.html", links=links, year=year, hub=HUB[role])
