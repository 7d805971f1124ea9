"""Create users, check their passwords and manage their login sessions."""

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit
from core.accounts.models import ProgrammeRole, User, UserSession
from core.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from core.audit import utcnow

log = logging.getLogger(__name__)

# A real hash to check against when the e-mail is unknown, so a wrong e-mail
# takes as long as a wrong password.
_DUMMY_HASH = hash_password("not-a-real-password-0")


class AccountError(ValueError):
    """A request about an account that cannot be carried out; the message
    is meant for the user."""


def normalise_email(email: str) -> str:
    """Return the e-mail address trimmed and in lower case."""
    return email.strip().lower()


def create_user(
    session: Session,
    email: str,
    name: str,
    password: str,
    programme_role: ProgrammeRole | None = None,
    phone: str | None = None,
) -> User:
    """Add a user and return it; raise AccountError if the password or the
    e-mail is not acceptable."""
    problem = password_problem(password)
    if problem:
        raise AccountError(str(problem))

    email = normalise_email(email)
    if session.scalar(select(User.id).where(User.email == email)):
        raise AccountError(
            str(_l("A user with the e-mail %(email)s already exists.", email=email))
        )

    user = User(
        email=email,
        name=name.strip(),
        phone=phone,
        password_hash=hash_password(password),
        programme_role=programme_role,
    )
    session.add(user)
    session.flush()
    audit.record(session, "user.create", user, email=email)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user whose e-mail and password match, or None.

    Every attempt, good or bad, goes to the audit log.
    """
    email = normalise_email(email)
    user = session.scalar(select(User).where(User.email == email))

    if user is None:
        verify_password(_DUMMY_HASH, password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password) and user.active

    audit.record(
        session,
        "login.success" if ok else "login.failure",
        user,
        actor_id=user.id if ok else None,
        email=email,
    )
    log.info("login attempt", extra={"email": email, "success": ok})
    if not ok:
        return None

    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def start_session(
    session: Session, user: User, ip: str | None, user_agent: str | None
) -> str:
    """Open a login session for `user` and return its key for the cookie."""
    key = UserSession.new_key()
    session.add(
        UserSession(
            key_hash=UserSession.hash_key(key),
            user_id=user.id,
            ip=ip,
            user_agent=(user_agent or "")[:300],
        )
    )
    user.session_key = key
    return key


def load_session_user(session: Session, key: str) -> User | None:
    """Return the active user of the open login session `key`, or None."""
    row = session.scalar(
        select(UserSession).where(
            UserSession.key_hash == UserSession.hash_key(key),
            UserSession.ended_at.is_(None),
        )
    )
    if row is None or not row.user.active:
        return None
    row.user.session_key = key
    return row.user


def end_session(session: Session, key: str) -> None:
    """End the login session `key`; its cookie is refused from now on."""
    session.execute(
        update(UserSession)
        .where(
            UserSession.key_hash == UserSession.hash_key(key),
            UserSession.ended_at.is_(None),
        )
        .values(ended_at=utcnow())
    )


def purge_ended_sessions(session: Session, before) -> int:
    """Delete sessions that ended before `before`; return how many."""
    result = session.execute(
        UserSession.__table__.delete().where(UserSession.ended_at < before)
    )
    return result.rowcount
