"""API schemas of customers and their custom fields."""

import marshmallow as ma

from tenants.customers.folding import fold
from tenants.customers.models import FieldType
from tenants.phones import PhoneError, normalise_phone

_FIELD_HELP = "Custom field values keyed by field key; null clears a value."


def _phone(value):
    try:
        normalise_phone(value)
    except PhoneError as error:
        raise ma.ValidationError(str(error)) from error


class CustomerPatch(ma.Schema):
    """Fields of a customer to change; those left out stay as they are."""

    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    phones = ma.fields.List(
        ma.fields.String(validate=[ma.validate.Length(max=40), _phone]),
        validate=ma.validate.Length(max=10),
        metadata={"description": "Every number; the first is the primary one."},
    )
    email = ma.fields.Email(allow_none=True)
    telegram = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=40),
        metadata={"description": "Username, with or without @."},
    )
    tags = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=40)))
    source = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=60),
        metadata={"description": "Shop, Instagram, Telegram, referral, other…"},
    )
    consent = ma.fields.Boolean(
        metadata={"description": "Marketing consent; turning it on stamps the date."}
    )
    notes = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=10_000))
    owner_id = ma.fields.UUID(
        allow_none=True,
        metadata={"description": "Member who owns the customer (owner, manager)."},
    )
    custom_fields = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(allow_none=True),
        metadata={"description": _FIELD_HELP},
    )


class CustomerIn(CustomerPatch):
    """A customer to create."""

    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    phone = ma.fields.String(
        load_default=None,
        validate=[ma.validate.Length(max=40), _phone],
        metadata={"description": "The primary number; or list them in `phones`."},
    )
    force = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Add even when possible duplicates exist."},
    )


class CustomerOut(ma.Schema):
    """A customer as the API shows it."""

    id = ma.fields.UUID()
    name = ma.fields.String()
    phone = ma.fields.String(allow_none=True)
    phones = ma.fields.List(ma.fields.String(), attribute="phone_numbers")
    email = ma.fields.String(allow_none=True)
    telegram = ma.fields.String(allow_none=True)
    tags = ma.fields.List(ma.fields.String(), attribute="tag_names")
    source = ma.fields.String(allow_none=True)
    consent = ma.fields.Boolean()
    consent_at = ma.fields.DateTime(allow_none=True)
    notes = ma.fields.String(allow_none=True)
    owner_id = ma.fields.UUID(allow_none=True)
    custom_fields = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Raw(), attribute="custom_values"
    )
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime(allow_none=True)


class CustomerQuery(ma.Schema):
    """Filters of the customer list."""

    q = ma.fields.String(
        load_default=None,
        validate=ma.validate.Length(max=100),
        metadata={"description": "Name in any script, phone digits or e-mail."},
    )
    tag = ma.fields.String(load_default=None, validate=ma.validate.Length(max=40))


class MergeIn(ma.Schema):
    """The customer to merge into this one; it is deleted afterwards."""

    other_id = ma.fields.UUID(required=True)


class DuplicateOut(ma.Schema):
    id = ma.fields.UUID()
    name = ma.fields.String()
    reasons = ma.fields.List(ma.fields.String())


class DuplicatesProblem(ma.Schema):
    """A problem document listing possible duplicates (status 409)."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    duplicate_ids = ma.fields.List(ma.fields.UUID())
    duplicates = ma.fields.List(ma.fields.Nested(DuplicateOut))


# -- custom field definitions ------------------------------------------------


class CustomFieldPatch(ma.Schema):
    """What may change in a custom field: its label and choices."""

    label = ma.fields.String(validate=ma.validate.Length(min=1, max=80))
    choices = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=60)),
        validate=ma.validate.Length(max=50),
    )


class CustomFieldIn(CustomFieldPatch):
    """A custom field to add to every customer of the workspace."""

    label = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80))
    key = ma.fields.String(
        load_default=None,
        validate=ma.validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$"),
        metadata={"description": "Made from the label when left out."},
    )
    type = ma.fields.String(
        required=True, validate=ma.validate.OneOf([kind.value for kind in FieldType])
    )

    @ma.validates_schema
    def _choices(self, data, **kwargs):
        if data.get("type") == FieldType.CHOICE and not [
            c for c in data.get("choices") or [] if fold(c)
        ]:
            raise ma.ValidationError("List at least one choice.", "choices")


class CustomFieldOut(ma.Schema):
    id = ma.fields.UUID()
    key = ma.fields.String()
    label = ma.fields.String()
    type = ma.fields.String()
    choices = ma.fields.List(ma.fields.String())
    position = ma.fields.Integer()
