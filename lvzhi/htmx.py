"""Everything htmx: which requests are fragment requests, and responses for them.

A request is a fragment request only when it carries ``HX-Request: true`` and is neither
a boosted navigation nor a history restore — those want the whole page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, make_response, redirect, render_template, request, url_for
from flask_login import current_user


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def is_fragment_request() -> bool:
    return (
        is_htmx()
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(full: str, fragment: str | None = None, /, **context) -> Response:
    """Render the fragment for htmx, the whole page otherwise; mark the response Vary.

    A fragment also carries the top bar's 待办 link out of band, so its badge follows what
    the user just did (a record submitted, a report filed) without a page load."""
    if fragment and is_fragment_request():
        body = render_template(fragment, **context)
        if current_user.is_authenticated:
            body += render_template("_inbox_link.html", oob=True)
    else:
        body = render_template(full, **context)
    response = make_response(body)
    response.vary.add("HX-Request")
    return response


def hx_redirect(url: str) -> Response:
    """303 for a plain form post; HX-Redirect for htmx so the browser navigates."""
    if is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)


def current_page() -> str:
    """The path (and query) of the page an htmx request was sent from."""
    shown = urlsplit(request.headers.get("HX-Current-URL") or request.referrer or "")
    if shown.path.startswith("/") and not shown.path.startswith("//"):
        return shown.path + (f"?{shown.query}" if shown.query else "")
    return request.full_path.rstrip("?")


def login_expired() -> Response:
    """An htmx request from an expired session: 401 and, in ``X-Login-Url``, the login page
    that brings the user back to the page they were on (app.js offers it and keeps the
    typed text)."""
    response = make_response("登录已过期，请重新登录。", 401)
    response.headers["X-Login-Url"] = url_for("auth.login", next=current_page())
    response.mimetype = "text/plain"
    return response
