"""Fields a workspace adds to its customers, and their values by type."""

import re
import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core import audit
from tenants.customers.errors import Invalid
from tenants.customers.folding import fold
from tenants.customers.models import (
    Customer,
    CustomField,
    CustomFieldValue,
    FieldType,
)

KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_TEXT = 500
MAX_CHOICES = 50


def definitions(session: Session) -> list[CustomField]:
    """Return the workspace's custom fields in the order they are shown."""
    return list(
        session.scalars(
            select(CustomField).order_by(CustomField.position, CustomField.label)
        )
    )


def get_definition(session: Session, field_id: uuid.UUID) -> CustomField | None:
    """Return the workspace's custom field with this id, or None."""
    return session.scalar(select(CustomField).where(CustomField.id == field_id))


def key_from_label(label: str) -> str:
    """Return a field key made from its label (`Tug‘ilgan kun` → `tugilgan_kun`)."""
    key = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:40]
    if not key or not key[0].isalpha():
        key = f"f_{key}"[:40].rstrip("_")
    return key


def _clean_choices(kind: FieldType, choices) -> list[str]:
    if kind != FieldType.CHOICE:
        return []
    cleaned = []
    for choice in choices or []:
        text = str(choice).strip()
        if text and fold(text) not in {fold(seen) for seen in cleaned}:
            cleaned.append(text)
    if not cleaned:
        raise Invalid.one("choices", _("List at least one choice."))
    if len(cleaned) > MAX_CHOICES or any(len(c) > 60 for c in cleaned):
        raise Invalid.one(
            "choices", _("Keep to 50 choices of at most 60 characters each.")
        )
    return cleaned


def _clean_label(label: str | None) -> str:
    label = (label or "").strip()
    if not label:
        raise Invalid.one("label", _("Enter the field's name."))
    if len(label) > 80:
        raise Invalid.one("label", _("The name is too long (at most 80 characters)."))
    return label


def create_definition(
    session: Session,
    label: str,
    type: str,
    key: str | None = None,
    choices: list[str] | None = None,
) -> CustomField:
    """Add a custom field and return it; raise Invalid saying what is wrong."""
    label = _clean_label(label)
    try:
        kind = FieldType(type)
    except ValueError:
        raise Invalid.one(
            "type", _("The type must be text, number, date or choice.")
        ) from None
    key = (key or key_from_label(label)).strip()
    if not KEY.fullmatch(key):
        raise Invalid.one(
            "key",
            _("Use lower-case Latin letters, digits and _; start with a letter."),
        )
    if session.scalar(select(CustomField.id).where(CustomField.key == key)):
        raise Invalid.one("key", _("Another field already uses this key."))

    last = session.scalar(select(func.max(CustomField.position))) or 0
    field = CustomField(
        key=key,
        label=label,
        type=kind,
        choices=_clean_choices(kind, choices),
        position=last + 1,
    )
    session.add(field)
    session.flush()
    audit.record(session, "custom_field.create", field, key=key, type=str(kind))
    return field


def update_definition(
    session: Session,
    field: CustomField,
    label: str | None = None,
    choices: list[str] | None = None,
) -> CustomField:
    """Change a field's label or choices; its key and type stay as they are.

    Values already stored keep their text even when a choice is removed.
    """
    if label is not None:
        field.label = _clean_label(label)
    if choices is not None:
        field.choices = _clean_choices(field.type, choices)
    session.flush()
    audit.record(session, "custom_field.update", field)
    return field


def delete_definition(session: Session, field: CustomField) -> None:
    """Delete a custom field and every customer's value of it."""
    session.execute(
        delete(CustomFieldValue).where(CustomFieldValue.field_id == field.id)
    )
    audit.record(session, "custom_field.delete", field, key=field.key)
    session.delete(field)
    session.flush()


# -- values -------------------------------------------------------------------


def clean_value(field: CustomField, raw) -> str | None:
    """Return `raw` as the canonical text stored for `field`, None for empty.

    Raise ValueError with a message for the user when the value does not fit
    the field's type.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(_("Expected a %(type)s value.", type=field.type.value))

    if field.type == FieldType.TEXT:
        if not isinstance(raw, str):
            raise ValueError(_("Expected text."))
        if len(raw.strip()) > MAX_TEXT:
            raise ValueError(_("Keep it to 500 characters."))
        return raw.strip()

    if field.type == FieldType.NUMBER:
        return _number(raw)

    if field.type == FieldType.DATE:
        return _date(raw).isoformat()

    text = str(raw).strip()
    for choice in field.choices:
        if fold(choice) == fold(text):
            return choice
    raise ValueError(_("Choose one of: %(choices)s.", choices=", ".join(field.choices)))


def _number(raw) -> str:
    if not isinstance(raw, int | float | str | Decimal):
        raise ValueError(_("Expected a number."))
    text = re.sub(r"[\s\u00a0]", "", str(raw)).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Expected a number, such as 12 or 3.5.")) from None
    if not number.is_finite() or len(text) > 30:
        raise ValueError(_("Expected a number, such as 12 or 3.5."))
    return format(number.normalize(), "f")


def _date(raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return datetime.strptime(raw.strip(), pattern).date()
            except ValueError:
                continue
    raise ValueError(_("Expected a date such as 2026-12-31 or 31.12.2026."))


def clean_values(session: Session, raw: dict) -> dict[CustomField, str | None]:
    """Check values keyed by field key; raise Invalid naming each bad key."""
    if not raw:
        return {}
    by_key = {field.key: field for field in definitions(session)}
    cleaned, errors = {}, {}
    for key, value in raw.items():
        field = by_key.get(key)
        if field is None:
            errors[key] = [_("There is no custom field with this key.")]
            continue
        try:
            cleaned[field] = clean_value(field, value)
        except ValueError as error:
            errors[key] = [str(error)]
    if errors:
        raise Invalid({"custom_fields": errors})
    return cleaned


def apply_values(customer: Customer, cleaned: dict[CustomField, str | None]) -> None:
    """Set, change or clear the customer's values of the given fields."""
    current = {row.field_id: row for row in customer.field_values}
    for field, value in cleaned.items():
        row = current.get(field.id)
        if value is None:
            if row is not None:
                customer.field_values.remove(row)
        elif row is None:
            customer.field_values.append(
                CustomFieldValue(field_id=field.id, value=value)
            )
        else:
            row.value = value


def values_of(session: Session, customer: Customer) -> list[tuple[CustomField, str]]:
    """Return (field, stored value) for each field the customer has a value of."""
    fields = {field.id: field for field in definitions(session)}
    pairs = [
        (fields[row.field_id], row.value)
        for row in customer.field_values
        if row.field_id in fields
    ]
    return sorted(pairs, key=lambda pair: (pair[0].position, pair[0].label))
