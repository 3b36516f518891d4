"""The year's 社情民意 figures (secretariat and leaders) and the .xlsx register of every
report sent that year."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..clock import local_day
from ..domain.instructions import FORWARD_LEVELS, INSTRUCTION_LEVELS
from ..excel import workbook_bytes, xlsx_response
from ..selectors import public_opinion as sel
from ..selectors.public_opinion_figures import figures


def figures_page(year: int, export_endpoint: str, template: str = "loops/opinion_figures.html"):
    return render_template(
        template,
        f=figures(current_user.org_id, year),
        year=year,
        forward_levels=FORWARD_LEVELS,
        instruction_levels=INSTRUCTION_LEVELS,
        export_endpoint=export_endpoint,
    )


REGISTER_HEADERS = [
    "序号",
    "标题",
    "报送人",
    "室组",
    "界别",
    "报送日期",
    "状态",
    "刊发期号",
    "报送",
    "领导批示",
    "承办单位",
    "办理反馈",
]


def register_export(org_id: int, year: int):
    """Every report sent in ``year``, one row each (a fixed number of statements)."""
    rows = sel.queue(org_id, year, "all")
    ids = [m.id for m in rows]
    issues, forwards, instructions = sel.issue_of(ids), sel.forwards(ids), sel.instructions(ids)
    out = []
    for n, m in enumerate(rows, 1):
        lead = m.lead_assignment
        issue = issues.get(m.id)
        out.append(
            [
                n,
                m.title,
                m.collective_name
                or "、".join(p.member.name for p in m.people if p.part == "proposer"),
                m.office_group.name if m.office_group else "",
                m.sector.name if m.sector else "",
                local_day(m.submitted_at).isoformat() if m.submitted_at else "",
                m.stage_label,
                issue.title if issue else "",
                "；".join(f"{f.forwarded_on.isoformat()} {f.level_label}" for f in forwards[m.id]),
                "；".join(f"{i.level_label} {i.leader}：{i.text}" for i in instructions[m.id]),
                lead.department.name if lead else "",
                lead.reply_text if lead and lead.replied_at else "",
            ]
        )
    widths = [6, 36, 14, 12, 12, 12, 12, 22, 30, 40, 18, 40]
    data = workbook_bytes(f"{year}社情民意", REGISTER_HEADERS, out, widths=widths)
    return xlsx_response(f"{year}年度社情民意信息登记表.xlsx", data)
