"""Read Uzbek phone numbers as people write them; store them as E.164."""

import re

import phonenumbers
from flask_babel import lazy_gettext as _l


class PhoneError(ValueError):
    """The text is not a phone number we can use; the message says why."""


def normalise_phone(raw: str) -> str:
    """Return `raw` as an E.164 number, or raise PhoneError saying why.

    Accepts `+998 90 123 45 67`, `901234567`, `(90) 123-45-67`,
    `998901234567`, the old trunk form `8-90-123-45-67` and the form dialled
    from abroad, `00998 90 123 45 67`.
    """
    digits = re.sub(r"\D", "", raw)
    if not digits:
        raise PhoneError(_l("Enter a phone number."))
    if digits.startswith("00998"):
        raw = "+" + digits[2:]  # 00 is the international call prefix
    if len(digits) == 10 and digits.startswith("8") and not raw.strip().startswith("+"):
        digits = digits[1:]  # the old national trunk prefix
        raw = digits

    try:
        number = phonenumbers.parse(raw, "UZ")
    except phonenumbers.NumberParseException as error:
        raise PhoneError(_l("This is not a phone number.")) from error

    if not phonenumbers.is_possible_number(number):
        raise PhoneError(_l("The number has too few or too many digits."))
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(
            _l("No operator uses this number's prefix; check the first digits.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str | None) -> str:
    """Return a stored number in the international format people read."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
