"""Approval provisions a workspace once, and its owner's invitation works once."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.accounts.models import User
from core.accounts.passwords import verify_password
from core.audit import utcnow
from onboarding import jobs, outbox, provisioning, services
from onboarding.models import ApplicationStatus as S
from onboarding.models import Channel, DeliveryStatus, Invitation, OutboxMessage
from tenants.models import Membership, Tenant, WorkspaceRole
from tests import factories as core_factories
from tests.conftest import csrf_token, path_of
from tests.onboarding import factories

NEW_PASSWORD = "Yangi-parol-2026!"


def approve(session, admin, **overrides):
    """Approve an eligible application and commit, so the job runs."""
    application = factories.at_status(session, S.ELIGIBLE, admin, **overrides)
    services.transition(
        session, application, S.APPROVED, admin, base_url="http://mijoz.test/"
    )
    session.commit()
    session.refresh(application)
    return application


def outbox_of(session, application) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.application_id == application.id)
        )
    )


def link_path(message: dict) -> str:
    found = re.search(r"http://mijoz\.test(/invite/[A-Za-z0-9_-]+)", message["body"])
    assert found, message["body"]
    return found.group(1)


def test_approval_provisions_tenant_owner_and_invitation(session, admin, inline, sent):
    application = approve(session, admin, email="Owner@Example.uz")

    tenant = session.scalar(select(Tenant).where(Tenant.stir == application.stir))
    assert application.status == S.PROVISIONED
    assert application.tenant_id == tenant.id
    assert tenant.name == application.business_name
    assert (tenant.region, tenant.district) == (
        application.region,
        application.district,
    )
    assert tenant.slug.startswith("baraka-savdo")

    member = session.scalar(select(Membership).where(Membership.tenant_id == tenant.id))
    assert member.role == WorkspaceRole.OWNER
    assert member.user_id is not None
    owner = session.get(User, member.user_id)
    assert owner.email == "owner@example.uz"
    assert owner.name == application.owner_name
    assert owner.locale == application.locale

    [message] = outbox_of(session, application)
    assert message.channel == "email"
    assert message.recipient == "owner@example.uz"
    assert message.status == DeliveryStatus.SENT
    assert message.attempts == 1
    assert "/invite/…" in message.body  # the link is not kept once sent
    assert len(sent) == 1 and sent[0]["recipient"] == "owner@example.uz"

    invitation = session.scalar(
        select(Invitation).where(Invitation.application_id == application.id)
    )
    token = link_path(sent[0]).rsplit("/", 1)[-1]
    assert invitation.token_hash == provisioning.hash_token(token)
    assert token not in invitation.token_hash
    expires = invitation.expires_at.replace(tzinfo=None)
    expected = (utcnow() + timedelta(days=14)).replace(tzinfo=None)
    assert abs(expires - expected) < timedelta(minutes=5)
    assert [c.to_status for c in application.changes][-2:] == [
        S.APPROVED,
        S.PROVISIONED,
    ]


def test_running_the_job_twice_creates_one_tenant(session, admin, inline, sent):
    application = approve(session, admin)

    again = jobs.provision(str(application.id), "http://mijoz.test")
    session.commit()

    assert again is None
    assert (
        session.scalar(
            select(func.count())
            .select_from(Tenant)
            .where(Tenant.stir == application.stir)
        )
        == 1
    )
    assert len(outbox_of(session, application)) == 1
    assert len(sent) == 1


def test_provisioning_before_approval_does_nothing(session, admin):
    application = factories.at_status(session, S.ELIGIBLE, admin)

    assert provisioning.provision(session, application.id, "") is None
    assert application.tenant_id is None


def test_invitation_sets_the_password_and_signs_in(
    client, session, admin, inline, sent
):
    application = approve(session, admin)
    path = link_path(sent[0])

    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    response = client.post(
        path,
        data={
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": csrf_token(page.get_data(as_text=True)),
        },
    )

    tenant = session.get(Tenant, application.tenant_id)
    assert response.status_code == 302
    assert path_of(response.headers["Location"]) == f"/w/{tenant.slug}/"
    workspace = client.get(f"/w/{tenant.slug}/")
    assert workspace.status_code == 200
    assert tenant.name in workspace.get_data(as_text=True)

    owner = session.scalar(select(User).where(User.email == application.email))
    session.refresh(owner)
    assert verify_password(owner.password_hash, NEW_PASSWORD)
    assert client.get(path).status_code == 404  # used up


def test_a_weak_password_is_refused_and_the_link_still_works(
    client, session, admin, inline, sent
):
    approve(session, admin)
    path = link_path(sent[0])
    page = client.get(path).get_data(as_text=True)

    response = client.post(
        path,
        data={
            "password": "password",
            "confirm": "password",
            "csrf_token": csrf_token(page),
        },
    )

    assert response.status_code == 200
    assert "most common" in response.get_data(as_text=True)
    assert client.get(path).status_code == 200


def test_an_expired_link_is_refused(client, session, admin, inline, sent):
    application = approve(session, admin)
    invitation = session.scalar(
        select(Invitation).where(Invitation.application_id == application.id)
    )
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()

    response = client.get(link_path(sent[0]))

    assert response.status_code == 404
    assert "expired or has already been used" in response.get_data(as_text=True)


def test_an_unknown_link_is_refused(client):
    response = client.get("/invite/not-a-real-token")

    assert response.status_code == 404
    assert "expired or has already been used" in response.get_data(as_text=True)


def test_an_existing_account_keeps_its_password(client, session, admin, inline, sent):
    person = core_factories.user(session)
    application = approve(session, admin, email=person.email)

    invitation = session.scalar(
        select(Invitation).where(Invitation.application_id == application.id)
    )
    assert invitation.user_id == person.id
    assert not invitation.sets_password
    response = client.get(link_path(sent[0]))
    assert response.status_code == 302
    assert path_of(response.headers["Location"]) == "/login"
    assert verify_password(person.password_hash, core_factories.PASSWORD)


@pytest.fixture
def failing_sender():
    calls = []

    def refuse(message):
        calls.append(message.id)
        raise ConnectionError("gateway down")

    previous = outbox.register_sender(Channel.EMAIL, refuse)
    yield calls
    outbox.register_sender(Channel.EMAIL, previous)


def test_a_failing_sender_is_retried_and_counted(
    session, admin, inline, failing_sender
):
    application = approve(session, admin)

    [message] = outbox_of(session, application)
    session.refresh(message)
    assert len(failing_sender) == jobs.send_message.retries + 1
    assert message.attempts == len(failing_sender)
    assert message.status == DeliveryStatus.PENDING
    assert "gateway down" in message.last_error
    assert "/invite/" in message.body and "…" not in message.body

    for _ in range(outbox.MAX_ATTEMPTS - message.attempts):
        with pytest.raises(outbox.DeliveryFailed):
            outbox.deliver(session, message.id)
    assert message.status == DeliveryStatus.FAILED


def test_stalled_messages_are_sent_again(session, inline, sent):
    message = outbox.queue_message(
        session,
        channel=Channel.SMS,
        recipient="+998901234567",
        subject="Salom",
        body="Sinov",
        locale="uz_Latn",
    )
    message.created_at = utcnow() - timedelta(hours=1)
    session.flush()

    queued = jobs.retry_outbox()
    session.commit()

    session.refresh(message)
    assert queued >= 1
    assert message.status == DeliveryStatus.SENT
    assert {"recipient": "+998901234567", "body": "Sinov"} in sent
