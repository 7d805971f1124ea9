"""Shared fixtures: one database per test run, each test rolled back.

Without DATABASE_URL the tests run on a SQLite file with inline jobs. With
it, a fresh PostgreSQL database is made for the run, migrated as the owner,
and the app connects as its non-owner role, so row-level security is live.
"""

import os
import re
import uuid
from urllib.parse import urlsplit

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core import dbroles, tenancy
from core.app import create_app
from core.extensions import db, limiter
from core.settings import _database_url, app_database_url
from tests import factories

POSTGRES = bool(os.environ.get("DATABASE_URL"))


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory):
    """Return (owner URL, app URL) of a database made for this run."""
    if not POSTGRES:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        yield url, url
        return

    server = make_url(_database_url(os.environ["DATABASE_URL"]))
    name = f"mijoz_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    owner = server.set(database=name).render_as_string(hide_password=False)
    role = os.environ.get("MIJOZ_APP_DB_ROLE", "mijoz_app")
    yield owner, app_database_url(owner, role, os.environ.get("MIJOZ_APP_DB_PASSWORD"))

    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class FreshContextClient(FlaskClient):
    """A test client whose every request gets its own app context, as in
    production, even while the test itself holds one open."""

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture(scope="session")
def app(database_urls, tmp_path_factory):
    """Return the app, its database migrated and its role granted."""
    owner, app_url = database_urls
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app_url,
            "MIJOZ_OWNER_DATABASE_URL": owner,
            "SERVER_NAME": None,
            # Tests read messages in English; the Uzbek default has its own.
            "BABEL_DEFAULT_LOCALE": "en",
        }
    )
    app.test_client_class = FreshContextClient
    _add_failing_routes(app)
    dbroles.upgrade_database(app)
    yield app

    app.extensions["mijoz_usage"].take()  # the database goes with the run
    with app.app_context():
        db.engine.dispose()
    if app.extensions.get("mijoz_redis"):
        app.extensions["mijoz_redis"].close()


def _add_failing_routes(app) -> None:
    """Routes that fail on purpose, to check what users see when they do."""
    from flask import abort

    from core.accounts.access import programme_role_required
    from core.accounts.models import ProgrammeRole

    @app.get("/_test/boom")
    @app.get("/api/v1/_test/boom")
    def _boom():
        raise RuntimeError("secret internals")

    @app.get("/_test/gone")
    def _gone():
        abort(410)

    @app.get("/_test/admins-only")
    @programme_role_required(ProgrammeRole.ADMIN)
    def _admins_only():
        return "ok"


@pytest.fixture(autouse=True)
def _rolled_back(request):
    """Run each test inside a transaction that is rolled back afterwards.

    Sessions join the outer transaction through savepoints, so a commit in
    a view or a job ends only its savepoint.
    """
    if "app" not in request.fixturenames:
        yield
        return

    app = request.getfixturevalue("app")
    with app.app_context():
        engine = db.engine
        connection = engine.connect()
        outer = connection.begin()
        db._app_engines[app][None] = connection
        factory_options = dict(db.session.session_factory.kw)
        db.session.configure(join_transaction_mode="create_savepoint")
        limiter.reset()
        try:
            yield
        finally:
            db.session.remove()
            tenancy.reset()
            outer.rollback()
            connection.close()
            db._app_engines[app][None] = engine
            db.session.session_factory.kw.clear()
            db.session.session_factory.kw.update(factory_options)


@pytest.fixture
def session(app):
    """Return the database session inside an app context."""
    with app.app_context():
        yield db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def firm(session):
    """A tenant with an owner, a staff member and two customers."""
    return factories.firm(session)


@pytest.fixture
def other_firm(session):
    """A second tenant, to check nothing crosses between firms."""
    return factories.firm(session)


def csrf_token(html: str) -> str:
    """Return the CSRF token embedded in a page."""
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def path_of(location: str) -> str:
    """Return the path of a redirect's Location header."""
    return urlsplit(location).path
