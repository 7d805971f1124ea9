"""The sales, products and customer-summary API: happy paths and isolation."""

import uuid

import pytest

from tenants.sales.services import today
from tests.tenants.conftest import bearer
from tests.tenants.sales_factories import api_token, membership, product, sale

PROBLEM = "application/problem+json"


def url(firm, rest=""):
    return f"/api/v1/w/{firm.tenant.slug}{rest}"


def test_record_read_change_and_remove_a_sale(client, session, firm, token):
    customer = firm.customers[0]
    bread = product(session, firm, "Non", 4_000)
    session.commit()
    auth = bearer(token)

    created = client.post(
        url(firm, "/sales"),
        json={
            "customer_id": str(customer.id),
            "channel": "telegram",
            "payment_method": "payme",
            "note": "Yetkazib berish",
            "lines": [
                {"product_id": str(bread.id), "quantity": 3},
                {"description": "Qand", "quantity": 2, "unit_price": 13_500},
            ],
        },
        headers=auth,
    )
    assert created.status_code == 201, created.json
    sale_id = created.json["id"]
    assert created.json["total"] == 39_000
    assert created.json["date"] == today().isoformat()
    assert created.json["customer"]["name"] == customer.name
    assert [line["line_total"] for line in created.json["lines"]] == [12_000, 27_000]

    summary = client.get(url(firm, f"/customers/{customer.id}/summary"), headers=auth)
    assert summary.json["orders_count"] == 1
    assert summary.json["total"] == 39_000

    read = client.get(url(firm, f"/sales/{sale_id}"), headers=auth)
    assert read.status_code == 200
    assert read.json["payment_method"] == "payme"

    changed = client.patch(
        url(firm, f"/sales/{sale_id}"),
        json={
            "lines": [{"description": "Guruch", "quantity": 1, "unit_price": 60_000}]
        },
        headers=auth,
    )
    assert changed.status_code == 200
    assert changed.json["total"] == 60_000
    assert changed.json["channel"] == "telegram"  # untouched fields stay
    summary = client.get(url(firm, f"/customers/{customer.id}/summary"), headers=auth)
    assert summary.json["total"] == 60_000

    removed = client.delete(url(firm, f"/sales/{sale_id}"), headers=auth)
    assert removed.status_code == 204
    assert client.get(url(firm, f"/sales/{sale_id}"), headers=auth).status_code == 404
    summary = client.get(url(firm, f"/customers/{customer.id}/summary"), headers=auth)
    assert summary.json == {
        "customer_id": str(customer.id),
        "orders_count": 0,
        "total": 0,
        "first_purchase": None,
        "last_purchase": None,
    }


