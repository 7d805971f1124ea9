"""Keep every workspace query and write inside the current tenant.

Two walls. The ORM wall filters every query on a `TenantScoped` model by
the current tenant and refuses a flush that would write another tenant's
row. The database wall is PostgreSQL row-level security: each transaction
carries `app.tenant_id`, and the policies written by the migrations compare
every row against it.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import chain

from sqlalchemy import String, Uuid, cast, event, false, func, text
from sqlalchemy.orm import (
    Mapped,
    Session,
    mapped_column,
    scoped_session,
    with_loader_criteria,
)

from core.ids import new_id

_current: ContextVar[uuid.UUID | None] = ContextVar("mijoz_tenant", default=None)

SET_TENANT = text("SELECT set_config('app.tenant_id', :tenant, true)")


class CrossTenantWrite(Exception):
    """A flush tried to write a row that belongs to another tenant."""


class TenantScoped:
    """Mixin for workspace tables: key `(tenant_id, id)`, filtered by tenant."""

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, sort_order=-20)
    id: Mapped[uuid.UUID] = mapped_column(
        Uuid, primary_key=True, default=new_id, sort_order=-10
    )


def current_tenant_id() -> uuid.UUID | None:
    """Return the id of the tenant this request or job works in, or None."""
    return _current.get()


def activate(
    session: Session, tenant_id: uuid.UUID | None, *, sent: bool = False
) -> None:
    """Make `tenant_id` current for the ORM and for the open transaction.

    Rows of other tenants already loaded into the session are expunged, so
    `session.get` cannot hand one back from the identity map. `sent` says
    the open transaction already carries the setting (see `setting_column`).
    """
    _current.set(tenant_id)
    if isinstance(session, scoped_session):
        session = session()
    for obj in list(session.identity_map.values()):
        if isinstance(obj, TenantScoped) and obj.tenant_id != tenant_id:
            session.expunge(obj)
    if not sent and session.in_transaction() and _is_postgres(session):
        session.execute(SET_TENANT, {"tenant": _setting(tenant_id)})


def is_postgres(session: Session) -> bool:
    """Return True when the session talks to PostgreSQL."""
    if isinstance(session, scoped_session):
        session = session()
    return _is_postgres(session)


def setting_column(tenant_column):
    """Return a column that sets the tenant from a looked-up row.

    Adding it to the select that finds the tenant saves a round trip on
    PostgreSQL; the caller then activates the tenant with `sent=True`.
    """
    return func.set_config("app.tenant_id", cast(tenant_column, String), True)


@contextmanager
def tenant(session: Session, tenant_id: uuid.UUID | None):
    """Work inside one tenant for the block, then restore the previous one."""
    previous = _current.get()
    activate(session, tenant_id)
    try:
        yield
    finally:
        activate(session, previous)


def reset() -> None:
    """Forget the current tenant (end of a request or a job)."""
    _current.set(None)


def _setting(tenant_id: uuid.UUID | None) -> str:
    return str(tenant_id) if tenant_id else ""


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _scope_queries(state) -> None:
    """Add the tenant filter to every ORM statement on scoped models."""
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("all_tenants"):
        return

    tenant_id = _current.get()
    if tenant_id is None:
        criteria = with_loader_criteria(
            TenantScoped, lambda cls: false(), include_aliases=True
        )
    else:
        criteria = with_loader_criteria(
            TenantScoped,
            lambda cls: cls.tenant_id == tenant_id,
            include_aliases=True,
        )
    state.statement = state.statement.options(criteria)


def _guard_writes(session, flush_context, instances) -> None:
    """Stamp new rows with the current tenant; refuse rows of another one."""
    tenant_id = _current.get()
    for obj in chain(session.new, session.dirty, session.deleted):
        if not isinstance(obj, TenantScoped):
            continue
        if obj.tenant_id is None and obj in session.new:
            obj.tenant_id = tenant_id
        if tenant_id is None or obj.tenant_id != tenant_id:
            raise CrossTenantWrite(
                f"{type(obj).__name__} of tenant {obj.tenant_id} written while "
                f"tenant {tenant_id} is current"
            )


def _set_on_begin(session, transaction, connection) -> None:
    """Carry the current tenant into each new PostgreSQL transaction.

    With no tenant there is nothing to send: the setting is local to a
    transaction, so a new one starts without it and sees no rows.
    """
    tenant_id = _current.get()
    if tenant_id is not None and connection.dialect.name == "postgresql":
        connection.execute(SET_TENANT, {"tenant": str(tenant_id)})


def install(session_class) -> None:
    """Attach both ORM hooks and the per-transaction setting to sessions."""
    if event.contains(session_class, "do_orm_execute", _scope_queries):
        return
    event.listen(session_class, "do_orm_execute", _scope_queries)
    event.listen(session_class, "before_flush", _guard_writes)
    event.listen(session_class, "after_begin", _set_on_begin)
