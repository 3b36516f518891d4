"""Forms of the head's monthly 十加一 report: one small form per item, prefixed by its code."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import VersionField


class ReportItemForm(FlaskForm):
    """One item; CSRF is checked once for the whole page (CSRFProtect / the htmx header)."""

    class Meta:
        csrf = False

    text = TextAreaField(
        "工作内容", validators=[Optional(), Length(max=2000, message="工作内容最多 2000 字。")]
    )
    activity_count = IntegerField(
        "活动次数",
        default=0,
        validators=[Optional(), NumberRange(0, 999, "活动次数应在 0 至 999 之间。")],
        render_kw={"inputmode": "numeric", "min": 0, "max": 999},
    )
    members = SelectMultipleField("参与委员", coerce=int, validate_choice=False)
    version = VersionField()
    base = HiddenField()  # the item's fingerprint when the form was opened


class SignatureForm(FlaskForm):
    name = StringField(
        "特色工作名称",
        validators=[
            DataRequired("请填写特色工作的名称。"),
            Length(max=60, message="特色工作名称最多 60 字。"),
        ],
    )
    description = TextAreaField(
        "简要说明", validators=[Optional(), Length(max=300, message="简要说明最多 300 字。")]
    )
    version = VersionField()
