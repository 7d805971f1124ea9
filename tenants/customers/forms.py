"""Forms of customers."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    ValidationError,
)

from tenants.phones import PhoneError, normalise_phone


class CustomerForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter the customer's name.")),
            Length(max=200, message=_l("The name is too long.")),
        ],
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(
        _l("E-mail"),
        validators=[Optional(), Email(_l("This is not an e-mail address."))],
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=10_000)])

    def validate_phone(self, field):
        try:
            normalise_phone(field.data)
        except PhoneError as error:
            raise ValidationError(str(error)) from error
