"""Activity facts, adoption indicators and the public statistics API."""


def init_app(app) -> None:
    """Register the package's pages, API and jobs (none yet)."""
