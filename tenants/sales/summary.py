"""Each customer's sales summary: orders, so'm, first and last purchase.

The rows are derived data: recomputed from the customer's orders in the
same transaction as every change to them, never adjusted by increments.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import BigInteger, cast, delete, func, insert, select
from sqlalchemy.orm import Session

from core.tenancy import current_tenant_id
from tenants.customers.models import Customer
from tenants.sales.models import CustomerSales, Order


@dataclass(frozen=True)
class Summary:
    """What a customer has bought in all; zeros when nothing yet."""

    customer_id: uuid.UUID
    orders_count: int = 0
    total: int = 0
    first_purchase: date | None = None
    last_purchase: date | None = None


def refresh_summaries(session: Session, customer_ids: set) -> None:
    """Recompute the summary rows of these customers from their orders."""
    for customer_id in sorted(customer_ids - {None}):
        _refresh_one(session, customer_id)


def _refresh_one(session: Session, customer_id: uuid.UUID) -> None:
    # Two sales of one customer committing together would each count only
    # their own order; holding the customer's row makes them take turns.
    session.execute(
        select(Customer.id)
        .where(Customer.id == customer_id)
        .with_for_update(key_share=True)
    )
    count, amount, first, last = session.execute(
        select(
            func.count(Order.id),
            cast(func.coalesce(func.sum(Order.total), 0), BigInteger),
            func.min(Order.sold_on),
            func.max(Order.sold_on),
        ).where(Order.customer_id == customer_id)
    ).one()
    row = session.scalar(
        select(CustomerSales)
        .where(CustomerSales.id == customer_id)
        .execution_options(populate_existing=True)
    )
    if count == 0:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            CustomerSales(
                id=customer_id,
                orders_count=count,
                total=int(amount),
                first_purchase=first,
                last_purchase=last,
            )
        )
    else:
        row.orders_count, row.total = count, int(amount)
        row.first_purchase, row.last_purchase = first, last
    session.flush()


def rebuild_summaries(session: Session) -> None:
    """Recompute every summary row of the current workspace in one pass."""
    tenant_id = current_tenant_id()
    table = CustomerSales.__table__
    session.execute(delete(CustomerSales).where(CustomerSales.tenant_id == tenant_id))
    # An INSERT … SELECT is not filtered by the ORM: name the tenant.
    grouped = (
        select(
            Order.tenant_id,
            Order.customer_id,
            func.count(Order.id),
            func.sum(Order.total),
            func.min(Order.sold_on),
            func.max(Order.sold_on),
        )
        .where(Order.tenant_id == tenant_id, Order.customer_id.is_not(None))
        .group_by(Order.tenant_id, Order.customer_id)
    )
    session.execute(
        insert(table).from_select(
            [
                "tenant_id",
                "customer_id",
                "orders_count",
                "total",
                "first_purchase",
                "last_purchase",
            ],
            grouped,
        )
    )


def customer_summary(session: Session, customer_id: uuid.UUID) -> Summary | None:
    """Return what the customer has bought in all, or None when there is
    no such customer in the current workspace."""
    if not session.scalar(select(Customer.id).where(Customer.id == customer_id)):
        return None
    row = session.scalar(select(CustomerSales).where(CustomerSales.id == customer_id))
    if row is None:
        return Summary(customer_id)
    return Summary(
        customer_id,
        row.orders_count,
        row.total,
        row.first_purchase,
        row.last_purchase,
    )


def refresh_after_merge(session: Session, keep, drop) -> None:
    """Recount the kept customer once a merge has moved the other's sales."""
    refresh_summaries(session, {keep.id})
