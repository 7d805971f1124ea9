"""Guard pages by programme role."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from core.accounts.models import ProgrammeRole


def programme_role_required(*roles: ProgrammeRole):
    """Let only signed-in programme staff holding one of `roles` through.

    Anyone else signed in gets 404, as for a page that does not exist.
    """

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(404)
            return view(*args, **kwargs)

        return guarded

    return decorate
