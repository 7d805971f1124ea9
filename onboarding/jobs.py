"""Background jobs of onboarding: provisioning and sending the outbox."""

import logging
import uuid
from datetime import timedelta

from core.extensions import db
from core.jobs import job, periodic
from onboarding import outbox, provisioning

log = logging.getLogger(__name__)

# A message still pending this long lost its job (a worker died, a queue
# was flushed) or is waiting for its next attempt.
STALLED_AFTER = timedelta(minutes=10)


@job("onboarding.provision", queue="high", timeout=120, retries=3)
def provision(application_id: str, base_url: str) -> str | None:
    """Provision an approved application's workspace and send the invitation.

    Running it again for the same application creates nothing more.
    """
    message_id = provisioning.provision(db.session, uuid.UUID(application_id), base_url)
    if message_id is None:
        return None
    send_message.enqueue(str(message_id))
    return str(message_id)


@job("onboarding.send_message", queue="default", timeout=60, retries=3)
def send_message(message_id: str) -> str | None:
    """Deliver one outbox message; return its status afterwards."""
    try:
        status = outbox.deliver(db.session, uuid.UUID(message_id))
    except outbox.DeliveryFailed:
        # Keep the counted attempt and the error, though the job fails and
        # is retried: the failure itself rolls back everything not committed.
        db.session.commit()
        raise
    return str(status) if status else None


@job("onboarding.retry_outbox", queue="low", timeout=300, retries=0)
def retry_outbox() -> int:
    """Queue a send for every message that has been pending too long;
    return how many."""
    stalled = outbox.stalled(db.session, STALLED_AFTER)
    for message_id in stalled:
        send_message.enqueue(str(message_id))
    if stalled:
        log.info("outbox messages queued again", extra={"count": len(stalled)})
    return len(stalled)


periodic("onboarding.retry-outbox", retry_outbox.name, "*/10 * * * *")
