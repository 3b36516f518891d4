"""App-wide web behaviour: what comes in and what goes out.

In — what a request brings in, made safe in one place (``init_inputs``, before the
blueprints): numbers in URLs and query strings stay within what the database and the calendar
can hold, and text carries no NUL bytes.

- ``<int:…>`` in every route accepts 0 … ``MAX_ID`` (a larger number cannot be a row id);
  ``<year:…>`` accepts ``FIRST_YEAR`` … ``LAST_YEAR``. Anything else is a 404.
- ``int_arg()``, ``year_arg()``, ``page_arg()`` and ``date_arg()`` read query arguments, and
  ``form_ids()`` a form's ticked ids; a hand-edited or out-of-range value is ignored, as if it
  were not there.
- Query arguments and form fields lose any NUL byte (PostgreSQL cannot store one and nobody
  types one); a URL path holding one is a 404.

Out (``init_app``): error pages, template globals, security headers, the
must-change-password gate. ``App`` builds the URLs that cannot vary once per worker.
"""

from __future__ import annotations

from datetime import date

from flask import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask import Request as FlaskRequest
from flask_login import AnonymousUserMixin, current_user, login_url
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

from .clock import to_local
from .domain.roles import ROLE_BLUEPRINT, ROLE_LABELS, ROLES
from .extensions import db, login_manager
from .htmx import hx_redirect, is_htmx, login_expired
from .navigation import active_item, nav_for
from .services import ServiceError

# --- in ------------------------------------------------------------------------------------

MAX_ID = 2**31 - 1  # the largest value of an integer column on PostgreSQL
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


class IdConverter(IntegerConverter):
    """Flask's ``int`` converter with an upper bound, so no route sees a number it cannot
    look up."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's parameter name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class YearConverter(IntegerConverter):
    """``<year:year>``: a calendar year the system works with."""

    def __init__(self, map):  # noqa: A002
        super().__init__(map, min=FIRST_YEAR, max=LAST_YEAR)


def int_arg(name: str, low: int = 0, high: int = MAX_ID) -> int | None:
    """The query argument ``name`` as an int in ``low … high``, else None."""
    try:
        value = int(request.args.get(name, ""))
    except ValueError:  # empty, not a number, or thousands of digits
        return None
    return value if low <= value <= high else None


def form_ids(name: str) -> list[int]:
    """The ids ticked in the checkboxes ``name``; anything that cannot be an id is left out."""
    return [n for n in map(id_or_none, request.form.getlist(name)) if n is not None]


def id_or_none(value: str) -> int | None:
    """``value`` as a row id (ASCII digits, at most MAX_ID), else None — never an error."""
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(MAX_ID))):
        return None
    return int(value) if int(value) <= MAX_ID else None


def sent_twice(matter, values: dict, sent_stage: str) -> bool:
    """A second tap on a writing form's 提交 after the first one sent it: ``matter`` is in
    ``sent_stage`` already and holds just what this post says — the page answers as the
    first tap did instead of refusing an edit of what was sent."""
    if request.form.get("action") != "submit" or matter.stage != sent_stage:
        return False
    return all(
        str(getattr(matter, key) or "").strip() == str(value or "").strip()
        for key, value in values.items()
        if hasattr(matter, key)
    )


def year_arg(name: str = "year") -> int | None:
    return int_arg(name, FIRST_YEAR, LAST_YEAR)


def page_arg() -> int:
    return int_arg("page", 1) or 1


def paged(stmt):
    """One page of ``stmt`` from the ?page= argument (a count and the page's rows)."""
    return db.paginate(
        stmt, page=page_arg(), per_page=current_app.config["PER_PAGE"], error_out=False
    )


def date_arg(name: str) -> date | None:
    """An ISO date from the query string, brought within the years the system knows (a
    filter from 0001-01-01 means "from the start"); None when empty or malformed."""
    try:
        value = date.fromisoformat(request.args.get(name) or "")
    except ValueError:
        return None
    return min(max(value, FIRST_DAY), LAST_DAY)


def _without_nul(params: ImmutableMultiDict) -> ImmutableMultiDict:
    if not any("\0" in k or "\0" in v for k, v in params.items(multi=True)):
        return params
    return ImmutableMultiDict(
        (k.replace("\0", ""), v.replace("\0", "")) for k, v in params.items(multi=True)
    )


class Request(FlaskRequest):
    """Query arguments and form fields without NUL bytes, for every form at once."""

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])


def init_inputs(app: Flask) -> None:
    """Call before any blueprint is registered: the converters apply as routes are added."""
    app.request_class = Request
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["year"] = YearConverter

    @app.before_request
    def _no_nul_in_path():
        if "\0" in request.path:
            abort(404)


