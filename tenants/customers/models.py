"""A firm's customers, their phones, tags and custom fields."""

import enum
import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from core.audit import utcnow
from core.extensions import db
from tenants.customers.folding import fold, search_key
from tenants.models import WorkspaceModel

# No "expunge": tenancy.activate() expunges every row of another tenant one
# by one, and a cascade would have expunged the children before their turn.
_OWNED = "save-update, merge, refresh-expire, delete, delete-orphan"


def _to_customer() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", "customer_id"],
        ["customers.tenant_id", "customers.id"],
        ondelete="CASCADE",
    )


class Customer(WorkspaceModel, db.Model):
    """Someone who buys from the firm."""

    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_tenant_name", "tenant_id", "name"),
        Index("ix_customers_tenant_name_key", "tenant_id", "name_key"),
        Index("ix_customers_tenant_email", "tenant_id", "email"),
        Index("ix_customers_tenant_owner", "tenant_id", "owner_id"),
        # TODO: LIKE '%…%' cannot use a B-tree; a pg_trgm GIN index on
        # search_key would make search fast for firms with many customers.
        Index("ix_customers_tenant_search_key", "tenant_id", "search_key"),
    )

    name: Mapped[str] = mapped_column(String(200))
    # The primary phone; every number, this one included, is in `phones`.
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    telegram: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(String(60))
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notes: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL")
    )
    name_key: Mapped[str] = mapped_column(String(400), default="", server_default="")
    search_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    updated_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), onupdate=utcnow
    )

    phones: Mapped[list["CustomerPhone"]] = relationship(
        cascade=_OWNED, order_by="CustomerPhone.position"
    )
    tags: Mapped[list["CustomerTag"]] = relationship(
        cascade=_OWNED, order_by="CustomerTag.name"
    )
    field_values: Mapped[list["CustomFieldValue"]] = relationship(cascade=_OWNED)

    @property
    def consent(self) -> bool:
        """Return True while the customer agrees to marketing messages."""
        return self.consent_at is not None

    @property
    def tag_names(self) -> list[str]:
        return sorted((tag.name for tag in self.tags), key=str.casefold)

    @property
    def phone_numbers(self) -> list[str]:
        return [row.phone for row in self.phones]

    @property
    def custom_values(self) -> dict:
        """Return custom field values by key, numbers as numbers."""
        return {
            row.field.key: row.field.typed(row.value)
            for row in self.field_values
            if row.field is not None
        }


class CustomerPhone(WorkspaceModel, db.Model):
    """One of a customer's phone numbers, in E.164."""

    __tablename__ = "customer_phones"
    __table_args__ = (
        _to_customer(),
        UniqueConstraint("tenant_id", "customer_id", "phone"),
        Index("ix_customer_phones_tenant_phone", "tenant_id", "phone"),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    phone: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)


class CustomerTag(WorkspaceModel, db.Model):
    """A free-text label on a customer; `key` is the folded name."""

    __tablename__ = "customer_tags"
    __table_args__ = (
        _to_customer(),
        UniqueConstraint("tenant_id", "customer_id", "key"),
        Index("ix_customer_tags_tenant_key", "tenant_id", "key"),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(80))


class FieldType(enum.StrEnum):
    """What a custom field holds."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"


class CustomField(WorkspaceModel, db.Model):
    """A field a workspace adds to all its customers."""

    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(80))
    type: Mapped[FieldType] = mapped_column(
        Enum(FieldType, native_enum=False, length=10)
    )
    choices: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )

    def typed(self, stored: str):
        """Return a stored value as the API shows it: numbers as numbers."""
        if self.type != FieldType.NUMBER:
            return stored
        number = Decimal(stored)
        return int(number) if number == number.to_integral_value() else float(number)


class CustomFieldValue(WorkspaceModel, db.Model):
    """One customer's value of one custom field, as canonical text."""

    __tablename__ = "customer_field_values"
    __table_args__ = (
        _to_customer(),
        ForeignKeyConstraint(
            ["tenant_id", "field_id"],
            ["custom_fields.tenant_id", "custom_fields.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "customer_id", "field_id"),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    field_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    value: Mapped[str] = mapped_column(Text)

    field: Mapped[CustomField | None] = relationship(viewonly=True, lazy="joined")


def refresh_keys(customer: Customer) -> None:
    """Recompute the folded name and the search key from the fields."""
    numbers = [row.phone for row in customer.phones]
    if not numbers and customer.phone:
        numbers = [customer.phone]
    customer.phone = numbers[0] if numbers else None
    customer.name_key = fold(customer.name)[:400]
    customer.search_key = search_key(
        customer.name, customer.email, numbers, customer.telegram
    )


@event.listens_for(Session, "before_flush")
def _keep_keys_current(session, flush_context, instances) -> None:
    """Refresh the keys of every customer added or changed in this flush.

    A change to a customer's phones marks the customer itself as changed,
    so numbers added through `Customer.phones` are covered too.
    """
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Customer) and obj not in session.deleted:
            refresh_keys(obj)
