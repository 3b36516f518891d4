"""ONE overdue definition (``domain.overdue``): matters of every loop at every stage, with
deadlines past, near and ahead — meeting-relative ones with their meeting held, coming and
not scheduled — are counted alike by the board's SQL figure and its drill-down, the
cross-loop overdue list, each loop's overdue list, the matter pages' derived deadline, the
department portal and the leaders' and secretariat's to-dos."""

from __future__ import annotations

from datetime import date, timedelta

from lvzhi.clock import local_today
from lvzhi.domain import loops as rules
from lvzhi.domain import overdue as overdue_rules
from lvzhi.domain.loop_specs import LOOPS
from lvzhi.extensions import db
from lvzhi.selectors import board, board_overdue
from lvzhi.selectors import loop_deadlines as deadline_sel
from lvzhi.selectors import loops as loop_sel
from lvzhi.selectors import overdue as overdue_sel

from ..factories import gen_assigned_proposal, gen_department, gen_matter, gen_meeting, world

TODAY = local_today()
Y = TODAY.year
YEARS = (Y - 2, Y - 1, Y)
# assigned: long ago (late), some 85 days ago (a 3-month period ends within days), lately
STARTS = (TODAY - timedelta(days=100), TODAY - timedelta(days=85), TODAY - timedelta(days=10))


def _calendar(org):
    """Meetings: last year's and this year's 全会预备会议 held; the 政府政协联席会议 held
    last year, not yet scheduled this year; standing-committee meetings 30 days ago and in
    5 days; the topics' own meetings (returned by name)."""
    gen_meeting(org, "plenary_prep", date(Y - 1, 1, 8))
    gen_meeting(org, "plenary_prep", date(Y, 1, 10))
    gen_meeting(org, "joint_meeting", date(Y - 1, 2, 20))
    gen_meeting(org, "standing_committee", TODAY - timedelta(days=30))
    gen_meeting(org, "standing_committee", TODAY + timedelta(days=5))
    return {
        "standing_long_ago": gen_meeting(org, "standing_committee", TODAY - timedelta(days=60)),
        "standing_lately": gen_meeting(org, "standing_committee", TODAY - timedelta(days=20)),
        "standing_coming": gen_meeting(org, "standing_committee", TODAY + timedelta(days=5)),
        "chair_two_years_ago": gen_meeting(org, "chair_meeting", date(Y - 2, 6, 1)),
        "plenary_last_year": gen_meeting(org, "plenary", date(Y - 1, 1, 9)),
        None: None,
    }


def _build(w, dept, own_meetings) -> int:
    """Every loop × every stage × start dates (and, for consultations, every kind × own
    meeting or none; for proposals, an extension past or ahead), and at each stage owing
    feedback some with no lead department. Returns how many."""
    n = 0
    for loop, spec in LOOPS.items():
        kinds = list(overdue_rules.CONSULTATION_STARTS) if loop == "consultation" else [""]
        meetings = list(own_meetings) if loop == "consultation" else [None]
        for stage in spec.workflow.stages:
            owed = overdue_rules.feedback_owed(loop, stage)
            # a stage owing nothing: one of each kind, long assigned (it must not count)
            combos = [
                (start, year, kind, meeting)
                for start in (STARTS if owed else STARTS[:1])
                for year in (YEARS if owed else YEARS[1:2])
                for kind in kinds
                for meeting in (meetings if owed else [None])
            ]
            for start, year, kind, meeting in combos:
                n += 1
                title = f"{loop}-{stage}-{kind}-{meeting}-{year}-{start}"
                if loop == "proposal":
                    m = gen_assigned_proposal(w, dept, title=title, assigned_on=start)
                else:
                    m = gen_matter(w, loop, title, dept, start, kind=kind)
                m.stage, m.year = stage, year
                m.meeting_id = own_meetings[meeting].id if meeting else None
            if owed:  # no lead department (yet): late only by a deadline not counted from 交办
                for kind in kinds:
                    m = gen_matter(w, loop, f"{loop}-{stage}-{kind}-无主办", kind=kind)
                    m.stage, m.year = stage, Y - 2
                    n += 1
        for extended in (TODAY - timedelta(days=1), TODAY + timedelta(days=20)):
            m = gen_assigned_proposal(w, dept, title=f"延期{extended}", assigned_on=STARTS[0])
            m.lead_assignment.extended_to = extended
            n += 1
    db.session.commit()
    return n


def _expected(org_id: int) -> tuple[set[int], set[int]]:
    """The rule applied straight from the domain to each matter's facts: the overdue
    matters, and those of them a lead department holds."""
    from sqlalchemy import select

    from lvzhi.models import Matter

    calendar = loop_sel.meetings(org_id)
    late, held = set(), set()
    for m in db.session.scalars(select(Matter).where(Matter.org_id == org_id)):
        lead = m.lead_assignment
        if not overdue_rules.feedback_owed(m.loop, m.stage):
            continue
        due = overdue_rules.feedback_due(
            m.loop,
            m.kind,
            m.year,
            lead.assigned_on if lead else None,
            calendar,
            held_on=m.meeting.held_on if m.meeting else None,
            months=lead.reply_months if lead else None,
            extended_to=lead.extended_to if lead else None,
        )
        if due is not None and rules.deadline_state(due.on, TODAY) == rules.OVERDUE:
            late.add(m.id)
            if lead is not None:
                held.add(m.id)
    return late, held


