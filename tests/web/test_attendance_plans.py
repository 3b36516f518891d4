"""Attendance rates read only the body's own meetings. Each invitation's meeting is joined to
find the year's events; unbound, that join let PostgreSQL hash every body's meetings (≈ 6,000
at province scale) for one body's rates. With real statistics (ANALYZE, as production has),
the plans of the rates, the per-member facts and the ledger's invitations must reach the
meetings through an index search (bench/plans.py's rule), not a read of every body's."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, insert, select, text

from bench.plans import postgres_problems
from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attendance, Meeting, Member
from lvzhi.selectors import attendance as sel
from lvzhi.selectors.attendance import EVENT_KIND, year_invitations

from ..factories import world


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


def _statements(org_id: int, year: int) -> list[tuple[str, object]]:
    seen = []

    def before(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        sel.kind_rates(org_id, year)
        sel.total_rate(org_id, year)
        sel.rates(org_id, year, "group")
        sel.attendance_facts(org_id, year)
        db.session.execute(year_invitations(org_id, year, Attendance.member_id, EVENT_KIND))
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return [(s, p) for s, p in seen if "meetings" in s]


def test_attendance_rates_read_only_the_bodys_meetings_by_an_index(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "SQLite looks each meeting up by its key; reading the whole table is PostgreSQL's plan"
        )
    w = world()
    year = local_today().year
    _fill(w.org, w.other_org, year)
    statements = _statements(w.org.id, year)
    assert len(statements) == 5
    conn = db.session.connection()
    for statement, parameters in statements:
        plan = [r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
        assert any(" on meetings" in line for line in plan)
        unbound = [p for p in postgres_problems(plan) if " on meetings" in p]
        assert not unbound, f"{statement}\n" + "\n".join(plan)
