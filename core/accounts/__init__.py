"""Accounts: users, passwords, login sessions."""

from flask_babel import lazy_gettext as _l

import core.accounts.jobs  # noqa: F401 - declares the upkeep jobs
from core.accounts import services
from core.accounts.views import bp
from core.extensions import db, login_manager


def init_app(app) -> None:
    """Register the sign-in pages and the login session loader."""
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are server-side rows

    @login_manager.user_loader
    def _load(key: str):
        return services.load_session_user(db.session, key)

    app.register_blueprint(bp)
