"""REST endpoints of the custom fields of customers."""

from flask import abort
from flask.views import MethodView
from flask_smorest import abort as abort_with

from core.extensions import db
from tenants.customers import custom_fields
from tenants.customers.errors import Invalid
from tenants.customers.schemas import CustomFieldIn, CustomFieldOut, CustomFieldPatch
from tenants.models import WorkspaceRole
from tenants.workspace import SECURITY, api_blueprint, require_role

bp = api_blueprint(
    "custom_fields_api",
    __name__,
    "/custom-fields",
    "Fields a workspace adds to its customers. Anyone may read them; only "
    "owners and managers change them.",
)


def _managers_only() -> None:
    require_role(WorkspaceRole.OWNER, WorkspaceRole.MANAGER)


def _field_or_404(field_id):
    field = custom_fields.get_definition(db.session, field_id)
    if field is None:
        abort(404)
    return field


@bp.route("")
class CustomFields(MethodView):
    @bp.doc(security=SECURITY)
    @bp.response(200, CustomFieldOut(many=True))
    def get(self):
        """List the workspace's custom fields in the order they are shown."""
        return custom_fields.definitions(db.session)

    @bp.doc(security=SECURITY)
    @bp.arguments(CustomFieldIn)
    @bp.response(201, CustomFieldOut)
    def post(self, data):
        """Add a custom field (owners and managers)."""
        _managers_only()
        try:
            return custom_fields.create_definition(db.session, **data)
        except Invalid as error:
            abort_with(422, messages={"json": error.errors})


@bp.route("/<uuid:field_id>")
class CustomFieldItem(MethodView):
    @bp.doc(security=SECURITY)
    @bp.response(200, CustomFieldOut)
    def get(self, field_id):
        """Read one custom field."""
        return _field_or_404(field_id)

    @bp.doc(security=SECURITY)
    @bp.arguments(CustomFieldPatch)
    @bp.response(200, CustomFieldOut)
    def patch(self, data, field_id):
        """Rename a custom field or change its choices (owners and managers)."""
        _managers_only()
        field = _field_or_404(field_id)
        try:
            return custom_fields.update_definition(db.session, field, **data)
        except Invalid as error:
            abort_with(422, messages={"json": error.errors})

    @bp.doc(security=SECURITY)
    @bp.response(204)
    def delete(self, field_id):
        """Delete a custom field and every value of it (owners and managers)."""
        _managers_only()
        custom_fields.delete_definition(db.session, _field_or_404(field_id))
