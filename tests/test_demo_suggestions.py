"""The demo's suggestions: the seed's two consultations — 建议17条，采纳落实16条 and
建议15条，采纳落实15条 — and a second seed adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.models import Matter
from lvzhi.selectors import suggestions as sel

TODAY = date(2026, 11, 25)


def test_the_seed_topics_have_their_suggestions_and_seeding_twice_adds_nothing(app, travel):
    from lvzhi.demo import seed_demo

    travel(TODAY)
    org = seed_demo(today=TODAY, member_count=30)
    seed_demo(today=TODAY, member_count=30)
    topics = db.session.scalars(
        select(Matter).where(Matter.org_id == org.id, Matter.loop == "consultation")
    ).all()
    lines = {
        m.title: t.line
        for m, t in ((m, sel.tallies(org.id, [m.id]).get(m.id)) for m in topics)
        if t
    }
    # found by a word of their titles: the consultation plan's demo may spell them its way
    by_word = {w: [line for title, line in lines.items() if w in title] for w in ("大综合", "专精")}
    assert by_word == {"大综合": ["建议17条，采纳落实16条"], "专精": ["建议15条，采纳落实15条"]}
    overview = sel.year_overview(org.id, TODAY.year)
    assert overview.loops["consultation"] == sel.Tally(32, 31, 31, 32)
