"""lvzhi as the benchmark serves it with gunicorn (``bench.wsgi:app``): the app itself, which
also tells in an ``X-Bench-Statements`` header how many SQL statements a response ran, plus
the benchmark's empty page (``/_bench/empty``, see ``bench.empty_page``)."""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import event

from lvzhi import create_app
from lvzhi.extensions import db
from lvzhi.ops import settle_after_start

from . import empty_page

app = empty_page.init_app(create_app())

with app.app_context():

    @event.listens_for(db.engine, "before_cursor_execute")
    def _count(*_args, **_kwargs) -> None:
        if has_app_context():
            g._bench_statements = g.get("_bench_statements", 0) + 1


@app.after_request
def _statements_header(response):
    response.headers["X-Bench-Statements"] = str(g.get("_bench_statements", 0))
    return response


settle_after_start()  # as wsgi.py
