"""The floor every lvzhi page pays (``/_bench/empty``, in the benchmark only, never in the
product): ``base.html`` with empty content for the logged-in user — the session user, the
top bar with its 待办 badge, the role's tabs, the CSRF token, the request hooks — and nothing
of any page's own. ``bench.wsgi`` serves it; ``bench.profile`` adds it to its own app."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, render_template
from flask_login import login_required

bp = Blueprint(
    "bench",
    __name__,
    url_prefix="/_bench",
    template_folder=str(Path(__file__).parent / "templates"),
)


@bp.route("/empty")  # bench.run.EMPTY_PAGE
@login_required
def empty():
    return render_template("bench/empty.html")


def init_app(app: Flask) -> Flask:
    app.register_blueprint(bp)
    return app
