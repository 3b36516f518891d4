"""deploy/ agrees with the app: every setting the app reads is documented in the environment
file, nginx takes exactly the request size the app takes and serves the uploads location the
app names, and cron runs commands that exist. (The files themselves run in
tests/e2e/test_two_nodes.py.)"""

from __future__ import annotations

import re
from pathlib import Path

from lvzhi.config import ENV_ALIASES, Defaults

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
READS = re.compile(r"""config(?:\[|\.get\(|\.setdefault\()\s*["']([A-Z][A-Z0-9_]+)["']""")
# set by Flask itself or only by tests
NOT_SETTINGS = {"TESTING"}


def settings_the_app_reads() -> set[str]:
    names = {name for name in vars(Defaults) if name.isupper()}
    for path in (ROOT / "lvzhi").rglob("*.py"):
        names.update(READS.findall(path.read_text()))
    return names - NOT_SETTINGS


def env_file() -> str:
    return (DEPLOY / "lvzhi.env").read_text()


def test_the_environment_file_documents_every_setting_the_app_reads():
    text = env_file()
    env_names = {internal: alias for alias, internal in ENV_ALIASES.items()}
    missing = [
        name
        for name in sorted(settings_the_app_reads())
        if f"LVZHI_{env_names.get(name, name)}" not in text and name not in text
    ]
    assert missing == []


def test_the_environment_file_names_no_setting_the_app_does_not_know():
    known = settings_the_app_reads() | set(ENV_ALIASES) | {"SESSION_COOKIE_SECURE"}
    named = set(re.findall(r"LVZHI_([A-Z0-9_]+)=", env_file()))
    assert named - known == set()


def test_nginx_takes_exactly_the_request_size_the_app_takes():
    locations = (DEPLOY / "nginx" / "lvzhi-locations.conf").read_text()
    (megabytes,) = re.findall(r"^client_max_body_size (\d+)m;", locations, re.M)
    assert int(megabytes) * 1024 * 1024 == Defaults.MAX_CONTENT_LENGTH


def test_nginx_serves_the_internal_uploads_location_the_app_names():
    (accel,) = re.findall(r"^LVZHI_ACCEL_REDIRECT=(\S+)", env_file(), re.M)
    locations = (DEPLOY / "nginx" / "lvzhi-locations.conf").read_text()
    block = re.search(rf"location {re.escape(accel)} \{{(.*?)\}}", locations, re.S)
    assert block and "internal;" in block.group(1)
    (upload_folder,) = re.findall(r"^LVZHI_UPLOAD_FOLDER=(\S+)", env_file(), re.M)
    assert f"alias {upload_folder}/;" in block.group(1)


def test_cron_runs_flask_commands_that_exist(app):
    cron = (DEPLOY / "lvzhi.cron").read_text()
    commands = re.findall(r"lvzhi-flask ([a-z-]+)", cron)
    assert {"remind", "backup"} <= set(commands)
    assert set(commands) <= set(app.cli.commands)
