"""Add, find and read a firm's customers."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from tenants.customers.models import Customer
from tenants.phones import normalise_phone


def create_customer(
    session: Session,
    name: str,
    phone: str | None = None,
    email: str | None = None,
    notes: str | None = None,
    created_by: uuid.UUID | None = None,
) -> Customer:
    """Add a customer to the current workspace and return it.

    Raises PhoneError when the phone number cannot be used.
    """
    customer = Customer(
        name=name.strip(),
        phone=normalise_phone(phone) if phone else None,
        email=email.strip().lower() if email else None,
        notes=notes,
        created_by=created_by,
    )
    session.add(customer)
    session.flush()
    audit.record(session, "customer.create", customer)
    return customer


def get_customer(session: Session, customer_id: uuid.UUID) -> Customer | None:
    """Return the customer of the current workspace with this id, or None."""
    return session.scalar(select(Customer).where(Customer.id == customer_id))


def search_query(text: str | None = None):
    """Return a select of the workspace's customers matching `text`."""
    query = select(Customer)
    if text:
        pattern = f"%{text.strip().lower()}%"
        query = query.where(func.lower(Customer.name).like(pattern))
    return query
