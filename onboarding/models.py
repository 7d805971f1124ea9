"""Programmes, their eligibility rules, applications and their history.

These are programme tables, not workspace tables: the console reads them
without entering a tenant, so they carry plain ids and no row-level security.
"""

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.audit import utcnow
from core.extensions import db
from core.ids import new_id


class ApplicationStatus(enum.StrEnum):
    """Where an application stands; `onboarding.workflow` says how it moves."""

    APPLIED = "applied"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    APPROVED = "approved"
    REJECTED = "rejected"
    PROVISIONED = "provisioned"
    TRAINED = "trained"
    ACTIVE = "active"
    GRADUATED = "graduated"
    DROPPED = "dropped"


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=20)


# A firm may apply again only once its earlier application was rejected.
OPEN_STIR_WHERE = text("status <> 'REJECTED'")


class Programme(db.Model):
    """A programme firms apply to; its eligibility rules are data."""

    __tablename__ = "programmes"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )


class EligibilityRule(db.Model):
    """One condition of a programme: a kind and its parameters."""

    __tablename__ = "eligibility_rules"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    programme_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Application(db.Model):
    """A firm's application to a programme, and its onboarding status."""

    __tablename__ = "applications"
    __table_args__ = (
        Index(
            "uq_applications_open_stir",
            "stir",
            unique=True,
            sqlite_where=OPEN_STIR_WHERE,
            postgresql_where=OPEN_STIR_WHERE,
        ),
        Index("ix_applications_status_region", "status", "region"),
        Index("ix_applications_created_at", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    programme_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programmes.id"), index=True
    )
    business_name: Mapped[str] = mapped_column(String(200))
    stir: Mapped[str] = mapped_column(String(9), index=True)
    legal_form: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str] = mapped_column(String(5))
    district: Mapped[str] = mapped_column(String(10), index=True)
    employees: Mapped[int] = mapped_column(Integer)
    turnover: Mapped[int] = mapped_column(BigInteger)  # whole so'm a year
    owner_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(10))
    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[ApplicationStatus] = mapped_column(
        _enum(ApplicationStatus), default=ApplicationStatus.APPLIED
    )
    assigned_consultant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    tenant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    results: Mapped[list["EligibilityResult"]] = relationship(
        order_by="EligibilityResult.position", cascade="all, delete-orphan"
    )
    changes: Mapped[list["StatusChange"]] = relationship(
        order_by="[StatusChange.at, StatusChange.id]", cascade="all, delete-orphan"
    )


class EligibilityResult(db.Model):
    """How an application fared against one rule, and why."""

    __tablename__ = "eligibility_results"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("eligibility_rules.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    passed: Mapped[bool] = mapped_column(Boolean)
    # A message key and its parameters, put into words in the reader's language.
    explanation: Mapped[str] = mapped_column(String(80))
    params: Mapped[dict] = mapped_column(JSON, default=dict)


class StatusChange(db.Model):
    """One step of an application through the workflow: who, when and why."""

    __tablename__ = "status_changes"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[ApplicationStatus | None] = mapped_column(
        _enum(ApplicationStatus)
    )
    to_status: Mapped[ApplicationStatus] = mapped_column(_enum(ApplicationStatus))
    by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)

    by_user = relationship("User", lazy="joined")


class Invitation(db.Model):
    """A one-time link for a new owner to set a password; only its hash kept."""

    __tablename__ = "invitations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE")
    )
    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # False when the e-mail already had an account: its password stays.
    sets_password: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user = relationship("User", lazy="joined")
    tenant = relationship("Tenant", lazy="joined")


class OutboxMessage(db.Model):
    """A message to an applicant, kept until a sender has delivered it."""

    __tablename__ = "outbox"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    application_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(10))
    status: Mapped[DeliveryStatus] = mapped_column(
        _enum(DeliveryStatus), default=DeliveryStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
