"""The list of feedback past or near its deadline across every loop, served to the
secretariat and to leaders alike: 50 a page, overdue first then by date; the count of all
that is overdue on top."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ..clock import local_today
from ..domain.loops import DEADLINE_STATES, OVERDUE
from ..excel import workbook_bytes, xlsx_response
from ..selectors import overdue as sel
from ..selectors.duty_overview import RowPage
from ..stamps import kept_query_page
from ..web import page_arg

PER_PAGE = 50


def overdue_page():
    """The page, kept by the worker for the body, the blueprint serving it (its links) and
    the query (``stamps.kept_query_page``): the body's deadlines, judged on the day.
    ``?format=xlsx``: every row, for a meeting's handout."""
    if request.args.get("format") == "xlsx":
        return _export()
    content = kept_query_page(
        "overdue", current_user.org_id, request.blueprint, "loops/_overdue_all.html", _context
    )
    return render_template("loops/overdue_all.html", content=content)


def _context() -> dict:
    rows = sel.late(current_user.org_id)
    return {
        "page": RowPage.of(rows, page_arg(), PER_PAGE),
        "endpoint": request.endpoint,
        "states": DEADLINE_STATES,
        "overdue": sum(1 for r in rows if r.state == OVERDUE),
    }


def _export():
    rows = sel.late(current_user.org_id)
    data = workbook_bytes(
        "逾期和即将到期",
        ["闭环", "事项", "反馈内容", "期限", "状态", "责任单位"],
        (
            [r.loop_name, r.title, r.what, r.due.text, DEADLINE_STATES[r.state], r.responsible]
            for r in rows
        ),
    )
    return xlsx_response(f"逾期和即将到期的反馈（{local_today().isoformat()}）.xlsx", data)
