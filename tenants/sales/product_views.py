"""Pages of products: the list, add, change, take off sale and back."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core.extensions import db
from tenants.sales import products
from tenants.sales.forms import ConfirmForm, ProductForm
from tenants.sales.models import Product
from tenants.sales.services import SaleError
from tenants.workspace import page_blueprint

bp = page_blueprint("products", __name__, "/products")
PAGE_SIZE = 100


def _product_or_404(product_id) -> Product:
    product = products.get_product(db.session, product_id)
    if product is None:
        abort(404)
    return product


@bp.get("/")
def index():
    """List products on sale by name, or those taken off sale."""
    text = request.args.get("q", "").strip()[:100]
    retired = request.args.get("show") == "inactive"
    query = products.product_query(text, active=not retired)
    found = list(db.session.scalars(query.order_by(Product.name).limit(PAGE_SIZE)))
    return render_template(
        "sales/products.html", products=found, q=text, retired=retired
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a product."""
    form = ProductForm()
    if form.validate_on_submit():
        try:
            product = products.create_product(
                db.session,
                name=form.name.data,
                sku=form.sku.data,
                unit_price=form.unit_price.data,
            )
        except SaleError as error:
            form.show_errors(error.errors)
        else:
            flash(_("Product %(name)s added.", name=product.name), "success")
            return redirect(url_for("products.index"))
    return render_template("sales/product_form.html", form=form, product=None)


@bp.route("/<uuid:product_id>/edit", methods=["GET", "POST"])
def edit(product_id):
    """Change a product's name, SKU or price."""
    product = _product_or_404(product_id)
    form = ProductForm(obj=product)
    if form.validate_on_submit():
        changes = {
            "name": form.name.data,
            "sku": form.sku.data,
            "unit_price": form.unit_price.data,
        }
        try:
            products.update_product(db.session, product, changes)
        except SaleError as error:
            form.show_errors(error.errors)
        else:
            flash(_("Product %(name)s saved.", name=product.name), "success")
            return redirect(url_for("products.index"))
    return render_template(
        "sales/product_form.html", form=form, product=product, toggle=ConfirmForm()
    )


@bp.post("/<uuid:product_id>/deactivate")
def deactivate(product_id):
    """Take a product off sale; past sales keep it."""
    return _set_active(product_id, False)


@bp.post("/<uuid:product_id>/activate")
def activate(product_id):
    """Put a product back on sale."""
    return _set_active(product_id, True)


def _set_active(product_id, active: bool):
    product = _product_or_404(product_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    products.set_active(db.session, product, active)
    if active:
        flash(_("%(name)s is on sale again.", name=product.name), "success")
    else:
        flash(_("%(name)s is taken off sale.", name=product.name), "success")
    return redirect(url_for("products.index"))