def test_list_filters_and_walks_pages_once(client, session, firm, token):
    customer = firm.customers[0]
    for n in range(5):
        sale(session, firm, customer=customer if n < 2 else None, channel="shop")
    sale(session, firm, channel="phone")
    session.commit()

    seen, cursor = [], None
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = client.get(
            url(firm, "/sales"), query_string=query, headers=bearer(token)
        )
        assert response.status_code == 200
        seen += [item["id"] for item in response.json["items"]]
        cursor = response.json["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6

    def count(**query):
        response = client.get(
            url(firm, "/sales"), query_string=query, headers=bearer(token)
        )
        return len(response.json["items"])

    assert count(channel="phone") == 1
    assert count(customer_id=str(customer.id)) == 2
    assert count(date_from=today().isoformat(), date_to=today().isoformat()) == 6
    assert count(date_to="2000-01-01") == 0


def test_bad_cursor_and_bad_filter(client, firm, token):
    bad_cursor = client.get(
        url(firm, "/sales"), query_string={"cursor": "AAAA"}, headers=bearer(token)
    )
    bad_channel = client.get(
        url(firm, "/sales"), query_string={"channel": "fax"}, headers=bearer(token)
    )

    assert bad_cursor.status_code == 400
    assert bad_channel.status_code == 422


def test_products_add_list_change_and_remove(client, session, firm, token):
    auth = bearer(token)
    created = client.post(
        url(firm, "/products"),
        json={"name": "Somsa", "sku": "S-1", "unit_price": 6_000},
        headers=auth,
    )
    assert created.status_code == 201
    product_id = created.json["id"]

    listed = client.get(
        url(firm, "/products"), query_string={"q": "soms"}, headers=auth
    )
    assert [p["id"] for p in listed.json["items"]] == [product_id]

    changed = client.patch(
        url(firm, f"/products/{product_id}"),
        json={"unit_price": 6_500, "active": False},
        headers=auth,
    )
    assert changed.json["unit_price"] == 6_500
    assert changed.json["active"] is False
    active = client.get(
        url(firm, "/products"), query_string={"active": "true"}, headers=auth
    )
    assert active.json["items"] == []

    assert (
        client.delete(url(firm, f"/products/{product_id}"), headers=auth).status_code
        == 204
    )
    assert (
        client.get(url(firm, f"/products/{product_id}"), headers=auth).status_code
        == 404
    )


def test_a_product_on_a_sale_is_not_removed(client, session, firm, token):
    bread = product(session, firm, "Non", 4_000)
    sale(session, firm, lines=[{"product_id": bread.id, "quantity": 1}])
    session.commit()

    response = client.delete(url(firm, f"/products/{bread.id}"), headers=bearer(token))

    assert response.status_code == 409
    assert response.mimetype == PROBLEM
    assert "active" in response.json["detail"]


def test_summary_of_a_customer_without_sales_is_zeros(client, firm, token):
    customer = firm.customers[1]

    response = client.get(
        url(firm, f"/customers/{customer.id}/summary"), headers=bearer(token)
    )

    assert response.status_code == 200
    assert response.json["orders_count"] == 0
    assert response.json["last_purchase"] is None


def test_summary_of_an_unknown_customer_is_404(client, firm, token):
    response = client.get(
        url(firm, f"/customers/{uuid.uuid4()}/summary"), headers=bearer(token)
    )

    assert response.status_code == 404
    assert response.mimetype == PROBLEM


def test_openapi_describes_sales_products_and_summary(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]

    assert {"get", "post"} <= set(paths["/api/v1/w/{slug}/sales"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/w/{slug}/sales/{order_id}"])
    assert {"get", "post"} <= set(paths["/api/v1/w/{slug}/products"])
    assert {"get", "patch", "delete"} <= set(
        paths["/api/v1/w/{slug}/products/{product_id}"]
    )
    assert "get" in paths["/api/v1/w/{slug}/customers/{customer_id}/summary"]


# -- isolation --------------------------------------------------------------


@pytest.fixture
def targets(session, firm):
    """The first firm's sale, product and customer, committed."""
    customer = firm.customers[0]
    bread = product(session, firm, "Maxfiy non", 4_321)
    order = sale(
        session,
        firm,
        customer=customer,
        note="Maxfiy eslatma",
        lines=[{"product_id": bread.id, "quantity": 1}],
    )
    session.commit()
    return order, bread, customer


def routes(order, bread, customer):
    return [
        ("get", f"/sales/{order.id}", None),
        ("patch", f"/sales/{order.id}", {"note": "Buzildi"}),
        ("delete", f"/sales/{order.id}", None),
        ("get", f"/products/{bread.id}", None),
        ("patch", f"/products/{bread.id}", {"unit_price": 1}),
        ("delete", f"/products/{bread.id}", None),
        ("get", f"/customers/{customer.id}/summary", None),
    ]


def assert_no_data(response, order, bread, customer):
    body = response.get_data(as_text=True)
    for secret in ("Maxfiy", str(order.id), "4321", customer.name):
        assert secret not in body


def test_another_firms_token_gets_404_on_every_route(
    client, firm, other_firm, other_token, targets
):
    order, bread, customer = targets

    for slug_firm in (firm, other_firm):
        for method, path, body in routes(order, bread, customer):
            response = getattr(client, method)(
                url(slug_firm, path), json=body, headers=bearer(other_token)
            )
            assert response.status_code == 404, (slug_firm, method, path)
            assert response.mimetype == PROBLEM
            assert_no_data(response, order, bread, customer)
        for path in ("/sales", "/products"):
            if slug_firm is firm:
                response = client.get(url(firm, path), headers=bearer(other_token))
                assert response.status_code == 404
                assert_no_data(response, order, bread, customer)
                posted = client.post(
                    url(firm, path), json={}, headers=bearer(other_token)
                )
                assert posted.status_code == 404

    own = client.get(url(other_firm, "/sales"), headers=bearer(other_token))
    assert own.json["items"] == []


def test_nothing_changed_after_the_other_firms_attempts(
    client, firm, other_firm, other_token, token, targets
):
    order, bread, customer = targets
    for method, path, body in routes(order, bread, customer):
        getattr(client, method)(
            url(other_firm, path), json=body, headers=bearer(other_token)
        )

    still = client.get(url(firm, f"/sales/{order.id}"), headers=bearer(token))
    assert still.json["note"] == "Maxfiy eslatma"
    kept = client.get(url(firm, f"/products/{bread.id}"), headers=bearer(token))
    assert kept.json["unit_price"] == 4_321


def test_a_sale_cannot_point_at_another_firms_customer_or_product(
    client, firm, other_firm, other_token, targets
):
    order, bread, customer = targets

    response = client.post(
        url(other_firm, "/sales"),
        json={
            "customer_id": str(customer.id),
            "lines": [{"product_id": str(bread.id), "quantity": 1}],
        },
        headers=bearer(other_token),
    )

    assert response.status_code == 422
    errors = response.json["errors"]["json"]
    assert errors["customer_id"]
    assert errors["lines"]["0"]["product_id"]
    assert_no_data(response, order, bread, customer)
    listed = client.get(url(other_firm, "/sales"), headers=bearer(other_token))
    assert listed.json["items"] == []


def test_moving_a_sale_to_another_firms_customer_is_refused(
    client, session, firm, other_firm, other_token, targets
):
    customer = targets[2]
    own = sale(session, other_firm)
    session.commit()

    response = client.patch(
        url(other_firm, f"/sales/{own.id}"),
        json={"customer_id": str(customer.id)},
        headers=bearer(other_token),
    )

    assert response.status_code == 422
    assert customer.name not in response.get_data(as_text=True)


# -- staff kept to their own records ----------------------------------------------


def test_kept_staff_see_and_change_only_their_own_sales(client, session, firm):
    membership(session, firm, firm.staff).own_records_only = True
    own = sale(session, firm, by=firm.staff)
    owners = sale(session, firm, by=firm.owner, note="Egasining savdosi")
    staff_token = api_token(session, firm, firm.staff)
    auth = bearer(staff_token)

    listed = client.get(url(firm, "/sales"), headers=auth)
    assert [item["id"] for item in listed.json["items"]] == [str(own.id)]
    for method, body in (("get", None), ("patch", {"note": "x"}), ("delete", None)):
        response = getattr(client, method)(
            url(firm, f"/sales/{owners.id}"), json=body, headers=auth
        )
        assert response.status_code == 404
        assert "Egasining" not in response.get_data(as_text=True)
    assert (
        client.patch(
            url(firm, f"/sales/{own.id}"), json={"note": "Mening"}, headers=auth
        ).json["note"]
        == "Mening"
    )

    created = client.post(
        url(firm, "/sales"),
        json={"lines": [{"description": "Choy", "quantity": 1, "unit_price": 1}]},
        headers=auth,
    )
    assert created.json["created_by"] == str(firm.staff.id)
    again = client.get(url(firm, f"/sales/{created.json['id']}"), headers=auth)
    assert again.status_code == 200
