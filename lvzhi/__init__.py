"""lvzhi 履职 — the CPPCC duty-performance system."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

# blueprint package → its URL prefix and the modules that add its routes. They are
# imported here, not by the package they import ``bp`` from, so none imports itself back.
VIEW_BLUEPRINTS = {
    "auth": ("", ("views",)),
    "member": (
        "/member",
        (
            "views",
            "views_duties",
            "views_proposals",
            "views_public_opinion",
            "views_speeches",
            "views_assessment",
        ),
    ),
    "group": ("/group", ("views", "views_duties", "views_reports", "views_assessment")),
    "committee": ("/committee", ("views", "views_duties", "views_group_reports", "views_topics")),
    "secretariat": (
        "/secretariat",
        (
            "views",
            "views_duties",
            "views_group_reports",
            "views_roster",
            "views_structure",
            "views_department_accounts",
            "views_proposals",
            "views_proposal_entry",
            "views_proposal_figures",
            "views_public_opinion",
            "views_bulletins",
            "views_speeches",
            "views_consultations",
            "views_suggestions",
            "views_assessment",
        ),
    ),
    "board": (
        "/board",
        (
            "views",
            "views_duties",
            "views_proposals",
            "views_public_opinion",
            "views_speeches",
            "views_overdue",
            "views_assessment",
        ),
    ),
    "department": ("/department", ("views", "views_actions", "views_suggestions", "views_topics")),
    "loops": ("/loops", ("views", "views_public_opinion", "views_topics")),
    "showcase": ("/showcase", ("views",)),
    "ranking": ("/board/ranking", ("views",)),
    "dashboard": ("/dashboard", ("views",)),
    "attendance": ("/attendance", ("views", "views_organize", "views_activities")),
    "ops": ("", ("health",)),
}


def create_app(overrides: dict | None = None) -> Flask:
    from .web import App

    app = App(__name__, instance_relative_config=True)
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

    from . import stamps

    stamps.init_app(app)  # every commit stamps the bodies it wrote; figures kept under it

    from .web import init_inputs

    init_inputs(app)  # before the blueprints: their routes use its URL converters

    for package, (prefix, view_modules) in VIEW_BLUEPRINTS.items():
        for module in view_modules:  # each adds its routes to the package's blueprint
            import_module(f"{__name__}.{package}.{module}")
        app.register_blueprint(import_module(f"{__name__}.{package}").bp, url_prefix=prefix)

    from .files import bp as files_bp
    from .inbox import bp as inbox_bp

    app.register_blueprint(files_bp, url_prefix="/files")
    app.register_blueprint(inbox_bp, url_prefix="/inbox")

    from . import assets, cli, ops, web

    cli.init_app(app)
    assets.init_app(app)  # static files hashed, compressed and cached; pages gzipped
    web.init_app(app)  # its Content-Security-Policy allows the stylesheet assets inlines
    ops.init_app(app)  # last: request ids and logs, ProxyFix around the finished app
    return app


def _migrations_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")
