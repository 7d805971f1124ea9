"""Sales: products, orders, order lines and each customer's sales summary

Revision ID: e5f6a7b8c9d0
Revises: b1c2d3e4f5a6
Create Date: 2026-12-03 18:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

from core.migrations.rls import disable_rls, enable_rls

WORKSPACE_TABLES = ["products", "orders", "order_lines", "customer_sales"]

revision = "e5f6a7b8c9d0"
down_revision = "b1c2d3e4f5a6"
branch_labels = None
depends_on = None

CHANNELS = ("shop", "phone", "telegram", "online")
PAYMENT_METHODS = ("cash", "card", "bank_transfer", "payme", "click", "uzum", "other")


def _tenant_fk(table):
    return sa.ForeignKeyConstraint(
        ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")
    )


def upgrade():
    op.create_table(
        "products",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sku", sa.String(length=60), nullable=True),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "unit_price >= 0", name=op.f("ck_products_unit_price_not_negative")
        ),
        _tenant_fk("products"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_products")),
        sa.UniqueConstraint("tenant_id", "sku", name=op.f("uq_products_tenant_id_sku")),
    )
    op.create_index("ix_products_tenant_name", "products", ["tenant_id", "name"])

    op.create_table(
        "orders",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("sold_on", sa.Date(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(*CHANNELS, name="channel", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "payment_method",
            sa.Enum(
                *PAYMENT_METHODS, name="paymentmethod", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("total >= 0", name=op.f("ck_orders_total_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_orders_tenant_id_customer_id_customers"),
        ),
        _tenant_fk("orders"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_orders")),
    )
    op.create_index("ix_orders_tenant_sold_on", "orders", ["tenant_id", "sold_on"])
    op.create_index(
        "ix_orders_tenant_customer", "orders", ["tenant_id", "customer_id"]
    )

    op.create_table(
        "order_lines",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("line_total", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "quantity >= 1", name=op.f("ck_order_lines_quantity_positive")
        ),
        sa.CheckConstraint(
            "unit_price >= 0", name=op.f("ck_order_lines_unit_price_not_negative")
        ),
        sa.CheckConstraint(
            "line_total = quantity * unit_price",
            name=op.f("ck_order_lines_line_total_is_product"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "order_id"],
            ["orders.tenant_id", "orders.id"],
            name=op.f("fk_order_lines_tenant_id_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["products.tenant_id", "products.id"],
            name=op.f("fk_order_lines_tenant_id_product_id_products"),
        ),
        _tenant_fk("order_lines"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_order_lines")),
    )
    op.create_index(
        "ix_order_lines_tenant_order", "order_lines", ["tenant_id", "order_id"]
    )
    op.create_index(
        "ix_order_lines_tenant_product", "order_lines", ["tenant_id", "product_id"]
    )

    op.create_table(
        "customer_sales",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("orders_count", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("first_purchase", sa.Date(), nullable=False),
        sa.Column("last_purchase", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_customer_sales_tenant_id_customer_id_customers"),
            ondelete="CASCADE",
        ),
        _tenant_fk("customer_sales"),
        sa.PrimaryKeyConstraint(
            "tenant_id", "customer_id", name=op.f("pk_customer_sales")
        ),
    )

    for table in WORKSPACE_TABLES:
        enable_rls(table)


def downgrade():
    for table in reversed(WORKSPACE_TABLES):
        disable_rls(table)
    op.drop_table("customer_sales")
    op.drop_index("ix_order_lines_tenant_product", table_name="order_lines")
    op.drop_index("ix_order_lines_tenant_order", table_name="order_lines")
    op.drop_table("order_lines")
    op.drop_index("ix_orders_tenant_customer", table_name="orders")
    op.drop_index("ix_orders_tenant_sold_on", table_name="orders")
    op.drop_table("orders")
    op.drop_index("ix_products_tenant_name", table_name="products")
    op.drop_table("products")
