"""Static files and page bytes for a phone on a slow link, with no web server in front.

At startup every file under ``static/`` gets a copy named by its content
(``css/app.3f2a9c0d1b7e.css``) and a gzipped twin in ``STATIC_BUILD_FOLDER`` (the instance
folder's ``static/``); ``url_for('static', filename=...)`` answers with the hashed name, and
WhiteNoise serves it compressed with a far-future ``immutable`` cache, so a repeat page asks
for no static file at all. A changed file gets a new name, hence a new URL. The plain names
still answer (briefly cached), for anything that links them directly.

The screen stylesheet (``css/app.css``, comments left out) is written into every page's head
instead of linked: on a cold cache the page paints after ONE round trip, not two (page, then
stylesheet). ``inline_stylesheet`` is its text for the template, ``inline_style_sources`` its
hash for the Content-Security-Policy's ``style-src``, both computed once at startup.

HTML responses are gzipped when the client accepts it and they are large enough to gain.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import re
import tempfile
from pathlib import Path

from flask import Flask, request
from markupsafe import Markup
from whitenoise import WhiteNoise

HASHED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
COMPRESSIBLE = (".css", ".js", ".svg", ".txt", ".json", ".html")
# below this a page gains little and the gzip header costs a round of CPU for nothing
COMPRESS_MIN_BYTES = 1024
COMPRESS_LEVEL = 6
INLINE_STYLESHEET = "css/app.css"
CSS_COMMENT = re.compile(r"[ \t]*/\*.*?\*/\n?", re.DOTALL)


def init_app(app: Flask) -> None:
    build = Path(app.config.setdefault("STATIC_BUILD_FOLDER", app.instance_path + "/static"))
    manifest = build_static(Path(app.static_folder), build)
    app.extensions["static_manifest"] = manifest
    css = inline_css(Path(app.static_folder) / INLINE_STYLESHEET)
    app.jinja_env.globals["inline_stylesheet"] = Markup(css)
    app.extensions["inline_style_sources"] = (style_hash(css),)

    @app.url_defaults
    def _hashed_static(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = manifest.get(values["filename"], values["filename"])

    app.after_request(compress_response)

    served = WhiteNoise(
        app.wsgi_app,
        max_age=60,
        immutable_file_test=lambda _path, url: bool(HASHED.search(url)),
    )
    served.add_files(str(build), prefix=app.static_url_path)
    served.add_files(app.static_folder, prefix=app.static_url_path)
    app.wsgi_app = served


def build_static(source: Path, build: Path) -> dict[str, str]:
    """Copy each static file to its content-hashed name (with a ``.gz`` twin for text) once;
    return {plain name: hashed name}. Safe when several workers start at once."""
    manifest = {}
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(source).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:12]
        stem, dot, ext = name.rpartition(".")
        hashed = f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"
        target = build / hashed
        if not target.exists():
            _write(target, data)
        if path.suffix in COMPRESSIBLE and not Path(f"{target}.gz").exists():
            _write(Path(f"{target}.gz"), gzip.compress(data, 9, mtime=0))
        manifest[name] = hashed
    return manifest


def inline_css(path: Path) -> str:
    """The stylesheet's text for a ``<style>`` element: comments left out (a sixth of its
    gzipped bytes; no string in it holds ``/*``)."""
    css = CSS_COMMENT.sub("", path.read_text(encoding="utf-8"))
    if "</" in css:
        raise ValueError(f"{path} cannot be written inside <style>")
    return css


def style_hash(css: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline style."""
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)


def compress_response(response):
    """Gzip an HTML page (or htmx fragment) for a client that accepts it."""
    if (
        response.mimetype != "text/html"
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or not 200 <= response.status_code < 300
    ):
        return response
    body = response.get_data()
    if len(body) < COMPRESS_MIN_BYTES:
        return response
    response.vary.add("Accept-Encoding")
    if "gzip" not in request.accept_encodings:
        return response
    response.set_data(gzip.compress(body, COMPRESS_LEVEL))
    response.headers["Content-Encoding"] = "gzip"
    return response
