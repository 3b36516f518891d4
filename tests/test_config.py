"""Configuration layers and per-connection database settings."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from lvzhi import create_app
from lvzhi.config import load_config
from lvzhi.extensions import db


def test_defaults_then_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("PER_PAGE = 50\nLOGIN_LOCK_MINUTES = 20\n")
    monkeypatch.setenv("LVZHI_LOGIN_LOCK_MINUTES", "30")
    monkeypatch.setenv("LVZHI_DATABASE_URL", "postgresql://u:p@h/db")
    app = Flask("x", instance_path=str(tmp_path))
    load_config(app)
    assert app.config["LOGIN_MAX_FAILURES"] == 5  # code default
    assert app.config["PER_PAGE"] == 50  # instance/config.py
    assert app.config["LOGIN_LOCK_MINUTES"] == 30  # environment wins
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@h/db"


def test_secret_key_is_generated_into_instance_once(tmp_path, monkeypatch):
    monkeypatch.delenv("LVZHI_SECRET_KEY", raising=False)
    app = Flask("x", instance_path=str(tmp_path))
    load_config(app)
    key = app.config["SECRET_KEY"]
    assert len(key) == 64 and (tmp_path / "secret_key").read_text() == key
    again = Flask("y", instance_path=str(tmp_path))
    load_config(again)
    assert again.config["SECRET_KEY"] == key


def test_sqlite_defaults_to_instance_file_with_wal_and_foreign_keys(tmp_path, monkeypatch):
    monkeypatch.delenv("LVZHI_DATABASE_URL", raising=False)
    app = Flask("x", instance_path=str(tmp_path))
    load_config(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'lvzhi.sqlite3'}"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "x"}
    )
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
        db.engine.dispose()
