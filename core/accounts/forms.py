"""Forms for signing in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from core.accounts.passwords import MAX_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail.")),
            Length(max=254, message=_l("The e-mail is too long.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(
                max=MAX_LENGTH,
                message=_l(
                    "The password must be at most %(n)d characters.", n=MAX_LENGTH
                ),
            ),
        ],
    )
