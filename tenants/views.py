"""The workspace's home page."""

from flask import g, render_template
from sqlalchemy import func, select

from core.extensions import db
from tenants.customers.models import Customer
from tenants.workspace import page_blueprint

bp = page_blueprint("workspace", __name__)


@bp.get("/")
def home():
    """Show the firm's workspace at a glance."""
    customers = db.session.scalar(select(func.count()).select_from(Customer))
    return render_template(
        "tenants/home.html", tenant=g.tenant, customer_count=customers
    )
