"""A year the secretariat opens starts on the year before's settings (DOMAIN.md: a *default*
is the secretariat's to set, not hard-coded): the 十加一 rubric and item names, the loop's
windows and co-proposer credit, the points rules and grade thresholds — each from the latest
earlier year that has it. A year with its own keeps them; the session name and the summary
cut-off's year are the new year's own."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.models import (
    AssessmentSetting,
    AuditEvent,
    GroupReportItem,
    GroupReportRubric,
    LoopYearSetting,
    PointsRule,
)
from lvzhi.selectors.group_reports import items_for, rubric_for
from lvzhi.services.loops import setting
from lvzhi.services.structure import year_open

from ..factories import world


def _set_2026(org_id: int) -> None:
    db.session.add_all(
        [
            GroupReportRubric(
                org_id=org_id,
                year=2026,
                coverage_weight=30,
                quality_max=60,
                timeliness_weight=10,
                due_day=10,
                flag_count=3,
            ),
            GroupReportItem(org_id=org_id, year=2026, code="study", name="理论学习", position=1),
            LoopYearSetting(
                org_id=org_id,
                year=2026,
                loop="proposal",
                reply_months=2,
                reassign_days=7,
                co_opinion_months=2,
                credit_co_proposers=True,
                session_label="第十一届四次会议",
            ),
            PointsRule(
                org_id=org_id, year=2026, code="proposal", name="提案", unit="件", points=6, cap=18
            ),
            AssessmentSetting(
                org_id=org_id,
                year=2024,  # an earlier year than the rubric's: each kind from its own latest
                excellent=88,
                good=75,
                competent=55,
                summary_until=date(2024, 2, 29),
            ),
        ]
    )
    db.session.commit()


def test_a_new_year_starts_on_the_settings_of_the_year_before(app):
    w = world()
    _set_2026(w.org.id)
    year_open(w.secretariat_user, 2027, make_current=False)
    rubric = rubric_for(w.org.id, 2027)
    assert (rubric.coverage_weight, rubric.quality_max, rubric.due_day, rubric.flag_count) == (
        30,
        60,
        10,
        3,
    )
    assert next(i for i in items_for(w.org.id, 2027) if i.code == "study").name == "理论学习"
    loop = setting(w.org.id, 2027, "proposal")
    assert loop.id is not None
    assert (loop.reply_months, loop.reassign_days, loop.co_opinion_months) == (2, 7, 2)
    assert loop.credit_co_proposers is True and loop.session_label == ""
    rule = db.session.scalar(select(PointsRule).where(PointsRule.year == 2027))
    assert (rule.points, rule.cap) == (6, 18)
    later = db.session.scalar(select(AssessmentSetting).where(AssessmentSetting.year == 2027))
    assert (later.excellent, later.good, later.competent) == (88, 75, 55)
    assert later.summary_until == date(2027, 2, 28)  # 29 Feb of 2024, three years on
    note = db.session.scalar(select(AuditEvent.summary).where(AuditEvent.action == "year.open"))
    assert "沿用上一年度" in note


def test_a_year_with_its_own_settings_keeps_them_and_a_first_year_gets_defaults(app):
    w = world()
    _set_2026(w.org.id)
    db.session.add(
        GroupReportRubric(org_id=w.org.id, year=2027, due_day=3, flag_count=1, coverage_weight=40)
    )
    db.session.commit()
    year_open(w.secretariat_user, 2027, make_current=False)
    assert rubric_for(w.org.id, 2027).due_day == 3
    # the loop settings still come from 2026, the rubric is 2027's own
    assert setting(w.org.id, 2027, "proposal").reply_months == 2
    # no earlier year: nothing copied, the built-in defaults apply
    year_open(w.secretariat_user, 2020, make_current=False)
    assert rubric_for(w.org.id, 2020).due_day == 5
    assert setting(w.org.id, 2020, "proposal").id is None
