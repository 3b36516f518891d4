"""The assessment table's points and grades, summed in SQL (``selectors.scores``), are what
the domain's ledger (``domain.points.ledger`` over each member's facts, ``selectors.points.
assess``) gives — on a varied body: items needing two confirmations, returned records and
drafts, matters of every scored loop at every stage (and a proposer not yet confirmed),
invitations of every event kind with every outcome (checked in, leave approved / asked /
refused, missed, still to come), adjustments up and down, an inactive member, another body;
under the default catalogue and under a year's own rules with caps reached, a penalty
capped, an inactive rule and a kind without a rule of its own."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import true

from lvzhi.clock import local_today
from lvzhi.domain import attendance as attendance_rules
from lvzhi.domain import points as rules
from lvzhi.domain.loop_specs import LOOPS
from lvzhi.extensions import db
from lvzhi.models import (
    AssessmentSetting,
    Attendance,
    Matter,
    MatterPerson,
    Member,
    PointsAdjustment,
    PointsRule,
)
from lvzhi.selectors import attendance as attendance_sel
from lvzhi.selectors import ledger
from lvzhi.selectors import points as sel

from ..factories import gen_duty_items, gen_invited, gen_meeting, gen_member, gen_record, world

TODAY = local_today()
Y = TODAY.year
SCORED_LOOPS = sorted({loop for loop, _stages in rules.MATTER_SOURCES.values()})
KINDS = ("plenary", "standing_committee", "chair_meeting", "joint_meeting")


def _varied_body(count: int):
    w = world()
    year_items = gen_duty_items(w.org, Y)
    year_items[1].required = 2
    gen_duty_items(w.other_org, Y)
    members = [w.member]
    for n in range(count):
        members.append(
            gen_member(w.org, office_group_id=w.group.id if n % 3 else None, is_active=n != 4)
        )
    day = date(Y, 1, 1) if TODAY > date(Y, 1, 1) else TODAY
    past = [gen_meeting(w.org, kind, day, title=f"{kind}-past") for kind in KINDS]
    coming = gen_meeting(w.org, "plenary", TODAY + timedelta(days=3), title="coming")
    stages = [(loop, stage) for loop in SCORED_LOOPS for stage in LOOPS[loop].workflow.stages]
    for n, m in enumerate(members):
        for k, item in enumerate(year_items[: (n * 3) % 11]):
            gen_record(m, item.code, status="returned" if (n + k) % 5 == 0 else "confirmed")
        if n % 2:
            gen_record(m, year_items[1].code)  # the second confirmation of item 2
            gen_record(m, year_items[9].code, status="draft")
        for j in range(n % 7):
            loop, stage = stages[(n * 5 + j * 3) % len(stages)]
            matter = Matter(
                org_id=w.org.id, loop=loop, year=Y if j % 4 else Y - 1, stage=stage, title="事"
            )
            db.session.add(matter)
            db.session.flush()
            consent = "pending" if (n + j) % 6 == 5 else "confirmed"
            part = "proposer" if j % 5 != 4 else "participant"
            db.session.add(
                MatterPerson(matter_id=matter.id, member_id=m.id, part=part, consent=consent)
            )
        for k, meeting in enumerate([*past, coming]):
            shape = (n + k) % 6
            fields = {
                0: {"checked_in_at": datetime(Y, 1, 1, 9)},
                1: {"leave_status": attendance_rules.LEAVE_APPROVED},
                2: {"leave_status": attendance_rules.LEAVE_REQUESTED},
                3: {"leave_status": attendance_rules.LEAVE_REFUSED},
                4: {},
                5: None,
            }[shape]
            if fields is not None:
                gen_invited(meeting, [m], **fields)
        if n % 4 == 1:
            db.session.add(
                PointsAdjustment(
                    org_id=w.org.id, year=Y, member_id=m.id, points=(-7, 12)[n % 2], reason="调"
                )
            )
    for meeting_kind in KINDS[:2]:  # another body's attendance counts nowhere here
        gen_invited(gen_meeting(w.other_org, meeting_kind, day), [w.outsider], checked_in_at=None)
    db.session.commit()
    return w


def _own_rules(org) -> None:
    """The year's own catalogue: caps reached and not, a penalty capped, an inactive rule, a
    kind (``chair_meeting``) with no rule of its own for presence, one for absence."""
    own = [
        (rules.BASE, 30, None, True),
        (rules.DUTY_ITEM, 7, 30, True),
        (rules.PROPOSAL_FILED, 4, 8, True),
        (rules.PUBLIC_OPINION_ADOPTED, 3, None, True),
        (rules.SPEECH_SELECTED, 9, 9, False),
        ("present.plenary", 2, 3, True),
        ("present.other", 1, None, True),
        ("excused.other", -1, 2, True),
        ("absent.other", -4, 5, True),
        ("absent.chair_meeting", -6, None, True),
    ]
    for order, (code, points, cap, active) in enumerate(own):
        db.session.add(
            PointsRule(
                org_id=org.id,
                year=Y,
                code=code,
                name=code,
                unit="次",
                points=points,
                cap=cap,
                active=active,
                sort_order=order,
            )
        )
    db.session.add(
        AssessmentSetting(
            org_id=org.id,
            year=Y,
            excellent=70,
            good=55,
            competent=40,
            summary_until=date(Y, 12, 31),
        )
    )
    db.session.commit()


@pytest.mark.parametrize("catalogue", ["default", "own"])
def test_points_summed_in_sql_are_the_ledgers(app, catalogue):
    w = _varied_body(26)
    if catalogue == "own":
        _own_rules(w.org)
    table = sel.table(w.org.id, Y, true(), per_page=None)
    active = db.session.scalars(
        db.select(Member).where(Member.org_id == w.org.id, Member.is_active.is_(True))
    ).all()
    ledgers = {a.member.id: a for a in ledger.assess(w.org.id, Y, list(active))}
    in_sql = {r.member.id: (r.done, r.total, r.grade) for r in table.rows}
    in_python = {i: (a.progress.done_count, a.total, a.grade) for i, a in ledgers.items()}
    assert in_sql == in_python
    assert w.outsider.id not in in_sql and len(in_sql) == len(active) > 26
    assert len({t for _d, t, _g in in_sql.values()}) > 8  # a varied body, not one total
    assert sum(1 for n in table.by_grade.values() if n) >= 2
    assert table.by_grade == {
        g: sum(1 for a in ledgers.values() if a.grade == g) for g in rules.GRADES
    }
    ordered = sorted(ledgers.values(), key=lambda a: (-a.total, a.member.name, a.member.id))
    assert [r.member.id for r in table.rows] == [a.member.id for a in ordered]


def test_capped_rule_points_are_the_sum_of_the_ledgers_lines():
    for rule in (
        rules.Rule("a", "a", "项", 6, 20),
        rules.Rule("b", "b", "次", -4, 10),
        rules.Rule("c", "c", "次", 3, None),
        rules.Rule("d", "d", "次", 3, 5, active=False),
    ):
        for split in ([1], [2, 1], [1, 1, 1, 1], [5], [0, 3]):
            facts = [rules.Fact(rule.code, str(i), n) for i, n in enumerate(split)]
            assert rules.ledger([rule], facts).earned == rules.rule_points(rule, sum(split))


def test_attendance_outcome_in_sql_is_the_domain_result(app):
    """Every combination of check-in, leave status and the event over or not."""
    w = world()
    today = date(Y, 6, 15)
    past = gen_meeting(w.org, "plenary", today - timedelta(days=1))
    coming = gen_meeting(w.org, "plenary", today + timedelta(days=1))
    cases = []
    for event in (past, coming):
        for checked_in in (None, datetime(Y, 1, 1, 9)):
            for leave in ("", *attendance_rules.LEAVE_LABELS):
                (row,) = gen_invited(
                    event, [gen_member(w.org)], checked_in_at=checked_in, leave_status=leave
                )
                expected = attendance_rules.result(
                    checked_in is not None, leave, attendance_rules.event_over(event.held_on, today)
                )
                cases.append((row.id, None if expected == attendance_rules.PENDING else expected))
    db.session.commit()
    got = dict(
        db.session.execute(
            attendance_sel.year_invitations(
                w.org.id, Y, Attendance.id, attendance_sel.outcome(today)
            )
        ).all()
    )
    assert got == dict(cases)


def test_the_rules_sql_is_built_once_a_day_and_anew_when_a_rule_changes(app):
    """The table reuses the rules' SQL it built (a second read builds nothing) and builds it
    again when the catalogue changes — the new points showing at once."""
    from lvzhi.selectors import scores

    scores._earned.cache_clear()  # another test's body may have had the same ids
    w = _varied_body(3)
    before = sel.table(w.org.id, Y, true(), per_page=None)
    built = scores._earned.cache_info().misses
    again = sel.table(w.org.id, Y, true(), per_page=None)
    assert scores._earned.cache_info().misses == built
    assert [(r.member.id, r.total) for r in again.rows] == [
        (r.member.id, r.total) for r in before.rows
    ]
    _own_rules(w.org)
    changed = sel.table(w.org.id, Y, true(), per_page=None)
    assert scores._earned.cache_info().misses == built + 1
    ledgers = {
        a.member.id: a.total for a in ledger.assess(w.org.id, Y, [r.member for r in changed.rows])
    }
    assert (
        {r.member.id: r.total for r in changed.rows}
        == ledgers
        != {r.member.id: r.total for r in before.rows}
    )


def test_a_page_read_with_its_grade_counts_is_that_page_of_the_whole_table(app):
    """The table's page and its counts by grade, read in one statement (window sums), are the
    whole table's rows at that page and its counts; a page past the last shows the last."""
    w = _varied_body(26)
    whole = sel.table(w.org.id, Y, true(), per_page=None)
    ids = [r.member.id for r in whole.rows]
    for page, shown in ((1, ids[:10]), (2, ids[10:20]), (99, ids[20:30])):
        t = sel.table(w.org.id, Y, true(), page=page, per_page=10)
        assert [r.member.id for r in t.rows] == shown
        assert [(r.done, r.total, r.grade) for r in t.rows] == [
            (r.done, r.total, r.grade) for r in whole.rows if r.member.id in shown
        ]
        assert (t.by_grade, t.page.total) == (whole.by_grade, len(ids))
