"""Turn an approved application into a ready workspace and invite its owner."""

import hashlib
import logging
import secrets
import uuid
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.accounts.models import User
from core.accounts.passwords import hash_password, password_problem
from core.accounts.services import AccountError, create_user, normalise_email
from core.audit import utcnow
from onboarding import outbox, workflow
from onboarding.models import (
    Application,
    ApplicationStatus,
    Channel,
    Invitation,
    OutboxMessage,
)
from tenants.models import WorkspaceRole
from tenants.services import add_member, create_tenant

log = logging.getLogger(__name__)

INVITATION_LIFETIME = timedelta(days=14)


def hash_token(token: str) -> str:
    """Return the stored form of an invitation token."""
    # The token carries 256 random bits, so a fast hash is enough.
    return hashlib.sha256(token.encode()).hexdigest()


def provision(
    session: Session, application_id: uuid.UUID, base_url: str
) -> uuid.UUID | None:
    """Create the workspace, owner and invitation of an approved application.

    Return the id of the invitation message to send, or None when there is
    nothing to do: the application is gone or no longer approved, which is
    also how a second run of the same job ends. Raises TenantError when a
    workspace with the firm's STIR exists already.
    """
    # The lock makes a concurrent second run wait, then find it provisioned.
    application = session.get(Application, application_id, with_for_update=True)
    if application is None or application.status != ApplicationStatus.APPROVED:
        log.info(
            "nothing to provision",
            extra={
                "application": str(application_id),
                "status": str(application.status) if application else None,
            },
        )
        return None

    tenant = create_tenant(
        session,
        name=application.business_name,
        stir=application.stir,
        legal_form=application.legal_form,
        sector=application.sector,
        region=application.region,
        district=application.district,
    )
    owner, is_new = _owner_account(session, application)
    add_member(session, tenant, owner, WorkspaceRole.OWNER)
    application.tenant_id = tenant.id

    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        application_id=application.id,
        user_id=owner.id,
        tenant_id=tenant.id,
        token_hash=hash_token(token),
        sets_password=is_new,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    session.add(invitation)
    link = f"{base_url.rstrip('/')}/invite/{token}"
    message = _invitation_message(session, application, owner, link, is_new)

    workflow.change_status(
        session, application, ApplicationStatus.PROVISIONED, actor=None
    )
    audit.record(
        session,
        "application.provision",
        application,
        tenant_id=tenant.id,
        owner_id=str(owner.id),
        new_owner=is_new,
    )
    return message.id


def _owner_account(session: Session, application: Application) -> tuple[User, bool]:
    """Return the owner's user and whether it was made just now.

    A new account gets a random password nobody knows; the invitation lets
    the owner choose one. An existing account keeps its password.
    """
    email = normalise_email(application.email)
    user = session.scalar(select(User).where(User.email == email))
    if user is not None:
        return user, False

    user = create_user(
        session,
        email,
        application.owner_name[:120],
        secrets.token_urlsafe(32),
        phone=application.phone,
    )
    user.locale = application.locale
    return user, True


def _invitation_message(
    session: Session,
    application: Application,
    owner: User,
    link: str,
    sets_password: bool,
) -> OutboxMessage:
    """Queue the invitation e-mail, written in the applicant's language."""
    with force_locale(application.locale):
        subject = _("Your Mijoz workspace is ready")
        lines = [
            _("Hello, %(name)s!", name=application.owner_name),
            _(
                "The programme has approved application %(reference)s of "
                "%(business)s, and the firm's CRM workspace is ready.",
                reference=application.reference,
                business=application.business_name,
            ),
        ]
        if sets_password:
            lines.append(
                _("Choose your password and sign in here; the link works once:")
            )
        else:
            lines.append(_("Open the workspace here with the password you have:"))
        lines += [
            link,
            _("The link expires in %(days)d days.", days=INVITATION_LIFETIME.days),
            _("Your login is your e-mail: %(email)s", email=owner.email),
        ]
    return outbox.queue_message(
        session,
        channel=Channel.EMAIL,
        recipient=owner.email,
        subject=subject,
        body="\n\n".join(lines),
        locale=application.locale,
        application_id=application.id,
    )


def find_invitation(session: Session, token: str) -> Invitation | None:
    """Return the unused, unexpired invitation of `token`, or None."""
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None or invitation.used_at is not None:
        return None
    expires = invitation.expires_at
    if expires.tzinfo is None:  # SQLite hands back naive times
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    if expires <= utcnow():
        return None
    return invitation


def accept_invitation(session: Session, invitation: Invitation, password: str) -> User:
    """Set the owner's password from an invitation, use it up and return
    the owner. Raises AccountError when the password is not acceptable."""
    problem = password_problem(password)
    if problem:
        raise AccountError(str(problem))

    user = invitation.user
    user.password_hash = hash_password(password)
    invitation.used_at = utcnow()
    audit.record(
        session,
        "invitation.accept",
        invitation,
        actor_id=user.id,
        tenant_id=invitation.tenant_id,
    )
    return user
