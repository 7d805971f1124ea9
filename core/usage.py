"""Record how each workspace is used: who was active on which day, and
whether from a phone. The programme's figures are built from this.

Requests are counted in memory and written in batches (at most once a
minute per process, or sooner when the buffer grows), so a request costs a
dictionary update, not a database write.
"""

import atexit
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request
from sqlalchemy import Date, Integer, Uuid, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db

log = logging.getLogger(__name__)

TASHKENT = ZoneInfo("Asia/Tashkent")
FLUSH_SECONDS = 60
FLUSH_SIZE = 1000
_PHONE_MARKERS = ("Mobi", "Android", "iPhone", "KAIOS", "Opera Mini")


class UsageDay(db.Model):
    """Requests of one user in one workspace on one day (Tashkent time)."""

    __tablename__ = "usage_days"

    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    phone_requests: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class MonthUsage:
    """A workspace's use in one period."""

    active_days: int
    active_users: int
    requests: int
    phone_share: float


class Recorder:
    """Count requests in memory; write them in batches."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple, list[int]] = {}
        self._last_flush = time.monotonic()

    def note(self, tenant_id: uuid.UUID, user_id: uuid.UUID, phone: bool) -> None:
        """Count one request of `user_id` in `tenant_id` today."""
        key = (tenant_id, datetime.now(TASHKENT).date(), user_id)
        with self._lock:
            counts = self._counts.setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += int(phone)

    def due(self) -> bool:
        """Return True when the buffer should be written now."""
        return bool(self._counts) and (
            len(self._counts) >= FLUSH_SIZE
            or time.monotonic() - self._last_flush >= FLUSH_SECONDS
        )

    def take(self) -> dict[tuple, list[int]]:
        """Empty the buffer and return what it held."""
        with self._lock:
            taken, self._counts = self._counts, {}
            self._last_flush = time.monotonic()
        return taken


def is_phone(user_agent: str) -> bool:
    """Return True when a User-Agent string looks like a phone's browser."""
    return any(marker in user_agent for marker in _PHONE_MARKERS)


def note(tenant_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """Count the current request as use of the workspace by the user."""
    phone = is_phone(request.headers.get("User-Agent", ""))
    current_app.extensions["mijoz_usage"].note(tenant_id, user_id, phone)


def write(session: Session, counts: dict[tuple, list[int]]) -> None:
    """Add buffered counts to the table, one upsert for the batch."""
    if not counts:
        return
    rows = [
        {
            "tenant_id": tenant_id,
            "day": day,
            "user_id": user_id,
            "requests": total,
            "phone_requests": phone,
        }
        for (tenant_id, day, user_id), (total, phone) in counts.items()
    ]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(UsageDay).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["tenant_id", "day", "user_id"],
        set_={
            "requests": UsageDay.requests + statement.excluded.requests,
            "phone_requests": UsageDay.phone_requests
            + statement.excluded.phone_requests,
        },
    )
    session.execute(statement)


def flush(app: Flask) -> None:
    """Write the app's buffered counts in a transaction of their own."""
    counts = app.extensions["mijoz_usage"].take()
    if not counts:
        return
    try:
        with app.app_context():
            write(db.session, counts)
            db.session.commit()
    except Exception:
        # Usage figures must never break a request; these counts are lost.
        log.exception("usage counts not written", extra={"rows": len(counts)})


def period_usage(
    session: Session, tenant_id: uuid.UUID, start: date, end: date
) -> MonthUsage:
    """Return a workspace's use from `start` to `end` (inclusive)."""
    row = session.execute(
        select(
            func.count(func.distinct(UsageDay.day)),
            func.count(func.distinct(UsageDay.user_id)),
            func.coalesce(func.sum(UsageDay.requests), 0),
            func.coalesce(func.sum(UsageDay.phone_requests), 0),
        ).where(
            UsageDay.tenant_id == tenant_id,
            UsageDay.day >= start,
            UsageDay.day <= end,
        )
    ).one()
    days, users, total, phone = row
    return MonthUsage(days, users, total, phone / total if total else 0.0)


def init_app(app: Flask) -> None:
    """Give the app a recorder and write its counts after requests."""
    recorder = Recorder()
    app.extensions["mijoz_usage"] = recorder

    @app.teardown_request
    def _maybe_flush(error) -> None:
        if recorder.due():
            flush(app)

    atexit.register(flush, app)
