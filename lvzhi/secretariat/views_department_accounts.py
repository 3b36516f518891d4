"""A 承办单位's contact accounts, opened from the department's page: who the contacts are,
开设联系人账号 (the one-time password is shown once, as for a new member), and for each
contact 停用/恢复 and 重置密码 (a contact who leaves the post keeps no access)."""

from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Optional

from ..auth.permissions import org_get_or_404
from ..extensions import db
from ..forms import ConfirmForm, at_most, button_action, form_action
from ..htmx import hx_redirect
from ..models import Department, User
from ..services.accounts import password_reset
from ..services.department_accounts import contact_set_active, department_account_create
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


def _contact_or_404(dept_id: int, user_id: int) -> tuple[Department, User]:
    dept = org_get_or_404(Department, dept_id)
    user = org_get_or_404(User, user_id)
    if user.department_id != dept.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return dept, user


@bp.route("/departments/<int:dept_id>/accounts/<int:user_id>/active", methods=["POST"])
def department_contact_active(dept_id: int, user_id: int):
    dept, user = _contact_or_404(dept_id, user_id)
    # the state the button asked for (not a toggle: a double tap on 停用 stays 停用)
    wanted = request.args.get("on")
    if wanted not in ("0", "1"):
        abort(400)
    on = wanted == "1"
    return button_action(
        lambda: contact_set_active(current_user, user, on),
        f"已{'恢复' if on else '停用'}联系人账号 {user.username}。",
        url_for("secretariat.department_edit", dept_id=dept.id) + "#account",
    )


@bp.route("/departments/<int:dept_id>/accounts/<int:user_id>/password-reset", methods=["POST"])
def department_contact_password(dept_id: int, user_id: int):
    dept, user = _contact_or_404(dept_id, user_id)
    temporary = password_reset(current_user, user)
    flash(
        f"已重置联系人账号 {user.username} 的密码，临时密码：{temporary}"
        "（仅显示一次，请转告联系人，登录后须修改）。",
        "success",
    )
    return hx_redirect(url_for("secretariat.department_edit", dept_id=dept.id) + "#account")
