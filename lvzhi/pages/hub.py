"""履职闭环: the hub page behind one menu item — a plain list of every closed loop's pages,
each with its count — for members (their own matters), the secretariat and leaders (the
year's matters of the organization). Phone first: one large link per line."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, url_for
from flask_login import current_user

from ..domain.loops import OVERDUE
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


def member_page(member_id: int):
    n = sel.member_loop_counts(current_user.org_id, member_id)
    links = [
        HubLink("我的提案", url_for("member.proposals"), n.get("proposal", 0)),
        HubLink("社情民意信息", url_for("member.opinions"), n.get("public_opinion", 0), "篇"),
        HubLink("大会发言", url_for("member.speeches"), n.get("speech", 0), "篇"),
        HubLink("政协工作建议", url_for("member.work_suggestions"), n.get("work_suggestion", 0)),
    ]
    return render_template("loops/hub.html", links=links, year=None, hub="member.loops")


def office_page(role: str):
    """The secretariat's (``role`` "secretariat") or a leader's ("leader") hub for a year."""
    org = current_user.org_id
    year = year_arg() or duty_sel.current_year(org)
    n = sel.loop_counts(org, year)
    overdue = sum(1 for r in overdue_sel.late(org) if r.state == OVERDUE)
    if role == "secretariat":
        tally = suggestion_sel.years(org).get(year)
        links = [
            HubLink("提案", url_for("secretariat.proposals", year=year), n.get("proposal", 0)),
            HubLink(
                "社情民意信息",
                url_for("secretariat.opinions", year=year),
                n.get("public_opinion", 0),
                "篇",
            ),
            HubLink(
                "《社情民意》编辑",
                url_for("secretariat.bulletins", year=year),
                sel.bulletin_count(org, year),
                "期",
            ),
            HubLink(
                "大会发言", url_for("secretariat.speeches", year=year), n.get("speech", 0), "篇"
            ),
            HubLink(
                "政协工作建议",
                url_for("secretariat.work_suggestions", year=year),
                n.get("work_suggestion", 0),
            ),
            HubLink(
                "协商计划",
                url_for("secretariat.consultations", year=year),
                n.get("consultation", 0),
                "项",
            ),
            HubLink(
                "民主监督",
                url_for("secretariat.supervision", year=year),
                n.get("supervision", 0),
                "项",
            ),
            HubLink(
                "建议采纳落实",
                url_for("secretariat.suggestions", year=year),
                tally.made if tally else 0,
                "条",
                tally.line if tally else "",
            ),
            HubLink("逾期反馈", url_for("secretariat.overdue"), overdue, "件", "全部年度"),
        ]
    else:
        links = [
            HubLink("提案", url_for("board.proposals"), n.get("proposal", 0)),
            HubLink(
                "社情民意", url_for("board.opinions", year=year), n.get("public_opinion", 0), "篇"
            ),
            HubLink(
                "大会发言与工作建议",
                url_for("board.speeches", year=year),
                n.get("speech", 0) + n.get("work_suggestion", 0),
            ),
            HubLink(
                "协商和民主监督",
                url_for("loops.overview", year=year),
                n.get("consultation", 0) + n.get("supervision", 0),
                "项",
            ),
            HubLink("逾期反馈", url_for("board.overdue"), overdue, "件", "全部年度"),
        ]
    hub = "secretariat.loops" if role == "secretariat" else "board.loops"
    return render_template("loops/hub.html", links=links, year=year, hub=hub)
