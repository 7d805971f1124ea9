"""Bad sales are refused with a clear message and store nothing."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tenants.sales.models import Order, OrderLine
from tenants.sales.services import today
from tests.conftest import csrf_token
from tests.tenants.conftest import bearer
from tests.tenants.sales_factories import inside, signed_in


@pytest.fixture
def owner_client(client, session, firm):
    return signed_in(client, session, firm.owner)


GOOD = {"description": "Choy", "quantity": 1, "unit_price": 1_000}


def stored(session, firm) -> tuple[int, int]:
    with inside(session, firm):
        orders = session.scalar(select(func.count()).select_from(Order))
        lines = session.scalar(select(func.count()).select_from(OrderLine))
    return orders, lines


def api_cases(firm):
    """(sale body, path to the message, words the message must hold)."""
    far = (today() + timedelta(days=2)).isoformat()
    stranger = str(uuid.uuid4())
    return [
        ({"lines": [GOOD | {"quantity": 0}]}, ("lines", "0", "quantity"), "at least 1"),
        (
            {"lines": [GOOD | {"quantity": -3}]},
            ("lines", "0", "quantity"),
            "at least 1",
        ),
        ({"lines": [GOOD | {"quantity": 1.5}]}, ("lines", "0", "quantity"), "whole"),
        (
            {"lines": [GOOD | {"unit_price": -100}]},
            ("lines", "0", "unit_price"),
            "negative",
        ),
        (
            {"lines": [GOOD | {"unit_price": 1500.5}]},
            ("lines", "0", "unit_price"),
            "whole so'm",
        ),
        (
            {"lines": [GOOD | {"unit_price": "1500.5"}]},
            ("lines", "0", "unit_price"),
            "whole so'm",
        ),
        (
            {"lines": [GOOD | {"product_id": stranger}]},
            ("lines", "0", "product_id"),
            "no such product",
        ),
        (
            {"lines": [{"quantity": 1, "unit_price": 5}]},
            ("lines", "0", "description"),
            "product",
        ),
        (
            {"customer_id": stranger, "lines": [GOOD]},
            ("customer_id",),
            "no such customer",
        ),
        ({"lines": []}, ("lines",), "at least one line"),
        ({}, ("lines",), "missing"),
        ({"date": far, "lines": [GOOD]}, ("date",), "one day after today"),
        ({"note": "x" * 10_000, "lines": [GOOD]}, ("note",), "too long"),
        (
            {"lines": [GOOD, GOOD, GOOD | {"quantity": 0}]},
            ("lines", "2", "quantity"),
            "at least 1",
        ),
    ]


@pytest.mark.parametrize("case", range(14))
def test_api_refuses_a_bad_sale_and_stores_nothing(client, session, firm, token, case):
    body, where, words = api_cases(firm)[case]

    response = client.post(
        f"/api/v1/w/{firm.tenant.slug}/sales", json=body, headers=bearer(token)
    )

    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    found = response.json["errors"]["json"]
    for key in where:
        found = found[key]
    assert words.lower() in " ".join(found).lower()
    assert stored(session, firm) == (0, 0)


def test_the_third_bad_line_is_the_only_one_named(client, firm, token):
    body = {"lines": [GOOD, GOOD, GOOD | {"unit_price": 1500.5}]}

    response = client.post(
        f"/api/v1/w/{firm.tenant.slug}/sales", json=body, headers=bearer(token)
    )

    assert list(response.json["errors"]["json"]["lines"]) == ["2"]


def test_tomorrow_is_still_allowed(client, firm, token):
    body = {"date": (today() + timedelta(days=1)).isoformat(), "lines": [GOOD]}

    response = client.post(
        f"/api/v1/w/{firm.tenant.slug}/sales", json=body, headers=bearer(token)
    )

    assert response.status_code == 201


def test_a_bad_change_changes_nothing(client, session, firm, token):
    created = client.post(
        f"/api/v1/w/{firm.tenant.slug}/sales",
        json={"customer_id": str(firm.customers[0].id), "lines": [GOOD]},
        headers=bearer(token),
    ).json
    path = f"/api/v1/w/{firm.tenant.slug}/sales/{created['id']}"

    response = client.patch(
        path,
        json={"note": "yangi", "lines": [GOOD, GOOD | {"quantity": 0}]},
        headers=bearer(token),
    )

    assert response.status_code == 422
    after = client.get(path, headers=bearer(token)).json
    assert after["note"] is None
    assert after["total"] == 1_000
    assert len(after["lines"]) == 1
    assert stored(session, firm) == (1, 1)


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"name": "Non", "unit_price": 1500.5}, "unit_price", "whole so'm"),
        ({"name": "Non", "unit_price": -1}, "unit_price", "negative"),
        ({"name": " ", "unit_price": 1}, "name", "name"),
    ],
)
def test_api_refuses_a_bad_product(client, firm, token, body, field, words):
    response = client.post(
        f"/api/v1/w/{firm.tenant.slug}/products", json=body, headers=bearer(token)
    )

    assert response.status_code == 422
    assert words in " ".join(response.json["errors"]["json"][field])


def test_api_refuses_a_second_product_with_the_same_sku(client, firm, token):
    path = f"/api/v1/w/{firm.tenant.slug}/products"
    body = {"name": "Non", "sku": "N1", "unit_price": 1}

    assert client.post(path, json=body, headers=bearer(token)).status_code == 201
    again = client.post(path, json=body, headers=bearer(token))

    assert again.status_code == 422
    assert again.json["errors"]["json"]["sku"]


# -- the same rules on the page -----------------------------------------------


def form_cases(firm, other_firm):
    far = (today() + timedelta(days=2)).isoformat()
    line = {"description": "Choy", "quantity": "1", "unit_price": "1000"}
    return [
        ([line | {"quantity": "0"}], {}, "at least 1"),
        ([line | {"quantity": "-2"}], {}, "at least 1"),
        ([line | {"unit_price": "-5"}], {}, "negative"),
        ([line | {"unit_price": "1500.5"}], {}, "whole so"),
        ([line | {"product_id": str(uuid.uuid4())}], {}, "no such product"),
        ([line], {"customer_id": str(other_firm.customers[0].id)}, "no such customer"),
        ([{}], {}, "at least one line"),
        ([line], {"sold_on": far}, "one day after today"),
        ([line], {"note": "x" * 10_000}, "too long"),
        ([line, line, line | {"quantity": "0"}], {}, "at least 1"),
    ]


def form_data(html, lines, fields):
    data = {
        "csrf_token": csrf_token(html),
        "customer_id": "",
        "sold_on": today().isoformat(),
        "channel": "shop",
        "payment_method": "cash",
        "note": "",
        "save": "1",
    }
    for index, line in enumerate(lines):
        for key in ("product_id", "description", "quantity", "unit_price"):
            data[f"lines-{index}-{key}"] = line.get(key, "")
    return data | fields


@pytest.mark.parametrize("case", range(10))
def test_page_refuses_a_bad_sale_and_stores_nothing(
    owner_client, session, firm, other_firm, case
):
    lines, fields, words = form_cases(firm, other_firm)[case]
    session.commit()
    url = f"/w/{firm.tenant.slug}/sales/new"
    page = owner_client.get(url).get_data(as_text=True)

    response = owner_client.post(url, data=form_data(page, lines, fields))

    body = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 200
    assert 'class="error"' in body
    assert words.lower() in body.lower()
    assert other_firm.customers[0].name not in body
    assert stored(session, firm) == (0, 0)


def test_page_keeps_what_was_typed_when_refusing(owner_client, session, firm):
    session.commit()
    url = f"/w/{firm.tenant.slug}/sales/new"
    page = owner_client.get(url).get_data(as_text=True)
    line = {"description": "Qovun", "quantity": "2", "unit_price": "1500.5"}

    body = owner_client.post(url, data=form_data(page, [line], {})).get_data(
        as_text=True
    )

    assert 'value="Qovun"' in body
    assert 'value="1500.5"' in body
