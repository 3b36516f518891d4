"""lvzhi 履职 — the CPPCC duty-performance system."""

from __future__ import annotations

from flask import Flask


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    from .config import load_config

    load_config(app, overrides)

    from .extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", _migrations_dir()))
    csrf.init_app(app)
    login_manager.init_app(app)

    from . import models  # noqa: F401  (register tables)
    from .database import init_app as init_database

    init_database(app)

    from .web import init_inputs

    init_inputs(app)  # before the blueprints: their routes use its URL converters

    from .auth import bp as auth_bp
    from .board import bp as board_bp
    from .committee import bp as committee_bp
    from .group import bp as group_bp
    from .member import bp as member_bp
    from .secretariat import bp as secretariat_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(member_bp, url_prefix="/member")
    app.register_blueprint(group_bp, url_prefix="/group")
    app.register_blueprint(committee_bp, url_prefix="/committee")
    app.register_blueprint(secretariat_bp, url_prefix="/secretariat")
    app.register_blueprint(board_bp, url_prefix="/board")

    from .ranking import bp as ranking_bp
    from .showcase import bp as showcase_bp

    app.register_blueprint(showcase_bp, url_prefix="/showcase")
    app.register_blueprint(ranking_bp, url_prefix="/board/ranking")

    from .files import bp as files_bp
    from .inbox import bp as inbox_bp

    app.register_blueprint(files_bp, url_prefix="/files")
    app.register_blueprint(inbox_bp, url_prefix="/inbox")

    from . import cli, web

    cli.init_app(app)
    web.init_app(app)
    return app


def _migrations_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")
