"""Browser tests: Debian's Chromium through pytest-playwright on a 390×844 phone viewport,
against a live server seeded with the demo county.

Without Chromium the tests skip with the reason; with LVZHI_REQUIRE_E2E=1 they fail instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from lvzhi import create_app
from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..conftest import empty_database, make_config

CHROMIUM = os.environ.get("LVZHI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRE = os.environ.get("LVZHI_REQUIRE_E2E") == "1"
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "lvzhi2026"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if REQUIRE:
            pytest.fail(f"LVZHI_REQUIRE_E2E=1 but {reason}")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": PHONE,
        "locale": "zh-CN",
        "device_scale_factor": 1,
        "is_mobile": True,
        "has_touch": True,
    }


@dataclass
class LiveServer:
    url: str
    app: object
    today: date


@pytest.fixture
def live_server(database_url, _schema, tmp_path):
    from lvzhi.demo import seed_demo

    config = make_config(database_url, tmp_path)
    config["WTF_CSRF_ENABLED"] = True  # the browser goes through real CSRF
    app = create_app(config)
    with app.app_context():
        seed_demo()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, local_today())
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.session.remove()
            empty_database()
            db.engine.dispose()


def login(page, live_server: LiveServer, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{live_server.url}/login")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
