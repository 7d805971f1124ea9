"""Users, their programme roles and their login sessions."""

import enum
import hashlib
import secrets
import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.audit import utcnow
from core.extensions import db
from core.ids import new_id


class ProgrammeRole(enum.StrEnum):
    """What a member of the programme's staff may do in the console."""

    ADMIN = "admin"
    OFFICER = "officer"
    CONSULTANT = "consultant"
    ANALYST = "analyst"


class User(db.Model):
    """A person who signs in: programme staff, or a firm's owner or staff."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    programme_role: Mapped[ProgrammeRole | None] = mapped_column(
        Enum(ProgrammeRole, native_enum=False, length=20)
    )
    locale: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # Set for the request by the login loader; Flask-Login stores it.
    session_key = None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        """Return the login session's key: the cookie names a session, not
        a user, so logging out ends exactly that session."""
        return self.session_key

    def has_role(self, *roles: ProgrammeRole) -> bool:
        """Return True when the user holds one of the programme roles."""
        return self.programme_role in roles


class UserSession(db.Model):
    """One signed-in device. The cookie carries a random key; we keep only
    its hash, and a session that has ended is refused even if replayed."""

    __tablename__ = "user_sessions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User] = relationship(lazy="joined")

    @staticmethod
    def new_key() -> str:
        """Return a fresh random session key for the cookie."""
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(key: str) -> str:
        """Return the stored form of a session key."""
        return hashlib.sha256(key.encode()).hexdigest()
