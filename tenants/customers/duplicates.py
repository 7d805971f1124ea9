"""Find customers who may be the same person as a new one."""

import uuid
from dataclasses import dataclass, field

from sqlalchemy import exists, func, or_
from sqlalchemy.orm import Session

from tenants.customers.access import visible_customers
from tenants.customers.folding import digits, fold
from tenants.customers.models import Customer, CustomerPhone
from tenants.models import Membership
from tenants.phones import PhoneError, normalise_phone

LIMIT = 10

# Why a customer was taken for a possible duplicate.
PHONE, EMAIL, NAME = "phone", "email", "name"


@dataclass
class Duplicate:
    """An existing customer and the reasons it looks like the new one."""

    customer: Customer
    reasons: list[str] = field(default_factory=list)


def find_duplicates(
    session: Session,
    name: str | None,
    phones,
    email: str | None,
    exclude_id: uuid.UUID | None = None,
    membership: Membership | None = None,
) -> list[Customer]:
    """Return customers with one of `phones`, the same e-mail or a similar
    name; an empty list when there are none.

    Phones may be written in any accepted form; numbers that cannot be read
    are ignored here (validation reports them). With `membership`, only the
    customers that member may see are searched.
    """
    found = match_duplicates(session, name, phones, email, exclude_id, membership)
    return [match.customer for match in found]


def match_duplicates(
    session: Session,
    name: str | None,
    phones,
    email: str | None,
    exclude_id: uuid.UUID | None = None,
    membership: Membership | None = None,
) -> list[Duplicate]:
    """Return possible duplicates with their reasons, phone and e-mail
    matches first, at most LIMIT of them."""
    base = visible_customers(session, membership)
    if exclude_id is not None:
        base = base.where(Customer.id != exclude_id)
    found: dict[uuid.UUID, Duplicate] = {}

    def add(customers, reason: str) -> None:
        for customer in customers:
            match = found.setdefault(customer.id, Duplicate(customer))
            if reason not in match.reasons:
                match.reasons.append(reason)

    numbers = _readable(phones)
    if numbers:
        has_number = exists().where(
            CustomerPhone.tenant_id == Customer.tenant_id,
            CustomerPhone.customer_id == Customer.id,
            CustomerPhone.phone.in_(numbers),
        )
        add(
            session.scalars(
                base.where(or_(Customer.phone.in_(numbers), has_number)).limit(LIMIT)
            ),
            PHONE,
        )

    address = (email or "").strip().lower()
    if address:
        add(
            session.scalars(
                base.where(func.lower(Customer.email) == address).limit(LIMIT)
            ),
            EMAIL,
        )

    key = fold(name)
    if key:
        add(_similar_names(session, base, key), NAME)

    return list(found.values())[:LIMIT]


def _readable(phones) -> list[str]:
    if isinstance(phones, str):
        phones = [phones]
    numbers = []
    for raw in phones or []:
        try:
            numbers.append(normalise_phone(raw))
        except (PhoneError, TypeError):
            continue
    return numbers


def _similar_names(session: Session, base, key: str) -> list[Customer]:
    near = base.with_only_columns(Customer.id, Customer.name_key).where(
        func.length(Customer.name_key).between(len(key) - 2, len(key) + 2)
    )
    ids = [row.id for row in session.execute(near) if similar(key, row.name_key)]
    if not ids:
        return []
    return list(session.scalars(base.where(Customer.id.in_(ids[:LIMIT]))))


def similar(a: str, b: str) -> bool:
    """Return True when two folded names are probably the same person's.

    Equal names, the same words in another order, or one or two typing
    slips (two only in long names). Names that differ in their digits are
    never similar: `Do‘kon 1` and `Do‘kon 2` are two customers.
    """
    if a == b or sorted(a.split()) == sorted(b.split()):
        return True
    if digits(a) != digits(b) or min(len(a), len(b)) < 4:
        return False
    return distance_at_most(a, b, 1 if max(len(a), len(b)) < 12 else 2)


def distance_at_most(a: str, b: str, limit: int) -> bool:
    """Return True when the edit distance of `a` and `b` is at most `limit`.

    Gives up as soon as a whole row exceeds the limit, so comparing a name
    against a firm's thousand customers stays cheap.
    """
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, start=1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char != other),
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
