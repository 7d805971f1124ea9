"""The shared platform of Mijoz."""


def create_app(overrides: dict | None = None):
    """Build the Flask app; see core.app.create_app."""
    from core.app import create_app as build

    return build(overrides)
