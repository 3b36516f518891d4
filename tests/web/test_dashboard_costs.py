"""The leaders' board (/dashboard/) costs a fixed few statements, whatever the size of the
body and however much it has done, and its ≈ 300 links are written without a ``url_for``
each, exactly as ``url_for`` writes them."""

from __future__ import annotations

import pytest
from flask import url_for

from lvzhi.dashboard.tables import QueryLink

ARGS = [
    {},
    {"loop": "proposal"},
    {"loop": "proposal", "overdue": 1},
    {"loop": "proposal", "stage": ["filed", "assigned", "replied"]},
    {"loop": "consultation", "stage": ("planned",)},
    {"matter": 17, "outcome": "adopted_implemented"},
    {"department": None, "committee": 3},
    {"reply_class": "A"},
    {"group": 0, "incomplete": 1},
    {"sector": "界别 & 其他/一?=#+%", "note": "a b'!$()*,/:;?@~"},
    {"year": 2030, "done": 10},
    {"overdue": True, "done": 1},
]


@pytest.mark.parametrize("args", ARGS, ids=range(len(ARGS)))
def test_query_links_are_written_as_url_for_writes_them(app, args):
    with app.test_request_context("/dashboard/"):
        for endpoint in ("dashboard.matters", "board.duty_overview"):
            link = QueryLink(endpoint, year=2026)
            for _twice in range(2):  # the second time from the link's own memory
                assert link(overdue=1) == url_for(endpoint, year=2026, overdue=1)
                assert link(**args) == url_for(endpoint, **{"year": 2026, **args})
        assert QueryLink("dashboard.suggestions")(**args) == url_for(
            "dashboard.suggestions", **args
        )
