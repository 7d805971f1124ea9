"""Record who did what to which object, when and from where."""

import logging
import uuid
from datetime import UTC, datetime

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import JSON, DateTime, String, Uuid
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.ids import new_id
from core.tenancy import current_tenant_id

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class AuditEntry(db.Model):
    """One recorded action. Rows are only ever added (the app role may not
    update or delete them on PostgreSQL)."""

    __tablename__ = "audit_log"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    tenant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(80))
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    details: Mapped[dict] = mapped_column(JSON, default=dict)


def record(
    session: Session,
    action: str,
    obj=None,
    *,
    actor_id: uuid.UUID | None = None,
    tenant_id: uuid.UUID | None = None,
    **details,
) -> AuditEntry:
    """Add an audit entry to the session and return it.

    The actor, address and tenant default to those of the current request.
    The entry is committed with the caller's transaction, so an action that
    rolls back leaves no trace claiming it happened.
    """
    entry = AuditEntry(
        action=action,
        actor_id=actor_id or _current_actor(),
        tenant_id=tenant_id or current_tenant_id(),
        details=details,
    )
    if obj is not None:
        entry.object_type = type(obj).__name__
        entry.object_id = str(getattr(obj, "id", obj))
    if has_request_context():
        entry.ip = request.remote_addr
        entry.user_agent = (request.user_agent.string or "")[:300]

    session.add(entry)
    log.info(
        "audit",
        extra={"action": action, "object": entry.object_id, "details": details},
    )
    return entry


def _current_actor() -> uuid.UUID | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None
