"""Forms of the secretariat's 社情民意 pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..domain.instructions import FORWARD_LEVELS, INSTRUCTION_LEVELS, TEXT_MAX
from ..forms import DayField, VersionField, at_most

DECISIONS = {
    "adopt": "采用",
    "decline": "不予采用（仍记入委员十个一）",
    "reject": "不属于社情民意信息（撤销委员十个一记录）",
}


class OpinionReviewForm(FlaskForm):
    decision = RadioField(
        "采编意见", choices=list(DECISIONS.items()), validators=[DataRequired("请选择采编意见。")]
    )
    reason = TextAreaField(
        "理由（不予采用或不属于社情民意时必填，委员可见）",
        validators=[Optional(), at_most(500, "理由")],
    )
    version = VersionField()


class ForwardForm(FlaskForm):
    level = SelectField(
        "报送至", choices=[("", "— 请选择 —"), *FORWARD_LEVELS.items()], validate_choice=False
    )
    on = DayField("报送日期", validators=[DataRequired("请填写报送日期。")])
    note = StringField("说明（选填）", validators=[Optional(), at_most(300, "说明")])
    version = VersionField()


class InstructionForm(FlaskForm):
    level = SelectField(
        "批示领导层级",
        choices=[("", "— 请选择 —"), *INSTRUCTION_LEVELS.items()],
        validate_choice=False,
    )
    leader = StringField("批示领导（姓名、职务）", validators=[Optional(), at_most(80, "批示领导")])
    on = DayField("批示日期", validators=[DataRequired("请填写批示日期。")])
    text = TextAreaField("批示内容", validators=[Optional(), at_most(TEXT_MAX, "批示内容")])
    version = VersionField()


class PublishForm(FlaskForm):
    on = DayField("印发日期", validators=[DataRequired("请填写印发日期。")])
    editor_note = TextAreaField("编者按（选填）", validators=[Optional(), at_most(500, "编者按")])
    confirmed = BooleanField(
        "已核对本期内容，确认印发（印发后不能修改）",
        validators=[DataRequired("请勾选“确认印发”：印发后不能再修改。")],
    )
    version = VersionField()
