"""REST endpoints of customers."""

from flask import Response, abort, g
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import abort as abort_with
from sqlalchemy.orm import selectinload

from core.api import CursorArgs, page, page_schema, problem
from core.extensions import db
from tenants.customers import duplicates, merge, services
from tenants.customers.errors import Invalid
from tenants.customers.models import Customer, CustomFieldValue
from tenants.customers.schemas import (
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    CustomerQuery,
    DuplicatesProblem,
    MergeIn,
)
from tenants.workspace import SECURITY, api_blueprint

bp = api_blueprint("customers_api", __name__, "/customers", "A workspace's customers.")
_LOADED = (
    selectinload(Customer.phones),
    selectinload(Customer.tags),
    selectinload(Customer.field_values).joinedload(CustomFieldValue.field),
)


class ListArgs(CursorArgs, CustomerQuery):
    pass


def _customer_or_404(customer_id) -> Customer:
    customer = services.get_customer(db.session, customer_id, g.membership)
    if customer is None:
        abort(404)
    return customer


def _invalid(error: Invalid):
    abort_with(422, messages={"json": error.errors})


def _owner_allowed(data: dict) -> None:
    if "owner_id" in data and not services.can_reassign(g.membership):
        _invalid(Invalid.one("owner_id", _("Only an owner or a manager can do this.")))


def _duplicates_problem(found) -> Response:
    return problem(
        409,
        detail=_(
            "This may be a customer you already have; "
            "send force: true to add them anyway."
        ),
        duplicate_ids=[str(match.customer.id) for match in found],
        duplicates=[
            {
                "id": str(match.customer.id),
                "name": match.customer.name,
                "reasons": match.reasons,
            }
            for match in found
        ],
    )


@bp.route("")
class Customers(MethodView):
    @bp.doc(security=SECURITY)
    @bp.arguments(ListArgs, location="query")
    @bp.response(200, page_schema(CustomerOut))
    def get(self, args):
        """List customers, newest last, a page at a time.

        `q` finds a name in any script and spelling, phone digits or an
        e-mail; `tag` keeps customers with that tag. Staff kept to their own
        records see only their customers.
        """
        query = services.search_query(
            db.session, g.membership, args["q"], args["tag"]
        ).options(*_LOADED)
        try:
            return page(db.session, query, Customer.id, args["cursor"], args["limit"])
        except ValueError:
            abort(400, description=_("The cursor is not valid."))

    @bp.doc(security=SECURITY)
    @bp.arguments(CustomerIn)
    @bp.response(201, CustomerOut)
    @bp.alt_response(409, schema=DuplicatesProblem, description="Possible duplicates")
    def post(self, data):
        """Add a customer.

        Answers 409 listing possible duplicates (same phone, same e-mail or a
        similar name) unless `force` is true.
        """
        force = data.pop("force")
        _owner_allowed(data)
        if data.get("owner_id") is None:
            data.pop("owner_id", None)
        phones = [data.pop("phone", None), *data.pop("phones", [])]
        data["phones"] = [number for number in phones if number]
        if not force:
            found = duplicates.match_duplicates(
                db.session,
                data["name"],
                data["phones"],
                data.get("email"),
                membership=g.membership,
            )
            if found:
                return _duplicates_problem(found)
        try:
            return services.create_customer(
                db.session, created_by=g.membership.user_id, **data
            )
        except Invalid as error:
            _invalid(error)


@bp.route("/<uuid:customer_id>")
class CustomerItem(MethodView):
    @bp.doc(security=SECURITY)
    @bp.response(200, CustomerOut)
    def get(self, customer_id):
        """Read one customer."""
        return _customer_or_404(customer_id)

    @bp.doc(security=SECURITY)
    @bp.arguments(CustomerPatch)
    @bp.response(200, CustomerOut)
    def patch(self, data, customer_id):
        """Change some fields of a customer; `phones` and `tags` replace the
        lists they name, `custom_fields` changes only the keys given."""
        customer = _customer_or_404(customer_id)
        _owner_allowed(data)
        try:
            return services.update_customer(db.session, customer, **data)
        except Invalid as error:
            _invalid(error)

    @bp.doc(security=SECURITY)
    @bp.response(204)
    def delete(self, customer_id):
        """Delete a customer with their phones, tags and custom values."""
        services.delete_customer(db.session, _customer_or_404(customer_id))


@bp.route("/<uuid:customer_id>/merge")
class CustomerMerge(MethodView):
    @bp.doc(security=SECURITY)
    @bp.arguments(MergeIn)
    @bp.response(200, CustomerOut)
    def post(self, data, customer_id):
        """Merge another record of the same person into this one.

        Every sale, deal, activity, phone and tag of the other record moves
        here, empty fields are filled from it, and it is deleted.
        """
        keep = _customer_or_404(customer_id)
        drop = _customer_or_404(data["other_id"])
        try:
            return merge.merge_customers(db.session, keep, drop)
        except Invalid as error:
            _invalid(error)
