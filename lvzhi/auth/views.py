import re
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..domain.roles import ROLE_BLUEPRINT, primary_role
from ..extensions import login_manager
from ..forms import form_action
from ..models import User
from ..selectors.accounts import login_session_user
from ..services.accounts import authenticate, password_change, session_end
from . import bp
from .forms import LoginForm, PasswordChangeForm


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    """Flask-Login asks on every request: the id it keeps is the login session's token
    (User.get_id), so a session ended on the server logs the browser out."""
    return login_session_user(session_token)


def role_home(role: str | None) -> str:
    """The landing page of ``role``; the no-role page while its blueprint is not registered
    (the department portal comes in its own change)."""
    if role is None or ROLE_BLUEPRINT[role] not in current_app.blueprints:
        return url_for("auth.no_role")
    return url_for(f"{ROLE_BLUEPRINT[role]}.home")


# what a browser drops from a URL before reading it: C0 controls and spaces at either end,
# tabs and newlines anywhere; and it reads a backslash as a slash
_URL_ENDS = "".join(map(chr, range(0x21)))
_URL_DROPPED = str.maketrans("", "", "\t\r\n")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _safe_next(target: str | None) -> str | None:
    """The ``next`` address to go to after login, only if it is a path on this site as a
    browser would read it; None otherwise."""
    if not target:
        return None
    target = target.strip(_URL_ENDS).translate(_URL_DROPPED)
    path = target.replace("\\", "/")
    if not path.startswith("/") or path.startswith("//") or _CONTROL.search(path):
        return None
    parts = urlsplit(path)
    return None if parts.scheme or parts.netloc else path


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    role = session.get("role")
    if role not in current_user.roles:
        role = primary_role(current_user.roles)
    return redirect(role_home(role))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.index"))
    form = LoginForm()
    done = form_action(form, lambda: _log_in(form), None, lambda target: target)
    return done or render_template("auth/login.html", form=form)


def _log_in(form: LoginForm) -> str:
    """Check the login, start the browser's session; the address to go to next."""
    user = authenticate(form.login.data, form.password.data)
    login_user(user)
    session["role"] = primary_role(user.roles)
    if user.must_change_password:
        flash("首次登录或密码已被重置，请先设置新密码。", "info")
        return url_for("auth.password")
    return _safe_next(request.args.get("next")) or role_home(session["role"])


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        session_end(current_user)
    logout_user()
    session.pop("role", None)
    flash("您已安全退出。", "success")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    done = form_action(
        form,
        lambda: password_change(current_user, form.current_password.data, form.new_password.data),
        "密码已修改。",
        url_for("auth.index"),
    )
    return done or render_template("auth/password.html", form=form)


@bp.route("/switch/<role>", methods=["POST"])
@login_required
def switch_role(role: str):
    if role not in current_user.roles:
        abort(403)
    session["role"] = role
    return redirect(role_home(role), code=303)


@bp.route("/no-role")
@login_required
def no_role():
    return render_template("auth/no_role.html")
