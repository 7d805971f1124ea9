"""Sales services: totals, the customer summary, visibility and products."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tenants.customers.models import Customer
from tenants.models import Membership
from tenants.sales import products, services
from tenants.sales.models import CustomerSales, Order, OrderLine
from tests.tenants.sales_factories import inside, membership, product, sale


def fresh(session, firm, obj):
    """Load `obj` again: leaving a workspace detaches its rows."""
    return session.get(type(obj), (firm.tenant.id, obj.id))


def summary_of(session, firm, customer):
    with inside(session, firm):
        return services.customer_summary(session, customer.id)


def test_line_and_order_totals_are_integer_products_and_sums(session, firm):
    bread = product(session, firm, "Non", 4_000)

    order = sale(
        session,
        firm,
        lines=[
            {"product_id": bread.id, "quantity": 3},
            {"description": "Qand, 1 kg", "quantity": 2, "unit_price": 13_500},
        ],
    )

    assert [line.line_total for line in order.lines] == [12_000, 27_000]
    assert order.total == 39_000
    assert isinstance(order.total, int)
    assert order.lines[0].unit_price == 4_000  # the product's price
    assert order.lines[0].description == "Non"  # copied from the product


def test_a_typed_price_beats_the_products_price(session, firm):
    bread = product(session, firm, "Non", 4_000)

    order = sale(
        session,
        firm,
        lines=[{"product_id": bread.id, "quantity": 1, "unit_price": 3_500}],
    )

    assert order.total == 3_500


def test_summary_follows_create_edit_and_delete(session, firm):
    customer = firm.customers[0]
    first = sale(session, firm, customer=customer, sold_on=date(2026, 1, 5))
    second = sale(
        session,
        firm,
        customer=customer,
        sold_on=date(2026, 3, 1),
        lines=[{"description": "Guruch", "quantity": 1, "unit_price": 50_000}],
    )

    summary = summary_of(session, firm, customer)
    assert (summary.orders_count, summary.total) == (2, 70_000)
    assert summary.first_purchase == date(2026, 1, 5)
    assert summary.last_purchase == date(2026, 3, 1)

    with inside(session, firm):
        services.update_order(
            session,
            fresh(session, firm, first),
            {
                "sold_on": date(2026, 2, 1),
                "lines": [{"description": "Choy", "quantity": 5, "unit_price": 1_000}],
            },
        )
    summary = summary_of(session, firm, customer)
    assert (summary.orders_count, summary.total) == (2, 55_000)
    assert summary.first_purchase == date(2026, 2, 1)

    with inside(session, firm):
        services.delete_order(session, fresh(session, firm, second))
    summary = summary_of(session, firm, customer)
    assert (summary.orders_count, summary.total) == (1, 5_000)
    assert summary.last_purchase == date(2026, 2, 1)

    with inside(session, firm):
        services.delete_order(session, fresh(session, firm, first))
        assert session.scalar(select(func.count()).select_from(CustomerSales)) == 0
    summary = summary_of(session, firm, customer)
    assert (summary.orders_count, summary.total, summary.last_purchase) == (0, 0, None)


def test_moving_a_sale_to_another_customer_moves_its_amount(session, firm):
    alisher, malika = firm.customers
    order = sale(session, firm, customer=alisher)

    with inside(session, firm):
        order = fresh(session, firm, order)
        services.update_order(session, order, {"customer_id": malika.id})

    assert summary_of(session, firm, alisher).orders_count == 0
    assert summary_of(session, firm, malika).total == 20_000

    with inside(session, firm):
        order = fresh(session, firm, order)
        services.update_order(session, order, {"customer_id": None})
    assert summary_of(session, firm, malika).orders_count == 0


def test_walk_in_sales_count_for_no_customer(session, firm):
    sale(session, firm)

    with inside(session, firm):
        assert session.scalar(select(func.count()).select_from(CustomerSales)) == 0


def test_summary_of_an_unknown_or_foreign_customer_is_none(session, firm, other_firm):
    sale(session, firm, customer=firm.customers[0])

    assert summary_of(session, other_firm, firm.customers[0]) is None


def test_rebuilding_gives_the_same_rows_as_the_running_updates(session, firm):
    alisher, malika = firm.customers
    for day, customer in [(1, alisher), (2, malika), (3, alisher), (4, None)]:
        sale(session, firm, customer=customer, sold_on=date(2026, 5, day))

    def rows():
        query = select(CustomerSales).order_by(CustomerSales.customer_id)
        return [
            (r.customer_id, r.orders_count, r.total, r.first_purchase, r.last_purchase)
            for r in session.scalars(query.execution_options(populate_existing=True))
        ]

    with inside(session, firm):
        before = rows()
        services.rebuild_summaries(session)
        assert rows() == before
        assert len(before) == 2


def test_deleting_a_customer_keeps_their_sales_as_walk_ins(session, firm):
    customer = firm.customers[0]
    order = sale(session, firm, customer=customer)

    with inside(session, firm):
        session.delete(session.get(Customer, (firm.tenant.id, customer.id)))
        session.flush()
        session.expire_all()
        kept = session.get(Order, (firm.tenant.id, order.id))
        assert kept.customer_id is None
        assert kept.total == 20_000
        assert session.scalar(select(func.count()).select_from(CustomerSales)) == 0


# -- who sees which sales ---------------------------------------------------


@pytest.fixture
def kept_staff(session, firm) -> Membership:
    staff = membership(session, firm, firm.staff)
    staff.own_records_only = True
    session.flush()
    return staff


def test_staff_kept_to_own_records_see_only_their_sales(session, firm, kept_staff):
    own = sale(session, firm, by=firm.staff)
    owners = sale(session, firm, by=firm.owner)
    owner = membership(session, firm, firm.owner)

    with inside(session, firm):
        seen = set(session.scalars(services.visible_orders(kept_staff)))
        assert {o.id for o in seen} == {own.id}
        assert services.get_order(session, kept_staff, owners.id) is None
        assert services.get_order(session, kept_staff, own.id) is not None
        assert services.totals(session, services.filtered_orders(kept_staff)) == (
            1,
            20_000,
        )
        everything = session.scalars(services.visible_orders(owner)).all()
        assert {o.id for o in everything} == {own.id, owners.id}


def test_only_staff_are_ever_kept_to_their_own_records(session, firm):
    owner = membership(session, firm, firm.owner)
    owner.own_records_only = True
    staff = membership(session, firm, firm.staff)

    assert services.sees_all_orders(owner)
    assert services.sees_all_orders(staff)
    staff.own_records_only = True
    assert not services.sees_all_orders(staff)


def test_filters_by_date_channel_and_customer(session, firm):
    alisher = firm.customers[0]
    sale(session, firm, customer=alisher, sold_on=date(2026, 1, 10), channel="phone")
    sale(session, firm, sold_on=date(2026, 2, 10), channel="shop")
    sale(session, firm, sold_on=date(2026, 3, 10), channel="telegram")
    owner = membership(session, firm, firm.owner)

    def count(**filters):
        with inside(session, firm):
            query = services.filtered_orders(owner, **filters)
            return services.totals(session, query)[0]

    assert count(date_from=date(2026, 2, 1)) == 2
    assert count(date_to=date(2026, 2, 10)) == 2
    assert count(channel="telegram") == 1
    assert count(customer_id=alisher.id) == 1
    assert count(customer_name=alisher.name[:5].upper()) == 1


def test_today_is_tashkents():
    assert services.today() - date.today() in (
        timedelta(0),
        timedelta(days=1),
        timedelta(days=-1),
    )


# -- products -------------------------------------------------------------------


def test_sku_is_unique_per_workspace_only(session, firm, other_firm):
    product(session, firm, "Non", 4_000, sku="NON-1")
    product(session, other_firm, "Non", 4_000, sku="NON-1")  # another firm: fine
    product(session, firm, "Somsa", 6_000)  # no SKU twice: fine
    product(session, firm, "Lagmon", 30_000)

    with inside(session, firm), pytest.raises(services.SaleError) as caught:
        products.create_product(session, "Non 2", 4_500, sku="NON-1")
    assert "sku" in caught.value.errors


def test_a_product_on_past_sales_cannot_be_removed(session, firm):
    bread = product(session, firm, "Non", 4_000)
    spare = product(session, firm, "Somsa", 6_000)
    sale(session, firm, lines=[{"product_id": bread.id, "quantity": 1}])

    with inside(session, firm):
        with pytest.raises(products.ProductInUse):
            products.delete_product(session, fresh(session, firm, bread))
        products.delete_product(session, fresh(session, firm, spare))
        assert products.get_product(session, spare.id) is None


def test_a_retired_product_stays_on_old_sales_but_not_new_ones(session, firm):
    bread = product(session, firm, "Non", 4_000)
    order = sale(session, firm, lines=[{"product_id": bread.id, "quantity": 1}])

    with inside(session, firm):
        bread, order = fresh(session, firm, bread), fresh(session, firm, order)
        products.set_active(session, bread, False)
        line = {"product_id": bread.id, "quantity": 2}
        with pytest.raises(services.SaleError) as caught:
            services.create_order(session, lines=[line])
        assert caught.value.errors["lines"][0]["product_id"]
        services.update_order(session, order, {"lines": [line]})
        assert order.total == 8_000
        lines = session.scalar(select(func.count()).select_from(OrderLine))
        assert lines == 1
