"""Declare background jobs and enqueue them once the transaction commits.

    @job(queue="low", timeout=600, retries=3)
    def rebuild_facts(tenant_id: str) -> None: ...

    rebuild_facts.enqueue(str(tenant.id))   # runs after db.session commits

Without REDIS_URL a job runs in this process right after the commit, in a
fresh app context; with it, RQ workers run it. Either way it gets an id at
enqueue time, its progress can be read by id, it is retried with backoff,
and it must be idempotent: a retried or re-enqueued job may run twice.
"""

import logging
import os
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar, copy_context
from dataclasses import dataclass, field

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from core import tenancy
from core.extensions import db

log = logging.getLogger(__name__)

QUEUES = ("high", "default", "low")
BACKOFF = (10, 60, 300)
STATUS_TTL = 24 * 3600
PENDING_KEY = "mijoz_pending_jobs"

# Worker settings that bring back a job whose worker died: its entry in the
# started registry lapses 60 s after the last heartbeat (every 5 s);
# maintenance, every 20 s, turns a lapsed job into a retry. An idle worker
# only runs maintenance between waits on the queue, and waits worker_ttl
# - 15 s, so the ttl is kept short. A surviving worker takes over the dead
# one's scheduler lock within 20 s of it lapsing (RQ waits 120 s) and queues
# the retry. About 90 s in all; RQ's defaults take over ten minutes.
MONITORING_INTERVAL = 5
MAINTENANCE_INTERVAL = 20
WORKER_TTL = 35
SCHEDULER_TAKEOVER = 20

_registry: dict[str, "Job"] = {}
_periodic: dict[str, "Periodic"] = {}
_current_job: ContextVar[str | None] = ContextVar("mijoz_job", default=None)
_memory_status: dict[str, dict] = {}


@dataclass(frozen=True)
class Job:
    """A function that runs in the background, with its run settings."""

    name: str
    func: Callable
    queue: str = "default"
    timeout: int = 600
    retries: int = 3

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

    def enqueue(self, *args, job_id: str | None = None, **kwargs) -> str:
        """Queue a run for after the current transaction commits; return
        its id. Arguments must be plain values (ids, not objects)."""
        job_id = job_id or uuid.uuid4().hex
        session = db.session()
        _pending(session).append(
            (_innermost(session), _Pending(self.name, args, kwargs, job_id))
        )
        _set_status(job_id, state="pending", owner=_requester())
        return job_id


@dataclass(frozen=True)
class Periodic:
    """A job that `mijoz cron` enqueues on a schedule (cron syntax, UTC)."""

    id: str
    job: str
    cron: str
    args: tuple = ()


@dataclass
class _Pending:
    name: str
    args: tuple
    kwargs: dict
    job_id: str
    extra: dict = field(default_factory=dict)


