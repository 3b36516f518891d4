"""The board's pages: the dashboard for a year and quarter, the lists behind its closed-loop
figures (matters, suggestions), each table's .xlsx and the year workbook — the exports
written from the same ``figures.Board`` the page renders."""

from __future__ import annotations

from flask import abort, current_app, g, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..clock import local_today
from ..domain import loops as rules
from ..domain.group_ranking import quarter_of
from ..domain.loop_specs import LOOP_NAMES, LOOPS
from ..excel import workbook_bytes, workbook_sheets_bytes, xlsx_response
from ..extensions import db
from ..models import Matter, MatterAssignment, Suggestion
from ..models.loops import SUGGESTION_OUTCOMES
from ..selectors import board as sel
from ..selectors import loop_deadlines as deadline_sel
from ..selectors import loops as loop_sel
from ..stamps import kept, kept_query_page
from ..web import FIRST_YEAR, int_arg, page_arg, year_arg
from . import bp
from .figures import build

OUTCOMES = {
    "adopted": "采纳（含部分采纳）",
    "implemented": "已落实",
    "adopted_implemented": "采纳并落实",
}


def _year_quarter() -> tuple[int, int]:
    today = local_today()
    year = year_arg() or today.year
    default = quarter_of(today.month) if year == today.year else 4
    return year, int_arg("quarter", 1, 4) or default


def _board():
    """The board, kept by the worker until the body's stamp or the day changes
    (``stamps.kept``): every leader of the body reads the same figures, and building them
    reads the whole body's year (≈ 30 ms of CPU at province scale)."""
    year, quarter = _year_quarter()
    org_id, role = current_user.org_id, g.role
    return kept(
        "board",
        org_id,
        (year, quarter, role, request.script_root),  # its links: the role's pages, the prefix
        lambda: build(org_id, year, quarter, role, local_today()),
        board=True,
    )


@bp.route("/")
def index():
    """The board's page, its content kept for every viewer of the role in the body and the
    query (``stamps.kept_query_page``): ≈ 600 table cells rendered once, not per request."""
    content = kept_query_page(
        "dashboard", current_user.org_id, g.role, "dashboard/_index.html", _index_context
    )
    return render_template("dashboard/index.html", content=content)


def _index_context() -> dict:
    today = local_today()
    return {
        "board": _board(),
        "years": range(today.year, max(FIRST_YEAR, today.year - 5) - 1, -1),
    }


@bp.route("/table/<key>.xlsx")
def table_export(key: str):
    board = _board()
    table = board.table(key)
    if table is None:
        abort(404)
    rows = table.values() or [[table.empty]]
    data = workbook_bytes(table.title, table.headers, rows)
    return xlsx_response(f"{board.year}年度{table.title}.xlsx", data)


@bp.route("/workbook.xlsx")
def workbook():
    board = _board()
    data = workbook_sheets_bytes(board.sheets())
    return xlsx_response(f"{board.year}年度履职工作统计.xlsx", data)


def _paged(stmt):
    return db.paginate(
        stmt, page=page_arg(), per_page=current_app.config["PER_PAGE"], error_out=False
    )


@bp.route("/matters")
def matters():
    """The matters behind a closed-loop figure (loop, stage, overdue, department, committee,
    reply class, verdict), each with its running deadline."""
    year, _quarter = _year_quarter()
    loop = request.args.get("loop", "")
    loop = loop if loop in LOOPS else ""
    known = (
        set(LOOPS[loop].workflow.stages)
        if loop
        else {s for spec in LOOPS.values() for s in spec.workflow.stages}
    )
    f = sel.MatterFilter(
        year=year,
        loop=loop,
        stages=tuple(s for s in request.args.getlist("stage") if s in known and s != "draft"),
        overdue=request.args.get("overdue") == "1",
        department_id=int_arg("department"),
        committee_id=int_arg("committee"),
        reply_class=request.args.get("reply_class", "")
        if request.args.get("reply_class") in rules.REPLY_CLASSES
        else "",
        verdict=request.args.get("verdict", "")
        if request.args.get("verdict") in rules.VERDICTS
        else "",
    )
    today = local_today()
    stmt = sel.matters_select(current_user.org_id, f, today).where(Matter.stage != "draft")
    stmt = stmt.options(selectinload(Matter.assignments).selectinload(MatterAssignment.department))
    calendar = loop_sel.meetings(current_user.org_id)
    if request.args.get("format") == "xlsx":  # every matter behind the figure
        return _matters_export(list(db.session.scalars(stmt)), calendar, today, f)
    page = _paged(stmt)
    rows = []
    for m in page.items:
        due = deadline_sel.matter_due(m, calendar)
        rows.append((m, due, rules.deadline_state(due.on, today) if due else None))
    return render_template(
        "dashboard/matters.html",
        rows=rows,
        page=page,
        f=f,
        heading=_matters_heading(f),
        loop_names=LOOP_NAMES,
        states=rules.DEADLINE_STATES,
        args={k: request.args.getlist(k) for k in request.args if k != "page"},
    )


