"""Create tenants, manage members and API tokens."""

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from core import audit, tenancy
from core.accounts.models import User
from tenants.models import (
    ApiToken,
    Membership,
    Tenant,
    TenantStatus,
    WorkspaceRole,
)

TOKEN_PREFIX = "mjz_"


class TenantError(ValueError):
    """A request about a tenant that cannot be carried out."""


def slugify(name: str) -> str:
    """Return a URL-safe slug made from a firm's name."""
    folded = name.lower().replace("ʻ", "").replace("'", "").replace("‘", "")
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:50] or "firm"


def unique_slug(session: Session, name: str) -> str:
    """Return a slug for `name` that no tenant has yet."""
    base = slugify(name)
    slug, n = base, 2
    while session.scalar(select(Tenant.id).where(Tenant.slug == slug)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_tenant(session: Session, **fields) -> Tenant:
    """Add a tenant and return it; raise TenantError on a duplicate STIR."""
    stir = fields["stir"]
    if not re.fullmatch(r"\d{9}", stir):
        raise TenantError("The STIR must be exactly 9 digits.")
    if session.scalar(select(Tenant.id).where(Tenant.stir == stir)):
        raise TenantError(f"A firm with STIR {stir} already has a workspace.")

    fields.setdefault("slug", unique_slug(session, fields["name"]))
    tenant = Tenant(**fields)
    session.add(tenant)
    session.flush()
    audit.record(session, "tenant.create", tenant, tenant_id=tenant.id)
    return tenant


def add_member(
    session: Session, tenant: Tenant, user: User, role: WorkspaceRole
) -> Membership:
    """Give `user` a role in the workspace and return the membership."""
    membership = Membership(tenant_id=tenant.id, user_id=user.id, role=role)
    session.add(membership)
    audit.record(session, "membership.add", user, tenant_id=tenant.id, role=str(role))
    return membership


def membership(
    session: Session, tenant_id: uuid.UUID, user_id: uuid.UUID
) -> Membership | None:
    """Return the user's membership of the tenant, or None."""
    return session.get(Membership, (tenant_id, user_id))


def workspaces_of(session: Session, user_id: uuid.UUID) -> list[Tenant]:
    """Return the tenants the user belongs to, by name."""
    return list(
        session.scalars(
            select(Tenant)
            .join(Membership, Membership.tenant_id == Tenant.id)
            .where(Membership.user_id == user_id)
            .order_by(Tenant.name)
        )
    )


def _hash_token(secret: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough here.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    session: Session, tenant: Tenant, user: User, name: str
) -> tuple[ApiToken, str]:
    """Issue an API token for `user` in `tenant`; return it and the secret,
    which is shown once and never stored."""
    if membership(session, tenant.id, user.id) is None:
        raise TenantError(f"{user.email} is not a member of {tenant.slug}.")

    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        tenant_id=tenant.id,
        user_id=user.id,
        name=name,
        prefix=secret[:12],
        token_hash=_hash_token(secret),
    )
    session.add(token)
    session.flush()
    audit.record(session, "api_token.create", token, tenant_id=tenant.id)
    return token, secret


@dataclass(frozen=True)
class TokenAccess:
    """What a live API token gives: whose it is and where it works."""

    token_id: uuid.UUID
    user_id: uuid.UUID
    tenant_id: uuid.UUID
    slug: str
    tenant_status: TenantStatus
    role: WorkspaceRole
    own_records_only: bool


_TOKEN_ACCESS = (
    select(
        ApiToken.id,
        ApiToken.user_id,
        Tenant.id,
        Tenant.slug,
        Tenant.status,
        Membership.role,
        Membership.own_records_only,
    )
    .join(Tenant, Tenant.id == ApiToken.tenant_id)
    .join(
        Membership,
        (Membership.tenant_id == ApiToken.tenant_id)
        & (Membership.user_id == ApiToken.user_id),
    )
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
    )
)

_TOKEN_ACCESS_SETTING = _TOKEN_ACCESS.add_columns(tenancy.setting_column(Tenant.id))


def resolve_token(session: Session, secret: str) -> TokenAccess | None:
    """Return what a live token gives, or None; enter its tenant.

    A token whose user has left the workspace is no longer live. This runs
    on every API request: plain columns rather than entities, and on
    PostgreSQL the same round trip sets the tenant for the transaction.
    """
    postgres = tenancy.is_postgres(session)
    query = _TOKEN_ACCESS_SETTING if postgres else _TOKEN_ACCESS
    row = session.execute(query, {"token_hash": _hash_token(secret)}).first()
    if row is None:
        return None
    access = TokenAccess(*row[:7])
    tenancy.activate(session, access.tenant_id, sent=postgres)
    return access
