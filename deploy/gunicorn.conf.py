"""Gunicorn settings for the Mijoz web process.

Used as ``gunicorn -c deploy/gunicorn.conf.py wsgi:app`` by the container image
and the systemd unit alike. What differs between machines comes from the
environment:

- ``MIJOZ_BIND``: one or more listeners, comma-separated
  (default ``127.0.0.1:5000``; ``unix:/run/mijoz/web.sock`` works too).
- ``MIJOZ_WEB_WORKERS``: an upper bound on the worker count.
- ``MIJOZ_FORWARDED_ALLOW_IPS``: the proxies whose ``X-Forwarded-Proto`` is
  believed (default: loopback only).
- ``MIJOZ_LOG_LEVEL``: shared with the app (default ``info``).
"""

import json
import os
from datetime import UTC, datetime

from gunicorn import glogging


def _cpu_count():
    """Return how many CPUs this process may use (its affinity, not the host)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _worker_count():
    """Return ``2 * cores + 1``, lowered to ``MIJOZ_WEB_WORKERS`` when set."""
    workers = 2 * _cpu_count() + 1
    cap = os.environ.get("MIJOZ_WEB_WORKERS", "").strip()
    if cap:
        workers = min(workers, max(1, int(cap)))

    return workers


def _listeners():
    """Return the addresses to bind, from ``MIJOZ_BIND``."""
    raw = os.environ.get("MIJOZ_BIND", "127.0.0.1:5000")
    return [address.strip() for address in raw.split(",") if address.strip()]


class _JsonAtoms(glogging.SafeAtoms):
    """Log atoms escaped for use inside a JSON string.

    Gunicorn's own wrapper escapes only double quotes; a backslash or a
    control character in a header would still break the line.
    """

    def __init__(self, atoms):
        dict.__init__(self)
        for key, value in atoms.items():
            if isinstance(value, str):
                value = json.dumps(value)[1:-1]
            self[key] = value


class JsonAccessLogger(glogging.Logger):
    """Gunicorn logger whose access lines are one JSON object each."""

    atoms_wrapper_class = _JsonAtoms

    def atoms(self, resp, req, environ, request_time):
        """Return gunicorn's atoms with an ISO time and numeric bytes and ms."""
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["t"] = datetime.now(UTC).isoformat(timespec="milliseconds")
        atoms["B"] = atoms.get("B") or 0
        atoms["M"] = round(request_time.total_seconds() * 1000, 1)
        return atoms


bind = _listeners()
workers = _worker_count()

# One request per process: the tenant is set per database transaction and held
# in context variables, and each process owns one connection pool, so workers
# times pool size is the whole PostgreSQL connection budget; nginx buffers slow
# clients, which is what a sync worker needs in front of it.
worker_class = "sync"
threads = 1

timeout = 30
graceful_timeout = 30
# Read by the threaded and async workers only; sync closes after each response.
keepalive = 5

# Recycle workers now and then so a slow leak never grows; the jitter keeps
# them from all restarting at the same moment.
max_requests = 2000
max_requests_jitter = 200

# Import the app after forking: no shared DB/Redis sockets, and HUP loads new code.
preload_app = False

forwarded_allow_ips = os.environ.get("MIJOZ_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The heartbeat file lives in memory: on a container's overlay filesystem a
# blocked disk write can make the master kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

proc_name = "mijoz-web"

# Nothing here uses gunicornc; without this, newer gunicorn releases open a
# control socket under $HOME, which the hardened units do not let it write.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("MIJOZ_LOG_LEVEL", "info").lower()
logger_class = JsonAccessLogger

# The query string is left out on purpose: search terms such as a customer's
# phone number or name must not end up in the access log.
access_log_format = (
    '{"log": "access", "time": "%(t)s", "remote_addr": "%(h)s", '
    '"forwarded_for": "%({x-forwarded-for}i)s", "method": "%(m)s", '
    '"path": "%(U)s", "status": %(s)s, "bytes": %(B)s, '
    '"duration_ms": %(M)s, "request_id": "%({x-request-id}i)s", '
    '"user_agent": "%(a)s"}'
)
