"""Customers in full: phones, tags, custom fields, owner, consent, search key

Revision ID: b1c2d3e4f5a6
Revises: 4d1164066310
Create Date: 2026-12-03 19:00:00
"""

import uuid

import sqlalchemy as sa
from alembic import op

from core.ids import new_id
from core.migrations.rls import disable_rls, enable_rls

revision = "b1c2d3e4f5a6"
down_revision = "4d1164066310"
branch_labels = None
depends_on = None

NEW_TABLES = [
    "customer_phones",
    "customer_tags",
    "custom_fields",
    "customer_field_values",
]


def _tenant_fk(table):
    return sa.ForeignKeyConstraint(
        ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")
    )


def upgrade():
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("telegram", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("source", sa.String(length=60), nullable=True))
        batch_op.add_column(
            sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("owner_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "name_key", sa.String(length=400), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("search_key", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_customers_owner_id_users"),
            "users",
            ["owner_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_customers_tenant_name_key", ["tenant_id", "name_key"])
        batch_op.create_index("ix_customers_tenant_email", ["tenant_id", "email"])
        batch_op.create_index("ix_customers_tenant_owner", ["tenant_id", "owner_id"])
        # TODO: a pg_trgm GIN index on search_key would serve LIKE '%…%' at scale.
        batch_op.create_index(
            "ix_customers_tenant_search_key", ["tenant_id", "search_key"]
        )

    op.create_table(
        "customer_phones",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _tenant_fk("customer_phones"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_customer_phones_tenant_id_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_customer_phones")),
        sa.UniqueConstraint(
            "tenant_id",
            "customer_id",
            "phone",
            name=op.f("uq_customer_phones_tenant_id_customer_id_phone"),
        ),
    )
    op.create_index(
        "ix_customer_phones_tenant_phone", "customer_phones", ["tenant_id", "phone"]
    )

    op.create_table(
        "customer_tags",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        _tenant_fk("customer_tags"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_customer_tags_tenant_id_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_customer_tags")),
        sa.UniqueConstraint(
            "tenant_id",
            "customer_id",
            "key",
            name=op.f("uq_customer_tags_tenant_id_customer_id_key"),
        ),
    )
    op.create_index(
        "ix_customer_tags_tenant_key", "customer_tags", ["tenant_id", "key"]
    )

    op.create_table(
        "custom_fields",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "TEXT",
                "NUMBER",
                "DATE",
                "CHOICE",
                name="fieldtype",
                native_enum=False,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _tenant_fk("custom_fields"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_custom_fields")),
        sa.UniqueConstraint(
            "tenant_id", "key", name=op.f("uq_custom_fields_tenant_id_key")
        ),
    )

    op.create_table(
        "customer_field_values",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("field_id", sa.Uuid(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        _tenant_fk("customer_field_values"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_customer_field_values_tenant_id_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "field_id"],
            ["custom_fields.tenant_id", "custom_fields.id"],
            name=op.f("fk_customer_field_values_tenant_id_field_id_custom_fields"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "id", name=op.f("pk_customer_field_values")
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "customer_id",
            "field_id",
            name=op.f("uq_customer_field_values_tenant_id_customer_id_field_id"),
        ),
    )

    for table in NEW_TABLES:
        enable_rls(table)
    _backfill()


def _backfill():
    """Give existing customers their keys, owner and phone rows.

    The app recomputes the keys properly on the next save. Row-level
    security is forced on customers, so it is lifted for the owner while
    the rows are read and written here.
    """
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        for table in ("customers", "customer_phones"):
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")

    op.execute(
        "UPDATE customers SET search_key = lower(name), name_key = lower(name), "
        "owner_id = created_by WHERE search_key = ''"
    )
    connection = op.get_bind()
    phones = sa.table(
        "customer_phones",
        sa.column("tenant_id", sa.Uuid()),
        sa.column("id", sa.Uuid()),
        sa.column("customer_id", sa.Uuid()),
        sa.column("phone", sa.String()),
        sa.column("position", sa.Integer()),
    )
    rows = connection.execute(
        sa.text("SELECT tenant_id, id, phone FROM customers WHERE phone IS NOT NULL")
    ).all()
    if rows:
        op.bulk_insert(
            phones,
            [
                {
                    "tenant_id": _uuid(row.tenant_id),
                    "id": new_id(),
                    "customer_id": _uuid(row.id),
                    "phone": row.phone,
                    "position": 0,
                }
                for row in rows
            ],
        )

    if postgres:
        for table in ("customers", "customer_phones"):
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def _uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def downgrade():
    for table in NEW_TABLES:
        disable_rls(table)
    op.drop_table("customer_field_values")
    op.drop_table("custom_fields")
    op.drop_index("ix_customer_tags_tenant_key", table_name="customer_tags")
    op.drop_table("customer_tags")
    op.drop_index("ix_customer_phones_tenant_phone", table_name="customer_phones")
    op.drop_table("customer_phones")

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_tenant_search_key")
        batch_op.drop_index("ix_customers_tenant_owner")
        batch_op.drop_index("ix_customers_tenant_email")
        batch_op.drop_index("ix_customers_tenant_name_key")
        batch_op.drop_constraint(
            batch_op.f("fk_customers_owner_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("updated_at")
        batch_op.drop_column("search_key")
        batch_op.drop_column("name_key")
        batch_op.drop_column("owner_id")
        batch_op.drop_column("consent_at")
        batch_op.drop_column("source")
        batch_op.drop_column("telegram")
