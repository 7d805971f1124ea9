"""Products, orders and their lines, and each customer's sales summary.

Money is whole so'm everywhere, kept in integer columns.
"""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    delete,
    event,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from core.audit import utcnow
from core.extensions import db
from tenants.customers.models import Customer
from tenants.models import WorkspaceModel


class Channel(enum.StrEnum):
    """Where a sale was made."""

    SHOP = "shop"
    PHONE = "phone"
    TELEGRAM = "telegram"
    ONLINE = "online"


class PaymentMethod(enum.StrEnum):
    """How a sale was paid."""

    CASH = "cash"
    CARD = "card"
    BANK_TRANSFER = "bank_transfer"
    PAYME = "payme"
    CLICK = "click"
    UZUM = "uzum"
    OTHER = "other"


def _by_value(enum_class) -> Enum:
    # Store the lower-case values the API speaks, not the member names.
    return Enum(
        enum_class,
        native_enum=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


class Product(WorkspaceModel, db.Model):
    """Something the firm sells, at a list price in whole so'm."""

    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("tenant_id", "sku"),
        Index("ix_products_tenant_name", "tenant_id", "name"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
    )

    name: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str | None] = mapped_column(String(60))
    unit_price: Mapped[int] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )


class Order(WorkspaceModel, db.Model):
    """One sale: who bought, when, where and how they paid, and its lines."""

    __tablename__ = "orders"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]
        ),
        Index("ix_orders_tenant_sold_on", "tenant_id", "sold_on"),
        Index("ix_orders_tenant_customer", "tenant_id", "customer_id"),
        CheckConstraint("total >= 0", name="total_not_negative"),
    )

    customer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    sold_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[Channel] = mapped_column(_by_value(Channel))
    payment_method: Mapped[PaymentMethod] = mapped_column(_by_value(PaymentMethod))
    note: Mapped[str | None] = mapped_column(Text)
    # The sum of the lines' totals, kept by the services.
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    customer: Mapped[Customer | None] = relationship(viewonly=True)
    lines: Mapped[list["OrderLine"]] = relationship(
        back_populates="order",
        # Not "all": tenancy.activate() expunges rows one by one, and an
        # expunge cascade would take the lines out before their turn.
        cascade="save-update, merge, refresh-expire, delete, delete-orphan",
        order_by="OrderLine.position",
    )


class OrderLine(WorkspaceModel, db.Model):
    """A product or a described item on an order, quantity times price."""

    __tablename__ = "order_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["orders.tenant_id", "orders.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "product_id"], ["products.tenant_id", "products.id"]
        ),
        Index("ix_order_lines_tenant_order", "tenant_id", "order_id"),
        Index("ix_order_lines_tenant_product", "tenant_id", "product_id"),
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        CheckConstraint(
            "line_total = quantity * unit_price", name="line_total_is_product"
        ),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    position: Mapped[int] = mapped_column(Integer, default=0)
    product_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Copied from the product when none is typed, so renaming a product
    # leaves past sales as they were.
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    line_total: Mapped[int] = mapped_column(BigInteger)

    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product | None] = relationship(viewonly=True)


class CustomerSales(WorkspaceModel, db.Model):
    """What one customer has bought in all: kept by the order services."""

    __tablename__ = "customer_sales"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
        ),
    )

    # The key is the customer's: the row is the customer's, not a thing
    # of its own with an id.
    id: Mapped[uuid.UUID] = mapped_column("customer_id", Uuid, primary_key=True)
    customer_id = synonym("id")
    orders_count: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(BigInteger)
    first_purchase: Mapped[date] = mapped_column(Date)
    last_purchase: Mapped[date] = mapped_column(Date)


@event.listens_for(Customer, "before_delete")
def _keep_sales_of_deleted_customer(mapper, connection, customer) -> None:
    """Turn a deleted customer's orders into walk-in sales, and drop the
    customer's summary row.

    The firm's sales figures must not change when a customer record goes.
    Done here rather than by the foreign keys alone, since SQLite leaves
    them unchecked unless asked.
    """
    orders, summaries = Order.__table__, CustomerSales.__table__
    connection.execute(
        update(orders)
        .where(
            orders.c.tenant_id == customer.tenant_id,
            orders.c.customer_id == customer.id,
        )
        .values(customer_id=None)
    )
    connection.execute(
        delete(summaries).where(
            summaries.c.tenant_id == customer.tenant_id,
            summaries.c.customer_id == customer.id,
        )
    )
