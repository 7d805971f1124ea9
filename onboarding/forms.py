"""Forms of the application, the owner's invitation and the console."""

import re

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    StopValidation,
    ValidationError,
)

from core import refdata
from core.accounts.passwords import MAX_LENGTH, password_problem
from onboarding.services import MAX_EMPLOYEES, MAX_TURNOVER, mobile_phone
from onboarding.workflow import MAX_REASON
from tenants.phones import PhoneError

_GROUPED = re.compile(r"[0-9]{1,3}(?:[,.][0-9]{3})+")
_SPACES = re.compile(r"[\s\u00a0\u202f_'ʼ]")


_APPLICATION_FIELDS = (
    "business_name",
    "stir",
    "legal_form",
    "sector",
    "region",
    "district",
    "employees",
    "turnover",
    "owner_name",
    "phone",
    "email",
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _no_spaces(value):
    return re.sub(r"\s", "", value) if isinstance(value, str) else value


class WholeNumberField(StringField):
    """A whole number of 0 or more, typed the way people write it:
    `1500000`, `1 500 000` or `1,500,000`."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message or _l("Enter a whole number, digits only.")

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        text = _SPACES.sub("", self.raw)
        if not text:
            return
        if _GROUPED.fullmatch(text):
            text = re.sub(r"[,.]", "", text)
        if len(text) > 20 or not re.fullmatch(r"[0-9]+", text):
            raise ValueError(str(self.message))
        self.data = int(text)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # one message is enough

    def _value(self):
        if getattr(self, "raw", None):
            return self.raw[:40]
        return "" if self.data is None else str(self.data)


def _choices(items, placeholder) -> list[tuple[str, str]]:
    locale = str(get_locale() or refdata.DEFAULT_LOCALE)
    return [("", str(placeholder))] + [(item.code, item.name(locale)) for item in items]


def _from_list(known, message):
    def check(form, field):
        if known(field.data or "") is None:
            raise ValidationError(str(message))

    return check


class ApplicationForm(FlaskForm):
    business_name = StringField(
        _l("Name of the business"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter the name of the business.")),
            Length(max=200, message=_l("The name must be at most 200 characters.")),
        ],
    )
    stir = StringField(
        _l("STIR (taxpayer number, 9 digits)"),
        filters=[_no_spaces],
        validators=[DataRequired(_l("Enter the firm's STIR."))],
    )
    legal_form = SelectField(
        _l("Legal form"),
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose the legal form.")),
            _from_list(refdata.legal_form, _l("Choose a legal form from the list.")),
        ],
    )
    sector = SelectField(
        _l("Sector"),
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose the sector.")),
            _from_list(refdata.sector, _l("Choose a sector from the list.")),
        ],
    )
    region = SelectField(
        _l("Region"),
        validate_choice=False,
        validators=[
            DataRequired(_l("Choose the region.")),
            _from_list(refdata.region, _l("Choose a region from the list.")),
        ],
    )
    district = SelectField(
        _l("District"),
        validate_choice=False,
        validators=[DataRequired(_l("Choose the district."))],
    )
    employees = WholeNumberField(
        _l("Number of employees"),
        validators=[
            InputRequired(_l("Enter the number of employees (0 if none).")),
            NumberRange(
                min=0,
                max=MAX_EMPLOYEES,
                message=_l("Enter a number from %(min)s to %(max)s."),
            ),
        ],
    )
    turnover = WholeNumberField(
        _l("Turnover last year, in whole soʻm"),
        validators=[
            InputRequired(_l("Enter last year's turnover (0 if none).")),
            NumberRange(
                min=0, max=MAX_TURNOVER, message=_l("This turnover is not possible.")
            ),
        ],
    )
    owner_name = StringField(
        _l("Owner's full name"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter the owner's name.")),
            Length(max=120, message=_l("The name must be at most 120 characters.")),
        ],
    )
    phone = StringField(
        _l("Mobile phone"),
        validators=[
            DataRequired(_l("Enter a mobile phone number.")),
            Length(max=40, message=_l("This is not a phone number.")),
        ],
    )
    email = EmailField(
        _l("E-mail"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter an e-mail address.")),
            Length(max=254, message=_l("The e-mail is too long.")),
        ],
    )
    consent = BooleanField(
        _l(
            "I agree to the programme's terms: the firm's data is used to "
            "assess this application and to measure the programme's results."
        ),
        validators=[DataRequired(_l("Agree to the programme's terms to apply."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.legal_form.choices = _choices(
            refdata.legal_forms(), _l("Choose the legal form")
        )
        self.sector.choices = _choices(refdata.sectors(), _l("Choose the sector"))
        self.region.choices = _choices(refdata.regions(), _l("Choose the region"))
        self.district.choices = self.district_choices()

    def district_choices(self) -> list[tuple[str, str]]:
        """Return the districts of the chosen region, or just a prompt."""
        region = self.region.data if refdata.region(self.region.data or "") else None
        if region is None:
            return [("", str(_l("Choose the region first")))]
        return _choices(refdata.districts(region), _l("Choose the district"))

    def validate_stir(self, field):
        if not re.fullmatch(r"[0-9]{9}", field.data or ""):
            raise ValidationError(str(_l("The STIR must be exactly 9 digits.")))

    def validate_district(self, field):
        if refdata.region(self.region.data or "") is None:
            return  # the region's message says what to fix first
        found = refdata.district(field.data or "")
        if found is None or found.region != self.region.data:
            raise ValidationError(str(_l("Choose a district of the chosen region.")))

    def validate_phone(self, field):
        if len(field.data) > 40:
            return  # the length check has said why already
        try:
            mobile_phone(field.data)
        except PhoneError as error:
            raise ValidationError(str(error)) from error

    def validate_email(self, field):
        if len(field.data) > 254:
            return  # the length check has said why already
        Email(_l("This is not an e-mail address."))(self, field)

    def application_data(self) -> dict:
        """Return the fields the application service takes."""
        return {name: getattr(self, name).data for name in _APPLICATION_FIELDS}


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                max=MAX_LENGTH,
                message=_l(
                    "The password must be at most %(n)d characters.", n=MAX_LENGTH
                ),
            ),
        ],
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[EqualTo("password", _l("The two passwords differ."))],
    )

    def validate_password(self, field):
        problem = password_problem(field.data)
        if problem:
            raise ValidationError(str(problem))


class TransitionForm(FlaskForm):
    target = StringField(validators=[DataRequired()])
    reason = TextAreaField(
        _l("Reason"),
        filters=[_strip],
        validators=[
            Length(
                max=MAX_REASON,
                message=_l(
                    "The reason must be at most %(n)d characters.", n=MAX_REASON
                ),
            )
        ],
    )


class AssignForm(FlaskForm):
    consultant = SelectField(_l("Consultant"), validate_choice=False)
