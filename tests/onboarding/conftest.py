import pytest

from core.accounts.models import ProgrammeRole
from onboarding import outbox
from onboarding.models import Channel
from tests import factories
from tests.onboarding.factories import staff


@pytest.fixture
def admin(session):
    return staff(session, ProgrammeRole.ADMIN)


@pytest.fixture
def officer(session):
    return staff(session, ProgrammeRole.OFFICER)


@pytest.fixture
def analyst(session):
    return staff(session, ProgrammeRole.ANALYST)


@pytest.fixture
def consultant(session):
    return staff(session, ProgrammeRole.CONSULTANT)


@pytest.fixture
def inline(app):
    """Run only where jobs run in-process right after the commit."""
    if not app.config["MIJOZ_JOBS_INLINE"]:
        pytest.skip("jobs go to RQ when REDIS_URL is set")


@pytest.fixture
def sent():
    """Collect the messages the outbox hands over, instead of logging them."""
    messages = []

    def capture(message):
        messages.append({"recipient": message.recipient, "body": message.body})

    previous = {
        channel: outbox.register_sender(channel, capture) for channel in Channel
    }
    yield messages
    for channel, sender in previous.items():
        outbox.register_sender(channel, sender)


@pytest.fixture
def sign_in(app, session):
    """Return a function that gives a client signed in as a user."""

    def signed_in(user):
        session.commit()
        client = app.test_client()
        client.set_cookie("mijoz_lang", "en")
        response = factories.login(client, user.email)
        assert response.status_code == 302
        return client

    return signed_in


@pytest.fixture
def client(app):
    """A client that reads the pages in English, the language of the source
    strings, so the tests hold however the catalogues are translated."""
    client = app.test_client()
    client.set_cookie("mijoz_lang", "en")
    return client
