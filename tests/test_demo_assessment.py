"""The demo's assessment: the year's rules and settings stored, self-summaries and an
adjustment, grades spread over the members; seeding twice adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, true

from lvzhi.extensions import db
from lvzhi.models import AssessmentSetting, PointsAdjustment, PointsRule, SelfSummary


def test_demo_seeds_this_years_assessment_once(app):
    from lvzhi.demo import seed_demo
    from lvzhi.selectors import points as sel

    def counts():
        return [
            db.session.scalar(select(func.count()).select_from(model))
            for model in (PointsRule, AssessmentSetting, SelfSummary, PointsAdjustment)
        ]

    org = seed_demo(today=date(2026, 11, 25), member_count=60)
    first = counts()
    assert first[0] > 10 and first[1:] == [1, 2, 1]
    table = sel.table(org.id, 2026, true(), per_page=None)
    assert sum(1 for n in table.by_grade.values() if n) >= 3  # a spread, not one grade
    (weiyuan,) = [r for r in table.rows if r.member.name == "张岩枢"]
    assert weiyuan.total > 40
    seed_demo(today=date(2026, 11, 25), member_count=60)
    assert counts() == first
