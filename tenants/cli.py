"""`mijoz` commands for tenants, members and API tokens."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from core.accounts.models import User
from core.extensions import db
from tenants import services
from tenants.models import Tenant, WorkspaceRole


def _tenant(slug: str) -> Tenant:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise click.ClickException(f"No workspace with the slug {slug!r}.")
    return tenant


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        raise click.ClickException(f"No user with the e-mail {email!r}.")
    return user


@click.command("add-member")
@click.option("--tenant", "slug", required=True, help="The workspace's slug.")
@click.option("--email", required=True)
@click.option(
    "--role",
    type=click.Choice([role.value for role in WorkspaceRole]),
    default=WorkspaceRole.STAFF.value,
    show_default=True,
)
@with_appcontext
def add_member(slug, email, role):
    """Give a user a role in a workspace."""
    services.add_member(db.session, _tenant(slug), _user(email), WorkspaceRole(role))
    db.session.commit()
    click.echo(f"{email} is now {role} of {slug}.")


@click.command("create-token")
@click.option("--tenant", "slug", required=True, help="The workspace's slug.")
@click.option("--email", required=True, help="The member the token acts as.")
@click.option("--name", default="API", show_default=True)
@with_appcontext
def create_token(slug, email, name):
    """Issue a workspace API token and print it once."""
    try:
        _, secret = services.create_token(db.session, _tenant(slug), _user(email), name)
    except services.TenantError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(secret)


commands = [add_member, create_token]
