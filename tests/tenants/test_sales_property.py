"""Property: whatever sales are recorded, changed and removed, each total
is the sum of its lines and each customer's summary equals a recount."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.tenancy import current_tenant_id
from tenants.sales import services
from tenants.sales.models import CustomerSales, Order, OrderLine
from tests.tenants.sales_factories import inside

lines = st.lists(
    st.fixed_dictionaries(
        {
            "description": st.sampled_from(["Non", "Choy", "Qand"]),
            "quantity": st.integers(1, 40),
            "unit_price": st.integers(0, 3_000_000),
        }
    ),
    min_size=1,
    max_size=4,
)
days = st.dates(date(2025, 1, 1), date(2026, 11, 30))
customers = st.sampled_from([None, 0, 1])
steps = st.one_of(
    st.tuples(st.just("create"), customers, days, lines),
    st.tuples(
        st.just("edit"),
        st.integers(0, 50),
        st.fixed_dictionaries(
            {}, optional={"customer": customers, "sold_on": days, "lines": lines}
        ),
    ),
    st.tuples(st.just("delete"), st.integers(0, 50)),
)


def recount(session) -> dict:
    """Return each customer's summary counted afresh from the orders."""
    rows = session.execute(
        select(
            Order.customer_id,
            func.count(Order.id),
            func.sum(Order.total),
            func.min(Order.sold_on),
            func.max(Order.sold_on),
        )
        .where(Order.customer_id.is_not(None))
        .group_by(Order.customer_id)
    )
    return {row[0]: (row[1], int(row[2]), row[3], row[4]) for row in rows}


def stored(session) -> dict:
    rows = session.scalars(
        select(CustomerSales).execution_options(populate_existing=True)
    )
    return {
        row.customer_id: (
            row.orders_count,
            row.total,
            row.first_purchase,
            row.last_purchase,
        )
        for row in rows
    }


def expected(model: dict) -> dict:
    """Return the summaries our own bookkeeping of the steps predicts."""
    found: dict = {}
    for customer_id, sold_on, total in model.values():
        if customer_id is None:
            continue
        count, amount, first, last = found.get(customer_id, (0, 0, sold_on, sold_on))
        found[customer_id] = (
            count + 1,
            amount + total,
            min(first, sold_on),
            max(last, sold_on),
        )
    return found


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(plan=st.lists(steps, max_size=10))
def test_summary_always_equals_a_recount(session, firm, plan):
    people = [customer.id for customer in firm.customers]
    with inside(session, firm):
        savepoint = session.begin_nested()
        try:
            model: dict = {}
            for step in plan:
                _apply(session, people, model, step)
            session.flush()

            assert stored(session) == recount(session) == expected(model)
            for order in session.scalars(select(Order)):
                line_totals = session.scalars(
                    select(OrderLine.line_total).where(OrderLine.order_id == order.id)
                ).all()
                assert order.total == sum(line_totals) == model[order.id][2]
        finally:
            # A row added and deleted inside the savepoint would come back
            # from its rollback as a ghost; leave no object behind instead.
            session.expunge_all()
            savepoint.rollback()


def _apply(session, people, model, step) -> None:
    kind = step[0]
    if kind == "create":
        _, who, sold_on, sold = step
        order = services.create_order(
            session,
            lines=sold,
            customer_id=None if who is None else people[who],
            sold_on=sold_on,
        )
        model[order.id] = (order.customer_id, sold_on, _sum(sold))
        return
    if not model:
        return

    order_id = sorted(model)[step[1] % len(model)]
    order = session.get(Order, (current_tenant_id(), order_id))
    if kind == "delete":
        services.delete_order(session, order)
        del model[order_id]
        return

    changes = dict(step[2])
    if "customer" in changes:
        who = changes.pop("customer")
        changes["customer_id"] = None if who is None else people[who]
    services.update_order(session, order, changes)
    customer_id, sold_on, total = model[order_id]
    model[order_id] = (
        changes.get("customer_id", customer_id),
        changes.get("sold_on", sold_on),
        _sum(changes["lines"]) if "lines" in changes else total,
    )


def _sum(sold) -> int:
    return sum(line["quantity"] * line["unit_price"] for line in sold)
