"""Forms of customers, merges and custom fields."""

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    ValidationError,
)

from tenants.customers.models import Customer, CustomField, FieldType
from tenants.phones import PhoneError, normalise_phone

PREFIX = "cf_"


class CustomerForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter the customer's name.")),
            Length(
                max=200, message=_l("The name is too long: at most 200 characters.")
            ),
        ],
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    more_phones = TextAreaField(
        _l("Other numbers"),
        description=_l("One number per line."),
        validators=[Optional(), Length(max=500)],
    )
    email = EmailField(
        _l("E-mail"),
        validators=[Optional(), Email(_l("This is not an e-mail address."))],
    )
    telegram = StringField(
        _l("Telegram"),
        description=_l("Username, with or without @."),
        validators=[Optional(), Length(max=60)],
    )
    tags = StringField(
        _l("Tags"),
        description=_l("Separate tags with commas."),
        validators=[Optional(), Length(max=900)],
    )
    source = StringField(
        _l("Where they came from"), validators=[Optional(), Length(max=60)]
    )
    consent = BooleanField(_l("Agrees to receive marketing messages"))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=10_000)])
    not_duplicate = BooleanField(_l("This is a different person"))

    # Filled in by customer_form(): the names of the custom fields added.
    custom_names: list[str] = []

    def validate_phone(self, field):
        try:
            normalise_phone(field.data)
        except PhoneError as error:
            raise ValidationError(str(error)) from error

    def data_for_service(self, with_owner: bool) -> dict:
        """Return the form's values as the customer services take them."""
        lines = (self.more_phones.data or "").replace(",", "\n").splitlines()
        data = {
            "name": self.name.data,
            "phones": [self.phone.data or "", *lines],
            "email": self.email.data or None,
            "telegram": self.telegram.data or None,
            "tags": self.tags.data or "",
            "source": self.source.data or None,
            "consent": bool(self.consent.data),
            "notes": self.notes.data or None,
            "custom_fields": {
                name.removeprefix(PREFIX): self[name].data for name in self.custom_names
            },
        }
        # A form posted without the owner choice leaves the owner as it is.
        if with_owner and "owner_id" in self and self.owner_id.raw_data:
            owner = self.owner_id.data
            data["owner_id"] = uuid.UUID(owner) if owner else None
        return data

    def show_errors(self, errors: dict) -> None:
        """Put a service's Invalid errors on the fields they belong to."""
        # The primary phone is checked by its own validator first, so the
        # numbers the service refuses are the other ones.
        targets = {"phones": "more_phones"}
        for key, messages in errors.items():
            if key == "custom_fields":
                for field_key, field_messages in messages.items():
                    name = PREFIX + field_key
                    target = self._fields.get(name, self.name)
                    target.errors = [*target.errors, *field_messages]
                continue
            name = targets.get(key, key)
            target = self._fields.get(name, self.name)
            target.errors = [*target.errors, *messages]


def customer_form(
    definitions: list[CustomField],
    members: list[tuple[uuid.UUID, str]] | None = None,
    customer: Customer | None = None,
    values: dict[str, str] | None = None,
    **kwargs,
) -> CustomerForm:
    """Return a customer form with the workspace's custom fields, and an
    owner choice when `members` is given (owners and managers only).

    With `customer`, the form starts with that customer's values.
    """

    class Form(CustomerForm):
        pass

    names = []
    for definition in definitions:
        name = PREFIX + definition.key
        setattr(Form, name, _custom_field(definition))
        names.append(name)
    Form.custom_names = names
    if members is not None:
        Form.owner_id = SelectField(
            _l("Owner"),
            choices=[SelectChoice("", _l("Nobody"))]
            + [SelectChoice(str(uid), label) for uid, label in members],
            default="",
        )

    if customer is not None and not kwargs.get("formdata"):
        kwargs.setdefault("data", _initial(customer, values or {}))
    return Form(**kwargs)


def _custom_field(definition: CustomField):
    validators = [Optional()]
    if definition.type == FieldType.CHOICE:
        choices = [SelectChoice("", "—")]
        choices += [SelectChoice(choice) for choice in definition.choices]
        return SelectField(definition.label, choices=choices, validate_choice=False)
    return StringField(definition.label, validators=validators)


def _initial(customer: Customer, values: dict[str, str]) -> dict:
    numbers = customer.phone_numbers
    data = {
        "name": customer.name,
        "phone": numbers[0] if numbers else "",
        "more_phones": "\n".join(numbers[1:]),
        "email": customer.email,
        "telegram": customer.telegram,
        "tags": ", ".join(customer.tag_names),
        "source": customer.source,
        "consent": customer.consent,
        "notes": customer.notes,
        "owner_id": str(customer.owner_id) if customer.owner_id else "",
    }
    data.update({PREFIX + key: value for key, value in values.items()})
    return data


class MergeForm(FlaskForm):
    other_id = HiddenField(validators=[DataRequired()])


class CustomFieldForm(FlaskForm):
    label = StringField(
        _l("Field name"),
        validators=[
            DataRequired(_l("Enter the field's name.")),
            Length(max=80, message=_l("The name is too long (at most 80 characters).")),
        ],
    )
    type = SelectField(
        _l("Type"),
        choices=[
            SelectChoice(FieldType.TEXT.value, _l("Text")),
            SelectChoice(FieldType.NUMBER.value, _l("Number")),
            SelectChoice(FieldType.DATE.value, _l("Date")),
            SelectChoice(FieldType.CHOICE.value, _l("Choice from a list")),
        ],
    )
    choices = TextAreaField(
        _l("Choices"),
        description=_l("For a choice field: one choice per line."),
        validators=[Optional(), Length(max=4000)],
    )

    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices.data or "").splitlines()]


class CustomFieldEditForm(CustomFieldForm):
    type = None  # a field's type never changes once it holds values
