"""The board's figures: ``build`` puts together the sections of ``tables.Board`` — the
十个一 and 十加一 here, the closed loops in ``loop_figures``, and the attendance and grade
slots.

Built inside a request (the links are ``url_for``); every figure comes from a GROUP BY in
the selectors — the board's statement count does not grow with the data.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import url_for

from ..charts import Bar, bar_chart, count_text, line_chart, number, stacked_bar_chart
from ..domain.points import GRADES
from ..domain.roles import ROLE_BLUEPRINT
from ..selectors import board as sel
from ..selectors import group_ranking as ranking_sel
from .loop_figures import loops_sections
from .tables import Board, Cell, QueryLink, Section, Table, linked, pct


def build(org_id: int, year: int, quarter: int, role: str, today: date) -> Board:
    duty = DutyLinks(ROLE_BLUEPRINT[role], year)
    duties = sel.duty_figures(org_id, year)
    sections = [
        duties_section(year, duties, duty),
        groups_section(org_id, year, quarter, today),
        *loops_sections(org_id, year, today),
        attendance_section(org_id, year),
        grades_section(org_id, year, duties.completion.items, duty.bp),
    ]
    return Board(year, quarter, sections)


# --- 十个一 ------------------------------------------------------------------------------------


class DutyLinks:
    """Where the 十个一 figures lead: the role's member overview of the year, filtered
    (``members(**filters)``), and a member's archive."""

    def __init__(self, bp: str, year: int):
        self.bp = bp
        self.members = QueryLink(f"{bp}.duty_overview", year=year)

    def member(self, member_id: int) -> str:
        return url_for(f"{self.bp}.member_archive", member_id=member_id)


def duties_section(year: int, figures: sel.DutyFigures, link: DutyLinks) -> Section:
    c = figures.completion
    n_items = len(c.items)
    section = Section("duties", "十个一", [])
    if not n_items:
        section.note = f"{year} 年度的十个一清单尚未设置。"
        return section
    undone = c.members - c.done_all
    section.tables.append(
        Table(
            "duties-figures",
            "主要数字",
            ["项目", "数值"],
            [
                [Cell("在册委员"), linked(c.members, link.members())],
                [Cell("全部完成"), linked(c.done_all, link.members(done=n_items))],
                [Cell("全部完成比例"), Cell(pct(c.done_all, c.members))],
                [Cell("未完成"), linked(undone, link.members(incomplete=1))],
                [Cell("人均完成项数"), Cell(f"{c.average:.1f}")],
            ],
            stats=True,
        )
    )
    dist = [(n, c.by_count.get(n, 0)) for n in range(n_items, -1, -1)]
    section.tables.append(
        Table(
            "duties-distribution",
            "完成项数分布",
            ["完成项数", "委员"],
            [[Cell(f"{n} 项"), linked(k, link.members(done=n))] for n, k in dist],
            charts=[
                bar_chart(
                    "委员完成项数分布",
                    [Bar(f"{n} 项", Decimal(k)) for n, k in dist],
                    max_value=max((k for _n, k in dist), default=0) or 1,
                    unit="人",
                    fmt=count_text,
                )
            ],
        )
    )
    done_by_item = figures.done_by_item
    least = sorted(c.items, key=lambda i: (done_by_item.get(i.id, 0), i.sort_order, i.id))
    section.tables.append(
        Table(
            "duties-items",
            "各项完成情况（完成少的在前）",
            ["事项", "已完成", "未完成", "完成率"],
            [
                [
                    Cell(i.name),
                    Cell(done_by_item.get(i.id, 0)),
                    linked(c.members - done_by_item.get(i.id, 0), link.members(missing=i.id)),
                    Cell(pct(done_by_item.get(i.id, 0), c.members)),
                ]
                for i in least
            ],
        )
    )
    for key, title, lines, arg in (
        ("groups", "按室组", c.by_group, "group"),
        ("committees", "按专委会", c.by_committee, "committee"),
        ("sectors", "按界别", c.by_sector, "sector"),
    ):
        section.tables.append(_completion_table(f"duties-{key}", title, lines, arg, link))
    section.tables.append(
        Table(
            "duties-laggards",
            "完成最少的委员",
            ["姓名", "室组", "已完成项数"],
            [
                [Cell(lag.name, link.member(lag.member_id)), Cell(lag.group), Cell(lag.done)]
                for lag in figures.laggards
            ],
            empty="全部委员均已完成。",
        )
    )
    return section


