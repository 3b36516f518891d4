"""Forms of the secretariat's speech and work-suggestion pages (and the leader's 批示)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..domain.speeches import INSTRUCTION_LEVELS, SPEECH_MODES, WORK_SUGGESTION_ANSWERS
from ..forms import PostedOnce, VersionField, at_most
from ..models.loops import COLLECTIVE_KINDS
from ..services.speeches import CONTENT_MAX, INSTRUCTION_MAX

NOT_SELECTED = "reject"


class SelectSpeechForm(FlaskForm):
    decision = RadioField(
        "选用结果",
        choices=[*SPEECH_MODES.items(), (NOT_SELECTED, "不予选用")],
        validators=[DataRequired("请选择选用结果。")],
    )
    note = TextAreaField("说明（选填）", validators=[Optional(), at_most(500, "说明")])
    version = VersionField()


class UnselectForm(FlaskForm):
    reason = TextAreaField(
        "取消选用的原因",
        validators=[DataRequired("请填写取消选用的原因。"), at_most(500, "原因")],
    )
    version = VersionField()


class SpeechInstructForm(FlaskForm):
    leader = StringField("批示领导", validators=[Optional(), at_most(30, "批示领导")])
    level = SelectField(
        "级别",
        choices=[("", "— 请选择 —"), *INSTRUCTION_LEVELS.items()],
        validators=[DataRequired("请选择批示领导的级别。")],
    )
    text = TextAreaField(
        "批示内容",
        validators=[DataRequired("请填写批示内容。"), at_most(INSTRUCTION_MAX, "批示内容")],
    )
    version = VersionField()


class AnswerForm(FlaskForm):
    answer = RadioField(
        "答复结果",
        choices=list(WORK_SUGGESTION_ANSWERS.items()),
        validators=[DataRequired("请选择答复结果。")],
    )
    reply = TextAreaField(
        "答复内容", validators=[DataRequired("请填写答复内容。"), at_most(2000, "答复内容")]
    )
    version = VersionField()


class CollectiveSpeechForm(PostedOnce, FlaskForm):
    """A collective's speech entered by the secretariat (a party's, a sector's …)."""

    collective_kind = SelectField(
        "发言单位类别",
        choices=[("", "— 请选择 —"), *COLLECTIVE_KINDS.items()],
        validators=[DataRequired("请选择发言单位类别。")],
    )
    collective_name = StringField(
        "发言单位", validators=[DataRequired("请填写发言单位。"), at_most(80, "发言单位")]
    )
    title = StringField("标题", validators=[DataRequired("请填写标题。"), at_most(200, "标题")])
    content = TextAreaField(
        "发言稿", validators=[DataRequired("请填写发言稿。"), at_most(CONTENT_MAX, "发言稿")]
    )
    token = HiddenField()
