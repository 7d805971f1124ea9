"""Make test data: users, firms and their customers."""

import itertools
from dataclasses import dataclass

from core import tenancy
from core.accounts.models import ProgrammeRole, User
from core.accounts.services import create_user
from tenants import services
from tenants.customers.models import Customer
from tenants.customers.services import create_customer
from tenants.models import Tenant, WorkspaceRole

PASSWORD = "Kuchli-parol-2026"
_numbers = itertools.count(1)


@dataclass
class Firm:
    tenant: Tenant
    owner: User
    staff: User
    customers: list[Customer]


def user(session, role: ProgrammeRole | None = None, **fields) -> User:
    n = next(_numbers)
    return create_user(
        session,
        fields.pop("email", f"user{n}-{id(session)}@example.uz"),
        fields.pop("name", f"Foydalanuvchi {n}"),
        fields.pop("password", PASSWORD),
        role,
    )


def firm(session, customers: int = 2) -> Firm:
    """Add a tenant with an owner, staff and customers; leave no tenant set."""
    n = next(_numbers)
    tenant = services.create_tenant(
        session,
        name=f"Firma {n}",
        stir=f"{200000000 + n * 104729 % 700000000:09d}",
        legal_form="mchj",
        sector="G",
        region="UZ-TK",
        district="1726262",
    )
    owner, staff = user(session), user(session)
    services.add_member(session, tenant, owner, WorkspaceRole.OWNER)
    services.add_member(session, tenant, staff, WorkspaceRole.STAFF)

    made = []
    with tenancy.tenant(session, tenant.id):
        for i in range(customers):
            made.append(
                create_customer(
                    session, f"Mijoz {n}-{i}", phone=f"+99890{n % 1000:03d}{i:04d}"
                )
            )
    session.flush()
    return Firm(tenant, owner, staff, made)


def login(client, email: str, password: str = PASSWORD):
    """Sign in through the login form, CSRF token included."""
    from tests.conftest import csrf_token

    page = client.get("/login")
    return client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_token(page.get_data(as_text=True)),
        },
    )
