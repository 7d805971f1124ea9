"""Pages of sales: the list with filters, record, show, change, remove."""

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from core.extensions import db
from tenants.customers import services as customers
from tenants.customers.models import Customer
from tenants.sales import services
from tenants.sales.forms import (
    CHANNELS,
    MAX_FORM_LINES,
    PAYMENT_METHODS,
    ConfirmForm,
    SaleForm,
    parse_id,
)
from tenants.sales.models import Channel, Order
from tenants.sales.products import active_products
from tenants.workspace import page_blueprint

bp = page_blueprint("sales", __name__, "/sales")
PAGE_SIZE = 30
CUSTOMER_CHOICES = 30


@bp.context_processor
def _labels():
    return {"channels": CHANNELS, "payment_methods": PAYMENT_METHODS}


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _customer(text: str | None) -> Customer | None:
    try:
        customer_id = parse_id(text)
    except ValueError:
        return None
    if customer_id is None:
        return None
    return customers.get_customer(db.session, customer_id, g.membership)


def _order_or_404(order_id) -> Order:
    order = services.get_order(db.session, g.membership, order_id)
    if order is None:
        abort(404)
    return order


@bp.get("/")
def index():
    """List sales, newest first, with filters and their totals."""
    channel = request.args.get("channel", "")
    filters = {
        "date_from": _date_arg("from"),
        "date_to": _date_arg("to"),
        "channel": Channel(channel) if channel in set(Channel) else None,
        "customer_name": request.args.get("q", "").strip()[:100] or None,
    }
    customer = _customer(request.args.get("customer"))
    if customer is not None:
        filters["customer_id"] = customer.id

    query = services.filtered_orders(g.membership, **filters)
    count, amount = services.totals(db.session, query)
    page = max(request.args.get("page", 1, type=int), 1)
    orders = list(
        db.session.scalars(
            query.options(selectinload(Order.customer))
            .order_by(Order.sold_on.desc(), Order.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "sales/index.html",
        orders=orders,
        count=count,
        amount=amount,
        filters=filters,
        customer=customer,
        args=args,
        page=page,
        more=count > page * PAGE_SIZE,
    )


def _customer_options(form: SaleForm) -> list[SelectChoice]:
    """Return the customers to offer: the search's matches (or the first
    ones by name), with the one already chosen kept in the list."""
    text = (form.customer_q.data or "").strip()[:100]
    query = customers.search_query(db.session, g.membership, text or None).order_by(
        Customer.name
    )
    found = list(db.session.scalars(query.limit(CUSTOMER_CHOICES)))
    chosen = form.customer_id.data
    if chosen and chosen not in {str(c.id) for c in found}:
        current = _customer(chosen)
        found = ([current] if current else []) + found
    options = [SelectChoice("", _("Walk-in (no customer)"))]
    return options + [SelectChoice(str(c.id), c.name) for c in found]


def _prepare(form: SaleForm, order: Order | None) -> dict:
    """Fill the pickers and return the products offered, by id."""
    offered = {str(p.id): p for p in active_products(db.session)}
    if order is not None:
        for line in order.lines:
            if line.product is not None:
                offered.setdefault(str(line.product_id), line.product)
    choices = [SelectChoice("", "—")]
    choices += [SelectChoice(key, p.name) for key, p in offered.items()]
    for entry in form.lines:
        entry.form.product_id.choices = choices
    form.customer_id.choices = _customer_options(form)
    return offered


def _fill_prices(form: SaleForm, offered: dict) -> int:
    """Put each chosen product's price in rows left without one, and
    return the total of the rows that can be counted so far."""
    total = 0
    for entry in form.lines:
        row = entry.form
        product = offered.get(row.product_id.data or "")
        if product is not None and row.unit_price.is_empty:
            row.unit_price.data, row.unit_price.raw_data = product.unit_price, None
        if isinstance(row.quantity.data, int) and isinstance(row.unit_price.data, int):
            total += row.quantity.data * row.unit_price.data
    return total


def _sale_form(form: SaleForm, order: Order | None):
    """Run the sale form: add a row, refresh, or save and go to the sale."""
    offered = _prepare(form, order)
    if form.is_submitted():
        if "add_line" in request.form:
            if len(form.lines) < MAX_FORM_LINES:
                form.lines.append_entry()
                _prepare(form, order)
        elif "refresh" not in request.form and "find" not in request.form:
            saved = _save(form, order)
            if saved is not None:
                return redirect(url_for("sales.show", order_id=saved.id))

    preview = _fill_prices(form, offered)
    return render_template(
        "sales/form.html",
        form=form,
        order=order,
        preview=preview,
        can_add=len(form.lines) < MAX_FORM_LINES,
    )


def _save(form: SaleForm, order: Order | None) -> Order | None:
    if not form.validate():
        return None
    try:
        data, rows = form.sale_data()
    except ValueError:
        return None
    try:
        if order is None:
            order = services.create_order(
                db.session, created_by=current_user.id, **data
            )
            flash(_("Sale recorded."), "success")
        else:
            services.update_order(db.session, order, data)
            flash(_("Sale saved."), "success")
    except services.SaleError as error:
        form.show_errors(error.errors, rows)
        return None
    return order


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Record a sale."""
    form = SaleForm()
    if request.method == "GET":
        form.sold_on.data = services.today()
        if request.args.get("customer"):
            form.customer_id.data = request.args["customer"]
    return _sale_form(form, None)


@bp.get("/customer-options")
def customer_options():
    """Return the customer picker's options for a search (for htmx)."""
    form = SaleForm(formdata=request.args, meta={"csrf": False})
    return render_template(
        "sales/_customer_options.html", choices=_customer_options(form)
    )


@bp.get("/<uuid:order_id>")
def show(order_id):
    """Show one sale, its lines and what its customer has bought in all."""
    order = _order_or_404(order_id)
    summary = None
    if order.customer_id:
        summary = services.customer_summary(db.session, order.customer_id)
    return render_template(
        "sales/show.html", order=order, summary=summary, form=ConfirmForm()
    )


@bp.route("/<uuid:order_id>/edit", methods=["GET", "POST"])
def edit(order_id):
    """Change a sale."""
    order = _order_or_404(order_id)
    # A posted form carries every field; the stored sale fills a fresh one.
    form = SaleForm() if request.method == "POST" else SaleForm(data=_form_data(order))
    return _sale_form(form, order)


def _form_data(order: Order) -> dict:
    return {
        "customer_id": str(order.customer_id) if order.customer_id else "",
        "sold_on": order.sold_on,
        "channel": order.channel.value,
        "payment_method": order.payment_method.value,
        "note": order.note or "",
        "lines": [
            {
                "product_id": str(line.product_id) if line.product_id else "",
                # A description copied from the product is not shown twice.
                "description": ""
                if line.product and line.description == line.product.name
                else line.description,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
            }
            for line in order.lines
        ],
    }


@bp.route("/<uuid:order_id>/delete", methods=["GET", "POST"])
def delete(order_id):
    """Ask before removing a sale, then remove it."""
    order = _order_or_404(order_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_order(db.session, order)
        flash(_("Sale removed."), "success")
        return redirect(url_for("sales.index"))
    return render_template("sales/delete.html", order=order, form=form)
