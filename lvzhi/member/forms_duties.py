"""Forms of the member's 十个一 pages."""

from __future__ import annotations

import secrets

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, MultipleFileField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..domain.uploads import MAX_FILES_PER_RECORD
from ..forms import VersionField


class DutyRecordForm(FlaskForm):
    occurred_on = DateField("活动日期", validators=[DataRequired("请填写活动日期。")])
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
    files = MultipleFileField(
        f"照片或文件（最多 {MAX_FILES_PER_RECORD} 个）",
        render_kw={"accept": ".jpg,.jpeg,.png,.heic,.heif,.pdf,image/*"},
    )
    token = HiddenField()
    version = VersionField()

    def fresh_token(self) -> None:
        if not self.token.data:
            self.token.data = secrets.token_urlsafe(16)

    def uploads(self) -> list:
        return [f for f in (self.files.data or []) if f and getattr(f, "filename", "")]


class RecordActionForm(FlaskForm):
    """A POST button (submit / withdraw / delete) with the record's version."""

    version = VersionField()
