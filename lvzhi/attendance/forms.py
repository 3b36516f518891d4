"""Forms of the attendance pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Optional

from ..domain.attendance import INVITE_SCOPES, WINDOW_MINUTES
from ..forms import DayField, OptionalIdField, VersionField, at_most


class LeaveForm(FlaskForm):
    reason = TextAreaField(
        "请假事由", validators=[DataRequired("请填写请假事由。"), at_most(200, "请假事由")]
    )


class InviteForm(FlaskForm):
    # picked by default: a post with nothing chosen invites nobody rather than everyone
    scope = SelectField("邀请范围", choices=list(INVITE_SCOPES.items()), default="picked")
    committee = OptionalIdField("专委会")
    group = OptionalIdField("室组")


class WindowForm(FlaskForm):
    minutes = SelectField(
        "签到时长",
        choices=[(m, f"{m} 分钟" if m < 60 else f"{m // 60} 小时") for m in WINDOW_MINUTES],
        coerce=int,
        default=60,
    )


class SheetForm(FlaskForm):
    file = FileField(
        "签到表（.xlsx）",
        validators=[
            FileRequired("请选择签到表文件。"),
            FileAllowed(["xlsx"], "只能导入 .xlsx 格式的 Excel 文件。"),
        ],
    )


class ActivityForm(FlaskForm):
    group = OptionalIdField("室组", validators=[DataRequired("请选择室组。")])
    held_on = DayField("日期", validators=[DataRequired("请填写活动日期。")])
    start_time = TimeField("开始时间", validators=[Optional()])
    topic = StringField("主题", validators=[DataRequired("请填写活动主题。"), at_most(120, "主题")])
    place = StringField("地点", validators=[Optional(), at_most(120, "地点")])
    version = VersionField()
