"""Who may see and change which customers: the one place the rule lives."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenants.customers.models import Customer
from tenants.models import Membership, WorkspaceRole


def is_limited(membership: Membership | None) -> bool:
    """Return True when the member sees only the customers they own."""
    return bool(
        membership is not None
        and membership.role == WorkspaceRole.STAFF
        and membership.own_records_only
    )


def visible_customers(session: Session, membership: Membership | None):
    """Return a select of the customers `membership` may see and change.

    Staff kept to their own records see only customers they own; everyone
    else sees the whole workspace. The tenant filter is added by the ORM.
    Without a membership (jobs, imports, the demo) nothing is held back.
    """
    query = select(Customer)
    if is_limited(membership):
        query = query.where(Customer.owner_id == membership.user_id)
    return query


def can_reassign(membership: Membership | None) -> bool:
    """Return True when the member may change who owns a customer."""
    return membership is not None and membership.role in (
        WorkspaceRole.OWNER,
        WorkspaceRole.MANAGER,
    )
