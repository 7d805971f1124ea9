"""Hash, check and judge passwords."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_LIMIT = 10_000

_hasher = PasswordHasher()  # argon2id with the library's current defaults


def hash_password(password: str) -> str:
    """Return an argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Return True when `password` matches `stored_hash`."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Return True when the hash was made with weaker parameters than now."""
    return _hasher.check_needs_rehash(stored_hash)


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"][:COMMON_LIMIT])


def password_problem(password: str) -> str | None:
    """Return why `password` is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return _l("The password must be at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("The password must be at most %(n)d characters.", n=MAX_LENGTH)
    if password.lower() in _common_passwords():
        return _l("This password is one of the most common; choose another.")
    return None
