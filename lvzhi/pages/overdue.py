"""The list of feedback past or near its deadline across every loop, served to the
secretariat and to leaders alike."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..domain.loops import DEADLINE_STATES, OVERDUE
from ..selectors import overdue as sel


def overdue_page():
    rows = sel.late(current_user.org_id)
    return render_template(
        "loops/overdue_all.html",
        rows=rows,
        states=DEADLINE_STATES,
        overdue=sum(1 for r in rows if r.state == OVERDUE),
    )
