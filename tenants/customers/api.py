"""REST endpoints of customers."""

from flask import abort, g
from flask.views import MethodView
from flask_babel import gettext as _

from core.api import CursorArgs, page, page_schema
from core.extensions import db
from tenants.customers import services
from tenants.customers.models import Customer
from tenants.customers.schemas import CustomerIn, CustomerOut, CustomerQuery
from tenants.workspace import api_blueprint

bp = api_blueprint("customers_api", __name__, "/customers", "A workspace's customers.")
SECURITY = [{"bearer": []}]


class ListArgs(CursorArgs, CustomerQuery):
    pass


@bp.route("")
class Customers(MethodView):
    @bp.doc(security=SECURITY)
    @bp.arguments(ListArgs, location="query")
    @bp.response(200, page_schema(CustomerOut))
    def get(self, args):
        """List customers, newest last, a page at a time."""
        try:
            return page(
                db.session,
                services.search_query(args["q"]),
                Customer.id,
                args["cursor"],
                args["limit"],
            )
        except ValueError:
            abort(400, description=_("The cursor is not valid."))

    @bp.doc(security=SECURITY)
    @bp.arguments(CustomerIn)
    @bp.response(201, CustomerOut)
    def post(self, data):
        """Add a customer."""
        return services.create_customer(
            db.session, created_by=g.membership.user_id, **data
        )


@bp.route("/<uuid:customer_id>")
class CustomerItem(MethodView):
    @bp.doc(security=SECURITY)
    @bp.response(200, CustomerOut)
    def get(self, customer_id):
        """Read one customer."""
        customer = services.get_customer(db.session, customer_id)
        if customer is None:
            abort(404)
        return customer
