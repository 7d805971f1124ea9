"""The application factory."""

import importlib
import os
from pathlib import Path

from flask import Flask, g
from flask_login import current_user
from flask_sqlalchemy.session import Session as FlaskSession
from werkzeug.middleware.proxy_fix import ProxyFix

from core import accounts, i18n, jobs, observability, sqlite, tenancy, usage, web
from core.api import PREFIX, api
from core.extensions import babel, csrf, db, limiter, login_manager, migrate
from core.settings import from_environ

MIGRATIONS = str(Path(__file__).parent / "migrations")


def create_app(overrides: dict | None = None) -> Flask:
    """Build the Flask app from the environment, then `overrides`."""
    app = Flask(
        "core",
        instance_path=os.environ.get("MIJOZ_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    app.config.update(from_environ(Path(app.instance_path)))
    app.config.update(overrides or {})
    if app.config["MIJOZ_PROXIES"]:
        hops = app.config["MIJOZ_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.config.update(
        API_TITLE="Mijoz",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )

    app.json.ensure_ascii = False  # Uzbek and Russian text stays readable
    sqlite.install()
    db.init_app(app)
    tenancy.install(FlaskSession)
    jobs.install(FlaskSession)
    migrate.init_app(app, db, directory=MIGRATIONS)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    api.init_app(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})

    observability.init_app(app)
    usage.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    accounts.init_app(app)
    _register_cli(app)

    for name in filter(None, app.config["MIJOZ_DOMAINS"].split(",")):
        importlib.import_module(name.strip()).init_app(app)

    app.after_request(_commit_at_the_edge)
    app.teardown_request(_end_request)
    return app


def _commit_at_the_edge(response):
    """Commit the request's work once, or roll it back when it failed."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    if current_user and current_user.is_authenticated:
        g.user_id = str(current_user.id)
    return response


def _end_request(error) -> None:
    tenancy.reset()


def _register_cli(app: Flask) -> None:
    from core.cli import commands

    for command in commands:
        app.cli.add_command(command)
