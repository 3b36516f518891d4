"""The demo county's attendance: held meetings with present, excused and absent members,
group activities with check-ins, a leave request waiting; seeding twice adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lvzhi.extensions import db
from lvzhi.models import Attendance, GroupActivity, Member
from lvzhi.selectors.attendance import attendance_facts, waiting_leave

DAY = date(2026, 11, 25)


def test_demo_has_this_years_attendance_and_seeds_it_once(app):
    from lvzhi.demo import seed_demo

    org = seed_demo(today=DAY, member_count=60)
    facts = attendance_facts(org.id, DAY.year, today=DAY)
    totals = {
        r: sum(c[r] for kinds in facts.values() for c in kinds.values())
        for r in ("present", "excused", "absent")
    }
    assert totals["present"] > totals["absent"] > 0 and totals["excused"] > 0
    kinds = {k for kinds in facts.values() for k in kinds}
    assert {"plenary", "standing_committee", "group_activity"} <= kinds
    zhang = db.session.scalar(select(Member.id).where(Member.name == "张岩枢"))
    assert "plenary" in facts[zhang]
    assert waiting_leave(org.id, meetings=True) == 1
    assert db.session.scalar(select(func.count(GroupActivity.id))) >= 9
    before = db.session.scalar(select(func.count(Attendance.id)))
    seed_demo(today=DAY, member_count=60)
    assert db.session.scalar(select(func.count(Attendance.id))) == before
