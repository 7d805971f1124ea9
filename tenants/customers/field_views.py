"""Settings page of the custom fields of customers (owners and managers)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core.extensions import db
from tenants.customers import custom_fields
from tenants.customers.errors import Invalid
from tenants.customers.forms import CustomFieldEditForm, CustomFieldForm
from tenants.models import WorkspaceRole
from tenants.workspace import page_blueprint, require_role

bp = page_blueprint("customer_fields", __name__, "/customers/fields")


@bp.before_request
def _managers_only() -> None:
    require_role(WorkspaceRole.OWNER, WorkspaceRole.MANAGER)


def _show_errors(form, error: Invalid) -> None:
    for key, messages in error.errors.items():
        target = form[key] if key in form and key != "key" else form.label
        target.errors = [*target.errors, *messages]


@bp.route("/", methods=["GET", "POST"])
def index():
    """List the workspace's custom fields and add one."""
    form = CustomFieldForm()
    if form.validate_on_submit():
        try:
            field = custom_fields.create_definition(
                db.session,
                form.label.data,
                form.type.data,
                choices=form.choice_list(),
            )
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("Field %(label)s added.", label=field.label), "success")
            return redirect(url_for("customer_fields.index"))
    return render_template(
        "customers/fields.html",
        fields=custom_fields.definitions(db.session),
        form=form,
    )


@bp.route("/<uuid:field_id>", methods=["GET", "POST"])
def edit(field_id):
    """Rename a custom field or change its choices."""
    field = custom_fields.get_definition(db.session, field_id)
    if field is None:
        abort(404)
    form = CustomFieldEditForm(
        data={"label": field.label, "choices": "\n".join(field.choices)}
    )
    if form.validate_on_submit():
        try:
            custom_fields.update_definition(
                db.session,
                field,
                label=form.label.data,
                choices=form.choice_list() if field.type == "choice" else None,
            )
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("customer_fields.index"))
    return render_template("customers/field_edit.html", definition=field, form=form)


@bp.post("/<uuid:field_id>/delete")
def delete(field_id):
    """Delete a custom field and its values (CSRF checked by CSRFProtect)."""
    field = custom_fields.get_definition(db.session, field_id)
    if field is None:
        abort(404)
    custom_fields.delete_definition(db.session, field)
    flash(_("Field %(label)s deleted.", label=field.label), "success")
    return redirect(url_for("customer_fields.index"))
