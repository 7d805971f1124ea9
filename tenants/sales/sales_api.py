"""REST endpoints of sales, and of each customer's sales summary."""

from flask import abort, g
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import abort as abort_with
from sqlalchemy.orm import selectinload

from core.api import CursorArgs, page, page_schema
from core.extensions import db
from tenants.sales import services
from tenants.sales.models import Order
from tenants.sales.schemas import SaleIn, SaleOut, SalePatch, SaleQuery, SummaryOut
from tenants.workspace import SECURITY, api_blueprint

bp = api_blueprint("sales_api", __name__, "/sales", "A workspace's sales.")
summary_bp = api_blueprint(
    "customer_sales_api",
    __name__,
    "/customers",
    "What each customer of a workspace has bought.",
)
LOAD = (selectinload(Order.lines), selectinload(Order.customer))


class ListArgs(CursorArgs, SaleQuery):
    pass


def invalid(error: services.SaleError):
    """Answer 422 with the services' messages, under the API's field names."""
    errors = dict(error.errors)
    if "sold_on" in errors:
        errors["date"] = errors.pop("sold_on")
    abort_with(422, messages={"json": errors})


def _order_or_404(order_id) -> Order:
    order = services.get_order(db.session, g.membership, order_id)
    if order is None:
        abort(404)
    return order


@bp.route("")
class Sales(MethodView):
    @bp.doc(security=SECURITY)
    @bp.arguments(ListArgs, location="query")
    @bp.response(200, page_schema(SaleOut))
    def get(self, args):
        """List sales in the order they were recorded, a page at a time."""
        cursor, limit = args.pop("cursor"), args.pop("limit")
        query = services.filtered_orders(g.membership, **args).options(*LOAD)
        try:
            return page(db.session, query, Order.id, cursor, limit)
        except ValueError:
            abort(400, description=_("The cursor is not valid."))

    @bp.doc(security=SECURITY)
    @bp.arguments(SaleIn)
    @bp.response(201, SaleOut)
    def post(self, data):
        """Record a sale."""
        try:
            return services.create_order(
                db.session, created_by=g.membership.user_id, **data
            )
        except services.SaleError as error:
            invalid(error)


@bp.route("/<uuid:order_id>")
class SaleItem(MethodView):
    @bp.doc(security=SECURITY)
    @bp.response(200, SaleOut)
    def get(self, order_id):
        """Read one sale."""
        return _order_or_404(order_id)

    @bp.doc(security=SECURITY)
    @bp.arguments(SalePatch)
    @bp.response(200, SaleOut)
    def patch(self, changes, order_id):
        """Change a sale; `lines`, when sent, replace all of its lines."""
        order = _order_or_404(order_id)
        try:
            return services.update_order(db.session, order, changes)
        except services.SaleError as error:
            invalid(error)

    @bp.doc(security=SECURITY)
    @bp.response(204)
    def delete(self, order_id):
        """Remove a sale."""
        services.delete_order(db.session, _order_or_404(order_id))


@summary_bp.route("/<uuid:customer_id>/summary")
class CustomerSummary(MethodView):
    @summary_bp.doc(security=SECURITY)
    @summary_bp.response(200, SummaryOut)
    def get(self, customer_id):
        """Read what a customer has bought in all: orders, so'm, first and
        last purchase."""
        summary = services.customer_summary(db.session, customer_id)
        if summary is None:
            abort(404)
        return summary
