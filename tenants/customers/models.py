"""A firm's customers."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from core.audit import utcnow
from core.extensions import db
from tenants.models import WorkspaceModel


class Customer(WorkspaceModel, db.Model):
    """Someone who buys from the firm."""

    __tablename__ = "customers"
    __table_args__ = (Index("ix_customers_tenant_name", "tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
