"""Duplicate detection: same phone, same e-mail or a similar name."""

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import tenancy
from tenants.customers import duplicates, services
from tenants.customers.duplicates import distance_at_most, similar
from tenants.customers.errors import Invalid
from tenants.customers.models import Customer
from tests.tenants.customers.factories import customer

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "data" / "import-samples"


def found(session, firm, name=None, phones=(), email=None, **kwargs):
    with tenancy.tenant(session, firm.tenant.id):
        matches = services.find_duplicates(session, name, list(phones), email, **kwargs)
        return [match.id for match in matches]


@pytest.fixture
def dilnoza(session, firm):
    return customer(
        session,
        firm,
        "Dilnoza Karimova",
        phones=["+998901234567", "+998917654321"],
        email="Dilnoza@Mail.uz",
    )


@pytest.mark.parametrize(
    "phone", ["8-91-765-43-21", "(91) 765-43-21", "00998917654321", "901234567"]
)
def test_same_phone_in_any_form_and_position(session, firm, dilnoza, phone):
    assert found(session, firm, "Boshqa Odam", [phone]) == [dilnoza.id]


def test_same_email_ignoring_case(session, firm, dilnoza):
    assert found(session, firm, "Boshqa", email="DILNOZA@mail.UZ") == [dilnoza.id]


@pytest.mark.parametrize(
    "name",
    [
        "Дилноза Каримова",
        "dilnoza  karimova",
        "Karimova Dilnoza",
        "Dilnoza Karimov",
        "Dilnoza Karimowa",
        "Dilnozа Kаrimova",  # Cyrillic а typed by mistake
    ],
)
def test_similar_names(session, firm, dilnoza, name):
    assert found(session, firm, name) == [dilnoza.id]


@pytest.mark.parametrize("name", ["Dilshod Karimov", "Dilnoza", "Zarina Karimova"])
def test_different_names_are_not_duplicates(session, firm, dilnoza, name):
    assert found(session, firm, name, ["+998 93 000 00 00"], "x@y.uz") == []


def test_reasons_are_given_once_per_customer(session, firm, dilnoza):
    with tenancy.tenant(session, firm.tenant.id):
        matches = duplicates.match_duplicates(
            session, "Дилноза Каримова", ["901234567"], "dilnoza@mail.uz"
        )

    assert [m.customer.id for m in matches] == [dilnoza.id]
    assert matches[0].reasons == ["phone", "email", "name"]


def test_exclude_id_and_other_tenants(session, firm, other_firm, dilnoza):
    customer(session, other_firm, "Dilnoza Karimova", phone="+998901234567")

    assert found(session, firm, "Dilnoza Karimova", exclude_id=dilnoza.id) == []


def test_unreadable_phones_are_ignored_here(session, firm, dilnoza):
    assert found(session, firm, "Kimdir", ["96 123", None, ""]) == []


def test_similarity_rules():
    assert similar("alisher karimov", "karimov alisher")
    assert not similar("dokon 1", "dokon 2")
    assert not similar("ali", "oli")
    assert distance_at_most("abdullaev", "abdulaev", 1)
    assert not distance_at_most("abdullaev", "abdulov", 1)
    assert distance_at_most("muhammadjonov", "muhamadjonof", 2)


# -- the import sample ------------------------------------------------------


def _sample_rows():
    if not (SAMPLES / "customers.csv").exists():
        pytest.skip(f"sample data not found in {SAMPLES}")
    answers = json.loads((SAMPLES / "ANSWERS.json").read_text(encoding="utf-8"))
    with open(SAMPLES / "customers.csv", encoding="utf-8", newline="") as handle:
        # Record 1 is the header; a quoted line break stays in its record.
        records = dict(enumerate(csv.reader(handle), start=1))
    return records, answers


def test_sample_repeats_are_found_whatever_the_phone_form(session, firm):
    records, answers = _sample_rows()
    repeats = {d["line"]: d["same_as_line"] for d in answers["duplicates"]}
    broken = {d["line"]: d["why"] for d in answers["invalid"]}
    made, missed, false_phone_matches = {}, [], []

    with tenancy.tenant(session, firm.tenant.id):
        for line, (name, phone, email, tag, _consent, notes) in records.items():
            if line == 1 or line in broken:
                continue
            matches = duplicates.match_duplicates(session, name, [phone], email)
            reasons = {m.customer.id: m.reasons for m in matches}
            if line in repeats:
                if "phone" not in reasons.get(made[repeats[line]].id, []):
                    missed.append(line)
                continue
            if any("phone" in m.reasons or "email" in m.reasons for m in matches):
                false_phone_matches.append(line)
            made[line] = services.create_customer(
                session, name, phone=phone, email=email or None, tags=[tag], notes=notes
            )

    assert missed == []
    assert false_phone_matches == []
    assert len(made) == answers["valid"]


@pytest.mark.parametrize("why", ["bad email", "phone prefix 96 does not exist"])
def test_sample_broken_rows_are_refused_and_not_stored(session, firm, why):
    records, answers = _sample_rows()
    lines = [d["line"] for d in answers["invalid"] if d["why"] == why]

    with tenancy.tenant(session, firm.tenant.id):
        for line in lines:
            name, phone, email, *_ = records[line]
            with pytest.raises(Invalid):
                services.create_customer(session, name, phone=phone, email=email)
        stored = session.scalar(select(func.count()).select_from(Customer))

    assert lines and stored == len(firm.customers)
