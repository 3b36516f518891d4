"""One JSON line per request on stderr (gunicorn hands it to journald or the log collector):
time, request id, user id, method, route, path, status, duration in ms, client address.

The request id is nginx's ``X-Request-Id`` when ``TRUST_REQUEST_ID`` is set (so nginx's
access log and ours share it), otherwise a new random one; it goes back in the
``X-Request-Id`` response header and on the 500 page, for staff to quote.

Proxy headers (``X-Forwarded-For/-Proto/-Host/-Port``) are believed only with
``PROXY_COUNT`` set to the number of proxies in front (werkzeug's ProxyFix): without it, a
client could claim any address or scheme.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
from datetime import UTC, datetime
from time import perf_counter

from flask import Flask, current_app, g, request, request_started
from werkzeug.middleware.proxy_fix import ProxyFix

LOG = logging.getLogger("lvzhi.requests")
REQUEST_ID_HEADER = "X-Request-Id"
# what we accept from upstream: nginx's $request_id is 32 hex digits; others use UUIDs
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_STARTED = "lvzhi.started"
_ID = "lvzhi.request_id"


def request_id() -> str:
    """This request's id (made on first use); also a template global for the 500 page."""
    environ = request.environ
    if _ID not in environ:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        trusted = current_app.config["TRUST_REQUEST_ID"] and INCOMING_ID.fullmatch(incoming)
        environ[_ID] = incoming if trusted else secrets.token_hex(16)
    return environ[_ID]


def _started(_sender, **_extra) -> None:
    request.environ[_STARTED] = perf_counter()


def _user_id() -> int | None:
    """The logged-in user's id, if this request loaded it (a log line costs no query)."""
    user = g.get("_login_user")  # where Flask-Login keeps the user it loaded
    return user.id if user is not None and user.is_authenticated else None


def log_line(response) -> dict:
    started = request.environ.get(_STARTED)
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "request_id": request_id(),
        "user_id": _user_id(),
        "method": request.method,
        "route": request.url_rule.rule if request.url_rule else None,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round((perf_counter() - started) * 1000, 1) if started else None,
        "remote_addr": request.remote_addr,
    }


def _after(response):
    response.headers[REQUEST_ID_HEADER] = request_id()
    if current_app.config["REQUEST_LOG"]:
        LOG.info(json.dumps(log_line(response), ensure_ascii=False))
    return response


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is now (a test runner swaps it per test)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def init_app(app: Flask) -> None:
    if not LOG.handlers:
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
        LOG.propagate = False
    request_started.connect(_started, app)
    app.after_request(_after)
    app.jinja_env.globals["request_id"] = request_id
    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
