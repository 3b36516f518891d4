"""The demo's 社情民意: this year's reports at every stage, two published 《社情民意》
issues, a report with a county leader's 批示 handled by 县发展和改革局 and fed back (its
writer's 十个一 item 2 credited), no named demo login's progress changed — and a second seed adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lvzhi.domain import public_opinion as po
from lvzhi.extensions import db
from lvzhi.models import (
    Bulletin,
    DutyRecord,
    Matter,
    MatterInstruction,
    MatterPerson,
    Member,
    User,
)
from lvzhi.selectors import public_opinion as sel

TODAY = date(2026, 11, 25)


def test_the_demo_has_reports_at_every_stage_and_two_issues(app, travel, client, auth):
    from lvzhi.demo import seed_demo

    travel(TODAY)
    org = seed_demo(today=TODAY, member_count=60)
    counts = sel.stage_counts(org.id, TODAY.year)
    assert set(counts) == set(po.STAGES)
    issues = db.session.scalars(select(Bulletin)).all()
    assert [(b.number, b.is_published, len(b.entries)) for b in issues] == [
        (1, True, 3),
        (2, True, 2),
    ]
    own = db.session.scalar(
        select(Matter).where(Matter.loop == po.LOOP, Matter.stage == po.FEEDBACK)
    )
    named = {"张岩枢", "沈国平", "朱明华", "陆忠祥"}
    writers = db.session.scalars(
        select(MatterPerson.member_id).join(Matter).where(Matter.loop == po.LOOP)
    ).all()
    assert own.people[0].member.name not in named
    assert not {db.session.get(Member, i).name for i in writers} & named
    assert (
        own.lead_assignment.department.name == "县发展和改革局" and own.lead_assignment.reply_text
    )
    instruction = db.session.scalar(
        select(MatterInstruction).where(MatterInstruction.matter_id == own.id)
    )
    assert instruction.level == "county"
    credit = db.session.scalar(
        select(DutyRecord).where(DutyRecord.source_type == po.LOOP, DutyRecord.source_id == own.id)
    )
    assert credit is not None and credit.status == "confirmed"
    total = db.session.scalar(select(func.count(Matter.id)).where(Matter.loop == po.LOOP))
    seed_demo(today=TODAY, member_count=60)
    assert db.session.scalar(select(func.count(Matter.id)).where(Matter.loop == po.LOOP)) == total
    office = db.session.scalar(select(User).where(User.username == "jiguan"))
    assert office is not None
    auth.login("jiguan", "lvzhi2026")
    for m in db.session.scalars(
        select(Matter).where(Matter.loop == po.LOOP, Matter.stage != "draft")
    ):
        assert client.get(f"/loops/{m.id}").status_code == 200, m.title
    for b in issues:
        assert client.get(f"/loops/bulletins/{b.id}").status_code == 200
