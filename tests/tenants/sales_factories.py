"""Make products and sales for the sales tests."""

from contextlib import contextmanager

from core import tenancy
from tenants import services as tenant_services
from tenants.models import Membership
from tenants.sales import products, services
from tests import factories


@contextmanager
def inside(session, firm):
    """Work inside the firm's workspace for the block."""
    with tenancy.tenant(session, firm.tenant.id):
        yield


def membership(session, firm, user) -> Membership:
    """Return the user's membership of the firm."""
    return session.get(Membership, (firm.tenant.id, user.id))


def product(session, firm, name="Non", unit_price=5_000, sku=None):
    """Add a product to the firm and return it."""
    with inside(session, firm):
        return products.create_product(session, name, unit_price, sku=sku)


def sale(session, firm, lines=None, customer=None, by=None, **fields):
    """Record a sale in the firm and return it; one line of 2 × 10,000
    so'm unless `lines` says otherwise."""
    lines = lines or [{"description": "Choy", "quantity": 2, "unit_price": 10_000}]
    with inside(session, firm):
        return services.create_order(
            session,
            lines=lines,
            customer_id=customer.id if customer else None,
            created_by=(by or firm.owner).id,
            **fields,
        )


def api_token(session, firm, user=None) -> str:
    """Issue an API token of `user` (the owner by default) and commit."""
    _, secret = tenant_services.create_token(
        session, firm.tenant, user or firm.owner, "test"
    )
    session.commit()
    return secret


def signed_in(client, session, user):
    """Commit what the test made, sign `user` in and return the client."""
    session.commit()
    factories.login(client, user.email)
    return client
