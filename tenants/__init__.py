"""The tenant registry and everything inside one firm's workspace."""

from flask import url_for

from core.api import api
from core.extensions import db
from core.web import add_home_links


def init_app(app) -> None:
    """Register the workspace's pages, API, commands and demo data."""
    from tenants import cli, demo, services, views
    from tenants.customers import api as customers_api
    from tenants.customers import field_api, field_views, merge
    from tenants.customers import views as customers_views
    from tenants.phones import display_phone
    from tenants.sales import demo as sales_demo
    from tenants.sales import (
        product_api,
        product_views,
        sales_api,
        sales_views,
        summary,
    )

    app.jinja_env.filters["phone"] = display_phone
    app.register_blueprint(views.bp)
    app.register_blueprint(customers_views.bp)
    app.register_blueprint(field_views.bp)
    api.register_blueprint(customers_api.bp)
    app.register_blueprint(sales_views.bp)
    app.register_blueprint(product_views.bp)
    api.register_blueprint(sales_api.bp)
    api.register_blueprint(sales_api.summary_bp)
    api.register_blueprint(product_api.bp)
    api.register_blueprint(field_api.bp)
    for command in cli.commands:
        app.cli.add_command(command)
    demo.register()
    sales_demo.register()
    merge.after_merge(summary.refresh_after_merge)

    def workspaces(user):
        return [
            (tenant.name, url_for("workspace.home", slug=tenant.slug))
            for tenant in services.workspaces_of(db.session, user.id)
        ]

    add_home_links(app, workspaces)
