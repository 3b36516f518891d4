"""Permission matrix of the leaders' board (issue 15): leaders and the secretariat only, each
seeing their own organization (another body's secretariat gets its own, empty, board; the
scope itself is tested in test_leader_board.py with data of both bodies)."""

from __future__ import annotations

from lvzhi.clock import local_today

from ..factories import World
from .matrix import ACTORS, LOGIN

Y = local_today().year
BOARD = {a: 403 for a in ACTORS} | {"anon": LOGIN, "leader": 200, "secretariat": 200}
BOARD["other_org"] = 200  # a secretariat too: its own organization's board

MATRIX = [
    ("GET", f"/dashboard/?year={Y}&quarter=1", "dashboard.index", BOARD),
    ("GET", f"/dashboard/workbook.xlsx?year={Y}", "dashboard.workbook", BOARD),
    ("GET", f"/dashboard/table/loops-overview.xlsx?year={Y}", "dashboard.table_export", BOARD),
    ("GET", f"/dashboard/matters?year={Y}&loop=consultation&overdue=1", "dashboard.matters", BOARD),
    ("GET", f"/dashboard/suggestions?year={Y}&outcome=adopted", "dashboard.suggestions", BOARD),
]


def extra_ids(w: World) -> dict[str, int]:
    # no rows of its own: a matter made here would shift the ids of the proposal matrix's
    # matters, and "own_draft" names both a duty record and a proposal in the shared ids
    return {}
