"""Both tenancy walls: the ORM filter and PostgreSQL row-level security."""

import uuid

import pytest
from sqlalchemy import create_engine, exc, select, text

from core import tenancy
from core.tenancy import CrossTenantWrite
from tenants.customers.models import Customer
from tests.conftest import POSTGRES

postgres_only = pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL")


def test_query_in_one_tenant_sees_no_row_of_another(session, firm, other_firm):
    tenancy.activate(session, firm.tenant.id)

    names = set(session.scalars(select(Customer.name)))

    assert names == {c.name for c in firm.customers}
    assert other_firm.customers[0].id not in set(session.scalars(select(Customer.id)))
    assert (
        session.get(Customer, (other_firm.tenant.id, other_firm.customers[0].id))
        is None
    )


def test_orm_filter_holds_even_when_the_database_allows_more(session, firm, other_firm):
    """Point the database wall at B while the ORM works in A: the ORM wall
    alone must still keep B's rows out."""
    tenancy.activate(session, firm.tenant.id)
    if POSTGRES:
        session.execute(tenancy.SET_TENANT, {"tenant": str(other_firm.tenant.id)})

    tenants = {c.tenant_id for c in session.scalars(select(Customer))}

    assert other_firm.tenant.id not in tenants


def test_no_tenant_means_no_rows(session, firm):
    tenancy.activate(session, None)

    assert list(session.scalars(select(Customer))) == []


def test_new_rows_take_the_current_tenant(session, firm):
    tenancy.activate(session, firm.tenant.id)
    customer = Customer(name="Yangi mijoz")
    session.add(customer)
    session.flush()

    assert customer.tenant_id == firm.tenant.id


def test_writing_a_row_of_another_tenant_is_refused(session, firm, other_firm):
    tenancy.activate(session, firm.tenant.id)
    session.add(Customer(tenant_id=other_firm.tenant.id, name="Begona"))

    with pytest.raises(CrossTenantWrite):
        session.flush()
    session.rollback()


def test_moving_a_row_to_another_tenant_is_refused(session, firm, other_firm):
    tenancy.activate(session, firm.tenant.id)
    customer = session.scalar(select(Customer))
    customer.tenant_id = other_firm.tenant.id

    with pytest.raises(CrossTenantWrite):
        session.flush()
    session.rollback()


def test_writing_without_a_tenant_is_refused(session, firm):
    tenancy.activate(session, None)
    session.add(Customer(name="Egasiz"))

    with pytest.raises(CrossTenantWrite):
        session.flush()
    session.rollback()


@postgres_only
def test_app_role_owns_nothing_and_cannot_bypass_rls(session):
    row = session.execute(
        text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
    ).one()
    owner = session.scalar(
        text("SELECT tableowner FROM pg_tables WHERE tablename = 'customers'")
    )
    forced = session.scalar(
        text("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'customers'")
    )

    assert tuple(row) == (False, False)
    assert owner != session.scalar(text("SELECT current_user"))
    assert forced is True


@postgres_only
def test_raw_sql_sees_only_the_current_tenant(session, firm, other_firm):
    tenancy.activate(session, firm.tenant.id)

    tenants = set(session.scalars(text("SELECT tenant_id FROM customers")))

    assert tenants == {firm.tenant.id}


@postgres_only
def test_raw_sql_sees_nothing_without_a_tenant(session, firm, other_firm):
    tenancy.activate(session, None)

    assert session.scalar(text("SELECT count(*) FROM customers")) == 0


@postgres_only
def test_raw_insert_for_another_tenant_fails(session, firm, other_firm):
    tenancy.activate(session, firm.tenant.id)

    insert = text(
        "INSERT INTO customers (tenant_id, id, name, created_at) "
        "VALUES (:t, :i, 'Begona', now())"
    )
    with (
        pytest.raises(exc.ProgrammingError, match="row-level security"),
        session.begin_nested(),
    ):
        session.execute(insert, {"t": other_firm.tenant.id, "i": uuid.uuid4()})


@postgres_only
def test_tenant_setting_does_not_outlive_its_transaction(app, firm):
    """A pooled connection must not carry the last tenant into the next
    transaction."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], pool_size=1)
    with engine.connect() as connection:
        with connection.begin():
            connection.execute(tenancy.SET_TENANT, {"tenant": str(firm.tenant.id)})
        with connection.begin():
            setting = connection.scalar(
                text("SELECT current_setting('app.tenant_id', true)")
            )
    engine.dispose()

    assert not setting
