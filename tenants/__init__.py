"""The tenant registry and everything inside one firm's workspace."""

from flask import url_for

from core.api import api
from core.extensions import db
from core.web import add_home_links


def init_app(app) -> None:
    """Register the workspace's pages, API, commands and demo data."""
    from tenants import cli, demo, services, views
    from tenants.customers import api as customers_api
    from tenants.customers import views as customers_views
    from tenants.phones import display_phone

    app.jinja_env.filters["phone"] = display_phone
    app.register_blueprint(views.bp)
    app.register_blueprint(customers_views.bp)
    api.register_blueprint(customers_api.bp)
    for command in cli.commands:
        app.cli.add_command(command)
    demo.register()

    def workspaces(user):
        return [
            (tenant.name, url_for("workspace.home", slug=tenant.slug))
            for tenant in services.workspaces_of(db.session, user.id)
        ]

    add_home_links(app, workspaces)
