"""REST endpoints of applications, for the programme's staff."""

from flask import abort, request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint

from core.api import PREFIX, CursorArgs, page, page_schema
from core.extensions import db
from onboarding import services, workflow
from onboarding.models import Application
from onboarding.schemas import (
    ApplicationOut,
    ApplicationQuery,
    ApplicationSummaryOut,
    TransitionIn,
)

bp = Blueprint(
    "programme_applications",
    __name__,
    url_prefix=f"{PREFIX}/programme/applications",
    description="Applications to the programme, for its staff.",
)
# TODO: programme API tokens; until they exist these endpoints take the
# console's signed-in session, and POSTs need its CSRF token in X-CSRFToken
# (CSRFProtect checks every unsafe method, so nothing is exempted here).
SECURITY = [{"session": []}]
SESSION_SCHEME = {
    "type": "apiKey",
    "in": "cookie",
    "name": "mijoz",
    "description": "The console's session cookie; send X-CSRFToken on POST.",
}


@bp.before_request
def _staff_only():
    """Admit signed-in programme staff; anyone else learns nothing."""
    if not current_user.is_authenticated:
        abort(401, description=_("Sign in to the programme console first."))
    if not current_user.has_role(*services.STAFF):
        abort(404)


class ListArgs(CursorArgs, ApplicationQuery):
    pass


def _visible_or_404(application_id) -> Application:
    found = services.get_visible(db.session, application_id, current_user)
    if found is None:
        abort(404)
    return found


@bp.route("")
class Applications(MethodView):
    @bp.doc(security=SECURITY)
    @bp.arguments(ListArgs, location="query")
    @bp.response(200, page_schema(ApplicationSummaryOut))
    def get(self, args):
        """List applications, oldest first, a page at a time."""
        cursor, limit = args.pop("cursor"), args.pop("limit")
        query = services.application_query(current_user, **args)
        try:
            return page(db.session, query, Application.id, cursor, limit)
        except ValueError:
            abort(400, description=_("The cursor is not valid."))


@bp.route("/<uuid:application_id>")
class ApplicationItem(MethodView):
    @bp.doc(security=SECURITY)
    @bp.response(200, ApplicationOut)
    def get(self, application_id):
        """Read one application with its eligibility and history."""
        return _visible_or_404(application_id)


@bp.route("/<uuid:application_id>/transitions")
class Transitions(MethodView):
    @bp.doc(
        security=SECURITY,
        parameters=[
            {
                "in": "header",
                "name": "X-CSRFToken",
                "required": True,
                "schema": {"type": "string"},
            }
        ],
    )
    @bp.arguments(TransitionIn)
    @bp.response(200, ApplicationOut)
    @bp.alt_response(409, description="The move is not allowed from this status.")
    def post(self, data, application_id):
        """Move an application to another status (administrators and officers)."""
        if not current_user.has_role(*workflow.DECIDERS):
            abort(404)
        found = _visible_or_404(application_id)
        try:
            services.transition(
                db.session,
                found,
                data["target"],
                current_user,
                reason=data["reason"],
                base_url=request.host_url,
            )
        except workflow.WorkflowError as error:
            abort(409, description=str(error))
        return found
