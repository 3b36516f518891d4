"""Forms of the points ledger and the year's assessment."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from ..domain.points import SUMMARY_MAX
from ..forms import DayField, VersionField, at_most


class PointsRuleForm(FlaskForm):
    """One rule of the year: points per unit (negative for a penalty), unit, cap, active."""

    points = IntegerField("每单位分值", validators=[InputRequired("请填写每单位分值。")])
    unit = StringField("单位", validators=[DataRequired("请填写单位。"), at_most(10, "单位")])
    cap = IntegerField("年度上限", validators=[Optional()])
    active = BooleanField("计分")
    version = VersionField()


class AssessmentSettingsForm(FlaskForm):
    excellent = IntegerField("优秀（不低于）", validators=[InputRequired("请填写优秀分数线。")])
    good = IntegerField("良好（不低于）", validators=[InputRequired("请填写良好分数线。")])
    competent = IntegerField("称职（不低于）", validators=[InputRequired("请填写称职分数线。")])
    summary_until = DayField(
        "述职截止日期（含当日）", validators=[InputRequired("请填写述职截止日期。")]
    )
    version = VersionField()


class AdjustmentForm(FlaskForm):
    points = IntegerField(
        "调整分值（扣分填负数）", validators=[InputRequired("请填写调整的分值。")]
    )
    reason = StringField(
        "调整原因", validators=[DataRequired("请填写调整原因。"), at_most(200, "调整原因")]
    )
    token = HiddenField()  # one-time: the same form posted twice records one adjustment


class SelfSummaryForm(FlaskForm):
    text = TextAreaField("述职（本年度履职情况自述）", validators=[at_most(SUMMARY_MAX, "述职")])
    version = VersionField()
