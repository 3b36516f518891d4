from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    login = StringField("用户名或手机号", validators=[DataRequired("请输入用户名或手机号。")])
    password = PasswordField("密码", validators=[DataRequired("请输入密码。")])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("当前密码", validators=[DataRequired("请输入当前密码。")])
    new_password = PasswordField(
        "新密码",
        validators=[DataRequired("请输入新密码。"), Length(min=8, message="新密码至少 8 位。")],
    )
    confirm = PasswordField(
        "再次输入新密码",
        validators=[
            DataRequired("请再次输入新密码。"),
            EqualTo("new_password", message="两次输入的新密码不一致。"),
        ],
    )
