"""Messages to applicants: kept in the outbox, handed to a sender per channel.

A sender is any callable that takes an `OutboxMessage` and raises when it
could not deliver it. `register_sender` plugs one in for a channel; without
one, messages go to the log.
"""

import logging
import re
import uuid
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import utcnow
from onboarding.models import Channel, DeliveryStatus, OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
Sender = Callable[[OutboxMessage], None]
_senders: dict[Channel, Sender] = {}
_ONE_TIME_LINK = re.compile(r"(/invite/)[A-Za-z0-9_-]+")


class DeliveryFailed(Exception):
    """A sender could not deliver a message; it will be tried again."""


def log_sender(message: OutboxMessage) -> None:
    """Write the message to the log, which is its only delivery for now."""
    # TODO: plug in the SMS gateway adapter (Eskiz or Play Mobile) and the
    # e-mail adapter (SMTP) with register_sender; until then an operator
    # forwards what is logged here, link included.
    log.info(
        "outbox message %s to %s: %s\n%s",
        message.channel,
        message.recipient,
        message.subject,
        message.body,
        extra={
            "message_id": str(message.id),
            "channel": str(message.channel),
            "recipient": message.recipient,
        },
    )


def register_sender(channel: Channel, sender: Sender | None) -> Sender | None:
    """Use `sender` for a channel (None: back to the log); return the old one."""
    previous = _senders.get(channel)
    if sender is None:
        _senders.pop(channel, None)
    else:
        _senders[channel] = sender
    return previous


def queue_message(
    session: Session,
    *,
    channel: Channel,
    recipient: str,
    subject: str,
    body: str,
    locale: str,
    application_id: uuid.UUID | None = None,
) -> OutboxMessage:
    """Put a message in the outbox and return it; a job sends it."""
    message = OutboxMessage(
        channel=channel,
        recipient=recipient,
        subject=subject[:200],
        body=body,
        locale=locale,
        application_id=application_id,
        status=DeliveryStatus.PENDING,
        attempts=0,
    )
    session.add(message)
    session.flush()
    return message


def deliver(session: Session, message_id: uuid.UUID) -> DeliveryStatus | None:
    """Hand a pending message to its sender; return its status afterwards,
    or None when there is no such message.

    A message already sent is left alone, so a repeated job sends nothing
    twice. When the sender fails the attempt is counted, the message stays
    pending until MAX_ATTEMPTS and then fails, and DeliveryFailed is raised.
    """
    message = session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None or message.status != DeliveryStatus.PENDING:
        return message.status if message else None

    message.attempts += 1
    sender = _senders.get(message.channel, log_sender)
    try:
        sender(message)
    except Exception as error:
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = DeliveryStatus.FAILED
        log.warning(
            "outbox delivery failed",
            extra={"message_id": str(message.id), "attempts": message.attempts},
        )
        raise DeliveryFailed(str(message.id)) from error

    message.status = DeliveryStatus.SENT
    message.sent_at = utcnow()
    message.last_error = None
    # A one-time link is a password until it is used; once handed over it
    # need not stay readable in the database.
    message.body = _ONE_TIME_LINK.sub(r"\1…", message.body)
    return message.status


def stalled(session: Session, older_than: timedelta) -> list[uuid.UUID]:
    """Return the ids of messages still pending after `older_than`."""
    return list(
        session.scalars(
            select(OutboxMessage.id).where(
                OutboxMessage.status == DeliveryStatus.PENDING,
                OutboxMessage.created_at < utcnow() - older_than,
            )
        )
    )
