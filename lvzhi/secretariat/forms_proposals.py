"""Forms of the secretariat's proposal pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, NumberRange, Optional

from ..domain import loops as rules
from ..domain.loops import CO_OPINION_MONTHS, REASSIGN_DAYS
from ..forms import DayField, OptionalIdField, VersionField, at_most, id_choices
from ..models import Department
from ..services import ServiceError


class ReviewForm(FlaskForm):
    """立案审查: one form, the button pressed names the decision (file / not_file / return /
    merge / unfile / forward); each decision checks its own fields in the service."""

    session = StringField("会议届次", validators=[Optional(), at_most(40, "会议届次")])
    reason = SelectField(
        "不予立案理由",
        choices=[("", "— 请选择 —"), *((r, r) for r in rules.NOT_FILED_REASONS)],
        validators=[Optional()],
    )
    note = TextAreaField("意见或原因", validators=[Optional(), at_most(2000, "意见或原因")])
    into = OptionalIdField("并入提案", choices=[])
    department = OptionalIdField("转交单位", choices=[])
    version = VersionField()


class AssignForm(FlaskForm):
    """交办 on any loop: the lead department and co-handlers, among those ``offer`` gives."""

    lead = OptionalIdField("主办单位", choices=[], validators=[DataRequired("请选择主办单位。")])
    co = SelectMultipleField("会办单位（可多选）", choices=[], coerce=int, validators=[Optional()])
    version = VersionField()

    def offer(self, departments: list[Department]) -> AssignForm:
        """The body's departments to choose from."""
        self._departments = {d.id: d for d in departments}
        self.lead.choices = id_choices(departments)
        self.co.choices = [(d.id, d.name) for d in departments]
        return self

    def chosen(self) -> tuple[Department, list[Department]]:
        """The lead and the co-handlers chosen among the offered departments."""
        lead = self._departments.get(self.lead.data)
        if lead is None:
            raise ServiceError("请选择主办单位。", field="lead")
        return lead, [self._departments[i] for i in self.co.data or [] if i in self._departments]


class KeyForm(FlaskForm):
    is_key = BooleanField("设为重点提案", default=True)
    leader = OptionalIdField("政协督办领导", choices=[])
    leader_name = StringField(
        "或：政府督办领导（姓名、职务）",
        description="由政府领导督办时填写，如“副市长 李某”；与政协督办领导只填一项。",
        validators=[Optional(), at_most(80, "督办领导")],
    )
    version = VersionField()


class ExtendForm(FlaskForm):
    to = DayField("延期至", validators=[DataRequired("请填写延期后的日期。")])
    reason = TextAreaField(
        "延期原因", validators=[DataRequired("请填写延期的原因。"), at_most(300, "延期原因")]
    )
    version = VersionField()


class NoteForm(FlaskForm):
    note = TextAreaField(
        "督办情况", validators=[DataRequired("请填写督办情况。"), at_most(2000, "督办情况")]
    )
    version = VersionField()


class SettingForm(FlaskForm):
    reply_months = IntegerField(
        "答复期限（交办后几个月）",
        validators=[
            DataRequired("请填写答复期限。"),
            NumberRange(1, 6, "答复期限应为 1 至 6 个月。"),
        ],
    )
    reassign_days = IntegerField(
        "申请改办期限（交办后几天内）",
        validators=[
            DataRequired("请填写申请改办期限。"),
            NumberRange(*REASSIGN_DAYS, "申请改办期限应为 {} 至 {} 天。".format(*REASSIGN_DAYS)),
        ],
    )
    co_opinion_months = IntegerField(
        "会办意见期限（交办后几个月）",
        validators=[
            DataRequired("请填写会办意见期限。"),
            NumberRange(
                *CO_OPINION_MONTHS, "会办意见期限应为 {} 至 {} 个月。".format(*CO_OPINION_MONTHS)
            ),
        ],
    )
    credit_co_proposers = BooleanField("联名人也计入十个一“提交提案”")
    session = StringField(
        "会议届次（立案编号用）", validators=[Optional(), at_most(40, "会议届次")]
    )
    version = VersionField()


class InstructForm(FlaskForm):
    note = TextAreaField(
        "批示内容", validators=[DataRequired("请填写批示内容。"), at_most(2000, "批示内容")]
    )
    version = VersionField()
