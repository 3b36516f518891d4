"""Forms of the secretariat's 十加一 pages: scoring, the year's rubric, meeting appearances."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from ..domain.group_reports import APPEARANCE_KINDS, MAX_ITEM_TEXT, MAX_REVIEW_COMMENT
from ..forms import VersionField, at_most


class ScoreForm(FlaskForm):
    quality = IntegerField(
        "质量分",
        validators=[InputRequired("请填写质量分。")],
        render_kw={"inputmode": "numeric", "min": 0},
    )
    comment = TextAreaField("评语", validators=[Optional(), at_most(MAX_REVIEW_COMMENT, "评语")])
    version = VersionField()


def _weight(label: str, low: int = 0, high: int = 100) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(f"请填写{label}。"),
            NumberRange(low, high, f"{label}应在 {low} 至 {high} 之间。"),
        ],
        render_kw={"inputmode": "numeric"},
    )


class RubricForm(FlaskForm):
    coverage_weight = _weight("覆盖分权重")
    quality_max = _weight("质量分上限")
    timeliness_weight = _weight("及时分权重")
    due_day = _weight("每月报送截止日", 1, 28)
    flag_count = _weight("前后各标记的室组数", 0, 10)
    version = VersionField()


class AppearanceForm(FlaskForm):
    kind = SelectField(
        "会上发言",
        choices=[("", "— 请选择 —"), *APPEARANCE_KINDS.items()],
        validators=[DataRequired("请选择发言类型。")],
    )
    notes = TextAreaField("发言要点", validators=[Optional(), at_most(MAX_ITEM_TEXT, "发言要点")])
    version = VersionField()
