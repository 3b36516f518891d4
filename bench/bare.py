"""The yardstick (``bench.bare:app``): a bare Flask app rendering 8 KB of Jinja, served by
gunicorn exactly as lvzhi is, in the same run."""

from __future__ import annotations

from flask import Flask, render_template

app = Flask(__name__)

ROWS = [(n, f"第{n}项履职活动", f"委员{n:03d}", n % 10) for n in range(1, 81)]


@app.route("/")
def page():
    return render_template("bare.html", rows=ROWS)
