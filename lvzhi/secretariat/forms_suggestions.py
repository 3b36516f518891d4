"""Forms of the secretariat's suggestion pages: a pasted list, one suggestion's text and
department, one row of the bulk table (prefixed by the suggestion, so every row of the page
is its own form), the sheet upload."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..domain.suggestions import NOTE_MAX, OUTCOMES, PASTE_MAX, TEXT_MAX
from ..forms import OptionalIdField, VersionField, at_most

NOT_ANSWERED = [("", "未答复")]


class SuggestionsAddForm(FlaskForm):
    text = TextAreaField(
        "建议内容（每行一条）",
        validators=[
            DataRequired("请填写建议内容，每行一条。"),
            at_most(PASTE_MAX * TEXT_MAX, "建议内容"),
        ],
    )
    department = OptionalIdField("承办单位", choices=[])


class SuggestionEditForm(FlaskForm):
    text = TextAreaField(
        "建议内容", validators=[DataRequired("请填写建议内容。"), at_most(TEXT_MAX, "建议内容")]
    )
    department = OptionalIdField("承办单位", choices=[])
    version = VersionField()


class SuggestionRowForm(FlaskForm):
    department = OptionalIdField("承办单位", choices=[])
    outcome = SelectField("采纳情况", choices=NOT_ANSWERED + list(OUTCOMES.items()))
    implemented = BooleanField("已落实")
    note = StringField("说明", validators=[Optional(), at_most(NOTE_MAX, "说明")])
    version = VersionField()


class SuggestionsImportForm(FlaskForm):
    file = FileField(
        "建议表（.xlsx）",
        validators=[
            FileRequired("请选择要上传的 Excel 文件。"),
            FileAllowed(["xlsx"], "只能上传 .xlsx 格式的 Excel 文件。"),
        ],
    )
