"""The board's closed-loop sections, generic over the loops of ``domain.loop_specs``: the
overview (matters, overdue, suggestions per loop; overdue by department and committee) and
one section per loop (its stages and topics; for proposals the reply classes, satisfaction
and 办复率). A new loop's matters show up with no change here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import url_for
from markupsafe import Markup

from ..charts import Bar, bar_chart, count_text, stacked_bar_chart
from ..domain import loops as rules
from ..domain.loop_specs import LOOPS
from ..selectors import board as sel
from ..selectors import board_overdue
from ..selectors import loops as loop_sel
from .tables import Cell, QueryLink, Section, Table, linked

DRAFT = "draft"  # a matter's draft is its writer's own: never on the board


# --- closed loops -----------------------------------------------------------------------------


class Links:
    """Where the closed-loop figures lead: the year's matters and suggestions, filtered."""

    def __init__(self, year: int):
        self.matters = QueryLink("dashboard.matters", year=year)
        self.suggestions = QueryLink("dashboard.suggestions", year=year)


def loops_sections(org_id: int, year: int, today: date) -> list[Section]:
    links = Links(year)
    stages = loop_sel.stage_counts(org_id, year)
    overdue = board_overdue.overdue(org_id, year, today)
    suggestions = sel.suggestions(org_id, year)
    totals = {code: sum(n for s, n in stages.get(code, {}).items() if s != DRAFT) for code in LOOPS}
    rows = []
    for code, spec in LOOPS.items():
        s = suggestions.by_loop.get(code, sel.SuggestionLine(code))
        rows.append(
            [
                Cell(spec.name, f"#loop-{code}"),
                linked(totals[code], links.matters(loop=code)),
                linked(overdue.by_loop.get(code, 0), links.matters(loop=code, overdue=1)),
                linked(s.made, links.suggestions(loop=code)),
                linked(s.adopted, links.suggestions(loop=code, outcome="adopted")),
                linked(s.implemented, links.suggestions(loop=code, outcome="implemented")),
                linked(
                    s.adopted_implemented,
                    links.suggestions(loop=code, outcome="adopted_implemented"),
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
                    [
                        Cell(name),
                        linked(n, links.matters(overdue=1, department=d)) if d else Cell(n),
                    ]
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
                        linked(n, links.matters(overdue=1, committee=c)) if c else Cell(n),
                    ]
                    for c, name, n in overdue.by_committee
                ],
                empty="没有逾期事项。",
            ),
        ],
        note=f"逾期按今日（{today.isoformat()}）计。",
    )
    per_loop = [
        _loop_section(org_id, year, code, stages.get(code, {}), overdue, suggestions, links)
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
    overdue: board_overdue.Overdue,
    suggestions: sel.Suggestions,
    links: Links,
) -> Section:
    spec = LOOPS[code]
    stages = [(s, label) for s, label in spec.workflow.stages.items() if s != DRAFT]
    total = sum(by_stage.get(s, 0) for s, _label in stages)
    s = suggestions.by_loop.get(code, sel.SuggestionLine(code))
    figures = [
        [Cell("事项"), linked(total, links.matters(loop=code))],
        [
            Cell("逾期"),
            linked(overdue.by_loop.get(code, 0), links.matters(loop=code, overdue=1)),
        ],
        [Cell("建议"), linked(s.made, links.suggestions(loop=code))],
        [
            Cell("采纳落实"),
            linked(
                s.adopted_implemented,
                links.suggestions(loop=code, outcome="adopted_implemented"),
            ),
        ],
    ]
    tables = [Table(f"{code}-figures", "主要数字", ["项目", "数值"], figures, stats=True)]
    if code == "proposal":
        tables += _proposal_tables(org_id, year, by_stage, figures, links)
    tables.append(
        Table(
            f"{code}-stages",
            "按阶段",
            ["阶段", "事项"],
            [
                [Cell(label), linked(by_stage.get(st, 0), links.matters(loop=code, stage=st))]
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
                        linked(t.made, links.suggestions(matter=t.matter_id)),
                        linked(t.adopted, links.suggestions(matter=t.matter_id, outcome="adopted")),
                        linked(
                            t.implemented,
                            links.suggestions(matter=t.matter_id, outcome="implemented"),
                        ),
                        linked(
                            t.adopted_implemented,
                            links.suggestions(matter=t.matter_id, outcome="adopted_implemented"),
                        ),
                        Cell(t.headline),
                    ]
                    for t in topics
                ],
            )
        )
    return Section(f"loop-{code}", spec.name, tables, note=s.headline if s.made else "")


def _proposal_tables(
    org_id: int, year: int, by_stage: dict[str, int], figures: list[list[Cell]], links: Links
) -> list[Table]:
    f = loop_sel.proposal_figures(org_id, year, by_stage)
    filed = {"stage": list(loop_sel.FILED_STAGES)}
    replied = {"stage": list(loop_sel.REPLIED_STAGES)}
    figures += [
        [Cell("收到提案"), Cell(f.received)],
        [Cell("立案"), linked(f.filed, links.matters(loop="proposal", **filed))],
        [Cell("已答复"), linked(f.replied, links.matters(loop="proposal", **replied))],
        [Cell("办复率"), Cell(f"{f.reply_rate:.1%}" if f.reply_rate is not None else "—")],
    ]
    classes = [
        (f"{c} 类 {label}", f"{c} 类", f.classes.get(c, 0), {"reply_class": c})
        for c, label in rules.REPLY_CLASSES.items()
    ]
    verdicts = [
        (label, label, f.verdicts.get(v, 0), {"verdict": v}) for v, label in rules.VERDICTS.items()
    ]
    return [
        _parts_table(links, "proposal-classes", "答复类别", "类别", classes),
        _parts_table(links, "proposal-verdicts", "提案人评价", "评价", verdicts),
    ]


def _parts_table(links: Links, key: str, title: str, header: str, parts: list) -> Table:
    """The proposals split into parts — (label, short label, count, filter) — as a table
    linking each count to its proposals, and one stacked bar."""
    return Table(
        key,
        title,
        [header, "件数"],
        [
            [Cell(label), linked(n, links.matters(loop="proposal", **by))]
            for label, _s, n, by in parts
        ],
        charts=[
            stacked_bar_chart(
                title,
                [(title, [n for *_l, n, _by in parts])],
                [s for _l, s, *_r in parts],
                unit="件",
            )
        ],
    )
