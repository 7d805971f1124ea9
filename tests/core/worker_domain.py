"""A domain package for the worker drill: one job that can be interrupted."""

import time
from pathlib import Path

from core import jobs


@jobs.job("tests.core.worker_domain.interrupted", retries=2)
def interrupted(marker: str) -> None:
    """Note each start; the first run waits long enough to be killed."""
    path = Path(marker)
    first = not path.exists()
    with path.open("a") as out:
        out.write("start\n")
    if first:
        time.sleep(90)
    with path.open("a") as out:
        out.write("done\n")


def init_app(app) -> None:
    """Nothing to register beyond the job above."""
