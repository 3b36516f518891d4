"""The board as data: sections (one per list and per loop) of tables whose cells carry the
link to the records behind them. The page renders this structure and the workbooks are
written from it, so the board and its exports cannot disagree.

Built inside a request (the links are ``url_for``); every figure comes from a GROUP BY in
the selectors — the board's statement count does not grow with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask import url_for
from markupsafe import Markup

from ..charts import Bar, bar_chart, count_text, line_chart, number, stacked_bar_chart
from ..domain import loops as rules
from ..domain.loop_specs import LOOPS
from ..domain.roles import ROLE_BLUEPRINT
from ..selectors import board as sel
from ..selectors import duty_overview as overview_sel
from ..selectors import group_ranking as ranking_sel
from ..selectors import loops as loop_sel

NO_DATA = "尚无数据"
DRAFT = "draft"  # a matter's draft is its writer's own: never on the board


@dataclass
class Cell:
    text: object
    href: str | None = None


@dataclass
class Table:
    key: str  # ASCII, unique on the board: the anchor and the export's name
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    charts: list[Markup] = field(default_factory=list)
    stats: bool = False  # the section's headline figures, shown as tiles
    empty: str = NO_DATA

    def values(self) -> list[list]:
        return [[c.text for c in row] for row in self.rows]


@dataclass
class Section:
    key: str
    title: str  # the heading, and the workbook's sheet name
    tables: list[Table]
    note: str = ""


@dataclass
class Board:
    year: int
    quarter: int
    sections: list[Section]

    def table(self, key: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.key == key), None)

    def sheets(self) -> list[tuple[str, list]]:
        """The year workbook: one sheet per section, its tables as the board shows them."""
        return [
            (s.title, [(t.title, t.headers, t.values() or [[t.empty]]) for t in s.tables])
            for s in self.sections
        ]


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def linked(n: int, href: str) -> Cell:
    """A count linking to its records (a zero has none to show)."""
    return Cell(n, href if n else None)


def build(org_id: int, year: int, quarter: int, role: str, today: date) -> Board:
    duty = DutyLinks(ROLE_BLUEPRINT[role], year)
    sections = [
        duties_section(org_id, year, duty),
        groups_section(org_id, year, quarter, today),
        *loops_sections(org_id, year, today),
        attendance_section(org_id, year),
        grades_section(org_id, year),
    ]
    return Board(year, quarter, sections)


# --- 十个一 ------------------------------------------------------------------------------------


@dataclass
class DutyLinks:
    bp: str
    year: int

    def members(self, **filters) -> str:
        return url_for(f"{self.bp}.duty_overview", year=self.year, **filters)

    def member(self, member_id: int) -> str:
        return url_for(f"{self.bp}.member_archive", member_id=member_id)


def duties_section(org_id: int, year: int, link: DutyLinks) -> Section:
    c = overview_sel.completion(org_id, year)
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
    done_by_item = sel.item_done_counts(org_id, year, c.items)
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
                for lag in sel.laggards(org_id, year, c.items)
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
    q = ranking_sel.quarter(org_id, year, quarter, today)
    trends = ranking_sel.trend(org_id, year, quarter, today=today)
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


# --- closed loops -----------------------------------------------------------------------------


def matters_url(year: int, **filters) -> str:
    return url_for("dashboard.matters", year=year, **filters)


def suggestions_url(year: int, **filters) -> str:
    return url_for("dashboard.suggestions", year=year, **filters)


def loops_sections(org_id: int, year: int, today: date) -> list[Section]:
    stages = loop_sel.stage_counts(org_id, year)
    overdue = sel.overdue(org_id, year, today)
    suggestions = sel.suggestions(org_id, year)
    totals = {code: sum(n for s, n in stages.get(code, {}).items() if s != DRAFT) for code in LOOPS}
    rows = []
    for code, spec in LOOPS.items():
        s = suggestions.by_loop.get(code, sel.SuggestionLine(code))
        rows.append(
            [
                Cell(spec.name, f"#loop-{code}"),
                linked(totals[code], matters_url(year, loop=code)),
                linked(overdue.by_loop.get(code, 0), matters_url(year, loop=code, overdue=1)),
                linked(s.made, suggestions_url(year, loop=code)),
                linked(s.adopted, suggestions_url(year, loop=code, outcome="adopted")),
                linked(s.implemented, suggestions_url(year, loop=code, outcome="implemented")),
                linked(
                    s.adopted_implemented,
                    suggestions_url(year, loop=code, outcome="adopted_implemented"),
                ),
            ]
        )
    overview = Section(
        "loops",
        "履职闭环",
        [
            Table(
                "loops-overview",
                "各闭环事项、逾期与建议",
                ["闭环", "事项", "逾期", "建议", "采纳", "落实", "采纳落实"],
                rows,
                charts=[_suggestion_chart(suggestions)],
            ),
            Table(
                "loops-overdue-departments",
                "逾期事项：按承办单位",
                ["承办单位", "逾期"],
                [
                    [Cell(name), linked(n, matters_url(year, overdue=1, department=d))]
                    for d, name, n in overdue.by_department
                ],
                empty="没有逾期事项。",
            ),
            Table(
                "loops-overdue-committees",
                "逾期事项：按专委会",
                ["专委会", "逾期"],
                [
                    [
                        Cell(name),
                        linked(n, matters_url(year, overdue=1, committee=c)) if c else Cell(n),
                    ]
                    for c, name, n in overdue.by_committee
                ],
                empty="没有逾期事项。",
            ),
        ],
        note=f"逾期按今日（{today.isoformat()}）计。",
    )
    per_loop = [
        _loop_section(org_id, year, code, stages.get(code, {}), overdue, suggestions)
        for code in LOOPS
    ]
    return [overview, *per_loop]


def _suggestion_chart(suggestions: sel.Suggestions) -> Markup:
    rows = []
    for code, spec in LOOPS.items():
        s = suggestions.by_loop.get(code)
        if s and s.made:
            rows.append(
                (
                    spec.name,
                    (
                        s.adopted_implemented,
                        s.adopted - s.adopted_implemented,
                        s.made - s.adopted,
                    ),
                )
            )
    return stacked_bar_chart(
        "各闭环建议的采纳落实", rows, ("采纳落实", "采纳未落实", "未采纳"), unit="条"
    )


def _loop_section(
    org_id: int,
    year: int,
    code: str,
    by_stage: dict[str, int],
    overdue: sel.Overdue,
    suggestions: sel.Suggestions,
) -> Section:
    spec = LOOPS[code]
    stages = [(s, label) for s, label in spec.workflow.stages.items() if s != DRAFT]
    total = sum(by_stage.get(s, 0) for s, _label in stages)
    s = suggestions.by_loop.get(code, sel.SuggestionLine(code))
    figures = [
        [Cell("事项"), linked(total, matters_url(year, loop=code))],
        [
            Cell("逾期"),
            linked(overdue.by_loop.get(code, 0), matters_url(year, loop=code, overdue=1)),
        ],
        [Cell("建议"), linked(s.made, suggestions_url(year, loop=code))],
        [
            Cell("采纳落实"),
            linked(
                s.adopted_implemented,
                suggestions_url(year, loop=code, outcome="adopted_implemented"),
            ),
        ],
    ]
    tables = [Table(f"{code}-figures", "主要数字", ["项目", "数值"], figures, stats=True)]
    if code == "proposal":
        tables += _proposal_tables(org_id, year, figures)
    tables.append(
        Table(
            f"{code}-stages",
            "按阶段",
            ["阶段", "事项"],
            [
                [Cell(label), linked(by_stage.get(st, 0), matters_url(year, loop=code, stage=st))]
                for st, label in stages
            ],
            charts=[
                bar_chart(
                    f"{spec.name}各阶段事项",
                    [Bar(label, Decimal(by_stage.get(st, 0))) for st, label in stages],
                    max_value=max((by_stage.get(st, 0) for st, _l in stages), default=0) or 1,
                    unit="件",
                    fmt=count_text,
                )
            ]
            if total
            else [],
        )
    )
    topics = [t for t in suggestions.by_topic if t.loop == code]
    if code != "proposal" or topics:
        tables.append(
            Table(
                f"{code}-suggestions",
                "各议题建议",
                ["议题", "建议", "采纳", "落实", "采纳落实", "小结"],
                [
                    [
                        Cell(t.title, url_for("loops.matter", matter_id=t.matter_id)),
                        linked(t.made, suggestions_url(year, matter=t.matter_id)),
                        linked(
                            t.adopted, suggestions_url(year, matter=t.matter_id, outcome="adopted")
                        ),
                        linked(
                            t.implemented,
                            suggestions_url(year, matter=t.matter_id, outcome="implemented"),
                        ),
                        linked(
                            t.adopted_implemented,
                            suggestions_url(
                                year, matter=t.matter_id, outcome="adopted_implemented"
                            ),
                        ),
                        Cell(t.headline),
                    ]
                    for t in topics
                ],
            )
        )
    return Section(f"loop-{code}", spec.name, tables, note=s.headline if s.made else "")


def _proposal_tables(org_id: int, year: int, figures: list[list[Cell]]) -> list[Table]:
    f = loop_sel.proposal_figures(org_id, year)
    filed = {"stage": list(loop_sel.FILED_STAGES)}
    replied = {"stage": list(loop_sel.REPLIED_STAGES)}
    figures += [
        [Cell("收到提案"), Cell(f.received)],
        [Cell("立案"), linked(f.filed, matters_url(year, loop="proposal", **filed))],
        [Cell("已答复"), linked(f.replied, matters_url(year, loop="proposal", **replied))],
        [Cell("办复率"), Cell(f"{f.reply_rate:.1%}" if f.reply_rate is not None else "—")],
    ]
    classes = [
        [
            Cell(f"{c} 类 {label}"),
            linked(f.classes.get(c, 0), matters_url(year, loop="proposal", reply_class=c)),
        ]
        for c, label in rules.REPLY_CLASSES.items()
    ]
    verdicts = [
        [Cell(label), linked(f.verdicts.get(v, 0), matters_url(year, loop="proposal", verdict=v))]
        for v, label in rules.VERDICTS.items()
    ]
    return [
        Table(
            "proposal-classes",
            "答复类别",
            ["类别", "件数"],
            classes,
            charts=[
                stacked_bar_chart(
                    "答复类别",
                    [("答复", [f.classes.get(c, 0) for c in rules.REPLY_CLASSES])],
                    [f"{c} 类" for c in rules.REPLY_CLASSES],
                    unit="件",
                )
            ],
        ),
        Table(
            "proposal-verdicts",
            "提案人评价",
            ["评价", "件数"],
            verdicts,
            charts=[
                stacked_bar_chart(
                    "提案人评价",
                    [("评价", [f.verdicts.get(v, 0) for v in rules.VERDICTS])],
                    list(rules.VERDICTS.values()),
                    unit="件",
                )
            ],
        ),
    ]


# --- attendance and grades: filled when their selectors land ---------------------------------


def attendance_section(org_id: int, year: int) -> Section:
    lines = sel.attendance_rates(org_id, year)
    rows = [
        [
            Cell(a.label),
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


def grades_section(org_id: int, year: int) -> Section:
    grades = sel.grade_distribution(org_id, year)
    table = Table(
        "grades-distribution",
        "考核等次分布",
        ["等次", "委员"],
        [[Cell(label), Cell(n)] for label, n in grades],
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
