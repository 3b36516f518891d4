"""App-wide web behaviour: error pages, template globals, the must-change-password gate."""

from __future__ import annotations

from flask import Flask, flash, g, redirect, render_template, request, session, url_for
from flask_login import AnonymousUserMixin, current_user, login_url
from flask_wtf.csrf import CSRFError

from .clock import to_local
from .domain.roles import ROLE_BLUEPRINT, ROLE_LABELS, ROLES
from .extensions import db, login_manager
from .htmx import is_htmx, login_expired
from .navigation import active_item, nav_for

OPEN_ENDPOINTS = {"auth.login", "auth.logout", "auth.password", "static"}

# what the pages load: htmx and app.js from static/, app.css, photos (and previews as blob:);
# no inline script, event handler or style attribute anywhere
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


def init_app(app: Flask) -> None:
    @app.before_request
    def _password_gate():
        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and request.endpoint not in OPEN_ENDPOINTS
        ):
            return redirect(url_for("auth.password"))

    from .cells import duty_cell

    app.add_template_filter(duty_cell)

    @app.template_filter("local")
    def _local(value):
        """A stored (UTC) datetime in the organization's time zone."""
        return to_local(value)

    @app.context_processor
    def _globals():
        role = getattr(g, "role", None) or session.get("role")
        user_roles: list[str] = []
        items = []
        if current_user.is_authenticated:
            if role not in current_user.roles:
                role = None
            user_roles = [r for r in ROLES if r in current_user.roles]
            items = nav_for(role)
        return {
            "active_role": role,
            "role_labels": ROLE_LABELS,
            "role_blueprint": ROLE_BLUEPRINT,
            "user_roles": user_roles,
            "nav_items": items,
            "nav_active": active_item(items, request.endpoint),
        }

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if request.endpoint != "static":
            # pages, exports and attachments hold personal data: keep none of them on disk
            response.headers["Cache-Control"] = "no-store"
        return response

    def _error(template: str, status: int):
        def handler(_exc):
            return render_template(template), status

        return handler

    @app.errorhandler(500)
    def _server_error(_exc):
        """The Chinese error page, even after a database error: roll back first, and if the
        page still cannot be rendered (the database is gone), render it as for a visitor
        who is not logged in, which needs no database at all."""
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001  (a broken connection must not hide the page)
            app.logger.exception("rollback failed while answering a 500")
        try:
            return render_template("errors/500.html"), 500
        except Exception:  # noqa: BLE001
            app.logger.exception("the 500 page could not be rendered with the database")
            page = app.jinja_env.get_template("errors/500.html")
            return page.render(current_user=AnonymousUserMixin(), request=request), 500

    app.register_error_handler(400, _error("errors/400.html", 400))
    app.register_error_handler(403, _error("errors/403.html", 403))
    app.register_error_handler(405, _error("errors/405.html", 405))
    app.register_error_handler(404, _error("errors/404.html", 404))

    @app.errorhandler(CSRFError)
    def _csrf(_exc):
        if is_htmx() and not current_user.is_authenticated:
            return login_expired()  # the session (and its CSRF token) is gone
        return render_template("errors/csrf.html"), 400

    @login_manager.unauthorized_handler
    def _unauthorized():
        """htmx requests get 401 with a way back (app.js); pages go to the login page."""
        if is_htmx():
            return login_expired()
        flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(login_url(login_manager.login_view, request.url))

    @app.errorhandler(413)
    def _too_large(_exc):
        return render_template("errors/413.html"), 413
