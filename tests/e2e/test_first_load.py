"""The phone's first load on a slow link (Chromium's "Slow 4G" preset through CDP: 562.5 ms
per request, 1.44 Mbit/s down, 675 kbit/s up): the login page and the member home, each on an
emptied cache, transfer at most 40 KB and paint their first content within a second (the
stylesheet is in the page: one round trip, not two); a later page asks for no static file (each
is cached immutable under its hashed name) and paints within a second too."""

from __future__ import annotations

from .conftest import login

SLOW_4G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
    "uploadThroughput": 750 * 1024 / 8 * 0.9,
}
PAINTED = "() => performance.getEntriesByName('first-contentful-paint').length > 0"
FCP = "() => performance.getEntriesByName('first-contentful-paint')[0].startTime"


def first_contentful_paint(page) -> float:
    """ms from navigation to the first contentful paint (which may come after "load").
    Polled with evaluate(): wait_for_function() evaluates a string, which the page's
    Content-Security-Policy (no 'unsafe-eval') refuses."""
    for _ in range(100):
        if page.evaluate(PAINTED):
            return page.evaluate(FCP)
        page.wait_for_timeout(50)
    raise AssertionError("no first-contentful-paint entry within 5 s")


class Transfer:
    """Bytes received over the network (headers and compressed bodies), from CDP events."""

    def __init__(self, cdp):
        self.bytes = 0
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event):
        self.bytes += event["encodedDataLength"]


def static_requests(live_server) -> list[str]:
    """Record the static files the server is asked for from now on."""
    asked: list[str] = []
    app = live_server.app
    inner = app.wsgi_app

    def recording(environ, start_response):
        if environ["PATH_INFO"].startswith("/static/"):
            asked.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    app.wsgi_app = recording
    return asked


def slow_4g_on_a_cold_cache(page) -> Transfer:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    return Transfer(cdp)


def test_login_page_first_load_is_small_and_paints_within_a_second(page, live_server):
    transfer = slow_4g_on_a_cold_cache(page)
    asked = static_requests(live_server)

    page.goto(f"{live_server.url}/login", wait_until="load")
    fcp = first_contentful_paint(page)
    assert len(asked) == 3  # print.css, htmx, app.js; the stylesheet is in the page
    assert transfer.bytes <= 40 * 1024, f"first load transferred {transfer.bytes} bytes"
    assert fcp < 1000, f"first load FCP {fcp} ms"
    print(f"\nlogin first load {transfer.bytes} B, FCP {fcp:.0f} ms")


def test_member_home_first_load_paints_within_a_second_and_a_repeat_page_fetches_no_static_file(
    page, live_server
):
    login(page, live_server, "weiyuan")
    transfer = slow_4g_on_a_cold_cache(page)
    asked = static_requests(live_server)

    page.goto(f"{live_server.url}/member/", wait_until="load")
    first_bytes = transfer.bytes
    first_fcp = first_contentful_paint(page)
    assert len(asked) == 3  # print.css, htmx, app.js: fetched once
    assert first_bytes <= 40 * 1024, f"first load transferred {first_bytes} bytes"
    assert first_fcp < 1000, f"first load FCP {first_fcp} ms"

    del asked[:]
    page.goto(f"{live_server.url}/member/archive", wait_until="load")
    repeat_fcp = first_contentful_paint(page)
    assert asked == []
    assert repeat_fcp < 1000, f"FCP {repeat_fcp} ms"
    print(f"\nfirst load {first_bytes} B, FCP {first_fcp:.0f} ms; repeat FCP {repeat_fcp:.0f} ms")
