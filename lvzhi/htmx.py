"""Everything htmx: which requests are fragment requests, and responses for them.

A request is a fragment request only when it carries ``HX-Request: true`` and is neither
a boosted navigation nor a history restore — those want the whole page.
"""

from __future__ import annotations

from flask import Response, make_response, redirect, render_template, request
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
