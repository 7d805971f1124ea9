"""The customers API: auth, isolation, validation and pagination."""

import uuid

import pytest

from tenants.customers.services import create_customer
from tests.tenants.conftest import bearer

PROBLEM = "application/problem+json"


def url(firm, rest=""):
    return f"/api/v1/w/{firm.tenant.slug}/customers{rest}"


def test_get_one_customer(client, firm, token):
    customer = firm.customers[0]

    response = client.get(url(firm, f"/{customer.id}"), headers=bearer(token))

    assert response.status_code == 200
    assert response.json["name"] == customer.name
    assert response.json["phone"] == customer.phone


def test_another_tenants_customer_is_404_without_data(
    client, firm, other_firm, other_token
):
    target = firm.customers[0]

    for path in (url(firm, f"/{target.id}"), url(other_firm, f"/{target.id}")):
        response = client.get(path, headers=bearer(other_token))
        assert response.status_code == 404
        assert response.mimetype == PROBLEM
        assert target.name not in response.get_data(as_text=True)


def test_another_tenants_list_is_404(client, firm, other_token):
    response = client.get(url(firm), headers=bearer(other_token))

    assert response.status_code == 404
    assert firm.customers[0].name not in response.get_data(as_text=True)


def test_missing_token_is_401_problem(client, firm):
    response = client.get(url(firm))

    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json["status"] == 401
    assert response.json["detail"]


def test_wrong_token_is_401_problem(client, firm, token):
    response = client.get(url(firm), headers=bearer(token + "x"))

    assert response.status_code == 401
    assert response.mimetype == PROBLEM


def test_unknown_tenant_slug_is_404_problem(client, token):
    response = client.get("/api/v1/w/no-such-firm/customers", headers=bearer(token))

    assert response.status_code == 404
    assert response.mimetype == PROBLEM


def test_unknown_customer_is_404(client, firm, token):
    response = client.get(url(firm, f"/{uuid.uuid4()}"), headers=bearer(token))

    assert response.status_code == 404
    assert response.mimetype == PROBLEM


def test_create_customer_normalises_the_phone(client, firm, token):
    response = client.post(
        url(firm),
        json={"name": "Alisher Navoiy", "phone": "8-90-123-45-67"},
        headers=bearer(token),
    )

    assert response.status_code == 201
    assert response.json["phone"] == "+998901234567"
    again = client.get(url(firm, f"/{response.json['id']}"), headers=bearer(token))
    assert again.json["name"] == "Alisher Navoiy"


def test_malformed_json_is_400_problem(client, firm, token):
    response = client.post(
        url(firm),
        data='{"name": ',
        content_type="application/json",
        headers=bearer(token),
    )

    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    assert "JSON" in response.json["detail"]


def test_missing_field_is_422_with_the_field_named(client, firm, token):
    response = client.post(
        url(firm), json={"phone": "901234567"}, headers=bearer(token)
    )

    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert "name" in response.json["errors"]["json"]


def test_invalid_phone_is_422_with_a_reason(client, firm, token):
    response = client.post(
        url(firm), json={"name": "Sardor", "phone": "961234567"}, headers=bearer(token)
    )

    assert response.status_code == 422
    assert response.json["errors"]["json"]["phone"]


def test_nothing_is_stored_when_validation_fails(client, firm, token):
    before = client.get(url(firm), headers=bearer(token)).json["items"]
    client.post(url(firm), json={"name": "", "phone": "x"}, headers=bearer(token))
    after = client.get(url(firm), headers=bearer(token)).json["items"]

    assert len(after) == len(before)


def test_cursor_pagination_walks_every_customer_once(client, session, firm, token):
    from core import tenancy

    with tenancy.tenant(session, firm.tenant.id):
        for n in range(5):
            create_customer(session, f"Sahifa {n}")
    session.commit()

    seen, cursor = [], None
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = client.get(url(firm), query_string=query, headers=bearer(token))
        assert response.status_code == 200
        seen += [item["id"] for item in response.json["items"]]
        cursor = response.json["next_cursor"]
        if not cursor:
            break

    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize("cursor", ["garbage!", "AAAA"])
def test_bad_cursor_is_400(client, firm, token, cursor):
    response = client.get(
        url(firm), query_string={"cursor": cursor}, headers=bearer(token)
    )

    assert response.status_code == 400
    assert response.mimetype == PROBLEM


def test_limit_out_of_range_is_422(client, firm, token):
    response = client.get(url(firm), query_string={"limit": 0}, headers=bearer(token))

    assert response.status_code == 422


def test_openapi_document_describes_the_workspace_api(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json["paths"]
    assert "/api/v1/w/{slug}/customers/{customer_id}" in paths
    assert "bearer" in response.json["components"]["securitySchemes"]


def test_problem_detail_follows_the_language(client, firm):
    response = client.get(url(firm), headers={"Accept-Language": "ru-RU,ru;q=0.9"})

    assert response.status_code == 401
    assert response.json["title"] != "Authentication required"


def test_list_finds_a_customer_in_another_script_and_by_phone(client, firm, token):
    made = client.post(
        url(firm),
        json={"name": "Ulugʻbek Gʻaniyev", "phone": "00998 93 765 43 21"},
        headers=bearer(token),
    )
    assert made.status_code == 201

    for text in ("улуғбек", "ulug'bek g'aniyev", "93 765"):
        response = client.get(
            url(firm), query_string={"q": text}, headers=bearer(token)
        )
        assert [item["id"] for item in response.json["items"]] == [made.json["id"]]
