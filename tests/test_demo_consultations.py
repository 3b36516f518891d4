"""The demo's consultations and supervision: this year's 1+2+6+X plan partly done, the seed's
two chair-meeting topics at feedback / track with their documents and written feedback, a
supervision topic at 建言处置, an X activity overdue — and a second seed adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lvzhi.extensions import db
from lvzhi.models import DutyRecord, Matter
from lvzhi.selectors import consultations as sel
from lvzhi.selectors import loops as loop_sel

TODAY = date(2026, 11, 25)


def test_the_demo_plan_is_partly_done_with_the_seeds_two_topics(app, travel):
    from lvzhi.demo import seed_demo

    travel(TODAY)
    org = seed_demo(today=TODAY, member_count=60)
    plan = sel.plan(org.id, TODAY.year, TODAY)
    assert plan.counts["chair_thematic"] == (4, 6)  # two places still empty
    assert plan.counts["standing_thematic"] == (2, 2)
    by_title = {r.matter.title: r for r in plan.rows.values()}
    big = by_title["‘大综合一体化’行政执法改革"].matter
    small = by_title["‘专精特新’培育工程"].matter
    assert (big.stage, small.stage) == ("track", "feedback")
    for m in (big, small):
        names = [n for n, _e, _f in sel.documents(m, loop_sel.event_files(m.events))]
        assert names == ["调研报告", "协商记录", "书面反馈"]
        assert m.kind == "chair_thematic" and m.meeting is not None
    assert "采纳落实16条" in next(e.note for e in big.events if e.action == "feedback")
    overdue = [r.matter.title for r in plan.rows.values() if r.state == "overdue"]
    assert overdue == ["城乡公交一体化界别协商"]
    supervision = {r.matter.title: r.matter for r in sel.supervision_rows(org.id, TODAY.year)}
    assert supervision["河湖长制落实情况民主监督"].stage == "handled"
    # speakers and researchers were credited when the consultations were held
    credits = db.session.scalar(
        select(func.count(DutyRecord.id)).where(DutyRecord.source_type == "consultation")
    )
    assert credits > 20
    before = db.session.scalar(select(func.count(Matter.id)))
    seed_demo(today=TODAY, member_count=60)
    assert db.session.scalar(select(func.count(Matter.id))) == before


def test_a_small_demo_county_still_gets_its_consultations(app, travel):
    from lvzhi.demo import seed_demo

    travel(TODAY)
    org = seed_demo(today=TODAY, member_count=20)  # as small as test_words seeds
    assert sel.plan(org.id, TODAY.year, TODAY).counts["chair_thematic"] == (4, 6)
