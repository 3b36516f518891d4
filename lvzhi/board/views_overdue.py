"""Leaders: the feedback past or near its deadline across every loop (their to-do links here)."""

from __future__ import annotations

from ..pages.overdue import overdue_page
from . import bp


@bp.route("/overdue")
def overdue():
    return overdue_page()
