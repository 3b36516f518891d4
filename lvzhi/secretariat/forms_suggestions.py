"""Forms of the secretariat's suggestion pages: a pasted list, one suggestion's text and
department, one row of the bulk table (prefixed by the suggestion, so every row of the page
is its own form) and what a row shows, the sheet upload."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..domain.suggestions import NOTE_MAX, OUTCOMES, PASTE_MAX, TEXT_MAX
from ..forms import OptionalIdField, VersionField, at_most

NOT_ANSWERED = [("", "未答复")]
OUTCOME_CHOICES = NOT_ANSWERED + list(OUTCOMES.items())


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
    outcome = SelectField("采纳情况", choices=OUTCOME_CHOICES)
    implemented = BooleanField("已落实")
    note = StringField("说明", validators=[Optional(), at_most(NOTE_MAX, "说明")])
    version = VersionField()


@dataclass
class RowView:
    """What one row of the bulk table shows in its fields: the saved suggestion's values or,
    after a post, what was typed with the errors beside each field. The table renders these
    (plain values, one CSRF token for the page) instead of a WTForms form per row; a post is
    still validated by ``SuggestionRowForm``, whose field names (``s<id>-…``) these keep."""

    prefix: str
    department: int | None
    outcome: str
    implemented: bool
    note: str
    version: int | None
    errors: dict[str, list[str]] = field(default_factory=dict)
    form_errors: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, s) -> RowView:
        return cls(f"s{s.id}-", s.department_id, s.outcome, s.implemented, s.note, s.version)

    @classmethod
    def of_form(cls, form: SuggestionRowForm) -> RowView:
        errors = {name: list(f.errors) for name, f in form._fields.items() if f.errors}
        return cls(
            form._prefix,
            form.department.data,
            form.outcome.data or "",
            bool(form.implemented.data),
            form.note.data or "",
            form.version.data,
            errors,
            list(form.form_errors),
        )


class SuggestionsImportForm(FlaskForm):
    file = FileField(
        "建议表（.xlsx）",
        validators=[
            FileRequired("请选择要上传的 Excel 文件。"),
            FileAllowed(["xlsx"], "只能上传 .xlsx 格式的 Excel 文件。"),
        ],
    )
