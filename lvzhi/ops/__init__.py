"""Running in production: ``/healthz`` for the load balancer, one JSON log line per request
with its request id, proxy headers trusted only when configured, attachments handed to nginx
(``X-Accel-Redirect``), and ``flask backup`` / ``flask restore`` (backup.py)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)


def init_app(app: Flask) -> None:
    """Call last in create_app: ProxyFix must wrap the finished WSGI app (WhiteNoise too)."""
    from .request_log import init_app as init_request_log

    init_request_log(app)
