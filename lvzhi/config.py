"""Configuration in three layers: code defaults → instance/config.py → LVZHI_* environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask


class Defaults:
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in with instance/lvzhi.sqlite3
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    WTF_I18N_ENABLED = False  # use WTForms' bundled Chinese messages, no Babel
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PER_PAGE = 30
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 15
    LOGIN_SESSION_DAYS = 30  # a browser logs in again after this long
    LOGIN_SESSIONS_KEPT = 10  # browsers logged in as one user at once; the oldest is logged out
    PASSWORD_HASH_METHOD = "scrypt"
    # the roster import's random one-time passwords (changed at first login; see
    # services.accounts.hash_temporary_password)
    TEMPORARY_PASSWORD_HASH_METHOD = "pbkdf2:sha256:5000"
    ORG_TIMEZONE = "Asia/Shanghai"
    # behind nginx (deploy/): every setting is described in deploy/lvzhi.env
    PROXY_COUNT = 0  # proxies in front whose X-Forwarded-* headers are believed
    TRUST_REQUEST_ID = False  # take the request id from the proxy's X-Request-Id header
    REQUEST_LOG = True  # one JSON line per request on stderr
    ACCEL_REDIRECT = ""  # nginx's internal location for UPLOAD_FOLDER, e.g. "/_uploads/"
    BACKUP_KEEP = 14  # `flask backup` keeps this many archives in BACKUP_FOLDER
    PG_BIN_DIR = ""  # where pg_dump/pg_restore are, when not on PATH


ENV_PREFIX = "LVZHI_"
ENV_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


def _coerce(value: str):
    low = value.lower()
    if low in {"true", "1", "yes", "on"}:
        return True
    if low in {"false", "0", "no", "off"}:
        return False
    if value.isdigit():
        return int(value)
    return value


def load_config(app: Flask, overrides: dict | None = None) -> None:
    """Apply defaults, then instance/config.py, then LVZHI_* variables, then test overrides."""
    app.config.from_object(Defaults)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_pyfile(str(instance / "config.py"), silent=True)
    for key, value in os.environ.items():
        if key.startswith(ENV_PREFIX):
            name = key[len(ENV_PREFIX) :]
            app.config[ENV_ALIASES.get(name, name)] = _coerce(value)
    if overrides:
        app.config.update(overrides)

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'lvzhi.sqlite3'}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://") or uri.startswith("postgresql://"):
        # psycopg 3 is the supported driver
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.split("://", 1)[1]
    if uri.startswith("sqlite"):
        opts = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        opts.setdefault("connect_args", {"timeout": 15})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = opts

    app.config.setdefault("UPLOAD_FOLDER", str(instance / "uploads"))
    app.config.setdefault("WORK_FOLDER", str(instance / "work"))
    app.config.setdefault("BACKUP_FOLDER", str(instance / "backups"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)


def _instance_secret(instance: Path) -> str:
    """Read instance/secret_key, generating it on first run (never committed)."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
