"""The year's proposal figures and the overdue list, shared by the secretariat's and the
leaders' pages (one GROUP BY for the stages, one for departments and classes, one for the
verdicts), and their .xlsx exports."""

from __future__ import annotations

from collections import defaultdict

from flask import render_template

from ..domain import loops as rules
from ..excel import workbook_bytes, xlsx_response
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as loop_sel


def figures_page(org_id: int, year: int, export_endpoint: str) -> str:
    return render_template(
        "loops/figures.html",
        f=loop_sel.proposal_figures(org_id, year),
        excellent=loop_sel.excellent_proposals(org_id, year),
        year=year,
        classes=rules.REPLY_CLASSES,
        verdicts=rules.VERDICTS,
        export_endpoint=export_endpoint,
    )


def figures_export(org_id: int, year: int):
    f = loop_sel.proposal_figures(org_id, year)
    rate = f"{f.reply_rate:.1%}" if f.reply_rate is not None else "—"
    rows: list[list] = [
        ["收到提案", f.received],
        ["立案", f.filed],
        ["转为意见建议", f.opinions],
        ["并案", f.merged],
        ["已答复", f.replied],
        ["办复率", rate],
    ]
    rows += [[f"{c} 类 {label}", f.classes.get(c, 0)] for c, label in rules.REPLY_CLASSES.items()]
    rows += [[label, f.verdicts.get(v, 0)] for v, label in rules.VERDICTS.items()]
    rows += [[f"承办：{d.name}", f"交办 {d.assigned} · 答复 {d.replied}"] for d in f.departments]
    excellent = loop_sel.excellent_proposals(org_id, year)
    rows += [["优秀提案", len(excellent)]] + [["优秀提案", title] for _id, title in excellent]
    data = workbook_bytes(f"{year}年度提案统计", ["项目", "数量"], rows, widths=[30, 24])
    return xlsx_response(f"{year}年度提案统计.xlsx", data)


def overdue_by_department(org_id: int) -> list[tuple[str, list]]:
    """The overdue proposals grouped by their lead department, the department with most first."""
    groups: dict[str, list] = defaultdict(list)
    for d in deadline_sel.overdue(org_id, "proposal"):
        lead = d.matter.lead_assignment
        groups[lead.department.name if lead else "—"].append(d)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
