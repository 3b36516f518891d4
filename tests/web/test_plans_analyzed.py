"""Plans with real statistics (ANALYZE, as production has): the plan check
(test_query_plans.py) plans with sequential scans and hash joins off, so it cannot see a
hash or merge join that reads every body's rows of a table to join one body's.

- Attendance rates read only the body's own meetings: each invitation's meeting is joined to
  find the year's events; unbound, that join let PostgreSQL read every body's meetings
  (≈ 6,000 at province scale) for one body's rates.
- The assessment table reads only the body's members: its page joins the members to their
  scores; unbound, PostgreSQL read all 25,000 to join one body's 250.
- The secretariat's badge (every page it opens) finds the reassignment requests waiting by
  the assignments' own body; bound only through the matters, PostgreSQL read every body's
  assignments (≈ 127,000 at province scale, 10 ms of the badge's 12).
- The same badge counts the records waiting over a week from (org_id, status,
  submitted_at) alone; counting their ids, PostgreSQL read every record of the body.
- The secretariat's and the leaders' badges join the late matters to their meetings among
  the body's own; the leaders' joined them to every body's, which PostgreSQL hashed whole
  (≈ 6,000 meetings at province scale: 1 of the badge's 2 ms).
- The names of groups, committees, sectors and departments beside a body's members and
  matters come from the body's own rows: joined by id alone, PostgreSQL hashed every body's
  (900–1,700 of each at province scale) on the leader's home, the 十个一 grid, the roster.

Each plan must reach the table through an index search (bench/plans.py's rule)."""

from __future__ import annotations

from datetime import date

import pytest
from flask import current_app
from sqlalchemy import event, func, insert, select, text, true

from bench.plans import postgres_problems
from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.inbox.registry import badge_count
from lvzhi.models import (
    Attendance,
    Committee,
    Department,
    DutyRecord,
    Matter,
    MatterAssignment,
    Meeting,
    Member,
    OfficeGroup,
    Sector,
)
from lvzhi.selectors import attendance as sel
from lvzhi.selectors import points
from lvzhi.selectors.attendance import EVENT_KIND, year_invitations

from ..factories import gen_department, gen_duty_items, world
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


def _analyze(*tables: str) -> None:
    """Statistics and the visibility map, as autovacuum leaves a table at rest."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in tables:
            conn.exec_driver_sql(f"VACUUM ANALYZE {table}")


def _fill_assignments(org, n: int, per_matter: int) -> None:
    """``n`` proposals of ``org``, one in twenty in hands and the rest closed, each with
    ``per_matter`` assignments, none asked to be reassigned."""
    department = gen_department(org)
    first = (db.session.scalar(select(func.max(Matter.id))) or 0) + 1
    ids = range(first, first + n)
    db.session.execute(
        insert(Matter),
        [
            {"id": i, "org_id": org.id, "loop": "proposal", "year": 2026}
            | {"stage": "closed" if i % 20 else "handling", "title": f"提案{i}"}
            for i in ids
        ],
    )
    db.session.execute(
        insert(MatterAssignment),
        [
            {"org_id": org.id, "matter_id": i, "department_id": department.id}
            | {"assigned_on": date(2026, 3, 1), "is_lead": k == 0}
            for i in ids
            for k in range(per_matter)
        ],
    )
    db.session.commit()


def _badge_statements(user, reading: str) -> list[tuple[str, object]]:
    """The statements of ``user``'s badge (as a request counts it) that mention ``reading``."""

    def reads():
        with current_app.test_request_context():
            badge_count(user)

    return [(s, p) for s, p in _statements(reads) if reading in s]


def test_the_secretariat_badge_finds_reassignment_requests_by_the_assignments_body(app):
    _postgres_only()
    w = world()
    _fill_assignments(w.org, 400, 1)
    _fill_assignments(w.other_org, 1000, 4)
    _analyze("matters", "matter_assignments")

    statements = _badge_statements(w.secretariat_user, "reassign_asked_at")
    assert len(statements) == 1
    problems = _unbound(statements, "matter_assignments")
    assert not problems, "\n\n".join(problems)


