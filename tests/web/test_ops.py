"""Running in production: /healthz, one JSON log line per request with its request id (also
on the 500 page), proxy headers believed only when configured, attachments handed to nginx
with X-Accel-Redirect."""

from __future__ import annotations

import json
import logging

import pytest
from flask import request
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from lvzhi import create_app, storage
from lvzhi.extensions import db
from lvzhi.ops.request_log import LOG

from ..conftest import fresh_request_globals, make_config
from ..factories import gen_photo, gen_record, world


@pytest.fixture
def log_lines():
    """The request log's lines, parsed, as the requests of the test write them."""
    lines: list[dict] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(record.getMessage()))

    handler = Collect()
    LOG.addHandler(handler)
    yield lines
    LOG.removeHandler(handler)


@pytest.fixture
def database_down(app):
    """Every statement fails as when the database server is gone, until the test ends."""

    def refuse(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    yield lambda: event.listen(db.engine, "before_cursor_execute", refuse)
    if event.contains(db.engine, "before_cursor_execute", refuse):
        event.remove(db.engine, "before_cursor_execute", refuse)


def configured_app(database_url, tmp_path, **settings):
    """An app built with production ``settings`` (ProxyFix wraps it at creation)."""
    app = create_app(make_config(database_url, tmp_path) | settings)
    fresh_request_globals(app)
    return app


# --- /healthz ----------------------------------------------------------------------------------


def test_healthz_answers_ok_without_login_or_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n" and response.mimetype == "text/plain"
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_answers_503_fail_when_the_database_is_down(app, client, database_down):
    database_down()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_data(as_text=True) == "fail\n"


def test_healthz_answers_503_when_the_uploads_folder_cannot_take_a_file(app, client, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the uploads folder should be")
    app.config["UPLOAD_FOLDER"] = str(blocked)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_data(as_text=True) == "fail\n"


def test_healthz_leaves_no_file_in_the_uploads_folder(app, client):
    assert client.get("/healthz").status_code == 200
    assert list(storage.upload_root().iterdir()) == []


# --- request log and request id ---------------------------------------------------------------


def test_every_request_writes_one_json_line_with_its_request_id(app, client, auth, log_lines):
    w = world()
    auth.login("weiyuan")
    response = client.get(f"/member/duties/{gen_record(w.member).year}")
    assert response.status_code == 200
    assert len(log_lines) == 2  # the login and the page
    line = log_lines[-1]
    assert set(line) == {
        "time",
        "request_id",
        "user_id",
        "method",
        "route",
        "path",
        "status",
        "duration_ms",
        "remote_addr",
    }
    assert line["user_id"] == w.member_user.id
    assert line["route"] == "/member/duties/<year:year>" and line["status"] == 200
    assert line["method"] == "GET" and line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["X-Request-Id"]
    assert len(line["request_id"]) == 32
    assert log_lines[0]["request_id"] != line["request_id"]


def test_a_visitor_and_an_unknown_address_are_logged_without_user(client, log_lines):
    assert client.get("/no/such/page").status_code == 404
    (line,) = log_lines
    assert line["user_id"] is None and line["route"] is None
    assert line["path"] == "/no/such/page" and line["status"] == 404


def test_the_proxy_request_id_is_used_only_when_trusted(
    app, client, database_url, tmp_path, log_lines
):
    nginx_id = "0123456789abcdef0123456789abcdef"
    ignored = client.get("/healthz", headers={"X-Request-Id": nginx_id})
    assert ignored.headers["X-Request-Id"] != nginx_id
    trusting = configured_app(database_url, tmp_path, TRUST_REQUEST_ID=True).test_client()
    trusted = trusting.get("/healthz", headers={"X-Request-Id": nginx_id})
    assert trusted.headers["X-Request-Id"] == nginx_id
    # even when trusted, a header that cannot be an id is replaced
    odd = trusting.get("/healthz", headers={"X-Request-Id": "<script>"})
    assert len(odd.headers["X-Request-Id"]) == 32
    assert [line["request_id"] for line in log_lines][1] == nginx_id


def _who_asks(app):
    @app.route("/test-only/who")
    def who():
        return f"{request.remote_addr} {request.scheme} {request.host}"

    return app.test_client()


def test_proxy_headers_are_believed_only_with_proxy_count(app, database_url, tmp_path, log_lines):
    forwarded = {
        "X-Forwarded-For": "203.0.113.7",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "lvzhi.example.cn",
    }
    direct = _who_asks(app).get("/test-only/who", headers=forwarded)
    assert direct.get_data(as_text=True) == "127.0.0.1 http localhost"
    behind_nginx = _who_asks(configured_app(database_url, tmp_path, PROXY_COUNT=1))
    answer = behind_nginx.get("/test-only/who", headers=forwarded)
    assert answer.get_data(as_text=True) == "203.0.113.7 https lvzhi.example.cn"
    assert [line["remote_addr"] for line in log_lines] == ["127.0.0.1", "203.0.113.7"]


# --- the 500 page ---------------------------------------------------------------------------


def test_the_500_page_shows_the_request_id_for_staff_to_quote(app, client, log_lines):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/test-only/broken")
    def broken():
        raise RuntimeError("a bug")

    response = client.get("/test-only/broken")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    request_id = response.headers["X-Request-Id"]
    assert f"错误编号：<code>{request_id}</code>" in page
    assert log_lines[-1]["request_id"] == request_id and log_lines[-1]["status"] == 500


def test_the_500_page_shows_the_request_id_when_the_database_is_gone(
    app, client, auth, database_down
):
    world()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    auth.login("weiyuan")
    database_down()
    response = client.get("/member/")
    assert response.status_code == 500
    assert response.headers["X-Request-Id"] in response.get_data(as_text=True)


def test_other_error_pages_show_no_request_id(client):
    assert "错误编号" not in client.get("/no/such/page").get_data(as_text=True)


# --- attachments behind nginx -------------------------------------------------------------------


def test_behind_nginx_an_attachment_is_checked_then_handed_to_nginx(app, client, auth):
    w = world()
    photo = gen_photo(w.member_user, gen_record(w.member, status="draft"), "现场照片.png")
    app.config["ACCEL_REDIRECT"] = "/_uploads/"
    auth.login("weiyuan")
    response = client.get(f"/files/{photo.id}")
    assert response.status_code == 200 and response.data == b""
    assert response.content_length == 0
    inside = storage.file_path(photo.stored_name).relative_to(storage.upload_root())
    assert response.headers["X-Accel-Redirect"] == f"/_uploads/{inside.as_posix()}"
    assert "X-Sendfile" not in response.headers
    assert response.mimetype == "image/png"
    assert "inline" in response.headers["Content-Disposition"]
    assert "UTF-8''%E7%8E%B0" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    thumb = client.get(f"/files/{photo.id}/thumb")
    assert thumb.headers["X-Accel-Redirect"].endswith(".thumb.jpg")
    auth.logout()
    auth.login("other_jiguan")  # the permission check still runs first
    refused = client.get(f"/files/{photo.id}")
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused.headers


def test_without_nginx_the_app_streams_the_attachment_itself(app, client, auth):
    w = world()
    photo = gen_photo(w.member_user, gen_record(w.member, status="draft"))
    auth.login("weiyuan")
    response = client.get(f"/files/{photo.id}")
    assert "X-Accel-Redirect" not in response.headers
    assert response.data == storage.file_path(photo.stored_name).read_bytes()
