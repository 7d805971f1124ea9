"""Sales of one customer committed at the same time still sum up right.

PostgreSQL only: it needs real concurrent transactions, each on its own
connection as the app's role, outside the per-test rollback.
"""

import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from core import tenancy
from tenants import services as tenant_services
from tenants.customers.models import Customer
from tenants.sales import services
from tests.conftest import POSTGRES

pytestmark = pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL")

WRITERS, EACH = 6, 4


class TenantSession(Session):
    """A plain session with the tenancy hooks, as the app's sessions have."""


@pytest.fixture
def shared(app, database_urls):
    """A committed firm with one customer; removed again afterwards."""
    owner_url, app_url = database_urls
    engine = create_engine(app_url, pool_size=WRITERS + 2)
    tenancy.install(TenantSession)
    make = sessionmaker(bind=engine, class_=TenantSession)

    with app.app_context(), make() as session:
        tenant = tenant_services.create_tenant(
            session,
            name="Bir vaqtda",
            stir="987654321",
            legal_form="mchj",
            sector="G",
            region="UZ-TK",
        )
        with tenancy.tenant(session, tenant.id):
            customer = Customer(name="Doimiy mijoz")
            session.add(customer)
            session.flush()
            ids = tenant.id, customer.id
        session.commit()
    yield make, ids

    engine.dispose()
    owner = create_engine(owner_url)
    with owner.begin() as connection:
        for table in ("customer_sales", "order_lines", "orders", "customers"):
            connection.execute(
                text(f"DELETE FROM {table} WHERE tenant_id = :t"), {"t": ids[0]}
            )
        connection.execute(text("DELETE FROM tenants WHERE id = :t"), {"t": ids[0]})
    owner.dispose()


def test_concurrent_sales_of_one_customer_are_all_counted(app, shared):
    make, (tenant_id, customer_id) = shared
    start = threading.Barrier(WRITERS)
    failures = []

    def write():
        try:
            start.wait()
            for _ in range(EACH):
                with app.app_context(), make() as session:
                    tenancy.activate(session, tenant_id)
                    services.create_order(
                        session,
                        customer_id=customer_id,
                        lines=[{"description": "Non", "quantity": 1, "unit_price": 5}],
                    )
                    session.commit()
        except Exception as error:  # reported below, with the thread's error
            failures.append(error)
        finally:
            tenancy.reset()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    with app.app_context(), make() as session:
        tenancy.activate(session, tenant_id)
        summary = services.customer_summary(session, customer_id)
    assert summary.orders_count == WRITERS * EACH
    assert summary.total == 5 * WRITERS * EACH
