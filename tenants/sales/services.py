"""Record, change and remove sales, and keep each customer's summary true.

Every rule about an order is checked here before anything is written, so
an order with one bad line stores nothing. Money is whole so'm (int).
"""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session

from core import audit
from tenants.customers.models import Customer
from tenants.models import Membership, WorkspaceRole
from tenants.sales.models import (
    Channel,
    Order,
    OrderLine,
    PaymentMethod,
    Product,
)
from tenants.sales.money import NotWhole, parse_whole, whole_som_message
from tenants.sales.summary import Summary as Summary
from tenants.sales.summary import customer_summary as customer_summary
from tenants.sales.summary import rebuild_summaries as rebuild_summaries
from tenants.sales.summary import refresh_summaries

TASHKENT = ZoneInfo("Asia/Tashkent")
MAX_LINES = 50
MAX_QUANTITY = 100_000
MAX_PRICE = 10_000_000_000
MAX_NOTE = 2_000
MAX_DESCRIPTION = 200
HEADER_FIELDS = ("customer_id", "sold_on", "channel", "payment_method", "note")


class SaleError(ValueError):
    """Input that cannot be stored; `errors` maps each field to messages,
    and `lines` maps a line's index to its own field messages."""

    def __init__(self, errors: dict):
        super().__init__("invalid sale")
        self.errors = errors


def today() -> date:
    """Return today's date in Tashkent, where the firms are."""
    return datetime.now(TASHKENT).date()


# -- who sees which orders ------------------------------------------------


def sees_all_orders(viewer: Membership) -> bool:
    """Return False for staff whom the owner keeps to their own records."""
    return not (viewer.role == WorkspaceRole.STAFF and viewer.own_records_only)


def visible_orders(viewer: Membership):
    """Return a select of the orders `viewer` may see and change.

    This is the one place that decides it: lists, totals, reads, edits and
    deletes all start from this query.
    """
    query = select(Order)
    if not sees_all_orders(viewer):
        query = query.where(Order.created_by == viewer.user_id)
    return query


def get_order(
    session: Session, viewer: Membership, order_id: uuid.UUID
) -> Order | None:
    """Return the order if it is in this workspace and `viewer` may see it,
    else None."""
    return session.scalar(visible_orders(viewer).where(Order.id == order_id))


def filtered_orders(
    viewer: Membership,
    date_from: date | None = None,
    date_to: date | None = None,
    channel: Channel | None = None,
    customer_id: uuid.UUID | None = None,
    customer_name: str | None = None,
):
    """Return a select of the visible orders matching the filters."""
    query = visible_orders(viewer)
    if date_from:
        query = query.where(Order.sold_on >= date_from)
    if date_to:
        query = query.where(Order.sold_on <= date_to)
    if channel:
        query = query.where(Order.channel == channel)
    if customer_id:
        query = query.where(Order.customer_id == customer_id)
    if customer_name and customer_name.strip():
        pattern = f"%{customer_name.strip().lower()}%"
        query = query.join(Customer, Order.customer).where(
            func.lower(Customer.name).like(pattern)
        )
    return query


def totals(session: Session, query) -> tuple[int, int]:
    """Return (number of orders, their total in so'm) for an order select."""
    count, amount = session.execute(
        query.with_only_columns(
            func.count(Order.id),
            cast(func.coalesce(func.sum(Order.total), 0), BigInteger),
        ).order_by(None)
    ).one()
    return count, int(amount)


# -- checking input -------------------------------------------------------


def _amount_problem(value) -> str | None:
    try:
        amount = parse_whole(value)
    except NotWhole:
        return whole_som_message()
    if amount < 0:
        return _("A price cannot be negative.")
    if amount > MAX_PRICE:
        return _("The price is too large.")
    return None


def _quantity_problem(value) -> str | None:
    try:
        quantity = parse_whole(value)
    except NotWhole:
        return _("The quantity is a whole number, 1 or more.")
    if quantity < 1:
        return _("The quantity must be at least 1.")
    if quantity > MAX_QUANTITY:
        return _("The quantity is too large.")
    return None


def _check_header(session: Session, data: dict, errors: dict) -> dict:
    """Return the order's own fields cleaned; add problems to `errors`."""
    clean = {}
    if "customer_id" in data:
        customer_id = data["customer_id"]
        if customer_id is not None and not session.scalar(
            select(Customer.id).where(Customer.id == customer_id)
        ):
            # The same answer for another firm's customer and a made-up id.
            errors["customer_id"] = [_("There is no such customer in this workspace.")]
        clean["customer_id"] = customer_id

    if "sold_on" in data:
        sold_on = data["sold_on"] or today()
        if isinstance(sold_on, datetime):
            sold_on = sold_on.date()
        if not isinstance(sold_on, date):
            errors["sold_on"] = [_("Enter the date of the sale.")]
        elif sold_on > today() + timedelta(days=1):
            errors["sold_on"] = [
                _("The date is too far ahead: at most one day after today.")
            ]
        clean["sold_on"] = sold_on

    for name, kind, message in (
        ("channel", Channel, _("Choose where the sale was made.")),
        ("payment_method", PaymentMethod, _("Choose how the sale was paid.")),
    ):
        if name in data:
            try:
                clean[name] = kind(data[name])
            except ValueError:
                errors[name] = [message]

    if "note" in data:
        note = (data["note"] or "").strip() or None
        if note and len(note) > MAX_NOTE:
            errors["note"] = [
                _("The note is too long: at most %(n)s characters.", n=MAX_NOTE)
            ]
        clean["note"] = note
    return clean


