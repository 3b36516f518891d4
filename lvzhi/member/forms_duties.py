"""Forms of the member's 十个一 pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import DayField, PostedOnce, Uploads, VersionField, files_field


class DutyRecordForm(PostedOnce, Uploads, FlaskForm):
    occurred_on = DayField("活动日期", validators=[DataRequired("请填写活动日期。")])
    title = StringField(
        "活动名称",
        validators=[
            DataRequired("请填写活动名称。"),
            Length(max=120, message="活动名称最多 120 字。"),
        ],
    )
    body = TextAreaField(
        "活动内容", validators=[Optional(), Length(max=5000, message="活动内容最多 5000 字。")]
    )
    files = files_field()
    token = HiddenField()
    version = VersionField()


class RecordActionForm(FlaskForm):
    """A POST button (submit / withdraw / delete) with the record's version."""

    version = VersionField()
