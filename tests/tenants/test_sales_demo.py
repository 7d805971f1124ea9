"""The demo's sales step: products, two years of growing sales, summaries."""

import random
import time
from collections import Counter

from sqlalchemy import func, select

from core import demo, tenancy
from tenants import services as tenant_services
from tenants.customers.models import Customer
from tenants.sales import demo as sales_demo
from tenants.sales.models import CustomerSales, Order, OrderLine, Product
from tenants.sales.services import today
from tests.tenants.sales_factories import inside
from tests.tenants.test_sales_property import recount


def run_step(seed=7):
    sales_demo.sales(demo.DemoRun(firms=0, rng=random.Random(seed)))


def test_every_firm_gets_products_and_two_years_of_sales(session, firm, other_firm):
    run_step()

    for each in (firm, other_firm):
        with inside(session, each):
            products = session.scalar(select(func.count()).select_from(Product))
            first, last = session.execute(
                select(func.min(Order.sold_on), func.max(Order.sold_on))
            ).one()
            assert 10 <= products <= 20
            assert (today() - first).days > 700
            assert last <= today()
            linked = session.scalar(
                select(func.count()).where(Order.customer_id.is_not(None))
            )
            assert linked > 0


def test_sales_grow_after_adoption(session, firm):
    run_step()
    adopted = firm.tenant.created_at.date() - sales_demo.ADOPTION_LEAD

    with inside(session, firm):
        days = session.scalars(select(Order.sold_on)).all()
    months = Counter((day.year, day.month) for day in days)
    before = [n for (y, m), n in months.items() if (y, m) < _month(adopted, 1)]
    after = [
        n
        for (y, m), n in months.items()
        if _month(adopted, 1) <= (y, m) < (today().year, today().month)
    ]
    assert sum(after) / len(after) >= 1.2 * sum(before) / len(before)


def _month(day, ahead):
    total = day.year * 12 + day.month - 1 + ahead
    return total // 12, total % 12 + 1


def test_totals_and_summaries_are_consistent(session, firm):
    run_step()

    with inside(session, firm):
        line_sums = dict(
            session.execute(
                select(OrderLine.order_id, func.sum(OrderLine.line_total)).group_by(
                    OrderLine.order_id
                )
            ).all()
        )
        for order_id, total in session.execute(select(Order.id, Order.total)):
            assert isinstance(total, int)
            assert total == line_sums[order_id]
        stored = {
            row.customer_id: (
                row.orders_count,
                row.total,
                row.first_purchase,
                row.last_purchase,
            )
            for row in session.scalars(select(CustomerSales))
        }
        assert stored == recount(session)


def test_sixty_firms_take_under_ten_seconds(session):
    made = []
    for n in range(60):
        tenant = tenant_services.create_tenant(
            session,
            name=f"Tezkor {n}",
            stir=f"{500000000 + n:09d}",
            legal_form="mchj",
            sector="GIQSP"[n % 5],
            region="UZ-TK",
        )
        with tenancy.tenant(session, tenant.id):
            session.add_all(Customer(name=f"Mijoz {n}-{i}") for i in range(10))
            session.flush()
        made.append(tenant.id)

    started = time.perf_counter()
    run_step()
    elapsed = time.perf_counter() - started

    assert elapsed < 10
    for tenant_id in made[::10]:
        with tenancy.tenant(session, tenant_id):
            assert session.scalar(select(func.count()).select_from(Order)) > 100
