"""Merging two customers keeps every sale and recounts the summary."""

from core import tenancy
from tenants.customers.merge import merge_customers
from tenants.customers.models import Customer
from tenants.sales.summary import customer_summary
from tests.tenants import sales_factories


def line(amount: int) -> list[dict]:
    return [{"description": "Mato", "quantity": 1, "unit_price": amount}]


def test_merge_keeps_both_customers_sales_and_recounts(session, firm):
    first, second = firm.customers
    sales_factories.sale(session, firm, line(100_000), customer=first)
    sales_factories.sale(session, firm, line(50_000), customer=second)
    sales_factories.sale(session, firm, line(25_000), customer=second)

    with tenancy.tenant(session, firm.tenant.id):
        keep = session.get(Customer, (firm.tenant.id, first.id))
        drop = session.get(Customer, (firm.tenant.id, second.id))
        merge_customers(session, keep, drop)
        session.flush()
        summary = customer_summary(session, keep.id)

    assert summary.orders_count == 3
    assert summary.total == 175_000
