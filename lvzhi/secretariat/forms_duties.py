"""Forms of the secretariat's 十个一 configuration."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import VersionField


class DutyItemForm(FlaskForm):
    name = StringField("事项名称", validators=[DataRequired("请填写事项名称。"), Length(max=60)])
    description = TextAreaField("说明", validators=[Optional(), Length(max=1000)])
    required = IntegerField(
        "要求完成次数",
        default=1,
        validators=[
            DataRequired("请填写要求完成次数。"),
            NumberRange(1, 99, "要求完成次数须在 1 到 99 之间。"),
        ],
    )
    version = VersionField()
