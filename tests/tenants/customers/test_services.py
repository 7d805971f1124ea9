"""Customer services: every field, validation that stores nothing, search."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from core import tenancy
from tenants.customers import custom_fields, services
from tenants.customers.errors import Invalid
from tenants.customers.models import Customer, CustomerPhone, CustomerTag
from tests.tenants.customers.factories import customer


@pytest.fixture
def inside(session, firm):
    """Work inside the first firm for the whole test."""
    with tenancy.tenant(session, firm.tenant.id):
        yield firm


def count(session, model=Customer) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_create_with_every_field(session, inside):
    custom_fields.create_definition(session, "Tug‘ilgan kun", "date")
    custom_fields.create_definition(session, "Size", "choice", choices=["S", "M", "L"])

    made = services.create_customer(
        session,
        "Dilnoza Karimova",
        phones=["90 123 45 67", "8-91-765-43-21", "+998 90 123 45 67"],
        email=" Dilnoza@Mail.UZ ",
        telegram="@dilnoza_k",
        tags=["VIP", "ulgurji", "vip"],
        source="Instagram",
        consent=True,
        notes="Har oy keladi",
        custom_fields={"tugilgan_kun": "31.12.1990", "size": "m"},
        created_by=inside.owner.id,
    )

    assert made.phone == "+998901234567"
    assert made.phone_numbers == ["+998901234567", "+998917654321"]
    assert made.email == "dilnoza@mail.uz"
    assert made.telegram == "dilnoza_k"
    assert made.tag_names == ["ulgurji", "VIP"]
    assert made.source == "Instagram"
    assert made.consent and made.consent_at <= datetime.now(UTC)
    assert made.owner_id == inside.owner.id
    assert made.custom_values == {"tugilgan_kun": "1990-12-31", "size": "M"}
    assert made.name_key == "dilnoza karimova"
    assert "998917654321" in made.search_key and "dilnoza@mail.uz" in made.search_key


def test_consent_on_stamps_the_date_and_off_clears_it(session, inside):
    made = services.create_customer(session, "Rozilik", consent=False)
    assert made.consent_at is None

    services.update_customer(session, made, consent=True)
    stamped = made.consent_at
    assert stamped is not None

    services.update_customer(session, made, consent=True)
    assert made.consent_at == stamped  # stays the date it was first given

    services.update_customer(session, made, consent=False)
    assert made.consent_at is None


@pytest.mark.parametrize(
    "username", ["@abc", "a" * 33, "ali-vali", "али_вали", "ab cd e"]
)
def test_bad_telegram_usernames_are_refused(session, inside, username):
    with pytest.raises(Invalid) as refused:
        services.create_customer(session, "Telegram", telegram=username)
    assert refused.value.errors["telegram"]


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("@Ali_2026", "Ali_2026"), ("https://t.me/ali_vali", "ali_vali"), ("", None)],
)
def test_telegram_is_stored_without_at(session, inside, raw, stored):
    assert services.create_customer(session, "T", telegram=raw).telegram == stored


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"phones": ["96 123 45 67"]}, "phones"),
        ({"phones": ["90 123 45 67", "12345"]}, "phones"),
        ({"email": "not-an-address"}, "email"),
        ({"custom_fields": {"nope": "1"}}, "custom_fields"),
        ({"custom_fields": {"visits": "many"}}, "custom_fields"),
        ({"custom_fields": {"visits": True}}, "custom_fields"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"notes": "n" * 10_001}, "notes"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(session, inside, fields, key):
    custom_fields.create_definition(session, "Visits", "number")
    before = (
        count(session),
        count(session, CustomerPhone),
        count(session, CustomerTag),
    )

    with pytest.raises(Invalid) as refused:
        services.create_customer(session, "Bad Input", **fields)

    assert refused.value.errors[key]
    assert (
        count(session),
        count(session, CustomerPhone),
        count(session, CustomerTag),
    ) == before


def test_prefix_96_is_explained(app, session, inside):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(Invalid) as refused:
            services.create_customer(session, "Sardor", phone="96 123 45 67")
        assert "prefix" in refused.value.errors["phones"][0]
        assert count(session) == 2


def test_a_ten_thousand_character_name_is_refused_clearly(app, session, inside):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(Invalid) as refused:
            services.create_customer(session, "A" * 10_000)
        assert "too long" in refused.value.errors["name"][0]
        assert count(session) == 2


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        ("number", "1 200,50", "1200.5"),
        ("number", 7, "7"),
        ("date", "2026-12-03", "2026-12-03"),
        ("date", "03.12.2026", "2026-12-03"),
        ("text", "  qizil  ", "qizil"),
    ],
)
def test_custom_values_are_stored_in_canonical_form(session, inside, kind, raw, stored):
    field = custom_fields.create_definition(session, "Value", kind)
    made = services.create_customer(session, "Qiymat", custom_fields={"value": raw})

    assert made.field_values[0].value == stored
    assert made.field_values[0].field_id == field.id


@pytest.mark.parametrize(
    ("kind", "raw"),
    [("number", "ko‘p"), ("date", "31/31/2026"), ("text", 12), ("choice", "XL")],
)
def test_wrong_type_for_a_custom_value_is_refused(session, inside, kind, raw):
    custom_fields.create_definition(session, "Value", kind, choices=["S", "M"])

    with pytest.raises(Invalid) as refused:
        services.create_customer(session, "Noto‘g‘ri", custom_fields={"value": raw})

    assert refused.value.errors["custom_fields"]["value"]
    assert count(session) == 2


def test_clearing_a_custom_value_removes_it(session, inside):
    custom_fields.create_definition(session, "Visits", "number")
    made = services.create_customer(session, "Q", custom_fields={"visits": 3})

    services.update_customer(session, made, custom_fields={"visits": None})

    assert made.custom_values == {}


def test_update_refreshes_the_search_key(session, inside):
    made = services.create_customer(session, "Eski Ism", phone="901234567")

    services.update_customer(
        session, made, name="Янги Исм", phones=["+998 91 111 22 33"], email="y@x.uz"
    )

    assert made.search_key == "yangi ism y@x.uz 998911112233"
    assert made.phone == "+998911112233"


def test_owner_must_be_a_member(session, inside, other_firm):
    with pytest.raises(Invalid) as refused:
        services.create_customer(session, "Egasi", owner_id=other_firm.owner.id)
    assert refused.value.errors["owner_id"]


def test_delete_removes_phones_and_tags(session, inside):
    made = services.create_customer(
        session, "O‘chadi", phones=["901234567", "911234567"], tags=["a"]
    )

    services.delete_customer(session, made)
    session.flush()

    assert count(session, CustomerPhone) == 2  # the firm's own two customers
    assert count(session, CustomerTag) == 0


# -- search ---------------------------------------------------------------


def names(session, firm, text=None, tag=None, membership=None):
    with tenancy.tenant(session, firm.tenant.id):
        query = services.search_query(session, membership, text, tag)
        return {c.name for c in session.scalars(query)}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("alisher", {"Алишер Каримов"}),
        ("АЛИШЕР", {"Алишер Каримов"}),
        ("ўғил", {"Ravshan O‘g‘ilov", "Vali Oʻgʻilov", "Sami O'g'ilov"}),
        ("og'il", {"Ravshan O‘g‘ilov", "Vali Oʻgʻilov", "Sami O'g'ilov"}),
        ("oʻgʻilov vali", {"Vali Oʻgʻilov"}),
        ("90 123", {"Алишер Каримов"}),
        ("+998 90 123 45 67", {"Алишер Каримов"}),
        ("sami@", {"Sami O'g'ilov"}),
        ("100%", set()),
        ("_", set()),
    ],
)
def test_search_folds_scripts_apostrophes_and_finds_phones(session, firm, query, found):
    customer(session, firm, "Алишер Каримов", phone="+998901234567")
    customer(session, firm, "Ravshan O‘g‘ilov")
    customer(session, firm, "Vali Oʻgʻilov")
    customer(session, firm, "Sami O'g'ilov", email="sami@example.uz")

    assert names(session, firm, query) == found


def test_search_never_crosses_tenants(session, firm, other_firm):
    customer(session, other_firm, "Alisher Boshqa")

    assert names(session, firm, "alisher") == set()


def test_tag_filter(session, firm):
    customer(session, firm, "Ulgurji Bir", tags=["Ulgurji"])
    customer(session, firm, "VIP Ikki", tags=["VIP", "ulgurji"])

    assert names(session, firm, tag="ULGURJI") == {"Ulgurji Bir", "VIP Ikki"}
    assert names(session, firm, "vip", tag="ulgurji") == {"VIP Ikki"}
    with tenancy.tenant(session, firm.tenant.id):
        assert services.workspace_tags(session) == ["Ulgurji", "VIP"]
