"""The list of feedback past or near its deadline across every loop, served to the
secretariat and to leaders alike: 50 a page, overdue first then by date; the count of all
that is overdue on top."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ..domain.loops import DEADLINE_STATES, OVERDUE
from ..selectors import overdue as sel
from ..selectors.duty_overview import RowPage
from ..web import page_arg

PER_PAGE = 50


def overdue_page():
    rows = sel.late(current_user.org_id)
    return render_template(
        "loops/overdue_all.html",
        page=RowPage.of(rows, page_arg(), PER_PAGE),
        endpoint=request.endpoint,
        states=DEADLINE_STATES,
        overdue=sum(1 for r in rows if r.state == OVERDUE),
    )
