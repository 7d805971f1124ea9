"""Merge two records of the same customer into one, losing nothing."""

from collections.abc import Callable
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import (
    UniqueConstraint,
    and_,
    delete,
    exists,
    false,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from core import audit
from tenants.customers.errors import Invalid
from tenants.customers.models import Customer, refresh_keys
from tenants.models import WorkspaceModel

# Fields copied from the dropped record when the kept one has none.
FILLED = ("email", "telegram", "source", "notes", "owner_id")


def linked_models() -> list[type]:
    """Return every mapped workspace model whose table has a `customer_id`.

    Found by walking the subclasses of WorkspaceModel, so the tables of
    sales, deals and activities are covered as soon as they are imported,
    without a change here.
    """
    found, tables, pending = [], set(), list(WorkspaceModel.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        table = getattr(model, "__table__", None)
        if table is None or table.name in tables or "customer_id" not in table.c:
            continue
        tables.add(table.name)
        found.append(model)
    return sorted(found, key=lambda model: model.__table__.name)


def after_merge(hook: Callable) -> Callable:
    """Register `hook(session, keep, drop)` to run after every merge.

    It runs once the rows have moved and before the dropped customer is
    deleted: the place to rebuild figures kept per customer (a sales
    summary, say). Use it as a decorator.
    """
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


_HOOKS: list[Callable] = []


def _unique_sets(table) -> list[list[str]]:
    """Return the column names of each key of `table` that has customer_id."""
    keys = [list(table.primary_key.columns)]
    keys += [
        list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)
    ]
    keys += [list(index.columns) for index in table.indexes if index.unique]
    names = [[column.name for column in key] for key in keys]
    return [key for key in names if "customer_id" in key]


def _clashes(table, keep: Customer, drop: Customer):
    """Return a condition on `table` true for the dropped customer's rows
    that the kept one already has (same values on a unique key)."""
    clauses = []
    for key in _unique_sets(table):
        kept = table.alias()
        same = [kept.c[name] == table.c[name] for name in key if name not in _OURS]
        clauses.append(
            exists().where(
                kept.c.tenant_id == keep.tenant_id,
                kept.c.customer_id == keep.id,
                *same,
            )
        )
    return or_(*clauses) if clauses else false()


_OURS = ("tenant_id", "customer_id")


def _of(table, customer: Customer):
    return and_(
        table.c.tenant_id == customer.tenant_id, table.c.customer_id == customer.id
    )


def preview(session: Session, keep: Customer, drop: Customer) -> dict:
    """Return what merging `drop` into `keep` would change, storing nothing.

    {"fills": {field: value}, "phones": [...], "tags": [...],
     "moves": {table: rows}} — moves counts, per table, the rows that will
    move (rows the kept customer already has are left out).
    """
    _check(keep, drop)
    moves = {}
    for model in linked_models():
        table = model.__table__
        count = session.scalar(
            select(func.count())
            .select_from(table)
            .where(_of(table, drop), ~_clashes(table, keep, drop))
        )
        if count:
            moves[table.name] = count
    fills = {
        name: getattr(drop, name)
        for name in FILLED
        if getattr(keep, name) is None and getattr(drop, name) is not None
    }
    if drop.consent_at and (
        not keep.consent_at or _utc(drop.consent_at) < _utc(keep.consent_at)
    ):
        fills["consent_at"] = drop.consent_at
    return {
        "fills": fills,
        "phones": [n for n in drop.phone_numbers if n not in keep.phone_numbers],
        "tags": [t.name for t in drop.tags if t.key not in {k.key for k in keep.tags}],
        "moves": moves,
    }


def merge_customers(session: Session, keep: Customer, drop: Customer) -> Customer:
    """Move everything of `drop` to `keep`, delete `drop`, return `keep`.

    Rows of every workspace table with a `customer_id` (sales, deals,
    activities, phones…) move to `keep`; where a unique key would clash the
    kept customer's row wins, so phones and tags are united and `keep`'s own
    custom values stay. Empty fields of `keep` are filled from `drop`, the
    earlier marketing consent is kept, hooks registered with `after_merge`
    run, and the merge is audited. Raise Invalid when both are the same.
    """
    plan = preview(session, keep, drop)
    for position, number in enumerate(drop.phones, start=len(keep.phones)):
        number.position = position  # the dropped numbers come after the kept
    session.flush()

    moved = {}
    for model in linked_models():
        table = model.__table__
        session.execute(
            delete(table).where(_of(table, drop), _clashes(table, keep, drop))
        )
        result = session.execute(
            update(table).where(_of(table, drop)).values(customer_id=keep.id)
        )
        if result.rowcount:
            moved[table.name] = result.rowcount

    # The statements above went past the ORM: reload what it holds.
    session.expire_all()
    for hook in _HOOKS:
        hook(session, keep, drop)
    for name, value in plan["fills"].items():
        setattr(keep, name, value)
    refresh_keys(keep)

    audit.record(
        session,
        "customer.merge",
        keep,
        dropped_id=str(drop.id),
        dropped_name=drop.name,
        filled=sorted(plan["fills"]),
        moved=moved,
    )
    session.delete(drop)
    session.flush()
    return keep


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive times; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check(keep: Customer, drop: Customer) -> None:
    if keep.id == drop.id:
        raise Invalid.one("other_id", _("Choose another customer to merge with."))
