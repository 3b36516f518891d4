"""Forms of the secretariat's consultation and supervision pages: the topic, a step on the
timeline (note and documents), 交办, a requirement of 1+5+5."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional

from ..domain.loop_specs import CONSULTATION_KINDS
from ..forms import OptionalIdField, Uploads, VersionField, at_most, files_field


class TopicForm(FlaskForm):
    title = StringField("议题", validators=[DataRequired("请填写议题。"), at_most(200, "议题")])
    kind = SelectField(
        "协商类别",
        choices=[("", "— 请选择 —"), *CONSULTATION_KINDS.items()],
        validators=[Optional()],
    )
    meeting = OptionalIdField("所属会议（未排期可先不选）", choices=[])
    committee = OptionalIdField("牵头专委会", choices=[])
    department = OptionalIdField("牵头承办单位", choices=[])
    contact = StringField(
        "牵头联系的政府领导或部门负责人", validators=[Optional(), at_most(80, "牵头联系领导")]
    )
    token = HiddenField()
    version = VersionField()


class StepForm(Uploads, FlaskForm):
    """A move or a document: a note and files (each step says which it needs)."""

    note = TextAreaField("说明", validators=[Optional(), at_most(2000, "说明")])
    files = files_field("文件：PDF 或照片")
    version = VersionField()


class TopicAssignForm(FlaskForm):
    lead = OptionalIdField("牵头承办单位", choices=[], validators=[Optional()])
    note = TextAreaField("交办说明", validators=[Optional(), at_most(500, "交办说明")])
    version = VersionField()


class RequirementForm(FlaskForm):
    done = BooleanField("已落实")
    note = TextAreaField("说明", validators=[Optional(), at_most(500, "说明")])
    version = VersionField()  # the requirement's (0: none recorded yet)
