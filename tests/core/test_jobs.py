"""Jobs run only after their transaction commits, once, with retries."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import jobs

calls: list[tuple] = []


@jobs.job("tests.record")
def record(value: str) -> None:
    calls.append(("record", value))
    jobs.progress(1, 1)


attempts = {"n": 0}


@jobs.job("tests.flaky", retries=2)
def flaky() -> None:
    attempts["n"] += 1
    if attempts["n"] < 3:
        raise RuntimeError("not yet")
    calls.append(("flaky", attempts["n"]))


@pytest.fixture(autouse=True)
def _clean():
    calls.clear()
    attempts["n"] = 0


@pytest.fixture
def inline(app):
    if not app.config["MIJOZ_JOBS_INLINE"]:
        pytest.skip("jobs go to RQ when REDIS_URL is set")


def test_job_runs_after_commit_not_before(session, inline):
    job_id = record.enqueue("a")

    assert calls == []
    assert jobs.status(job_id)["state"] == "pending"
    session.commit()

    assert calls == [("record", "a")]
    assert jobs.status(job_id) | {"owner": ""} == {
        "state": "finished",
        "done": 1,
        "total": 1,
        "owner": "",
    }


def test_rolled_back_transaction_drops_its_jobs(session, inline):
    record.enqueue("gone")
    session.rollback()
    session.commit()

    assert calls == []


def test_savepoint_rollback_drops_only_its_own_jobs(session, inline):
    record.enqueue("outer")
    nested = session.begin_nested()
    record.enqueue("inner")
    nested.rollback()
    session.commit()

    assert calls == [("record", "outer")]


def test_released_savepoint_keeps_its_jobs(session, inline):
    with session.begin_nested():
        record.enqueue("inner")
    session.commit()

    assert calls == [("record", "inner")]


def test_failing_job_is_retried(session, inline):
    flaky.enqueue()
    session.commit()

    assert calls == [("flaky", 3)]


def test_job_names_are_unique_and_declared(app):
    assert jobs.get("tests.record") is record
    with pytest.raises(ValueError):
        jobs.job(queue="nowhere")


def test_unknown_job_status_is_none(app):
    assert jobs.status("no-such-job") is None


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis")
def test_job_goes_to_rq_after_commit_with_retry_and_timeout(session, app):
    from rq.job import Job as RQJob

    job_id = record.enqueue("queued")
    connection = jobs.redis_connection(app)
    assert not connection.exists(f"rq:job:{job_id}")

    session.commit()

    queued = RQJob.fetch(job_id, connection=connection)
    assert queued.origin == "default"
    assert queued.retries_left == 3
    assert queued.timeout == 600
    assert jobs.status(job_id)["state"] == "queued"
    queued.cancel()
    queued.delete()


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis")
def test_job_of_a_killed_worker_is_picked_up_within_two_minutes(
    app, database_urls, tmp_path
):
    """Kill a worker with SIGKILL in the middle of a job; a fresh worker
    must finish that job well inside two minutes."""
    from rq import Queue, Retry

    marker = tmp_path / "marker"
    queue = Queue("default", connection=jobs.redis_connection(app))
    job_id = f"drill-{os.getpid()}-{time.time_ns()}"
    queue.enqueue(
        "core.jobs.execute",
        "tests.core.worker_domain.interrupted",
        job_id,
        (str(marker),),
        {},
        job_id=job_id,
        job_timeout=600,
        retry=Retry(max=2, interval=[1]),
    )

    first = _start_worker(database_urls)
    _wait_for(lambda: marker.exists() and "start" in marker.read_text(), 60)
    # RQ's work horse runs in a session of its own: kill it and the worker,
    # as a crash of the machine would.
    children = Path(f"/proc/{first.pid}/task/{first.pid}/children").read_text()
    for pid in [*map(int, children.split()), first.pid]:
        os.kill(pid, signal.SIGKILL)
    first.wait()
    killed_at = time.monotonic()

    second = _start_worker(database_urls)
    try:
        _wait_for(lambda: "done" in marker.read_text(), 150)
        took = time.monotonic() - killed_at
    finally:
        second.terminate()
        second.wait(timeout=30)

    assert marker.read_text().count("start") == 2
    assert took < 120


def _start_worker(database_urls):
    env = os.environ | {
        "MIJOZ_DOMAINS": "tenants,tests.core.worker_domain",
        "DATABASE_URL": database_urls[0],
        "MIJOZ_APP_DATABASE_URL": database_urls[1],
    }
    return subprocess.Popen(
        [sys.executable, "-m", "core.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"not done within {seconds} s")


def test_progress_is_readable_only_by_who_started_the_job(client, session, inline):
    from tests import factories

    starter, stranger = factories.user(session), factories.user(session)
    session.commit()
    factories.login(client, starter.email)
    with client.application.test_request_context():
        from flask_login import login_user

        login_user(starter)
        job_id = record.enqueue("mine")
    session.commit()

    mine = client.get(f"/jobs/{job_id}")
    assert mine.status_code == 200
    assert mine.json == {"state": "finished", "done": 1, "total": 1}

    other = client.application.test_client()
    factories.login(other, stranger.email)
    assert other.get(f"/jobs/{job_id}").status_code == 404
    assert other.get("/jobs/no-such-job").status_code == 404


def test_periodic_jobs_are_declared_with_fixed_ids(app):
    entries = {entry.id: entry for entry in jobs.schedule()}

    assert entries["core.purge-sessions"].job == "core.accounts.purge_sessions"
    assert jobs.get(entries["core.purge-sessions"].job)
