"""/healthz: is this node fit to serve? The database answers and the uploads folder takes a
file. The body says only ``ok`` or ``fail`` (503), so it can be open to anyone."""

from __future__ import annotations

import tempfile

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import storage
from ..extensions import db
from . import bp


def database_ok() -> bool:
    """(The request's session is closed at teardown, failed or not: nothing to roll back.)"""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:  # one line, not a traceback every few seconds
        current_app.logger.warning("healthz: the database does not answer: %s", exc)
        return False
    return True


def uploads_writable() -> bool:
    try:
        with tempfile.NamedTemporaryFile(dir=storage.upload_root(), prefix=".healthz-"):
            pass
    except OSError as exc:
        current_app.logger.warning("healthz: the uploads folder takes no file: %s", exc)
        return False
    return True


@bp.route("/healthz")
def healthz():
    ok = database_ok() and uploads_writable()
    return current_app.response_class(
        "ok\n" if ok else "fail\n", status=200 if ok else 503, mimetype="text/plain"
    )
