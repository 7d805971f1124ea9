"""Periodic upkeep of accounts."""

from datetime import timedelta

from core import jobs
from core.accounts.services import purge_ended_sessions
from core.audit import utcnow
from core.extensions import db

KEEP_ENDED_SESSIONS = timedelta(days=30)


@jobs.job("core.accounts.purge_sessions", queue="low", timeout=300)
def purge_sessions() -> int:
    """Delete login sessions that ended over 30 days ago; return how many."""
    return purge_ended_sessions(db.session, utcnow() - KEEP_ENDED_SESSIONS)


jobs.periodic("core.purge-sessions", purge_sessions.name, "30 3 * * *")