def _matters_export(matters, calendar, today, f: sel.MatterFilter):
    rows = []
    for m in matters:
        due = deadline_sel.matter_due(m, calendar)
        state = rules.deadline_state(due.on, today) if due else None
        lead = m.lead_assignment
        rows.append(
            [
                LOOP_NAMES[m.loop],
                m.title,
                m.stage_label,
                m.number_text or "",
                lead.department.name if lead else "",
                due.text if due else "",
                rules.DEADLINE_STATES.get(state, "") if state else "",
            ]
        )
    headers = ["闭环", "标题", "阶段", "编号", "主办单位", "期限", "期限状态"]
    heading = _matters_heading(f)
    return xlsx_response(f"{heading}.xlsx", workbook_bytes(heading, headers, rows))


def _matters_heading(f: sel.MatterFilter) -> str:
    parts = [f"{f.year}年度", LOOP_NAMES.get(f.loop, "各闭环")]
    if f.stages and f.loop:
        spec = LOOPS[f.loop]
        parts.append("·" + "、".join(spec.label(s) for s in f.stages))
    if f.reply_class:
        parts.append(f"·{f.reply_class} 类答复")
    if f.verdict:
        parts.append(f"·评价{rules.VERDICTS[f.verdict]}")
    parts.append("逾期事项" if f.overdue else "事项")
    return "".join(parts)


@bp.route("/suggestions")
def suggestions():
    """The suggestions behind a figure: by loop or topic, and by outcome."""
    year, _quarter = _year_quarter()
    loop = request.args.get("loop", "")
    outcome = request.args.get("outcome", "")
    stmt = sel.suggestions_select(
        current_user.org_id,
        year,
        loop=loop if loop in LOOPS else "",
        matter_id=int_arg("matter"),
        outcome=outcome if outcome in OUTCOMES else "",
    ).options(selectinload(Suggestion.department))
    heading = f"{year}年度{LOOP_NAMES.get(loop, '')}建议" + (
        f"（{OUTCOMES[outcome]}）" if outcome in OUTCOMES else ""
    )
    export = request.args.get("format") == "xlsx"  # every suggestion behind the figure
    page = None if export else _paged(stmt)
    items = list(db.session.scalars(stmt)) if export else list(page.items)
    topics = {
        m.id: m
        for m in db.session.scalars(
            select(Matter).where(Matter.id.in_({s.matter_id for s in items}))
        )
    }
    if export:
        rows = [
            [
                s.number,
                s.text,
                LOOP_NAMES[topics[s.matter_id].loop],
                topics[s.matter_id].title,
                s.department.name if s.department else "",
                SUGGESTION_OUTCOMES.get(s.outcome, "未答复"),
                "已落实" if s.implemented else "",
            ]
            for s in items
        ]
        headers = ["序号", "建议", "闭环", "议题", "承办单位", "答复结果", "落实"]
        return xlsx_response(f"{heading}.xlsx", workbook_bytes(heading, headers, rows))
    return render_template(
        "dashboard/suggestions.html",
        rows=[(s, topics[s.matter_id]) for s in items],
        page=page,
        heading=heading,
        outcomes=SUGGESTION_OUTCOMES,
        loop_names=LOOP_NAMES,
        args={k: request.args.getlist(k) for k in request.args if k != "page"},
    )
