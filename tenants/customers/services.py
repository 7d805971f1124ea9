"""Add, find, change and delete a firm's customers."""

import re
import uuid

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from core import audit, tenancy
from core.accounts.models import User
from core.audit import utcnow
from tenants.customers import custom_fields
from tenants.customers.access import can_reassign as can_reassign
from tenants.customers.access import is_limited as is_limited
from tenants.customers.access import visible_customers
from tenants.customers.duplicates import find_duplicates as find_duplicates
from tenants.customers.errors import Invalid
from tenants.customers.folding import digits, fold, looks_like_phone
from tenants.customers.models import Customer, CustomerPhone, CustomerTag
from tenants.models import Membership
from tenants.phones import PhoneError, normalise_phone

MAX_NAME = 200
MAX_NOTES = 10_000
MAX_PHONES = 10
MAX_TAGS = 20
SOURCES = ("shop", "Instagram", "Telegram", "referral", "other")
_TELEGRAM = re.compile(r"[A-Za-z0-9_]{5,32}")
_TELEGRAM_LINK = re.compile(r"^(?:https?://)?(?:t\.me|telegram\.me)/", re.IGNORECASE)


# -- reading ---------------------------------------------------------------


def get_customer(
    session: Session, customer_id: uuid.UUID, membership: Membership | None = None
) -> Customer | None:
    """Return the customer with this id that `membership` may see, or None."""
    query = visible_customers(session, membership).where(Customer.id == customer_id)
    return session.scalar(query)


def search_query(
    session: Session,
    membership: Membership | None,
    text: str | None = None,
    tag: str | None = None,
):
    """Return a select of visible customers matching `text` and `tag`.

    The text is folded the way names are, so any script or apostrophe finds
    the customer; a text made of digits matches inside phone numbers. Every
    word must match.
    """
    query = visible_customers(session, membership)
    text = (text or "").strip()
    if text:
        words = [digits(text)] if looks_like_phone(text) else fold(text).split()
        for word in words:
            query = query.where(
                Customer.search_key.like(f"%{_escape(word)}%", escape="\\")
            )
    if tag and fold(tag):
        query = query.where(
            exists().where(
                CustomerTag.tenant_id == Customer.tenant_id,
                CustomerTag.customer_id == Customer.id,
                CustomerTag.key == fold(tag),
            )
        )
    return query


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def workspace_tags(session: Session) -> list[str]:
    """Return the workspace's tags, one spelling per folded name."""
    rows = session.execute(
        select(CustomerTag.key, func.min(CustomerTag.name)).group_by(CustomerTag.key)
    )
    return sorted((name for _key, name in rows), key=fold)


def members(session: Session) -> list[tuple[uuid.UUID, str]]:
    """Return (user id, name) of the current workspace's members."""
    rows = session.execute(
        select(User.id, User.name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.tenant_id == tenancy.current_tenant_id())
        .order_by(User.name)
    )
    return [tuple(row) for row in rows]


# -- cleaning input -----------------------------------------------------------


def clean_phones(raw) -> list[str]:
    """Return the numbers of `raw` (a list or text) in E.164, without repeats.

    Raise Invalid naming each number that cannot be used and why.
    """
    if isinstance(raw, str):
        raw = re.split(r"[,;\n]", raw)
    numbers, errors = [], []
    for text in raw or []:
        if not text or not str(text).strip():
            continue
        try:
            number = normalise_phone(str(text))
        except PhoneError as error:
            errors.append(f"{str(text).strip()[:40]}: {error}")
            continue
        if number not in numbers:
            numbers.append(number)
    if errors:
        raise Invalid({"phones": errors})
    if len(numbers) > MAX_PHONES:
        raise Invalid.one("phones", _("Keep to 10 phone numbers."))
    return numbers


def clean_telegram(raw: str | None) -> str | None:
    """Return a Telegram username without `@`, None for empty; raise Invalid."""
    text = _TELEGRAM_LINK.sub("", (raw or "").strip()).lstrip("@")
    if not text:
        return None
    if not _TELEGRAM.fullmatch(text):
        raise Invalid.one(
            "telegram",
            _("A Telegram username has 5 to 32 Latin letters, digits or _."),
        )
    return text


