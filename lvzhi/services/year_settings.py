"""A year opened by the secretariat starts on the settings of the year before — the 十加一
rubric (weights, due day, flagged groups) and item names, each loop's settings (reply period,
申请改办 and 会办意见 windows, co-proposer credit), the points rules and grade thresholds —
not on the built-in defaults: DOMAIN.md's *default*s are the secretariat's to set, and a
setting chosen once stays until changed. Each kind of setting comes from the latest earlier
year that has one; a year that already has its own keeps it. The plenary session's name
(a new one each year) and the self-summary cut-off's year are the new year's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, select

from ..extensions import db
from ..models import (
    AssessmentSetting,
    GroupReportItem,
    GroupReportRubric,
    LoopYearSetting,
    PointsRule,
)

CARRIED = (GroupReportRubric, GroupReportItem, LoopYearSetting, PointsRule, AssessmentSetting)
# columns a copy never takes from the earlier year
_OWN = {"id", "year", "version", "created_at", "updated_at"}


def _moved(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _carried(model, row, year: int, since: int) -> dict:
    values = {c.key: getattr(row, c.key) for c in model.__table__.columns if c.key not in _OWN}
    values |= {"year": year, "version": 1}
    if model is LoopYearSetting:
        values["session_label"] = ""  # the new year's session gets its own name
    if model is AssessmentSetting:
        values["summary_until"] = _moved(row.summary_until, year - since)
    return values


def settings_open_year(org_id: int, year: int) -> list[str]:
    """Copy each kind of setting ``year`` lacks from the latest earlier year that has it.
    Inside the caller's unit of work. Returns the tables copied."""
    copied = []
    for model in CARRIED:
        mine = (model.org_id == org_id, model.year == year)
        if db.session.scalar(select(func.count(model.id)).where(*mine)):
            continue
        since = db.session.scalar(
            select(func.max(model.year)).where(model.org_id == org_id, model.year < year)
        )
        if since is None:
            continue
        rows = db.session.scalars(
            select(model).where(model.org_id == org_id, model.year == since).order_by(model.id)
        ).all()
        db.session.execute(insert(model), [_carried(model, r, year, since) for r in rows])
        copied.append(model.__tablename__)
    return copied
