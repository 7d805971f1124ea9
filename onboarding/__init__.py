"""Programme enrolment, onboarding workflow and technical assistance."""


def init_app(app) -> None:
    """Register the package's pages, API and jobs (none yet)."""
