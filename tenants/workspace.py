"""Enter a workspace from its URL, for pages and for the API."""

from flask import abort, g, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core import tenancy, usage
from core.extensions import db
from tenants import services
from tenants.models import Membership, Tenant, TenantStatus, WorkspaceRole


def pull_slug(endpoint, values) -> None:
    """Take the slug out of the URL values; the views never see it."""
    if values is not None:
        g.slug = values.pop("slug", None)


def push_slug(endpoint, values) -> None:
    """Fill in the current workspace's slug when building its URLs."""
    if "slug" not in values and g.get("slug"):
        values["slug"] = g.slug


def enter_for_user() -> None:
    """Enter the workspace named in the URL as the signed-in user.

    An unknown slug and a workspace the user does not belong to answer the
    same 404, so a URL reveals nothing about other firms.
    """
    if not current_user.is_authenticated:
        return  # login_required on the blueprint sends them to sign in

    row = db.session.execute(
        select(Tenant, Membership)
        .join(Membership, Membership.tenant_id == Tenant.id)
        .where(Tenant.slug == g.slug, Membership.user_id == current_user.id)
    ).first()
    if row is None or row.Tenant.status == TenantStatus.CLOSED:
        abort(404)
    _enter(row.Tenant, row.Membership)


def enter_for_token() -> None:
    """Enter the workspace named in an API URL with a bearer token."""
    header = request.headers.get("Authorization", "")
    scheme, __, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        abort(
            401,
            description=_("Send an API token as 'Authorization: Bearer <token>'."),
        )

    access = services.resolve_token(db.session, secret.strip())
    if access is None:
        abort(401, description=_("The API token is not valid or has been revoked."))
    if access.slug != g.slug or access.tenant_status == TenantStatus.CLOSED:
        tenancy.activate(db.session, None)
        abort(404)

    # The API works from the token's access; pages load the full rows.
    g.api_token = access
    g.tenant = None
    g.membership = access
    usage.note(access.tenant_id, access.user_id)


def _enter(tenant: Tenant, membership: Membership) -> None:
    g.tenant = tenant
    g.membership = membership
    tenancy.activate(db.session, tenant.id)
    usage.note(tenant.id, membership.user_id)


def require_role(*roles: WorkspaceRole) -> None:
    """Answer 404 unless the member holds one of `roles`."""
    if g.membership.role not in roles:
        abort(404)


def page_blueprint(name: str, import_name: str, path: str = ""):
    """Return a blueprint of workspace pages under `/w/<slug>{path}`."""
    from flask import Blueprint
    from flask_login import login_required

    bp = Blueprint(
        name, import_name, url_prefix=f"/w/<slug>{path}", template_folder="templates"
    )
    bp.url_value_preprocessor(pull_slug)
    bp.url_defaults(push_slug)
    bp.before_request(login_required(lambda: None))
    bp.before_request(enter_for_user)
    return bp


# The OpenAPI security requirement of every workspace endpoint.
SECURITY = [{"bearer": []}]


def api_blueprint(name: str, import_name: str, path: str, description: str):
    """Return a REST blueprint under `/api/v1/w/<slug>{path}`, token only."""
    from flask_smorest import Blueprint

    from core.api import PREFIX
    from core.extensions import csrf

    bp = Blueprint(
        name,
        import_name,
        url_prefix=f"{PREFIX}/w/<slug>{path}",
        description=description,
    )
    bp.url_value_preprocessor(pull_slug)
    bp.url_defaults(push_slug)
    bp.before_request(enter_for_token)
    csrf.exempt(bp)
    return bp
