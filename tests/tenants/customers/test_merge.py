"""Merging two records of one person keeps everything linked to either."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core import tenancy
from core.audit import AuditEntry
from tenants.customers import custom_fields, merge, services
from tenants.customers.errors import Invalid
from tenants.customers.models import (
    Customer,
    CustomerPhone,
    CustomerTag,
    CustomFieldValue,
)
from tenants.models import WorkspaceModel


@pytest.fixture
def pair(session, firm):
    """Two records of the same person inside the first firm."""
    with tenancy.tenant(session, firm.tenant.id):
        custom_fields.create_definition(session, "Size", "choice", choices=["S", "M"])
        custom_fields.create_definition(session, "Visits", "number")
        keep = services.create_customer(
            session,
            "Jasur Rahimov",
            phones=["+998901112233", "+998902223344"],
            tags=["VIP"],
            custom_fields={"size": "S"},
        )
        drop = services.create_customer(
            session,
            "Жасур Раҳимов",
            phones=["+998902223344", "+998903334455"],
            email="jasur@example.uz",
            telegram="jasur_r",
            source="Telegram",
            tags=["vip", "ulgurji"],
            notes="Ikkinchi yozuv",
            owner_id=firm.staff.id,
            custom_fields={"size": "M", "visits": 4},
        )
        yield keep, drop


def test_linked_models_are_found_generically():
    tables = {model.__table__.name for model in merge.linked_models()}

    assert {"customer_phones", "customer_tags", "customer_field_values"} <= tables
    assert "customers" not in tables
    for model in merge.linked_models():
        assert issubclass(model, WorkspaceModel)
        assert "customer_id" in model.__table__.c


def test_merge_moves_linked_rows_and_unites(session, pair, firm):
    keep, drop = pair
    # A second row linked to the dropped customer, added behind the service's
    # back, stands for the sales and deals rows the generic move must carry.
    session.add(CustomerPhone(customer_id=drop.id, phone="+998935556677", position=9))
    session.flush()
    extra_id = session.scalar(
        select(CustomerPhone.id).where(CustomerPhone.phone == "+998935556677")
    )
    drop_id = drop.id

    merged = merge.merge_customers(session, keep, drop)
    session.flush()
    session.expire_all()

    assert session.get(Customer, (firm.tenant.id, drop_id)) is None
    moved = session.get(CustomerPhone, (firm.tenant.id, extra_id))
    assert moved.customer_id == keep.id
    assert merged.phone_numbers == [
        "+998901112233",
        "+998902223344",
        "+998903334455",
        "+998935556677",
    ]
    assert merged.phone == "+998901112233"
    assert merged.tag_names == ["ulgurji", "VIP"]
    assert merged.custom_values == {"size": "S", "visits": 4}
    assert "998935556677" in merged.search_key
    assert (
        session.scalars(
            select(CustomerTag).where(CustomerTag.customer_id == drop_id)
        ).all()
        == []
    )
    assert (
        session.scalars(
            select(CustomFieldValue).where(CustomFieldValue.customer_id == drop_id)
        ).all()
        == []
    )


def test_merge_fills_only_empty_fields(session, pair, firm):
    keep, drop = pair
    keep.notes = "Birinchi yozuv"

    merged = merge.merge_customers(session, keep, drop)

    assert merged.name == "Jasur Rahimov"
    assert merged.notes == "Birinchi yozuv"
    assert merged.email == "jasur@example.uz"
    assert merged.telegram == "jasur_r"
    assert merged.source == "Telegram"
    assert merged.owner_id == firm.staff.id


@pytest.mark.parametrize(
    ("keep_days", "drop_days", "expected"),
    [(None, 10, 10), (5, 10, 10), (10, 5, 10), (3, None, 3), (None, None, None)],
)
def test_merge_keeps_the_earlier_consent(session, pair, keep_days, drop_days, expected):
    keep, drop = pair
    now = datetime.now(UTC)
    keep.consent_at = now - timedelta(days=keep_days) if keep_days else None
    drop.consent_at = now - timedelta(days=drop_days) if drop_days else None

    merged = merge.merge_customers(session, keep, drop)

    if expected is None:
        assert merged.consent_at is None
    else:
        # SQLite gives back naive times, in UTC.
        stored = merged.consent_at
        stored = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
        assert stored == now - timedelta(days=expected)


def test_merge_is_audited(session, pair):
    keep, drop = pair
    drop_id = str(drop.id)

    merge.merge_customers(session, keep, drop)

    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.action == "customer.merge")
    )
    assert entry.object_id == str(keep.id)
    assert entry.details["dropped_id"] == drop_id
    assert entry.details["moved"]["customer_phones"] == 1


def test_preview_changes_nothing(session, pair):
    keep, drop = pair

    plan = merge.preview(session, keep, drop)

    assert plan["phones"] == ["+998903334455"]
    assert plan["tags"] == ["ulgurji"]
    assert set(plan["fills"]) == {"email", "telegram", "source", "notes", "owner_id"}
    # Rows the kept customer already has (a phone, VIP, its size) stay out.
    assert plan["moves"] == {
        "customer_field_values": 1,
        "customer_phones": 1,
        "customer_tags": 1,
    }
    assert keep.email is None and len(keep.phones) == 2


def test_a_customer_cannot_merge_with_itself(session, pair):
    keep, _ = pair

    with pytest.raises(Invalid):
        merge.merge_customers(session, keep, keep)


def test_clashing_keys_are_found_from_the_table():
    from tenants.customers.models import CustomerPhone as Phones

    assert merge._unique_sets(Phones.__table__) == [
        ["tenant_id", "customer_id", "phone"]
    ]


def test_hooks_run_after_the_rows_moved(session, pair):
    keep, drop = pair
    seen = []

    def hook(session, kept, dropped):
        seen.append((kept.id, dropped.id, len(kept.phones)))

    merge.after_merge(hook)
    try:
        merge.merge_customers(session, keep, drop)
    finally:
        merge._HOOKS.remove(hook)

    assert seen == [(keep.id, drop.id, 3)]
