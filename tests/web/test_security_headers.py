"""HTML pages carry a Content-Security-Policy the templates satisfy; nothing a logged-in user
is sent — pages, Excel exports, the handbook, attachments — may be kept in a cache."""

from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attachment

from ..factories import gen_duty_items, png_bytes, world

TODAY = local_today()
Y = TODAY.year
TEMPLATES = Path(__file__).resolve().parents[2] / "lvzhi" / "templates"


def test_html_pages_carry_the_content_security_policy(app, client, auth):
    world()
    login_page = client.get("/login")
    policy = login_page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    auth.login("weiyuan")
    assert client.get("/member/").headers["Content-Security-Policy"] == policy
    assert "Content-Security-Policy" not in client.get("/static/css/app.css").headers


def test_templates_use_nothing_the_policy_forbids():
    inline = re.compile(
        # inline script or style, event handler attributes, javascript: URLs, and the htmx
        # features that need eval (hx-on, js: values, event filters such as change[...])
        r"<script(?![^>]*\bsrc=)|<style(?!>\{\{ inline_stylesheet \}\}</style>)|\son[a-z]+\s*=|\sstyle\s*=|javascript:|js:"
        r"|hx-on|hx-trigger=\"[^\"]*\[",
        re.IGNORECASE,
    )
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_inlined_stylesheet_is_allowed_by_its_hash_and_nothing_else_inline(app, client, auth):
    """The screen stylesheet is written into every page's head (one round trip to the first
    paint); the policy allows exactly that text by its sha256, never 'unsafe-inline'."""
    import base64
    import hashlib

    world()
    for url in ("/login", "/member/"):
        if url == "/member/":
            auth.login("weiyuan")
        response = client.get(url)
        html = response.get_data(as_text=True)
        styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
        assert len(styles) == 1 and ".topbar" in styles[0]
        digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
        policy = response.headers["Content-Security-Policy"]
        style_src = re.search(r"style-src ([^;]+)", policy).group(1).split()
        assert style_src == ["'self'", f"'sha256-{digest}'"]
        assert "/*" not in styles[0]  # comments left out of every page's bytes


def test_nothing_sent_to_a_logged_in_user_is_cached(app, client, auth):
    w = world()
    gen_duty_items(w.org)
    db.session.commit()
    auth.login("weiyuan")
    client.post(
        f"/member/duties/{Y}/proposal/new",
        data={
            "occurred_on": TODAY.isoformat(),
            "title": "参加义诊",
            "token": "t1",
            "action": "submit",
            "files": [(io.BytesIO(png_bytes()), "现场.png")],
        },
        content_type="multipart/form-data",
    )
    photo = db.session.scalar(select(Attachment))
    quarter = (TODAY.month - 1) // 3 + 1
    for url in (
        "/member/",
        f"/member/handbook/{Y}",
        f"/board/ranking/{Y}/{quarter}/ranking.xlsx",
        f"/board/ranking/{Y}/{quarter}/scores.xlsx",
        f"/files/{photo.id}",
        "/member/no-such-page",
    ):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url
    auth.logout()
    auth.login("jiguan")
    for url in ("/secretariat/members/export.xlsx", "/secretariat/audit?format=xlsx"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")
