"""Logs as JSON lines with request, tenant and user; health and metrics."""

import json
import logging
import re
import sys
import time
import uuid

from flask import Blueprint, Response, current_app, g, has_request_context, request
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from sqlalchemy import text

from core import jobs, tenancy
from core.extensions import db

bp = Blueprint("health", __name__)

REQUESTS = Counter(
    "mijoz_http_requests_total", "HTTP requests", ["method", "endpoint", "status"]
)
LATENCY = Histogram(
    "mijoz_http_request_seconds", "Time to answer a request", ["endpoint"]
)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Write each record as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class ContextFilter(logging.Filter):
    """Stamp the request id, tenant, user and job on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.tenant = str(tenancy.current_tenant_id() or "") or None
        record.job_id = jobs.current_job_id()
        if has_request_context():
            record.request_id = g.get("request_id")
            record.user = g.get("user_id")
        return True


def configure_logging(app) -> None:
    """Send the app's logs to stderr, as JSON when configured."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    if app.config["MIJOZ_LOG_JSON"]:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )

    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "mijoz", False)]:
        root.removeHandler(old)
    handler.mijoz = True
    root.addHandler(handler)
    root.setLevel(app.config["MIJOZ_LOG_LEVEL"])


def _start_request() -> None:
    offered = request.headers.get("X-Request-ID", "")
    g.request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _finish_request(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    endpoint = request.endpoint or "unmatched"
    REQUESTS.labels(request.method, endpoint, response.status_code).inc()
    if "started" in g:
        LATENCY.labels(endpoint).observe(time.perf_counter() - g.started)
    return response


@bp.get("/healthz")
def healthz():
    """Answer that the process is alive."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Answer whether the database and Redis can be reached."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:
        current_app.logger.exception("database not ready")
        checks["database"] = "unavailable"
    finally:
        db.session.rollback()

    if current_app.config.get("REDIS_URL"):
        try:
            jobs.redis_connection().ping()
            checks["redis"] = "ok"
        except Exception:
            current_app.logger.exception("redis not ready")
            checks["redis"] = "unavailable"

    ready = all(value == "ok" for value in checks.values())
    return {"status": "ok" if ready else "unavailable", **checks}, (
        200 if ready else 503
    )


@bp.get("/metrics")
def metrics():
    """Expose request counts and latencies for Prometheus."""
    # TODO: each gunicorn worker keeps its own counters; prometheus_client's
    # multiprocess mode (PROMETHEUS_MULTIPROC_DIR) would sum them.
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)


def init_app(app) -> None:
    """Wire logging, request ids and the health endpoints into the app."""
    configure_logging(app)
    app.before_request(_start_request)
    app.after_request(_finish_request)
    app.register_blueprint(bp)