def job(
    name: str | None = None,
    *,
    queue: str = "default",
    timeout: int = 600,
    retries: int = 3,
) -> Callable[[Callable], Job]:
    """Declare a job; its name defaults to `module.function`."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")

    def register(func: Callable) -> Job:
        declared = Job(
            name or f"{func.__module__}.{func.__name__}",
            func,
            queue,
            timeout,
            retries,
        )
        _registry[declared.name] = declared
        return declared

    return register


def periodic(id: str, job_name: str, cron: str, args: tuple = ()) -> None:
    """Declare a periodic job with a fixed id, so it is scheduled once."""
    _periodic[id] = Periodic(id, job_name, cron, args)


def schedule() -> list[Periodic]:
    """Return the declared periodic jobs."""
    return list(_periodic.values())


def get(name: str) -> Job:
    """Return the declared job called `name`."""
    return _registry[name]


# -- after-commit dispatch ----------------------------------------------


def _pending(session: Session) -> list:
    return session.info.setdefault(PENDING_KEY, [])


def _innermost(session: Session):
    if not session.in_transaction():
        session.begin()  # so a rollback right after drops the job too
    return session.get_nested_transaction() or session.get_transaction()


def _inside(transaction, ancestor) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _drop_rolled_back(session: Session, previous_transaction) -> None:
    """Forget the jobs queued inside a transaction that rolled back."""
    pending = session.info.get(PENDING_KEY)
    if pending:
        pending[:] = [
            item for item in pending if not _inside(item[0], previous_transaction)
        ]


def _dispatch(session: Session) -> None:
    """Hand over the jobs of a committed transaction."""
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    app = current_app._get_current_object()
    for _, item in pending:
        if app.config["MIJOZ_JOBS_INLINE"]:
            _run_inline(app, item)
        else:
            _send_to_rq(app, item)


def install(session_class) -> None:
    """Hook job dispatch into session commits and rollbacks."""
    if event.contains(session_class, "after_commit", _dispatch):
        return
    event.listen(session_class, "after_commit", _dispatch)
    event.listen(session_class, "after_soft_rollback", _drop_rolled_back)


# -- running --------------------------------------------------------------


def _run_inline(app, item: _Pending) -> None:
    """Run a job now in a fresh app context, with its retries."""
    declared = _registry[item.name]
    for attempt in range(declared.retries + 1):
        with app.app_context():
            try:
                # A copy of the context keeps the job's tenant out of ours.
                copy_context().run(
                    execute, item.name, item.job_id, item.args, item.kwargs
                )
                return
            except Exception:
                log.exception(
                    "job failed", extra={"job": item.name, "attempt": attempt}
                )


def _send_to_rq(app, item: _Pending) -> None:
    from rq import Queue, Retry
    from rq.exceptions import NoSuchJobError
    from rq.job import Job as RQJob

    declared = _registry[item.name]
    connection = redis_connection(app)
    try:
        existing = RQJob.fetch(item.job_id, connection=connection)
        if existing.get_status() in ("queued", "started", "deferred", "scheduled"):
            log.info("job already queued", extra={"job_id": item.job_id})
            return
    except NoSuchJobError:
        pass

    queue = Queue(declared.queue, connection=connection)
    queue.enqueue(
        "core.jobs.execute",
        item.name,
        item.job_id,
        item.args,
        item.kwargs,
        job_id=item.job_id,
        job_timeout=declared.timeout,
        retry=Retry(max=declared.retries, interval=list(BACKOFF))
        if declared.retries
        else None,
        result_ttl=STATUS_TTL,
        failure_ttl=7 * STATUS_TTL,
    )
    _set_status(item.job_id, state="queued")


_engine_pid: int | None = None


def execute(name: str, job_id: str, args: tuple, kwargs: dict):
    """Run a declared job by name inside an app context; RQ calls this."""
    if not has_app_context():
        from core.app import create_app

        with create_app().app_context():
            return execute(name, job_id, args, kwargs)

    _fresh_connections_after_fork()
    declared = _registry[name]
    token = _current_job.set(job_id)
    tenancy.reset()
    _set_status(job_id, state="running")
    started = time.monotonic()
    try:
        result = declared.func(*args, **kwargs)
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        _set_status(job_id, state="failed", error=type(error).__name__)
        raise
    finally:
        tenancy.reset()
        _current_job.reset(token)

    _set_status(job_id, state="finished")
    log.info(
        "job finished",
        extra={"job": name, "job_id": job_id, "seconds": time.monotonic() - started},
    )
    return result


def _fresh_connections_after_fork() -> None:
    """Drop pooled connections inherited from a parent process."""
    global _engine_pid
    if _engine_pid != os.getpid():
        if _engine_pid is not None:
            db.engine.dispose(close=False)
        _engine_pid = os.getpid()


# -- status and progress ------------------------------------------------


def _requester() -> str:
    """Return the id of the signed-in user who asked for a job, or ''."""
    from flask import has_request_context
    from flask_login import current_user

    if has_request_context() and current_user and current_user.is_authenticated:
        return str(current_user.id)
    return ""


def current_job_id() -> str | None:
    """Return the id of the job running now, or None outside a job."""
    return _current_job.get()


def progress(done: int, total: int) -> None:
    """Report how far the running job has got."""
    job_id = _current_job.get()
    if job_id:
        _set_status(job_id, done=done, total=total)


def status(job_id: str) -> dict | None:
    """Return what is known of a job: state, done, total; None if unknown."""
    store = _redis_or_none()
    if store is None:
        found = _memory_status.get(job_id)
        return dict(found) if found else None
    found = store.hgetall(f"mijoz:job:{job_id}")
    if not found:
        return None
    data = {k.decode(): v.decode() for k, v in found.items()}
    for key in ("done", "total"):
        if key in data:
            data[key] = int(data[key])
    return data


def _set_status(job_id: str, **values) -> None:
    store = _redis_or_none()
    if store is None:
        _memory_status.setdefault(job_id, {}).update(values)
        return
    key = f"mijoz:job:{job_id}"
    pipe = store.pipeline()
    pipe.hset(key, mapping={k: str(v) for k, v in values.items()})
    pipe.expire(key, STATUS_TTL)
    pipe.execute()


def redis_connection(app=None):
    """Return the shared Redis client of the app."""
    app = app or current_app
    client = app.extensions.get("mijoz_redis")
    if client is None:
        from redis import Redis

        client = Redis.from_url(app.config["REDIS_URL"])
        app.extensions["mijoz_redis"] = client
    return client


def _redis_or_none():
    if not has_app_context() or not current_app.config.get("REDIS_URL"):
        return None
    return redis_connection()
