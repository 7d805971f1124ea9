"""`mijoz demo` on an empty database."""

from sqlalchemy import func, select

from core.app import create_app
from core.dbroles import upgrade_database
from core.extensions import db
from tenants.models import Membership, Tenant


def test_demo_fills_an_empty_database_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MIJOZ_OWNER_DATABASE_URL": url})
    runner = app.test_cli_runner()
    upgrade_database(app)

    first = runner.invoke(args=["demo", "--firms", "16"])
    second = runner.invoke(args=["demo", "--firms", "16"])

    assert first.exit_code == 0, first.output
    assert "admin@mijoz.uz" in first.output
    assert "already" in second.output
    with app.app_context():
        tenants = db.session.scalars(select(Tenant)).all()
        members = db.session.scalar(select(func.count()).select_from(Membership))
        db.session.remove()
    assert len(tenants) == 16
    assert len({t.region for t in tenants}) == 14
    assert len({t.sector for t in tenants}) == 16
    assert members == 32