def test_the_secretariat_badge_counts_long_waiting_records_from_their_index_alone(app):
    _postgres_only()
    w = world()
    items = gen_duty_items(w.org)
    grow(w.org, w.other_group, items, 200)  # 800 records, 200 of them submitted (today)
    members = db.session.scalars(select(Member.id).where(Member.org_id == w.org.id)).all()
    db.session.execute(
        insert(DutyRecord),
        [
            {"org_id": w.org.id, "member_id": m, "item_id": item.id, "year": item.year}
            | {"occurred_on": date(item.year, 1, 2), "title": "一次履职活动"}
            | {"status": "confirmed", "request_token": f"{m}-{n}"}
            for m in members
            for n, item in enumerate(items * 10)
        ],
    )
    db.session.commit()
    _analyze("duty_records")

    statements = _badge_statements(w.secretariat_user, "duty_records.submitted_at <")
    assert len(statements) == 1
    plan = [
        r[0]
        for r in db.session.connection().exec_driver_sql(
            "EXPLAIN " + statements[0][0], statements[0][1]
        )
    ]
    reads = [line.strip() for line in plan if " on duty_records" in line]
    assert reads and all("Index Only Scan using ix_duty_records_org_status" in r for r in reads), (
        "\n".join(plan)
    )


@pytest.mark.parametrize(
    ("user", "reads"),
    # the leader's: the calendar, the late matters' count, the late suggestions' count (a
    # suggestion is due by its topic's meeting)
    [("secretariat_user", 1), ("leader_user", 3)],
)
def test_the_badge_reads_only_the_bodys_meetings(app, user, reads):
    _postgres_only()
    w = world()
    _fill(w.org, w.other_org, local_today().year)  # 50 meetings, and 4,000 of another body
    first = (db.session.scalar(select(func.max(Matter.id))) or 0) + 1
    db.session.execute(
        insert(Matter),
        [
            {"id": i, "org_id": w.org.id, "loop": "speech", "year": 2026, "title": f"发言{i}"}
            | {"stage": "instructed" if i % 10 else "closed"}
            for i in range(first, first + 1000)
        ],
    )
    db.session.commit()
    _analyze("matters", "meetings")

    statements = _badge_statements(getattr(w, user), "meetings.held_on")
    assert len(statements) == reads
    problems = _unbound(statements, "meetings")
    assert not problems, "\n\n".join(problems)


NAMED = ("office_groups", "committees", "sectors", "departments")


def _fill_names(org, other_org, year_items) -> None:
    """``org``'s members spread over 9 groups, 7 committees and 17 sectors as the benchmark's
    bodies are (250 members, each with a record per item), and 2,000 groups, committees,
    sectors and departments of another body."""
    ids = {}
    for model, n in ((OfficeGroup, 9), (Committee, 7), (Sector, 17)):
        rows = [{"org_id": org.id, "name": f"本县{n}{k}"} for k in range(n)]
        rows += [{"org_id": other_org.id, "name": f"外县{k}"} for k in range(2000)]
        db.session.execute(insert(model), rows)
        ids[model] = db.session.scalars(select(model.id).where(model.org_id == org.id)).all()
    db.session.execute(
        insert(Department), [{"org_id": other_org.id, "name": f"外县{k}"} for k in range(2000)]
    )
    first = db.session.scalar(select(func.max(Member.id))) + 1
    members = range(first, first + 250)
    db.session.execute(
        insert(Member),
        [
            {"id": i, "org_id": org.id, "name": f"委员{i}", "mobile": f"135{i:08d}"}
            | {"office_group_id": ids[OfficeGroup][i % 9], "committee_id": ids[Committee][i % 7]}
            | {"sector_id": ids[Sector][i % 17]}
            for i in members
        ],
    )
    db.session.execute(
        insert(DutyRecord),
        [
            {"org_id": org.id, "member_id": m, "item_id": item.id, "year": item.year}
            | {"occurred_on": date(item.year, 1, 2), "title": "一次履职活动"}
            | {"status": "confirmed", "request_token": f"{m}-{item.id}"}
            for m in members
            for item in year_items
        ],
    )
    db.session.commit()
    _analyze("members", "duty_records", *NAMED)


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        (
            "lingdao",
            ["/board/", "/dashboard/", "/board/duties", "/board/overdue", "/board/opinions"],
        ),
        ("jiguan", ["/secretariat/duties", "/secretariat/members", "/secretariat/overdue"]),
    ],
)
def test_names_beside_members_and_matters_come_from_the_bodys_own_rows(
    app, client, auth, username, paths
):
    _postgres_only()
    w = world()
    _fill_names(w.org, w.other_org, gen_duty_items(w.org))
    auth.login(username)

    def reads():
        for path in paths:
            assert client.get(path).status_code == 200, path

    statements = _statements(reads)
    for table in NAMED:
        joined = [(s, p) for s, p in statements if f"JOIN {table} " in s]
        assert joined, table
        problems = _unbound(joined, table)
        assert not problems, "\n\n".join(problems)
