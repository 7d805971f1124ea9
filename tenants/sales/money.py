"""Read amounts and counts typed by people: whole numbers only.

So'm are never split, so `1500.5` is refused with a message that says so
instead of being rounded quietly.
"""

import re
from decimal import Decimal

from flask_babel import gettext as _

_FRACTION = re.compile(r"-?\d*[.,]\d+")
_WHOLE = re.compile(r"-?\d+")
# Phones and Babel group digits with ordinary and non-breaking spaces.
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def whole_som_message() -> str:
    """Return the message shown when an amount has a fraction."""
    return _("Amounts are whole so'm, without decimals: write 1500, not 1500.5.")


def whole_quantity_message() -> str:
    """Return the message shown when a quantity is not a whole number."""
    return _("The quantity is a whole number, 1 or more.")


class NotWhole(ValueError):
    """A value that is not a whole number; `fraction` if it had decimals."""

    def __init__(self, fraction: bool):
        super().__init__("fraction" if fraction else "not a number")
        self.fraction = fraction


def parse_whole(value) -> int:
    """Return `value` as an int: an int, an integral float or a string of
    digits (spaces between groups allowed). Raise NotWhole otherwise."""
    if isinstance(value, bool):
        raise NotWhole(fraction=False)
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotWhole(fraction=False)
        if value != int(value):
            raise NotWhole(fraction=True)
        return int(value)
    if isinstance(value, str):
        text = value.translate(_SPACES)
        if _WHOLE.fullmatch(text):
            return int(text)
        if _FRACTION.fullmatch(text):
            raise NotWhole(fraction=True)
    raise NotWhole(fraction=False)
