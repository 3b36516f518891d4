"""A 承办单位's contact accounts, opened from the department's page: who the contacts are,
and 开设联系人账号 (the one-time password is shown once, as for a new member)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Optional

from ..auth.permissions import org_get_or_404
from ..extensions import db
from ..forms import at_most, form_action
from ..models import Department, User
from ..services.accounts import department_account_create
from . import bp
from .forms import DepartmentForm


class DepartmentAccountForm(FlaskForm):
    username = StringField(
        "登录用户名", validators=[DataRequired("请填写登录用户名。"), at_most(60, "登录用户名")]
    )
    display_name = StringField("联系人姓名", validators=[Optional(), at_most(40, "联系人姓名")])
    mobile = StringField("手机号（选填）", validators=[Optional(), at_most(20, "手机号")])


def department_contacts(dept: Department) -> list[User]:
    """The department's contact logins (one statement)."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.org_id == dept.org_id, User.department_id == dept.id)
            .order_by(User.id)
        )
    )


def account_context(dept: Department | None, form: DepartmentAccountForm | None = None) -> dict:
    """What the department's page shows about its accounts."""
    if dept is None:
        return {}
    return {"contacts": department_contacts(dept), "account_form": form or DepartmentAccountForm()}


@bp.route("/departments/<int:dept_id>/account", methods=["POST"])
def department_account(dept_id: int):
    dept = org_get_or_404(Department, dept_id)
    form = DepartmentAccountForm()
    done = form_action(
        form,
        lambda: department_account_create(
            current_user,
            dept,
            form.username.data,
            form.display_name.data or "",
            form.mobile.data or "",
        ),
        lambda made: (
            f"已开设 {dept.name} 联系人账号：{made[0].username}，初始密码：{made[1]}"
            "（仅显示一次，请转告联系人，首次登录须修改）。"
        ),
        url_for("secretariat.department_edit", dept_id=dept.id),
    )
    if done:
        return done
    edit = DepartmentForm(obj=dept)
    edit.version.data = dept.version
    return render_template(
        "secretariat/department_form.html", form=edit, dept=dept, **account_context(dept, form)
    )
