"""The machinery of deploy/two_node_test.py: a scratch PostgreSQL database, two gunicorn
nodes and nginx rendered from deploy/ into a temp folder, and a small HTTP client that keeps
cookies and follows no redirects."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent  # gunicorn and flask live beside the venv's python
NGINX = os.environ.get("LVZHI_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


class Failed(Exception):
    pass


def say(text: str) -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- a browser: cookies, forms, no redirects followed -------------------------------------------


class Reply:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def csrf(self) -> str:
        found = re.search(r'"X-CSRFToken": "([^"]+)"', self.text)
        if not found:
            raise Failed(f"no CSRF token on the page (status {self.status})")
        return found.group(1)


class Browser:
    def __init__(self, port: int, tls: bool):
        self.port, self.tls = port, tls
        self.cookies: dict[str, str] = {}

    def at(self, port: int, tls: bool) -> Browser:
        """The same cookies, sent to another address (a node directly)."""
        other = Browser(port, tls)
        other.cookies = dict(self.cookies)
        return other

    def open(self, method: str, path: str, body: bytes | None = None, headers=None) -> Reply:
        if self.tls:
            context = ssl._create_unverified_context()  # the test's self-signed certificate
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=context, timeout=30)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or morsel["expires"].startswith("Thu, 01 Jan 1970"):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        conn.close()
        return Reply(response.status, response.headers, data)

    def get(self, path: str, headers=None) -> Reply:
        return self.open("GET", path, headers=headers)

    def post(self, path: str, fields: dict, files: dict | None = None) -> Reply:
        if not files:
            body = urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            body, kind = multipart(fields, files)
        # a browser sends the page it came from; over HTTPS, Flask-WTF insists on it
        origin = f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"
        return self.open("POST", path, body, {"Content-Type": kind, "Referer": origin + path})


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = secrets.token_hex(12)
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(f"{value}\r\n".encode())
    for name, (filename, data, mimetype) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {mimetype}\r\n\r\n'.encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


# --- PostgreSQL -------------------------------------------------------------------------------


def pg_running(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def pg_start_if_down(host: str, port: int) -> None:
    if pg_running(host, port):
        return
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    for line in clusters.splitlines():
        version, name, cluster_port = line.split()[:3]
        if int(cluster_port) == port:
            say(f"  starting PostgreSQL {version}/{name}")
            subprocess.run(["pg_ctlcluster", version, name, "start"], check=True)
    for _ in range(30):
        if pg_running(host, port):
            return
        time.sleep(1)
    raise Failed(f"PostgreSQL does not answer on {host}:{port}")


class ScratchDatabase:
    """A database made for the run on the server of ``url`` and dropped afterwards."""

    def __init__(self, url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.url = make_url(url).set(drivername="postgresql+psycopg")
        self.name = self.url.database
        self.admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def sql(self, statement: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(statement))

    def create(self) -> str:
        pg_start_if_down(self.url.host or "127.0.0.1", self.url.port or 5432)
        self.drop()
        self.sql(f'CREATE DATABASE "{self.name}"')
        return self.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def refuse_connections(self, refuse: bool) -> None:
        """The database 'goes down' for the nodes (and for nobody else on the server)."""
        self.sql(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS {str(not refuse).lower()}')
        if refuse:
            self.sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{self.name}' AND pid <> pg_backend_pid()"
            )

    def drop(self) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- the installation ------------------------------------------------------------------------


def env_file_settings() -> dict[str, str]:
    """The uncommented settings of deploy/lvzhi.env."""
    settings = {}
    for line in (DEPLOY / "lvzhi.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            settings[key.strip()] = value.strip()
    return settings


class Cluster:
    def __init__(self, work: Path, database_url: str):
        self.work = work
        self.shared = work / "shared"
        self.nginx_dir = work / "nginx"
        self.https = free_port()
        self.http = free_port()
        self.ports = {"A": free_port(), "B": free_port()}
        self.nodes: dict[str, subprocess.Popen] = {}
        self.nginx: subprocess.Popen | None = None
        self.env = dict(os.environ)
        self.env.update(env_file_settings())
        self.env.update(
            {
                "FLASK_APP": "lvzhi",
                "LVZHI_DATABASE_URL": database_url,
                "LVZHI_SECRET_KEY": secrets.token_hex(32),  # one key, both nodes
                "LVZHI_UPLOAD_FOLDER": str(self.shared / "uploads"),
                "LVZHI_WORK_FOLDER": str(self.shared / "work"),
                "LVZHI_STATIC_BUILD_FOLDER": str(self.shared / "static"),
                "LVZHI_BACKUP_FOLDER": str(work / "backups"),
            }
        )

    def flask(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "flask"), *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise Failed(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start_node(self, name: str) -> None:
        log = open(self.work / f"node-{name}.log", "ab")  # noqa: SIM115 (the node keeps it)
        self.nodes[name] = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py")]
            + ["--bind", f"127.0.0.1:{self.ports[name]}", "--workers", "2", "--threads", "2"]
            + ["wsgi:app"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,  # its own process group: killed with its workers
        )

    def wait_healthy(self, name: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.nodes[name].poll() is not None:
                raise Failed(f"node {name} exited:\n{self.node_log(name)[-2000:]}")
            try:
                if Browser(self.ports[name], False).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise Failed(f"node {name} not healthy after {seconds} s")

    def kill_node(self, name: str) -> None:
        os.killpg(self.nodes[name].pid, signal.SIGKILL)
        self.nodes[name].wait()

    def node_log(self, name: str) -> str:
        return (self.work / f"node-{name}.log").read_text(errors="replace")

    def request_lines(self, name: str) -> list[dict]:
        return [
            json.loads(line)
            for line in self.node_log(name).splitlines()
            if line.startswith("{") and '"request_id"' in line
        ]

    def start_nginx(self) -> None:
        conf = self.nginx_dir
        (conf / "logs").mkdir(parents=True)
        for folder in ("uploads", "work", "static"):
            (self.shared / folder).mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
            + ["-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
            + ["-keyout", str(conf / "key.pem"), "-out", str(conf / "cert.pem")],
            check=True,
            capture_output=True,
        )
        locations = (DEPLOY / "nginx" / "lvzhi-locations.conf").read_text()
        locations = locations.replace("/srv/lvzhi/shared", str(self.shared))
        locations = locations.replace("/srv/lvzhi/deploy/nginx", str(DEPLOY / "nginx"))
        (conf / "lvzhi-locations.conf").write_text(locations)
        site = (DEPLOY / "nginx" / "lvzhi.conf").read_text()
        nodes = "".join(
            f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n"
            for port in self.ports.values()
        )
        site = re.sub(r"    server 127\.0\.0\.1:8000 [^\n]*\n", nodes, site)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.http};")
        site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https} ssl http2;")
        site = re.sub(r"\n\s*listen \[::\]:\d+[^\n]*;", "", site)
        site = site.replace("/etc/ssl/lvzhi/fullchain.pem", str(conf / "cert.pem"))
        site = site.replace("/etc/ssl/lvzhi/privkey.pem", str(conf / "key.pem"))
        site = site.replace("/var/log/nginx/", f"{conf}/logs/")
        site = site.replace(
            "/etc/nginx/snippets/lvzhi-locations.conf", str(conf / "lvzhi-locations.conf")
        )
        directives = [
            line for line in (site + locations).splitlines() if not line.lstrip().startswith("#")
        ]
        for placeholder in ("/srv/lvzhi", "/etc/ssl", "/var/log"):
            if any(placeholder in line for line in directives):
                raise Failed(f"the site config still names {placeholder} after rendering")
        (conf / "lvzhi.conf").write_text(site)
        temp = "\n".join(
            f"    {kind}_temp_path {conf}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (conf / "nginx.conf").write_text(
            f"""worker_processes 1;
error_log {conf}/logs/error.log warn;
pid {conf}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
    include {conf}/lvzhi.conf;
}}
"""
        )
        for path in (self.work, self.shared, DEPLOY / "nginx"):
            path.chmod(0o755)  # nginx's workers (nobody) read the shared folders
        test = subprocess.run(
            [NGINX, "-t", "-p", str(conf), "-c", str(conf / "nginx.conf")],
            capture_output=True,
            text=True,
        )
        if test.returncode != 0:
            raise Failed(f"nginx -t refused the config:\n{test.stderr}")
        self.nginx = subprocess.Popen(
            [NGINX, "-p", str(conf), "-c", str(conf / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(conf / "logs" / "stderr.log", "wb"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                Browser(self.https, True).get("/healthz")
                return
            except OSError:
                time.sleep(0.2)
        raise Failed("nginx does not answer")

    def stop(self) -> None:
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for name, node in self.nodes.items():
            if node.poll() is None:
                self.kill_node(name)