def _check_lines(
    session: Session, lines: list[dict], keep: set, errors: dict
) -> list[dict]:
    """Return the lines cleaned, each with its total; add problems to
    `errors`. Inactive products are refused unless their id is in `keep`."""
    if not lines:
        errors["lines"] = [_("A sale needs at least one line.")]
        return []
    if len(lines) > MAX_LINES:
        errors["lines"] = [_("A sale has at most %(n)s lines.", n=MAX_LINES)]
        return []

    wanted = {line.get("product_id") for line in lines} - {None}
    products = {
        product.id: product
        for product in session.scalars(select(Product).where(Product.id.in_(wanted)))
    }
    clean, by_line = [], {}
    for index, line in enumerate(lines):
        problems = {}
        product = products.get(line.get("product_id"))
        if line.get("product_id") is not None:
            if product is None:
                problems["product_id"] = [
                    _("There is no such product in this workspace.")
                ]
            elif not product.active and product.id not in keep:
                problems["product_id"] = [_("This product is no longer sold.")]

        description = (line.get("description") or "").strip()
        if not description and product is not None:
            description = product.name
        if not description and "product_id" not in problems:
            problems["description"] = [_("Pick a product or say what was sold.")]
        elif len(description) > MAX_DESCRIPTION:
            problems["description"] = [_("The description is too long.")]

        quantity = line.get("quantity")
        if problem := _quantity_problem(quantity):
            problems["quantity"] = [problem]

        price = line.get("unit_price")
        if price is None and product is not None:
            price = product.unit_price
        if price is None:
            problems["unit_price"] = [_("Enter the price.")]
        elif problem := _amount_problem(price):
            problems["unit_price"] = [problem]

        if problems:
            by_line[index] = problems
            continue
        quantity, price = parse_whole(quantity), parse_whole(price)
        clean.append(
            {
                "position": index,
                "product_id": product.id if product else None,
                "description": description,
                "quantity": quantity,
                "unit_price": price,
                "line_total": quantity * price,
            }
        )
    if by_line:
        errors["lines"] = by_line
    return clean


# -- writing orders -------------------------------------------------------


def create_order(
    session: Session,
    *,
    lines: list[dict],
    customer_id: uuid.UUID | None = None,
    sold_on: date | None = None,
    channel: Channel | str = Channel.SHOP,
    payment_method: PaymentMethod | str = PaymentMethod.CASH,
    note: str | None = None,
    created_by: uuid.UUID | None = None,
) -> Order:
    """Record a sale and return it; raise SaleError, storing nothing, when
    any field or line is not valid. Each line is a dict of `product_id`,
    `description`, `quantity` and `unit_price` (the product's price when
    left out)."""
    errors: dict = {}
    header = _check_header(
        session,
        {
            "customer_id": customer_id,
            "sold_on": sold_on,
            "channel": channel,
            "payment_method": payment_method,
            "note": note,
        },
        errors,
    )
    clean_lines = _check_lines(session, lines, set(), errors)
    if errors:
        raise SaleError(errors)

    order = Order(created_by=created_by, **header)
    order.lines = [OrderLine(**line) for line in clean_lines]
    order.total = sum(line.line_total for line in order.lines)
    session.add(order)
    session.flush()
    refresh_summaries(session, {order.customer_id})
    audit.record(session, "sale.create", order, total=order.total)
    return order


def update_order(session: Session, order: Order, changes: dict) -> Order:
    """Apply `changes` (any of the order's fields, and `lines` to replace
    every line) and return the order; raise SaleError, changing nothing,
    when any of them is not valid."""
    errors: dict = {}
    header = _check_header(
        session, {k: v for k, v in changes.items() if k in HEADER_FIELDS}, errors
    )
    clean_lines = None
    if "lines" in changes:
        keep = {line.product_id for line in order.lines}
        clean_lines = _check_lines(session, changes["lines"] or [], keep, errors)
    if errors:
        raise SaleError(errors)

    customers = {order.customer_id}
    for name, value in header.items():
        setattr(order, name, value)
    if clean_lines is not None:
        order.lines = [OrderLine(**line) for line in clean_lines]
    order.total = sum(line.line_total for line in order.lines)
    session.flush()
    refresh_summaries(session, customers | {order.customer_id})
    audit.record(
        session, "sale.update", order, fields=sorted(changes), total=order.total
    )
    return order


def delete_order(session: Session, order: Order) -> None:
    """Remove an order and its lines, and bring its customer's summary
    down to what is left."""
    audit.record(session, "sale.delete", order, total=order.total)
    customer_id = order.customer_id
    session.delete(order)
    session.flush()
    refresh_summaries(session, {customer_id})
