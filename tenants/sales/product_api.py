"""REST endpoints of products."""

from flask import abort
from flask.views import MethodView
from flask_babel import gettext as _

from core.api import CursorArgs, page, page_schema
from core.extensions import db
from tenants.sales import products
from tenants.sales.models import Product
from tenants.sales.sales_api import invalid
from tenants.sales.schemas import ProductIn, ProductOut, ProductPatch, ProductQuery
from tenants.sales.services import SaleError
from tenants.workspace import SECURITY, api_blueprint

bp = api_blueprint("products_api", __name__, "/products", "A workspace's products.")


class ListArgs(CursorArgs, ProductQuery):
    pass


def _product_or_404(product_id) -> Product:
    product = products.get_product(db.session, product_id)
    if product is None:
        abort(404)
    return product


@bp.route("")
class Products(MethodView):
    @bp.doc(security=SECURITY)
    @bp.arguments(ListArgs, location="query")
    @bp.response(200, page_schema(ProductOut))
    def get(self, args):
        """List products in the order they were added, a page at a time."""
        query = products.product_query(args["q"], args["active"])
        try:
            return page(db.session, query, Product.id, args["cursor"], args["limit"])
        except ValueError:
            abort(400, description=_("The cursor is not valid."))

    @bp.doc(security=SECURITY)
    @bp.arguments(ProductIn)
    @bp.response(201, ProductOut)
    def post(self, data):
        """Add a product."""
        try:
            return products.create_product(db.session, **data)
        except SaleError as error:
            invalid(error)


@bp.route("/<uuid:product_id>")
class ProductItem(MethodView):
    @bp.doc(security=SECURITY)
    @bp.response(200, ProductOut)
    def get(self, product_id):
        """Read one product."""
        return _product_or_404(product_id)

    @bp.doc(security=SECURITY)
    @bp.arguments(ProductPatch)
    @bp.response(200, ProductOut)
    def patch(self, changes, product_id):
        """Change a product; `active: false` takes it off sale."""
        product = _product_or_404(product_id)
        try:
            return products.update_product(db.session, product, changes)
        except SaleError as error:
            invalid(error)

    @bp.doc(security=SECURITY)
    @bp.response(204)
    def delete(self, product_id):
        """Remove a product no sale uses; one on past sales answers 409."""
        product = _product_or_404(product_id)
        try:
            products.delete_product(db.session, product)
        except products.ProductInUse:
            abort(
                409,
                description=_(
                    "Past sales use this product; take it off sale instead "
                    "(active: false)."
                ),
            )
