from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..domain.roles import ROLE_LABELS
from ..domain.roster import MAX_LENGTHS, too_long_message
from ..forms import DayField, OptionalIdField, VersionField, at_most
from ..models import MEETING_KINDS, MEETING_NOTES_MAX


def _length(key: str) -> Length:
    """The roster's length rule for one member field, as the import preview applies it."""
    return Length(max=MAX_LENGTHS[key], message=too_long_message(key) + "。")


class MemberForm(FlaskForm):
    name = StringField("姓名", validators=[DataRequired("请填写姓名。"), _length("name")])
    gender = SelectField(
        "性别", choices=[("", "— 请选择 —"), ("男", "男"), ("女", "女")], validators=[Optional()]
    )
    mobile = StringField(
        "手机号",
        validators=[DataRequired("请填写手机号。")],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    office_group_id = OptionalIdField("室组", validators=[DataRequired("请选择室组。")])
    committee_id = OptionalIdField("专委会")
    sector_id = OptionalIdField("界别")
    employer = StringField("工作单位", validators=[Optional(), _length("employer")])
    title = StringField("职务", validators=[Optional(), _length("title")])
    term = StringField("届次", validators=[Optional(), _length("term")])
    version = VersionField()


class MemberFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("搜索", validators=[Optional()], render_kw={"placeholder": "姓名或手机号"})
    group = OptionalIdField("室组")
    committee = OptionalIdField("专委会")
    sector = OptionalIdField("界别")
    status = SelectField(
        "状态",
        choices=[("active", "在册"), ("inactive", "已停用"), ("all", "全部")],
        default="active",
    )


class RolesForm(FlaskForm):
    roles = SelectMultipleField(
        "角色",  # a 承办单位 account is opened from its department's page (it needs one)
        choices=[(r, label) for r, label in ROLE_LABELS.items() if r != "department"],
    )
    committee_id = OptionalIdField("负责的专委会")
    version = VersionField()  # the login's


class ImportForm(FlaskForm):
    file = FileField(
        "名册文件（.xlsx）",
        validators=[
            FileRequired("请选择要导入的 Excel 文件。"),
            FileAllowed(["xlsx"], "只能导入 .xlsx 格式的 Excel 文件。"),
        ],
    )


class NamedForm(FlaskForm):
    name = StringField("名称", validators=[DataRequired("请填写名称。"), Length(max=60)])
    sort_order = IntegerField(
        "排序",
        default=0,
        validators=[Optional(), NumberRange(0, 9999, "排序应为 0 至 9999 之间的整数。")],
    )
    version = VersionField()


class CommitteeGroupsForm(FlaskForm):
    groups = SelectMultipleField("联系室组", coerce=int)
    version = VersionField()


class HeadChangeForm(FlaskForm):
    member_id = OptionalIdField("新任负责人", validators=[DataRequired("请选择负责人。")])
    start_date = DayField("任职日期", validators=[DataRequired("请填写任职日期。")])
    note = StringField("备注", validators=[Optional(), Length(max=200)])


class DepartmentForm(FlaskForm):
    name = StringField("单位名称", validators=[DataRequired("请填写单位名称。"), Length(max=80)])
    contact_name = StringField("联系人", validators=[Optional(), Length(max=40)])
    contact_phone = StringField("联系电话", validators=[Optional(), Length(max=30)])
    is_active = BooleanField("在用", default=True)
    version = VersionField()


class MeetingForm(FlaskForm):
    kind = SelectField(
        "会议类型",
        choices=[("", "— 请选择 —"), *MEETING_KINDS.items()],
        validators=[DataRequired("请选择会议类型。")],
    )
    title = StringField("会议名称", validators=[DataRequired("请填写会议名称。"), Length(max=120)])
    held_on = DayField("日期", validators=[DataRequired("请填写会议日期。")])
    start_time = TimeField("开始时间", validators=[Optional()])  # leave is asked before it
    location = StringField("地点", validators=[Optional(), Length(max=120)])
    notes = TextAreaField("备注", validators=[Optional(), at_most(MEETING_NOTES_MAX, "备注")])
    version = VersionField()


class YearForm(FlaskForm):
    year = IntegerField(
        "年度",
        validators=[
            DataRequired("请填写年度。"),
            NumberRange(2000, 2100, "年度应为 2000–2100 之间的年份。"),
        ],
    )
    make_current = BooleanField("同时设为当前年度")
