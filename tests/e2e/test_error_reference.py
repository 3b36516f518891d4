"""On a 390×844 phone: the 500 page shows the request's error number (错误编号), the same one
as in the X-Request-Id header and the log, readable without scrolling sideways."""

from __future__ import annotations

from .conftest import login, no_horizontal_scroll, shot


def test_the_500_page_shows_its_error_number_on_a_phone(page, live_server):
    app = live_server.app
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/test-only/broken")
    def broken():
        raise RuntimeError("a bug")

    login(page, live_server, "weiyuan")
    response = page.goto(f"{live_server.url}/test-only/broken")
    assert response.status == 500
    reference = page.locator(".error-reference code")
    assert reference.inner_text() == response.headers["x-request-id"]
    assert "系统出错了" in page.content()
    assert no_horizontal_scroll(page)
    shot(page, "error-500-reference")
