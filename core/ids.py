"""Make time-ordered identifiers."""

import uuid

from uuid_utils.compat import uuid7


def new_id() -> uuid.UUID:
    """Return a fresh UUIDv7: time-ordered, unguessable, made by the app."""
    return uuid7()
