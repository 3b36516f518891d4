"""Plans with real statistics (ANALYZE, as production has): the plan check
(test_query_plans.py) plans with sequential scans and hash joins off, so it cannot see a
hash or merge join that reads every body's rows of a table to join one body's.

- Attendance rates read only the body's own meetings: each invitation's meeting is joined to
  find the year's events; unbound, that join let PostgreSQL read every body's meetings
  (≈ 6,000 at province scale) for one body's rates.
- The assessment table reads only the body's members: its page joins the members to their
  scores; unbound, PostgreSQL read all 25,000 to join one body's 250.

Each plan must reach the table through an index search (bench/plans.py's rule)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, insert, select, text, true

from bench.plans import postgres_problems
from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attendance, Meeting, Member
from lvzhi.selectors import attendance as sel
from lvzhi.selectors import points
from lvzhi.selectors.attendance import EVENT_KIND, year_invitations

from ..factories import gen_duty_items, world
from .test_page_scale import grow


def _fill(org, other_org, year: int) -> None:
    """40 members of ``org`` invited to its 50 meetings of the year (2,000 invitations), and
    4,000 meetings of another body."""
    first = db.session.scalar(select(func.max(Member.id))) + 1
    ids = range(first, first + 40)
    db.session.execute(
        insert(Member),
        [{"id": i, "org_id": org.id, "name": f"委员{i}", "mobile": f"137{i:08d}"} for i in ids],
    )
    held = [date(year, 1 + n % 12, 1 + n % 28) for n in range(50)]
    db.session.execute(
        insert(Meeting),
        [
            {"org_id": org.id, "kind": "plenary", "held_on": day, "title": f"会议{n}"}
            for n, day in enumerate(held)
        ]
        + [
            {"org_id": other_org.id, "kind": "plenary", "held_on": held[0], "title": f"外会{n}"}
            for n in range(4000)
        ],
    )
    meetings = db.session.scalars(select(Meeting.id).where(Meeting.org_id == org.id)).all()
    db.session.execute(
        insert(Attendance),
        [{"org_id": org.id, "meeting_id": m, "member_id": i} for m in meetings for i in ids],
    )
    db.session.commit()
    for table in ("members", "meetings", "attendances", "group_activities"):
        db.session.execute(text(f"ANALYZE {table}"))
    db.session.commit()


def _statements(reads) -> list[tuple[str, object]]:
    """(statement, parameters) of what ``reads()`` runs."""
    seen = []

    def before(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        reads()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return seen


def _unbound(statements, table: str) -> list[str]:
    """The plans of ``statements`` that read ``table`` otherwise than by an index search."""
    conn = db.session.connection()
    found = []
    for statement, parameters in statements:
        plan = [r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
        assert any(f" on {table}" in line for line in plan), statement
        if [p for p in postgres_problems(plan) if f" on {table}" in p]:
            found.append(f"{statement}\n" + "\n".join(plan))
    return found


def _postgres_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "SQLite looks each row up by its key; reading the whole table is PostgreSQL's plan"
        )


def test_attendance_rates_read_only_the_bodys_meetings_by_an_index(app):
    _postgres_only()
    w = world()
    year = local_today().year
    _fill(w.org, w.other_org, year)
    org = w.org.id

    def reads():
        sel.kind_rates(org, year)
        sel.total_rate(org, year)
        sel.rates(org, year, "group")
        sel.attendance_facts(org, year)
        db.session.execute(year_invitations(org, year, Attendance.member_id, EVENT_KIND))

    statements = [(s, p) for s, p in _statements(reads) if "meetings" in s]
    assert len(statements) == 5
    assert not _unbound(statements, "meetings")


def test_the_assessment_table_reads_only_the_bodys_members_by_an_index(app):
    _postgres_only()
    w = world()
    year_items = gen_duty_items(w.org)
    grow(w.org, w.other_group, year_items, 250)
    first = db.session.scalar(select(func.max(Member.id))) + 1
    db.session.execute(
        insert(Member),
        [
            {"id": i, "org_id": w.other_org.id, "name": f"外县{i}", "mobile": f"136{i:08d}"}
            for i in range(first, first + 6000)
        ],
    )
    db.session.commit()
    db.session.execute(text("ANALYZE members"))
    db.session.commit()
    year, org = year_items[0].year, w.org.id

    def reads():
        points.table(org, year, true(), per_page=30)  # the page and its counts
        points.table(org, year, true(), grade="incompetent", per_page=30)  # a grade's page

    statements = [(s, p) for s, p in _statements(reads) if "ORDER BY scored.total" in s]
    assert len(statements) == 2
    assert not _unbound(statements, "members")
