"""Forms of sales and products, and the words shown for their choices."""

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from tenants.sales.models import Channel, PaymentMethod
from tenants.sales.money import (
    NotWhole,
    parse_whole,
    whole_quantity_message,
    whole_som_message,
)

MAX_FORM_LINES = 30

CHANNELS = {
    Channel.SHOP: _l("Shop"),
    Channel.PHONE: _l("Phone"),
    Channel.TELEGRAM: _l("Telegram"),
    Channel.ONLINE: _l("Online"),
}
PAYMENT_METHODS = {
    PaymentMethod.CASH: _l("Cash"),
    PaymentMethod.CARD: _l("Card"),
    PaymentMethod.BANK_TRANSFER: _l("Bank transfer"),
    PaymentMethod.PAYME: _l("Payme"),
    PaymentMethod.CLICK: _l("Click"),
    PaymentMethod.UZUM: _l("Uzum"),
    PaymentMethod.OTHER: _l("Other"),
}


class WholeNumberField(StringField):
    """A text box for a whole number of so'm or of items.

    Typed text that is not a whole number stays in the box with a message
    beside it; decimals in an amount get one that says so'm are whole.
    """

    def __init__(self, label=None, validators=None, money=True, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.money = money

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        try:
            self.data = parse_whole(text)
        except NotWhole as error:
            if not self.money:
                raise ValueError(whole_quantity_message()) from error
            if error.fraction:
                raise ValueError(whole_som_message()) from error
            raise ValueError(_l("Enter the amount in digits, e.g. 15000.")) from error

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    @property
    def is_empty(self) -> bool:
        return not (self.raw_data and self.raw_data[0].strip()) and self.data is None


def parse_id(text: str | None) -> uuid.UUID | None:
    """Return the id chosen in a select, or None; raise ValueError if the
    text is not an id."""
    return uuid.UUID(text) if text else None


class LineForm(Form):
    """One row of a sale: a product or a description, quantity and price."""

    product_id = SelectField(_l("Product"), choices=[], validate_choice=False)
    description = StringField(_l("Or describe what was sold"))
    quantity = WholeNumberField(_l("Quantity"), money=False)
    unit_price = WholeNumberField(_l("Price, so'm"))

    def is_blank(self) -> bool:
        """Return True for a row left empty, which is skipped."""
        return (
            not self.product_id.data
            and not (self.description.data or "").strip()
            and self.quantity.is_empty
            and self.unit_price.is_empty
        )


class SaleForm(FlaskForm):
    """Record or change a sale."""

    customer_q = StringField(_l("Find a customer"))
    customer_id = SelectField(_l("Customer"), choices=[], validate_choice=False)
    sold_on = DateField(
        _l("Date"),
        validators=[Optional()],
        format="%Y-%m-%d",
        render_kw={"type": "date"},
    )
    channel = SelectField(
        _l("Where"),
        choices=[SelectChoice(key.value, label) for key, label in CHANNELS.items()],
        default=Channel.SHOP.value,
    )
    payment_method = SelectField(
        _l("Paid by"),
        choices=[
            SelectChoice(key.value, label) for key, label in PAYMENT_METHODS.items()
        ],
        default=PaymentMethod.CASH.value,
    )
    note = TextAreaField(_l("Note"))
    lines = FieldList(FormField(LineForm), min_entries=1, max_entries=MAX_FORM_LINES)

    # Messages about the lines as a whole ("at least one line").
    line_errors: list = []

    def filled_rows(self) -> list[int]:
        """Return the indices of the rows that are not blank."""
        return [
            index for index, entry in enumerate(self.lines) if not entry.form.is_blank()
        ]

    def sale_data(self) -> tuple[dict, list[int]]:
        """Return the sale for the services, and for each of its lines the
        row it came from. Raise ValueError naming a field whose id is bad."""
        rows = self.filled_rows()
        lines = []
        for index in rows:
            row = self.lines[index].form
            try:
                product_id = parse_id(row.product_id.data)
            except ValueError:
                row.product_id.errors = [_l("Choose a product from the list.")]
                raise
            lines.append(
                {
                    "product_id": product_id,
                    "description": row.description.data,
                    "quantity": row.quantity.data,
                    "unit_price": row.unit_price.data,
                }
            )
        try:
            customer_id = parse_id(self.customer_id.data)
        except ValueError:
            self.customer_id.errors = [_l("Choose a customer from the list.")]
            raise
        data = {
            "customer_id": customer_id,
            "sold_on": self.sold_on.data,
            "channel": self.channel.data,
            "payment_method": self.payment_method.data,
            "note": self.note.data,
            "lines": lines,
        }
        return data, rows

    def show_errors(self, errors: dict, rows: list[int]) -> None:
        """Put the services' messages beside the fields they are about."""
        for name, messages in errors.items():
            if name != "lines":
                getattr(self, name).errors = list(messages)
            elif isinstance(messages, dict):
                for index, fields in messages.items():
                    row = self.lines[rows[index]].form
                    for field, field_messages in fields.items():
                        getattr(row, field).errors = list(field_messages)
            else:
                self.line_errors = list(messages)


class ProductForm(FlaskForm):
    """Add or change a product."""

    name = StringField(_l("Name"), validators=[InputRequired(_l("Enter a name."))])
    sku = StringField(_l("SKU (optional)"))
    unit_price = WholeNumberField(
        _l("Price, so'm"), validators=[InputRequired(_l("Enter the price."))]
    )

    def show_errors(self, errors: dict) -> None:
        """Put the services' messages beside the fields they are about."""
        for name, messages in errors.items():
            getattr(self, name).errors = list(messages)


class ConfirmForm(FlaskForm):
    """A button that changes something, protected from other sites."""
