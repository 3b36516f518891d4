"""Forms of the 承办单位 portal: each carries the matter's version (a stale form conflicts,
a double tap changes nothing)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from ..domain.loops import CONTACT_WAYS, REPLY_CLASSES
from ..domain.suggestions import OUTCOMES as SUGGESTION_OUTCOMES
from ..forms import (
    ConfirmForm,
    DayField,
    OptionalIdField,
    Uploads,
    VersionField,
    at_most,
    files_field,
)

PICK = [("", "— 请选择 —")]


class FilesForm(Uploads, FlaskForm):
    """A department's step with files (``files``, each form's own label)."""


class AcceptForm(ConfirmForm):
    """接收: a button with the matter's version."""


class ReassignAskForm(FlaskForm):
    reason = TextAreaField(
        "申请改办的理由",
        validators=[DataRequired("请填写申请改办的理由。"), at_most(300, "申请改办的理由")],
    )
    version = VersionField(required=True)


class ContactForm(FlaskForm):
    way = SelectField(
        "沟通方式",
        choices=PICK + list(CONTACT_WAYS.items()),
        validators=[InputRequired("请选择沟通方式。")],
    )
    on = DayField("沟通日期", validators=[DataRequired("请填写沟通日期。")])
    note = TextAreaField("沟通情况", validators=[Optional(), at_most(500, "沟通情况")])
    version = VersionField(required=True)


class ProgressForm(FilesForm):
    note = TextAreaField(
        "办理进展", validators=[DataRequired("请填写办理进展。"), at_most(2000, "办理进展")]
    )
    files = files_field("附件：照片或文件")
    version = VersionField(required=True)


class CoOpinionForm(FilesForm):
    opinion = TextAreaField(
        "会办意见", validators=[DataRequired("请填写会办意见。"), at_most(2000, "会办意见")]
    )
    files = files_field("附件：照片或文件")
    version = VersionField(required=True)


class ReplyForm(FilesForm):
    reply_class = SelectField(
        "答复类别",
        choices=PICK + [(k, f"{k} 类：{v}") for k, v in REPLY_CLASSES.items()],
        validators=[InputRequired("请选择答复类别。")],
    )
    text = TextAreaField("答复内容", validators=[Optional(), at_most(5000, "答复内容")])
    files = files_field("盖章的答复函：PDF 或照片")
    version = VersionField(required=True)


class ReassignDecideForm(FlaskForm):
    decision = SelectField(
        "审核意见",
        choices=PICK + [("grant", "同意改办"), ("refuse", "不同意改办")],
        validators=[InputRequired("请选择审核意见。")],
    )
    to = OptionalIdField("改办至（同意时选择）")
    note = TextAreaField("说明", validators=[Optional(), at_most(300, "说明")])
    version = VersionField(required=True)


class SuggestionAnswerForm(FilesForm):
    """The department's answer to one numbered suggestion."""

    outcome = SelectField(
        "采纳情况",
        choices=PICK + list(SUGGESTION_OUTCOMES.items()),
        validators=[DataRequired("请选择采纳情况。")],
    )
    implemented = BooleanField("已落实")
    note = TextAreaField(
        "说明（采纳落实情况或未采纳的理由）", validators=[Optional(), at_most(2000, "说明")]
    )
    files = files_field("佐证材料：照片或文件")
    version = VersionField(required=True)
