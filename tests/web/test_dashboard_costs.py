"""The leaders' board (/dashboard/) costs a fixed few statements, whatever the size of the
body and however much it has done, and its ≈ 300 links are written without a ``url_for``
each, exactly as ``url_for`` writes them."""

from __future__ import annotations

import pytest
from flask import url_for

from lvzhi.dashboard.tables import QueryLink

from ..conftest import forget_kept
from .test_member_page_costs import statements

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


# The board's own statements, the session user included (the badge is
# tests/web/test_inbox.py's): the year's 十个一 items, then ONE statement for the completion by
# group, committee and sector, each item's count and the laggards (three before they shared
# the members' done items); the office groups, the trend's rubrics and reports
# (the quarter's among them); the loops' stage counts, the reply periods, the overdue counts
# with their names, the suggestions, the proposals' reply classes and verdicts; attendance;
# the points rules, the grade thresholds and the grade counts; and the body's stamp, under
# which the worker keeps the board once built (stamps.kept).
BOARD_STATEMENTS = 16
BOARD_KEPT_STATEMENTS = 1  # the session user, with the body's stamp: the board as kept


@pytest.fixture
def no_badge(monkeypatch):
    monkeypatch.setattr("lvzhi.inbox.badge_count", lambda _user: 0)


def _busy_year(w, year: int, n: int) -> None:
    """``n`` more of everything the board counts or lists: office groups with reports,
    committees, sectors and members, departments with overdue matters of every loop, topics
    with suggestions, replied and evaluated proposals, meetings with attendance."""
    from datetime import date, timedelta

    from lvzhi.domain.loop_specs import LOOPS
    from lvzhi.extensions import db
    from lvzhi.models import Committee, MatterEvaluation, OfficeGroup, Sector

    from ..factories import (
        gen_assigned_proposal,
        gen_department,
        gen_group_report,
        gen_invited,
        gen_matter,
        gen_meeting,
        gen_member,
        gen_named,
        gen_record,
        gen_suggestion,
    )

    today = date(year, 12, 20)
    for i in range(n):
        tag = f"{n}-{i}"
        group = gen_named(OfficeGroup, w.org, f"第{tag}室组", sort_order=10 + i)
        committee = gen_named(Committee, w.org, f"专委会{tag}", sort_order=10 + i)
        sector = gen_named(Sector, w.org, f"界别{tag}", sort_order=10 + i)
        member = gen_member(
            w.org,
            name=f"委员{tag}",
            office_group_id=group.id,
            committee_id=committee.id,
            sector_id=sector.id,
        )
        for code in ("proposal", "research", "supervision")[: i % 3 + 1]:
            gen_record(member, code, on=date(year, 3, 1))
        for month in range(1, 13):
            gen_group_report(group, year, month, "reviewed", work_items=month % 11, quality=40)
        dept = gen_department(w.org, f"承办单位{tag}")
        for loop in LOOPS:
            m = gen_matter(w, loop, f"{loop}{tag}", dept, today - timedelta(days=200))
            m.committee_id = committee.id
            if loop != "proposal":  # a proposal is answered, not split into suggestions
                gen_suggestion(w, m, f"建议{tag}", dept, "adopted", i % 2 == 0)
        proposal = gen_assigned_proposal(w, dept, title=f"提案{tag}", assigned_on=today)
        proposal.stage = "replied"
        proposal.assignments[0].reply_class = "ABC"[i % 3]
        db.session.add(
            MatterEvaluation(org_id=w.org.id, matter_id=proposal.id, round=1, verdict="satisfied")
        )
        meeting = gen_meeting(w.org, "plenary", date(year, 2, 1 + i), f"全会{tag}")
        gen_invited(meeting, [member, w.member], leave_status="none")
    db.session.commit()


def test_leaders_board_runs_a_fixed_few_statements_whatever_the_body_holds(
    app, client, auth, no_badge
):
    """Pinned: the board's statements are a fixed few (23 before the figures shared their
    reads), the same for a body with ten times the groups, committees, sectors,
    departments, topics, suggestions, proposals and meetings."""
    from ..factories import gen_duty_items, world

    w = world()
    year = gen_duty_items(w.org)[0].year
    path = f"/dashboard/?year={year}&quarter=4"
    _busy_year(w, year, 1)
    auth.login("lingdao")
    assert client.get(path).status_code == 200
    with statements() as kept:
        assert client.get(path).status_code == 200
    forget_kept()  # built again, as after a write
    with statements() as few:
        assert client.get(path).status_code == 200
    _busy_year(w, year, 10)
    assert client.get(path).status_code == 200  # the test's objects refreshed, as before
    forget_kept()
    with statements() as many:
        page = client.get(path)
    assert page.status_code == 200
    assert "第10-9室组" in page.get_data(as_text=True)
    assert "承办单位10-9" in page.get_data(as_text=True)
    assert few() == many() == BOARD_STATEMENTS
    assert kept() == BOARD_KEPT_STATEMENTS


# The board's table rows as the template's Jinja loops wrote them before ``Table.body``.
ROWS_LOOP = (
    '{% for row in t.rows %}<tr>{% for c in row %}<td data-label="{{ t.headers[loop.index0] }}"'
    '{% if not loop.first %} class="num"{% endif %}>{% if c.href %}<a href="{{ c.href }}">'
    "{{ c.text }}</a>{% else %}{{ c.text }}{% endif %}</td>{% endfor %}</tr>{% endfor %}"
)


def test_a_board_tables_rows_are_written_as_the_jinja_loops_wrote_them(app):
    from decimal import Decimal

    from flask import render_template_string
    from markupsafe import Markup

    from lvzhi.dashboard.tables import Cell, Table

    table = Table(
        "t",
        "标题",
        ["室组 <一>", "委员", "完成率", "说明"],
        [
            [Cell("第一室组 & “二”", "/board/duties?year=2026&group=1"), Cell(0), Cell("12.5%")],
            [Cell(Markup("<b>甲</b>")), Cell(3, "/x?a=1&b='2'"), Cell(Decimal("7.50")), Cell(None)],
            [Cell("只有一格")],
            [Cell(1), Cell(2), Cell(3), Cell(4), Cell(5, "/y")],  # more cells than headers
        ],
    )
    with app.test_request_context("/dashboard/"):
        assert table.body() == render_template_string(ROWS_LOOP, t=table)
