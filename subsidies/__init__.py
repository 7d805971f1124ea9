"""Subsidy schemes, approvals, entitlements and the ledger."""


def init_app(app) -> None:
    """Register the package's pages, API and jobs (none yet)."""
