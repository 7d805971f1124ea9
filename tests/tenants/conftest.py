import pytest

from tenants import services


@pytest.fixture
def token(session, firm):
    """An API token of the first firm's owner."""
    _, secret = services.create_token(session, firm.tenant, firm.owner, "test")
    session.commit()
    return secret


@pytest.fixture
def other_token(session, other_firm):
    _, secret = services.create_token(
        session, other_firm.tenant, other_firm.owner, "test"
    )
    session.commit()
    return secret


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}
