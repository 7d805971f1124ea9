"""Pages of customers: list, add, show, edit, delete and merge."""

import uuid

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from core.extensions import db
from tenants.customers import custom_fields, duplicates, merge, services
from tenants.customers.errors import Invalid
from tenants.customers.forms import MergeForm, customer_form
from tenants.customers.models import Customer
from tenants.workspace import page_blueprint

bp = page_blueprint("customers", __name__, "/customers")
PAGE_SIZE = 50


def _customer_or_404(customer_id) -> Customer:
    customer = services.get_customer(db.session, customer_id, g.membership)
    if customer is None:
        abort(404)
    return customer


def _form(customer: Customer | None = None):
    members = None
    if services.can_reassign(g.membership):
        members = services.members(db.session)
    values = {}
    if customer is not None:
        values = {
            field.key: value
            for field, value in custom_fields.values_of(db.session, customer)
        }
    return customer_form(
        custom_fields.definitions(db.session), members, customer, values
    )


@bp.get("/")
def index():
    """List the customers the member may see, with search and a tag filter."""
    text = request.args.get("q", "").strip()[:100]
    tag = request.args.get("tag", "").strip()[:40]
    query = (
        services.search_query(db.session, g.membership, text, tag)
        .options(selectinload(Customer.tags))
        .order_by(Customer.name)
    )
    customers = list(db.session.scalars(query.limit(PAGE_SIZE + 1)))
    return render_template(
        "customers/index.html",
        customers=customers[:PAGE_SIZE],
        more=len(customers) > PAGE_SIZE,
        q=text,
        tag=tag,
        tags=services.workspace_tags(db.session),
        can_manage=services.can_reassign(g.membership),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a customer, warning first about possible duplicates."""
    form = _form()
    if request.method == "GET" and "owner_id" in form:
        form.owner_id.data = str(current_user.id)
    found = []
    if form.validate_on_submit():
        data = form.data_for_service(services.can_reassign(g.membership))
        if not form.not_duplicate.data:
            found = duplicates.match_duplicates(
                db.session,
                data["name"],
                data["phones"],
                data["email"],
                membership=g.membership,
            )
        if not found:
            try:
                customer = services.create_customer(
                    db.session, created_by=current_user.id, **data
                )
            except Invalid as error:
                form.show_errors(error.errors)
            else:
                flash(_("Customer %(name)s added.", name=customer.name), "success")
                return redirect(url_for("customers.show", customer_id=customer.id))
    return render_template(
        "customers/form.html",
        form=form,
        duplicates=found,
        sources=services.SOURCES,
        customer=None,
    )


@bp.get("/<uuid:customer_id>")
def show(customer_id):
    """Show one customer with every field."""
    customer = _customer_or_404(customer_id)
    owner = dict(services.members(db.session)).get(customer.owner_id)
    return render_template(
        "customers/show.html",
        customer=customer,
        tenant=g.tenant,
        values=custom_fields.values_of(db.session, customer),
        owner=owner,
    )


@bp.route("/<uuid:customer_id>/edit", methods=["GET", "POST"])
def edit(customer_id):
    """Change a customer's fields."""
    customer = _customer_or_404(customer_id)
    form = _form(customer)
    if form.validate_on_submit():
        data = form.data_for_service(services.can_reassign(g.membership))
        try:
            services.update_customer(db.session, customer, **data)
        except Invalid as error:
            form.show_errors(error.errors)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("customers.show", customer_id=customer.id))
    return render_template(
        "customers/form.html",
        form=form,
        duplicates=[],
        sources=services.SOURCES,
        customer=customer,
    )


@bp.post("/<uuid:customer_id>/delete")
def delete(customer_id):
    """Delete a customer (the edit page asks first)."""
    customer = _customer_or_404(customer_id)
    name = customer.name  # CSRFProtect has checked the token already
    services.delete_customer(db.session, customer)
    flash(_("Customer %(name)s deleted.", name=name), "success")
    return redirect(url_for("customers.index"))


@bp.route("/<uuid:customer_id>/merge", methods=["GET", "POST"])
def merge_page(customer_id):
    """Pick another record of the same person, preview the merge, confirm."""
    keep = _customer_or_404(customer_id)
    form = MergeForm()
    other_id = request.values.get("other_id", "")
    other = None
    if other_id:
        other = _customer_or_404(_uuid_or_404(other_id))
        if other.id == keep.id:
            flash(_("Choose another customer to merge with."), "error")
            other = None

    if other is not None and form.validate_on_submit():
        merge.merge_customers(db.session, keep, other)
        flash(_("The two records are now one."), "success")
        return redirect(url_for("customers.show", customer_id=keep.id))

    text = request.args.get("q", "").strip()[:100]
    candidates = []
    if other is None:
        if text:
            query = services.search_query(db.session, g.membership, text)
            candidates = list(db.session.scalars(query.limit(20)))
        else:
            candidates = duplicates.find_duplicates(
                db.session,
                keep.name,
                keep.phone_numbers,
                keep.email,
                exclude_id=keep.id,
                membership=g.membership,
            )
        candidates = [c for c in candidates if c.id != keep.id]

    plan = merge.preview(db.session, keep, other) if other is not None else None
    return render_template(
        "customers/merge.html",
        keep=keep,
        other=other,
        plan=plan,
        candidates=candidates,
        q=text,
        form=form,
    )


def _uuid_or_404(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        abort(404)
