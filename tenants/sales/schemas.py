"""API schemas of products, sales and customer summaries.

Input is checked for shape here; every rule about values (ranges, dates,
who the customer is) is the services' job, so pages and API agree.
"""

import marshmallow as ma

from tenants.sales.models import Channel, PaymentMethod
from tenants.sales.money import (
    NotWhole,
    parse_whole,
    whole_quantity_message,
    whole_som_message,
)


class WholeNumber(ma.fields.Integer):
    """An integer that refuses fractions with a message that says why,
    where marshmallow would quietly drop the decimals."""

    def __init__(self, *, money: bool, **kwargs):
        super().__init__(**kwargs)
        self.money = money

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return parse_whole(value)
        except NotWhole as error:
            if self.money:
                raise ma.ValidationError(whole_som_message()) from error
            raise ma.ValidationError(whole_quantity_message()) from error


def _som(description: str = "Whole so'm.", **kwargs):
    return WholeNumber(money=True, metadata={"description": description}, **kwargs)


class LineIn(ma.Schema):
    """A line of a sale: a product, or a description of what was sold."""

    product_id = ma.fields.UUID(load_default=None, allow_none=True)
    description = ma.fields.String(load_default=None, allow_none=True)
    quantity = WholeNumber(money=False, required=True)
    unit_price = _som(
        load_default=None,
        allow_none=True,
        description="Whole so'm; the product's price if left out.",
    )


class SaleIn(ma.Schema):
    """A sale to record."""

    customer_id = ma.fields.UUID(
        load_default=None,
        allow_none=True,
        metadata={"description": "Leave out for a walk-in sale."},
    )
    sold_on = ma.fields.Date(
        data_key="date",
        load_default=None,
        allow_none=True,
        metadata={"description": "Today in Tashkent if left out."},
    )
    channel = ma.fields.Enum(Channel, by_value=True, load_default=Channel.SHOP)
    payment_method = ma.fields.Enum(
        PaymentMethod, by_value=True, load_default=PaymentMethod.CASH
    )
    note = ma.fields.String(load_default=None, allow_none=True)
    lines = ma.fields.List(ma.fields.Nested(LineIn), required=True)


class SalePatch(ma.Schema):
    """Changes to a sale; `lines`, when sent, replace all its lines."""

    customer_id = ma.fields.UUID(allow_none=True)
    sold_on = ma.fields.Date(data_key="date")
    channel = ma.fields.Enum(Channel, by_value=True)
    payment_method = ma.fields.Enum(PaymentMethod, by_value=True)
    note = ma.fields.String(allow_none=True)
    lines = ma.fields.List(ma.fields.Nested(LineIn))


class LineOut(ma.Schema):
    id = ma.fields.UUID()
    product_id = ma.fields.UUID(allow_none=True)
    description = ma.fields.String()
    quantity = ma.fields.Integer()
    unit_price = ma.fields.Integer()
    line_total = ma.fields.Integer()


class CustomerRef(ma.Schema):
    id = ma.fields.UUID()
    name = ma.fields.String()


class SaleOut(ma.Schema):
    """A sale as the API shows it; amounts in whole so'm."""

    id = ma.fields.UUID()
    customer_id = ma.fields.UUID(allow_none=True)
    customer = ma.fields.Nested(CustomerRef, allow_none=True)
    sold_on = ma.fields.Date(data_key="date")
    channel = ma.fields.Enum(Channel, by_value=True)
    payment_method = ma.fields.Enum(PaymentMethod, by_value=True)
    note = ma.fields.String(allow_none=True)
    total = ma.fields.Integer()
    lines = ma.fields.List(ma.fields.Nested(LineOut))
    created_by = ma.fields.UUID(allow_none=True)
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class SaleQuery(ma.Schema):
    """Filters of the sales list."""

    date_from = ma.fields.Date(load_default=None)
    date_to = ma.fields.Date(load_default=None)
    channel = ma.fields.Enum(Channel, by_value=True, load_default=None)
    customer_id = ma.fields.UUID(load_default=None)


class ProductIn(ma.Schema):
    """A product to add."""

    name = ma.fields.String(required=True)
    sku = ma.fields.String(load_default=None, allow_none=True)
    unit_price = _som(required=True)
    active = ma.fields.Boolean(load_default=True)


class ProductPatch(ma.Schema):
    """Changes to a product."""

    name = ma.fields.String()
    sku = ma.fields.String(allow_none=True)
    unit_price = _som()
    active = ma.fields.Boolean()


class ProductOut(ma.Schema):
    id = ma.fields.UUID()
    name = ma.fields.String()
    sku = ma.fields.String(allow_none=True)
    unit_price = ma.fields.Integer()
    active = ma.fields.Boolean()
    created_at = ma.fields.DateTime()


class ProductQuery(ma.Schema):
    """Filters of the product list."""

    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=100))
    active = ma.fields.Boolean(load_default=None)


class SummaryOut(ma.Schema):
    """What a customer has bought in all."""

    customer_id = ma.fields.UUID()
    orders_count = ma.fields.Integer()
    total = ma.fields.Integer(metadata={"description": "Whole so'm."})
    first_purchase = ma.fields.Date(allow_none=True)
    last_purchase = ma.fields.Date(allow_none=True)
