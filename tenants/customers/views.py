"""Pages of customers."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.extensions import db
from tenants.customers import services
from tenants.customers.forms import CustomerForm
from tenants.workspace import page_blueprint

bp = page_blueprint("customers", __name__, "/customers")
PAGE_SIZE = 50


@bp.get("/")
def index():
    """List the workspace's customers, with a search box."""
    text = request.args.get("q", "").strip()[:100]
    query = services.search_query(text).order_by(services.Customer.name)
    customers = list(db.session.scalars(query.limit(PAGE_SIZE)))
    return render_template("customers/index.html", customers=customers, q=text)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a customer."""
    form = CustomerForm()
    if form.validate_on_submit():
        customer = services.create_customer(
            db.session,
            name=form.name.data,
            phone=form.phone.data or None,
            email=form.email.data or None,
            notes=form.notes.data or None,
            created_by=current_user.id,
        )
        flash(_("Customer %(name)s added.", name=customer.name), "success")
        return redirect(url_for("customers.show", customer_id=customer.id))
    return render_template("customers/form.html", form=form)


@bp.get("/<uuid:customer_id>")
def show(customer_id):
    """Show one customer."""
    customer = services.get_customer(db.session, customer_id)
    if customer is None:
        abort(404)
    return render_template("customers/show.html", customer=customer, tenant=g.tenant)
