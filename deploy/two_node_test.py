"""Two lvzhi nodes behind nginx on this machine, and what must survive one of them dying.

    .venv/bin/python deploy/two_node_test.py            # PostgreSQL (started if it is down)
    .venv/bin/python deploy/two_node_test.py --database-url sqlite:////tmp/x.sqlite3

It makes a scratch database (``--pg``, dropped at the end) with the demo county, starts two
gunicorn nodes (deploy/gunicorn.conf.py) on two ports with one secret key and one shared folder
for uploads, work files and static files, and nginx in front of them over HTTPS with the
site config of deploy/nginx/ (only ports, certificate and paths changed) and the settings of
deploy/lvzhi.env. Then, through nginx: a member logs in and saves a record with a photo;
one node is killed; the member is still logged in, the photo is still served, nothing is
lost, and saving still works. Logging out on one node ends the session on the other, and
/healthz says 503 while the database refuses connections. Exit status 0 when all holds.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import secrets
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from two_node_cluster import NGINX, Browser, Cluster, Failed, ScratchDatabase, say

DEFAULT_PG = "postgresql://lvzhi:lvzhi@127.0.0.1:5432/lvzhi_two_node"
MEMBER, PASSWORD, ITEM = "weiyuan", "lvzhi2026", "public_welfare"  # the demo's member


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Failed(what)
    say(f"  ok  {what}")


def photo_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


# --- the checks ---------------------------------------------------------------------------------


def scenario(cluster: Cluster, scratch: ScratchDatabase | None) -> None:
    nginx = cluster.https
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    item_page = f"/member/duties/{today.year}/{ITEM}"

    say("== both nodes healthy, nginx in front")
    for name, port in cluster.ports.items():
        check(Browser(port, False).get("/healthz").status == 200, f"node {name} /healthz 200")
    plain = Browser(cluster.http, False).get("/login")
    check(plain.status == 301, "plain HTTP is sent to HTTPS")
    check(Browser(nginx, True).get("/healthz").text == "ok\n", "/healthz through nginx: ok")

    say("== a member logs in through nginx")
    member = Browser(nginx, True)
    login_page = member.get("/login")
    check(login_page.status == 200, "login page 200")
    logged_in = member.post(
        "/login", {"csrf_token": login_page.csrf(), "login": MEMBER, "password": PASSWORD}
    )
    check(logged_in.status == 303, f"logged in as {MEMBER} (303)")
    check("Secure" in str(logged_in.headers.get_all("Set-Cookie")), "the session cookie is Secure")
    check(member.get("/member/").status == 200, "the member's home page")

    check("<style>" in login_page.text, "the page carries the screen stylesheet in its head")
    stylesheet = re.search(r'href="(/static/css/print\.[0-9a-f]{12}\.css)"', login_page.text)
    check(stylesheet is not None, "the page links the content-hashed print stylesheet")
    css = member.get(stylesheet.group(1), {"Accept-Encoding": "gzip"})
    check(
        css.status == 200 and "immutable" in css.headers["Cache-Control"],
        "nginx serves it with a year's immutable cache",
    )
    check(css.headers.get("Content-Encoding") == "gzip", "… gzipped from its .gz twin")

    say("== the member saves a record with a photo")
    page = member.get(item_page)
    check(page.status == 200, f"{item_page} 200")
    photo = photo_bytes()
    title = f"两节点测试 {secrets.token_hex(3)}"
    saved = member.post(
        f"{item_page}/new",
        {
            "csrf_token": page.csrf(),
            "occurred_on": today.isoformat(),
            "title": title,
            "body": "",
            "token": secrets.token_urlsafe(12),
            "action": "submit",
        },
        {"files": ("现场.png", photo, "image/png")},
    )
    check(saved.status == 303, "saved (303)")
    page = member.get(item_page)
    check(title in page.text, "the record is on the item page")
    attachment = re.search(r'href="/files/(\d+)"', page.text)
    check(attachment is not None, "the photo is linked")
    photo_url = f"/files/{attachment.group(1)}"
    served = member.get(photo_url)
    check(served.status == 200 and served.body == photo, "nginx serves the photo, byte for byte")
    check(served.headers["Content-Type"] == "image/png", "… as image/png")
    check("no-store" in served.headers.get("Cache-Control", ""), "… not kept in caches")
    check("sandbox" in served.headers.get("Content-Security-Policy", ""), "… sandboxed")
    direct = member.at(cluster.ports["A"], False).get(photo_url)
    check(
        direct.status == 200 and direct.body == b"" and "X-Accel-Redirect" in direct.headers,
        "a node itself answers with X-Accel-Redirect, no bytes",
    )
    check(member.get(direct.headers["X-Accel-Redirect"]).status == 404, "/_uploads/ is internal")

    say("== logout on one node ends the session on the other")
    other = Browser(nginx, True)
    form = other.get("/login")
    other.post("/login", {"csrf_token": form.csrf(), "login": MEMBER, "password": PASSWORD})
    on_a = other.at(cluster.ports["A"], False)
    on_b = other.at(cluster.ports["B"], False)
    check(on_a.get("/member/").status == 200, "second browser logged in on node A")
    check(on_b.get("/member/").status == 200, "… and on node B (one secret key)")
    token = on_b.get("/member/").csrf()
    check(on_a.post("/logout", {"csrf_token": token}).status == 303, "logged out on node A")
    replay = other.at(cluster.ports["B"], False).get("/member/")
    check(
        replay.status == 302 and "/login" in replay.headers["Location"],
        "the old cookie on node B goes to the login page",
    )
    check(member.get("/member/").status == 200, "the first browser is still logged in")

    say("== node A is killed")
    cluster.kill_node("A")
    check(cluster.nodes["A"].poll() is not None, "node A is gone")
    check(
        all(member.get("/member/").status == 200 for _ in range(4)),
        "the member is still logged in (4 pages through nginx)",
    )
    check(member.get(photo_url).body == photo, "the photo is still served")
    page = member.get(item_page)
    check(title in page.text, "the record is still there")
    again = member.post(
        f"{item_page}/new",
        {
            "csrf_token": page.csrf(),
            "occurred_on": today.isoformat(),
            "title": title + "（续）",
            "body": "",
            "token": secrets.token_urlsafe(12),
            "action": "save",
        },
    )
    check(again.status == 303, "saving still works")
    check(title + "（续）" in member.get(item_page).text, "… and the new record is there")
    check(Browser(nginx, True).get("/healthz").status == 200, "/healthz through nginx: 200")

    say("== logs")
    lines = {name: cluster.request_lines(name) for name in cluster.ports}
    check(all(lines.values()), "both nodes served requests (one JSON log line each)")
    access = (cluster.nginx_dir / "logs" / "lvzhi.access.log").read_text().splitlines()
    nginx_ids = {json.loads(line)["request_id"] for line in access}
    app_ids = {line["request_id"] for name in lines for line in lines[name]}
    check(
        len(nginx_ids & app_ids) >= 10,
        "nginx's access log and the nodes' lines share request ids",
    )
    users = {line["user_id"] for name in lines for line in lines[name]}
    check(len(users - {None}) == 1, "the member's user id is in the log lines")

    if scratch is None:
        say("== (SQLite: the database-down check needs PostgreSQL)")
        return
    say("== the database refuses connections")
    scratch.refuse_connections(True)
    try:
        down = Browser(cluster.ports["B"], False).get("/healthz")
        check(down.status == 503 and down.text == "fail\n", "node B /healthz 503 fail")
        check(Browser(nginx, True).get("/healthz").status == 503, "/healthz through nginx: 503")
    finally:
        scratch.refuse_connections(False)
    deadline = time.monotonic() + 10
    while Browser(cluster.ports["B"], False).get("/healthz").status != 200:
        if time.monotonic() > deadline:
            raise Failed("node B not healthy again after the database came back")
        time.sleep(0.2)
    check(True, "node B /healthz 200 again once the database is back")
    check(member.get("/member/").status == 200, "the member is still logged in")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default=DEFAULT_PG, help="scratch PostgreSQL database to make")
    parser.add_argument("--database-url", help="use this (empty) database instead, e.g. SQLite")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and database")
    args = parser.parse_args(argv)
    if not Path(NGINX).exists():
        say(f"nginx not found at {NGINX} (apt-get install nginx)")
        return 2
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="lvzhi-two-node-"))
    scratch = None if args.database_url else ScratchDatabase(args.pg)
    cluster = None
    try:
        say(
            f"== database and demo county ({'scratch ' + args.pg if scratch else args.database_url})"
        )
        url = args.database_url or scratch.create()
        cluster = Cluster(work, url)
        cluster.flask("init-db")
        check("演示数据就绪" in cluster.flask("seed-demo"), "demo county seeded")
        say("== starting node A, node B and nginx")
        for name in cluster.ports:
            cluster.start_node(name)
        for name in cluster.ports:
            cluster.wait_healthy(name)
        cluster.start_nginx()
        say(f"  nginx https://127.0.0.1:{cluster.https} → nodes {cluster.ports}")
        scenario(cluster, scratch)
    except Failed as exc:
        say(f"FAILED: {exc}")
        if cluster:
            for name in cluster.nodes:
                say(f"--- node {name} log (end)\n{cluster.node_log(name)[-1500:]}")
        return 1
    finally:
        if cluster:
            cluster.stop()
        if scratch and not args.keep:
            scratch.drop()
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    say(f"two-node test passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
