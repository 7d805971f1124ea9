"""Make customers of a firm and members who see only their own."""

from core import tenancy
from tenants import services as tenant_services
from tenants.customers import services
from tenants.customers.models import Customer
from tenants.models import Membership, WorkspaceRole
from tests import factories


def customer(session, firm, name: str, **fields) -> Customer:
    """Add a customer to `firm` through the service; leave no tenant set."""
    with tenancy.tenant(session, firm.tenant.id):
        made = services.create_customer(session, name, **fields)
        session.flush()
    return made


def limited_staff(session, firm):
    """Keep the firm's staff member to the customers they own; return them."""
    membership = session.get(Membership, (firm.tenant.id, firm.staff.id))
    membership.own_records_only = True
    session.flush()
    return firm.staff


def manager(session, firm):
    """Add a manager to the firm and return the user."""
    user = factories.user(session)
    tenant_services.add_member(session, firm.tenant, user, WorkspaceRole.MANAGER)
    session.flush()
    return user


def token(session, firm, user) -> str:
    """Return the secret of a new API token of `user` in `firm`."""
    _, secret = tenant_services.create_token(session, firm.tenant, user, "test")
    session.commit()
    return secret


def signed_in(client, session, user):
    """Commit what the test made, sign `user` in and return the client."""
    session.commit()
    factories.login(client, user.email)
    return client