def _completion_table(key: str, title: str, lines, arg: str, link: DutyLinks) -> Table:
    rows = []
    for line in lines:
        scope = {arg: line.key} if line.key else None
        undone = line.members - line.all_done
        rows.append(
            [
                Cell(line.name, link.members(**scope) if scope else None),
                Cell(line.members),
                Cell(line.all_done),
                linked(undone, link.members(**scope, incomplete=1)) if scope else Cell(undone),
                Cell(pct(line.all_done, line.members)),
                Cell(f"{line.average:.1f}"),
            ]
        )
    chart = stacked_bar_chart(
        f"{title}全部完成与未完成的委员",
        [(line.name, (line.all_done, line.members - line.all_done)) for line in lines],
        ("全部完成", "未完成"),
        unit="人",
    )
    headers = [title[1:], "委员", "全部完成", "未完成", "完成率", "人均完成项"]
    return Table(key, f"{title}（落后的在前）", headers, rows, charts=[chart])


# --- 十加一 ------------------------------------------------------------------------------------


def groups_section(org_id: int, year: int, quarter: int, today: date) -> Section:
    reports = ranking_sel.trend_reports(org_id, year, quarter)  # the quarter's among them
    q = ranking_sel.quarter(org_id, year, quarter, today, reports=reports)
    trends = ranking_sel.trend(
        org_id, year, quarter, today=today, group_ids=[r.group.id for r in q.rows], reports=reports
    )
    board_url = url_for("ranking.board", year=year, quarter=quarter)
    section = Section("groups", "十加一", [])
    if not q.final:
        section.note = "本季度进行中：未到期、待评分的月份暂不计入，暂不标记排名靠前、靠后。"
    rows = []
    for r in q.ranking:
        points = trends.get(r.group_id, [])
        trend = " → ".join(number(p.score) + ("（暂计）" if p.provisional else "") for p in points)
        rows.append(
            [
                Cell(r.group_name, board_url),
                Cell(r.rank if r.score is not None else "—"),
                Cell(number(r.score) if r.score is not None else "暂无计分月份"),
                Cell(r.flag_label or "—"),
                Cell(trend or "—"),
            ]
        )
    charts = [
        line_chart(
            f"{r.group_name}近四个季度得分" + (f"（{r.flag_label}）" if r.flag_label else ""),
            [(f"{p.year % 100}年{p.quarter}季", p.score) for p in trends.get(r.group_id, [])],
            max_value=q.rubric.full_marks,
            provisional={i for i, p in enumerate(trends.get(r.group_id, [])) if p.provisional},
        )
        for r in _ends(q)
    ]
    chart = bar_chart(
        f"{q.label}各室组得分",
        [
            Bar(r.group_name, r.score, r.final_flag, f"（{r.flag_label}）" if r.flag_label else "")
            for r in q.ranking
            if r.score is not None
        ],
        max_value=q.rubric.full_marks,
    )
    section.tables.append(
        Table(
            "groups-ranking",
            f"{q.label}室组排名",
            ["室组", "排名", "季度得分", "标记", "近四个季度"],
            rows,
            charts=[chart, *charts],
            empty="还没有室组。",
        )
    )
    return section


def _ends(q) -> list:
    """The groups whose trend the board draws: the flagged ones; before the quarter is final,
    the first and last ``flag_count`` as they stand."""
    scored = [r for r in q.ranking if r.score is not None]
    flagged = [r for r in scored if r.flag_label]
    n = q.rubric.flag_count
    if flagged or len(scored) <= 2 * n:
        return flagged or scored
    return scored[:n] + scored[-n:]


# --- attendance and grades: filled when their selectors land ---------------------------------


def attendance_section(org_id: int, year: int) -> Section:
    lines = sel.attendance_rates(org_id, year)
    rates_url = url_for("attendance.rates", year=year)
    rows = [
        [
            Cell(a.label, rates_url),
            Cell(a.invited),
            Cell(a.present),
            Cell(a.excused),
            Cell(f"{a.rate:.1%}" if a.rate is not None else "—"),
        ]
        for a in lines
    ]
    table = Table(
        "attendance-rates", "出勤率", ["会议/活动", "应到", "实到", "请假", "出勤率"], rows
    )
    return Section("attendance", "出勤", [table])


def grades_section(org_id: int, year: int, year_items: list, bp: str) -> Section:
    grades = sel.grade_distribution(org_id, year, year_items)
    codes = {label: code for code, label in GRADES.items()}
    graded = QueryLink(f"{bp}.assessment", year=year)
    table = Table(
        "grades-distribution",
        "考核等次分布",
        ["等次", "委员"],
        [[Cell(label), Cell(n, graded(grade=codes[label]))] for label, n in grades],
        charts=[
            bar_chart(
                "考核等次分布",
                [Bar(label, Decimal(n)) for label, n in grades],
                max_value=max((n for _l, n in grades), default=0) or 1,
                unit="人",
                fmt=count_text,
            )
        ]
        if grades
        else [],
    )
    return Section("grades", "考核等次", [table])