def test_every_list_and_figure_counts_the_same_overdue_matters(app):
    w = world()
    dept = gen_department(w.org, "县发展和改革局")
    built = _build(w, dept, _calendar(w.org))
    expected, held = _expected(w.org.id)
    org = w.org.id
    from lvzhi.models import Matter

    loops_of = dict(db.session.query(Matter.id, Matter.loop).filter(Matter.org_id == org))

    # the rule is exercised: late and not late in every loop with a deadline, of many built
    for code, spec in LOOPS.items():
        mine = {i for i, lp in loops_of.items() if lp == code}
        if spec.deadlines:
            assert mine & expected, code
            assert mine - expected, code
        else:
            assert not mine & expected, code
    assert 0 < len(held) < len(expected) < built

    # the board: its figures, and the drill-down behind them, year by year
    figures: dict[str, int] = {}
    drilled = set()
    for year in YEARS:
        o = board_overdue.overdue(org, year, TODAY)
        for loop, n in o.by_loop.items():
            figures[loop] = figures.get(loop, 0) + n
        assert sum(n for _d, _name, n in o.by_department) == o.total
        stmt = board.matters_select(org, board.MatterFilter(year=year, overdue=True), TODAY)
        found = {m.id for m in db.session.scalars(stmt)}
        assert len(found) == o.total
        drilled |= found
    assert drilled == expected
    by_loop: dict[str, int] = {}
    for i in expected:
        by_loop[loops_of[i]] = by_loop.get(loops_of[i], 0) + 1
    assert figures == by_loop

    # the secretariat's (and leaders') overdue list across loops; the department's own
    listed = {
        r.matter_id
        for r in overdue_sel.late(org, TODAY)
        if r.state == rules.OVERDUE and r.suggestion_id is None
    }
    assert listed == expected
    mine = overdue_sel.late(org, TODAY, department_id=dept.id)
    assert {r.matter_id for r in mine if r.state == rules.OVERDUE} == held

    # each loop's overdue list and the matter pages' derived deadline state
    per_loop = set()
    for code in LOOPS:
        per_loop |= {d.matter.id for d in deadline_sel.overdue(org, code, TODAY)}
    assert per_loop == expected

    # the department portal: its lead assignments marked overdue
    work = deadline_sel.department_work(org, dept.id, TODAY, loop_sel.meetings(org))
    portal = {x.matter.id for x in work if x.assignment.is_lead and x.state == rules.OVERDUE}
    assert portal == held


def test_the_to_dos_count_the_same_overdue_matters(app):
    from lvzhi.inbox.office_late import office_late
    from lvzhi.inbox.overdue_todos import overdue_todos
    from lvzhi.inbox.speech_todos import _office_todos

    w = world()
    dept = gen_department(w.org, "县发展和改革局")
    _build(w, dept, _calendar(w.org))
    expected, _held = _expected(w.org.id)
    from lvzhi.models import Matter

    loops_of = dict(db.session.query(Matter.id, Matter.loop).filter(Matter.org_id == w.org.id))
    with app.test_request_context():
        (leader,) = [t for t in overdue_todos(w.leader_user) if t.kind == "loops_overdue"]
        assert leader.count == len(expected)
        late = office_late(w.org.id)
        assert late.consultations == sum(1 for i in expected if loops_of[i] == "consultation")
        assert late.opinions == sum(1 for i in expected if loops_of[i] == "public_opinion")
        (speech,) = [t for t in _office_todos(w.secretariat_user) if t.kind == "speech_overdue"]
        assert speech.count == sum(1 for i in expected if loops_of[i] == "speech")


def test_the_boards_overdue_sql_is_built_once_and_anew_for_new_reply_periods(app):
    """The board's overdue GROUP BY is built once per body, year and day and reused; a
    reply period the body had not used builds it anew, and the figure follows."""
    board_overdue._overdue_counts.cache_clear()  # another test's body may have had the same ids
    w = world()
    m = gen_assigned_proposal(
        w, gen_department(w.org, "县发展和改革局"), assigned_on=TODAY - timedelta(days=100)
    )
    db.session.commit()
    year = m.year
    assert board_overdue.overdue(w.org.id, year, TODAY).total == 1  # 3 months to reply: late
    built = board_overdue._overdue_counts.cache_info().misses
    assert board_overdue.overdue(w.org.id, year, TODAY).total == 1
    assert board_overdue._overdue_counts.cache_info().misses == built
    (lead,) = m.assignments
    lead.reply_months = 6
    db.session.commit()
    assert board_overdue.overdue(w.org.id, year, TODAY).total == 0
    assert board_overdue._overdue_counts.cache_info().misses == built + 1