# --- out -----------------------------------------------------------------------------------


class App(Flask):
    """Flask, building once per worker the URLs that cannot vary: an endpoint without
    arguments (the tabs, the top bar's links, the forms' actions) and a static file (its
    content-hashed name), per script root (the prefix the app is served under). Every page
    asks for a dozen of them; building one walks werkzeug's rules each time. Any other URL
    (arguments, an anchor, a method or scheme, external or blueprint-relative) is built as
    Flask builds it. The app's only URL default (the static files' hashed names) is fixed
    at startup."""

    FIXED_URLS_KEPT = 4096  # far more than the app has endpoints and static files

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_urls: dict[tuple[str, str, str | None], str] = {}

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values,
    ) -> str:
        fixed = (
            _anchor is None
            and _method is None
            and _scheme is None
            and _external is None
            and endpoint[:1] != "."
            and (not values or (endpoint == "static" and values.keys() == {"filename"}))
            and has_request_context()
        )
        if not fixed:
            return super().url_for(
                endpoint,
                _anchor=_anchor,
                _method=_method,
                _scheme=_scheme,
                _external=_external,
                **values,
            )
        key = (request.script_root, endpoint, values.get("filename"))
        url = self.fixed_urls.get(key)
        if url is None:
            url = super().url_for(endpoint, **values)
            if len(self.fixed_urls) < self.FIXED_URLS_KEPT:
                self.fixed_urls[key] = url
        return url


OPEN_ENDPOINTS = {"auth.login", "auth.logout", "auth.password", "static"}

# what the pages load: htmx and app.js from static/, photos (and previews as blob:), the
# stylesheet inlined in the head (allowed by its hash) and print.css from static/; no inline
# script, event handler or style attribute anywhere
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'{styles}; img-src 'self' data: blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


def init_app(app: Flask) -> None:
    """After ``assets.init_app``: the policy allows the inline stylesheet by its hash."""
    styles = "".join(f" {source}" for source in app.extensions.get("inline_style_sources", ()))
    policy = CONTENT_SECURITY_POLICY.format(styles=styles)

    @app.before_request
    def _password_gate():
        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and request.endpoint not in OPEN_ENDPOINTS
        ):
            return redirect(url_for("auth.password"))

    from .pages.cells import duty_cell, duty_cells

    app.add_template_filter(duty_cell)
    app.add_template_filter(duty_cells)

    @app.template_filter("local")
    def _local(value):
        """A stored (UTC) datetime in the organization's time zone."""
        return to_local(value)

    @app.template_filter("cn_date")
    def _cn_date(value) -> str:
        """A date as 2026年03月09日: ``strftime("%Y年%m月%d日")`` at a third of its cost (a
        method call from a template costs more than the formatting; a record card has one)."""
        return f"{value.year}年{value.month:02d}月{value.day:02d}日"

    @app.context_processor
    def _globals():
        role = getattr(g, "role", None) or session.get("role")
        user_roles: list[str] = []
        items = []
        if current_user.is_authenticated:
            held = current_user.roles  # a new set on every read: read it once
            if role not in held:
                role = None
            user_roles = [r for r in ROLES if r in held]
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
            response.headers.setdefault("Content-Security-Policy", policy)
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

    @app.errorhandler(ServiceError)
    def _refused(exc: ServiceError):
        """A rule's refusal that no form caught (a button posted from a page opened before
        the matter moved on): its words and a way back, never a 500. Its unit of work has
        rolled back already."""
        db.session.rollback()
        if is_htmx():  # back to the page it came from (on this site only)
            flash(exc.message, "error")
            back = request.referrer or ""
            same_site = back.startswith(request.host_url)
            return hx_redirect(back if same_site else url_for("auth.index"))
        return render_template("errors/refused.html", message=exc.message), 409


# --- links ---------------------------------------------------------------------------------


class IdLink:
    """``url_for(endpoint, <name>=id, **args)`` for any ``id``, written as ``url_for`` writes
    it (an id's path part is its ``str``) from ONE ``url_for``: built once with a marker id
    and split there — a table of fifty rows each linking to its record and posting to its own
    URL built a hundred URLs. Should the marker turn up elsewhere in the URL, each link is a
    ``url_for``."""

    MARKER = str(MAX_ID)

    def __init__(self, endpoint: str, name: str, **args):
        self.endpoint, self.name, self.args = endpoint, name, args
        parts = url_for(endpoint, **{name: MAX_ID}, **args).split(self.MARKER)
        self.parts = parts if len(parts) == 2 else None

    def __call__(self, id_: int) -> str:
        if self.parts is None:
            return url_for(self.endpoint, **{self.name: id_}, **self.args)
        return f"{self.parts[0]}{id_}{self.parts[1]}"
