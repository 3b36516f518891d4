"""Static files under content-hashed names, compressed and cached for good; pages gzipped for
a client that accepts it, still uncached and under the Content-Security-Policy."""

from __future__ import annotations

import gzip
import re

from ..factories import world

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def page_assets(html: str) -> list[str]:
    return ASSET.findall(html)


def test_pages_link_static_files_by_content_hash_cached_for_good(app, client, auth):
    world()
    auth.login("weiyuan")
    assets = page_assets(client.get("/member/").get_data(as_text=True))
    assert len(assets) == 3  # print.css, htmx, app.js (app.css is inlined in the head)
    for url in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", url)
        served = client.get(url)
        assert served.status_code == 200
        assert "immutable" in served.headers["Cache-Control"]
        assert "max-age=315360000" in served.headers["Cache-Control"]


def test_static_files_are_served_gzipped_when_the_client_accepts_it(app, client):
    with app.test_request_context():
        from flask import url_for

        htmx = url_for("static", filename="vendor/htmx-2.0.11.min.js")
    plain = client.get(htmx)
    zipped = client.get(htmx, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < 20_000 < 45_000 < len(plain.data)


def test_a_changed_static_file_gets_a_new_name(tmp_path):
    from lvzhi.assets import build_static

    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "app.css").write_text("body { color: red }")
    first = build_static(source, tmp_path / "build")["css/app.css"]
    (source / "css" / "app.css").write_text("body { color: blue }")
    second = build_static(source, tmp_path / "build")["css/app.css"]
    assert first != second
    assert (tmp_path / "build" / first).read_text() == "body { color: red }"
    assert gzip.decompress((tmp_path / "build" / f"{second}.gz").read_bytes()) == (
        b"body { color: blue }"
    )


def test_the_plain_static_names_still_answer_briefly_cached(client):
    served = client.get("/static/css/app.css")
    assert served.status_code == 200
    assert "immutable" not in served.headers["Cache-Control"]


def test_pages_are_gzipped_and_stay_uncached_under_the_csp(app, client, auth):
    world()
    auth.login("weiyuan")
    plain = client.get("/member/")
    zipped = client.get("/member/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert "Content-Encoding" not in plain.headers
    unzipped = gzip.decompress(zipped.data).decode()
    assert unzipped[:500] == plain.get_data(as_text=True)[:500]  # the CSRF token differs
    assert len(zipped.data) < len(unzipped.encode()) / 2
    for response in (plain, zipped):
        assert response.headers["Cache-Control"] == "no-store"
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_htmx_fragments_are_gzipped_too_and_small_answers_are_not(app, client, auth):
    world()
    auth.login("weiyuan")
    fragment = client.get("/member/", headers={"Accept-Encoding": "gzip", "HX-Request": "true"})
    assert fragment.status_code == 200
    assert gzip.decompress(fragment.data)
    tiny = client.get("/login", headers={"Accept-Encoding": "gzip"})  # redirect: small
    assert tiny.status_code == 302
    assert "Content-Encoding" not in tiny.headers
