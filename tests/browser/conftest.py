"""A live server with its own database, and Chromium from Debian."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from core import tenancy
from core.app import create_app
from core.dbroles import upgrade_database
from core.extensions import db
from tests import factories

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """Serve a fresh app on a free port; return its base URL and a firm."""
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "MIJOZ_OWNER_DATABASE_URL": url,
            "MIJOZ_JOBS_INLINE": True,
            "REDIS_URL": None,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    upgrade_database(app)
    with app.app_context():
        firm = factories.firm(db.session, customers=3)
        db.session.commit()
        info = {
            "slug": firm.tenant.slug,
            "name": firm.tenant.name,
            "owner": firm.owner.email,
            "customer": firm.customers[0].name,
        }
        tenancy.reset()
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"base": f"http://127.0.0.1:{server.server_port}", **info}
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(params=[(390, 844), (1280, 800)], ids=["phone", "desktop"])
def screen(request, browser):
    """A fresh browser context at a phone size and at a desktop size."""
    width, height = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="uz-UZ",
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    page = context.new_page()
    page.shot = lambda name: _shot(page, f"{name}-{request.node.callspec.id}")
    yield page
    context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