def clean_email(raw: str | None) -> str | None:
    """Return an e-mail address in lower case, None for empty; raise Invalid."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise Invalid.one("email", _("This is not an e-mail address.")) from None
    if len(text) > 254:
        raise Invalid.one("email", _("This is not an e-mail address."))
    return text.lower()


def clean_tags(raw) -> list[str]:
    """Return tag names from a list or comma-separated text, without repeats."""
    if isinstance(raw, str):
        raw = raw.split(",")
    names, keys = [], set()
    for text in raw or []:
        name = " ".join(str(text).split())
        if not name or fold(name) in keys:
            continue
        if len(name) > 40:
            raise Invalid.one("tags", _("A tag has at most 40 characters."))
        names.append(name)
        keys.add(fold(name))
    if len(names) > MAX_TAGS:
        raise Invalid.one("tags", _("Keep to 20 tags."))
    return names


def _clean_text(field: str, raw, limit: int) -> str | None:
    text = (raw or "").strip()
    if len(text) > limit:
        raise Invalid.one(
            field,
            _("This is too long: at most %(limit)s characters.", limit=limit),
        )
    return text or None


def _clean_owner(session: Session, owner_id) -> uuid.UUID | None:
    if owner_id is None:
        return None
    if session.get(Membership, (tenancy.current_tenant_id(), owner_id)) is None:
        raise Invalid.one("owner_id", _("The owner must be a member of this firm."))
    return owner_id


def clean(session: Session, data: dict) -> dict:
    """Check customer fields given in `data`; return them ready to store.

    Only the keys present are checked, so this serves updates too. Raise
    Invalid with every field's problems; nothing is stored either way.
    """
    steps = {
        "phones": clean_phones,
        "email": clean_email,
        "telegram": clean_telegram,
        "tags": clean_tags,
        "source": lambda value: _clean_text("source", value, 60),
        "notes": lambda value: _clean_text("notes", value, MAX_NOTES),
        "owner_id": lambda value: _clean_owner(session, value),
        "custom_fields": lambda value: custom_fields.clean_values(session, value),
        "consent": bool,
    }
    cleaned, errors = {}, {}
    if "name" in data:
        name = " ".join((data["name"] or "").split())
        if not name:
            errors["name"] = [_("Enter the customer's name.")]
        elif len(name) > MAX_NAME:
            errors["name"] = [_("The name is too long: at most 200 characters.")]
        cleaned["name"] = name
    for key, step in steps.items():
        if key in data:
            try:
                cleaned[key] = step(data[key])
            except Invalid as error:
                errors.update(error.errors)
    if errors:
        raise Invalid(errors)
    return cleaned


# -- writing ------------------------------------------------------------------


def _apply(customer: Customer, cleaned: dict) -> None:
    for key in ("name", "email", "telegram", "source", "notes", "owner_id"):
        if key in cleaned:
            setattr(customer, key, cleaned[key])
    if "phones" in cleaned:
        _set_phones(customer, cleaned["phones"])
    if "tags" in cleaned:
        _set_tags(customer, cleaned["tags"])
    if "consent" in cleaned:
        if not cleaned["consent"]:
            customer.consent_at = None
        elif customer.consent_at is None:
            customer.consent_at = utcnow()
    if "custom_fields" in cleaned:
        custom_fields.apply_values(customer, cleaned["custom_fields"])


def _set_phones(customer: Customer, numbers: list[str]) -> None:
    current = {row.phone: row for row in customer.phones}
    customer.phones = [
        current.get(number) or CustomerPhone(phone=number) for number in numbers
    ]
    for position, row in enumerate(customer.phones):
        row.position = position
    customer.phone = numbers[0] if numbers else None


def _set_tags(customer: Customer, names: list[str]) -> None:
    current = {row.key: row for row in customer.tags}
    rows = []
    for name in names:
        row = current.get(fold(name)) or CustomerTag(key=fold(name))
        row.name = name
        rows.append(row)
    customer.tags = rows


def create_customer(
    session: Session,
    name: str,
    phone: str | None = None,
    email: str | None = None,
    notes: str | None = None,
    created_by: uuid.UUID | None = None,
    **more,
) -> Customer:
    """Add a customer to the current workspace and return it.

    `more` takes phones, telegram, tags, source, consent, owner_id and
    custom_fields. The owner defaults to the creator. Raise Invalid saying
    what is wrong (PhoneError is an Invalid's message for phones); nothing is
    stored then. Duplicates are not checked here: see `find_duplicates`.
    """
    phones = list(more.pop("phones", None) or [])
    if phone:
        phones.insert(0, phone)
    data = {"name": name, "phones": phones, "email": email, "notes": notes, **more}
    if data.get("owner_id") is None:
        data.pop("owner_id", None)
    cleaned = clean(session, data)
    cleaned.setdefault("owner_id", created_by)

    customer = Customer(created_by=created_by)
    _apply(customer, cleaned)
    session.add(customer)
    session.flush()
    audit.record(session, "customer.create", customer)
    return customer


def update_customer(session: Session, customer: Customer, **changes) -> Customer:
    """Change the given fields of a customer and return it; raise Invalid."""
    cleaned = clean(session, changes)
    _apply(customer, cleaned)
    session.flush()
    audit.record(session, "customer.update", customer, fields=sorted(cleaned))
    return customer


def delete_customer(session: Session, customer: Customer) -> None:
    """Delete a customer with their phones, tags and custom values."""
    audit.record(session, "customer.delete", customer, name=customer.name)
    session.delete(customer)
    session.flush()
