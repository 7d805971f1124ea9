"""API schemas of customers."""

import marshmallow as ma

from tenants.phones import PhoneError, normalise_phone


class CustomerIn(ma.Schema):
    """A customer to create."""

    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    phone = ma.fields.String(load_default=None, validate=ma.validate.Length(max=40))
    email = ma.fields.Email(load_default=None)
    notes = ma.fields.String(load_default=None, validate=ma.validate.Length(max=10_000))

    @ma.validates("phone")
    def _phone(self, value, **kwargs):
        if value:
            try:
                normalise_phone(value)
            except PhoneError as error:
                raise ma.ValidationError(str(error)) from error


class CustomerOut(ma.Schema):
    """A customer as the API shows it."""

    id = ma.fields.UUID()
    name = ma.fields.String()
    phone = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    notes = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()


class CustomerQuery(ma.Schema):
    """Filters of the customer list."""

    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=100))
