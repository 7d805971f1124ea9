"""The customers and custom-fields API: fields, duplicates, merge, isolation."""

import uuid

import pytest

from tests.tenants.conftest import bearer
from tests.tenants.customers import factories as made_by
from tests.tenants.customers.factories import customer

PROBLEM = "application/problem+json"


def url(firm, rest=""):
    return f"/api/v1/w/{firm.tenant.slug}/customers{rest}"


def fields_url(firm, rest=""):
    return f"/api/v1/w/{firm.tenant.slug}/custom-fields{rest}"


@pytest.fixture
def size_field(client, firm, token):
    response = client.post(
        fields_url(firm),
        json={"label": "Size", "type": "choice", "choices": ["S", "M", "L"]},
        headers=bearer(token),
    )
    assert response.status_code == 201, response.json
    return response.json


def test_create_with_every_field(client, firm, token, size_field):
    response = client.post(
        url(firm),
        json={
            "name": "Шоҳруҳ Тошматов",
            "phones": ["8-90-555-44-33", "00998 91 555 44 33"],
            "email": "Shohruh@Example.UZ",
            "telegram": "@shohruh_t",
            "tags": ["VIP", "doimiy"],
            "source": "Instagram",
            "consent": True,
            "notes": "Chorshanba kuni keladi",
            "custom_fields": {"size": "l"},
        },
        headers=bearer(token),
    )

    assert response.status_code == 201, response.json
    body = response.json
    assert body["phone"] == "+998905554433"
    assert body["phones"] == ["+998905554433", "+998915554433"]
    assert body["email"] == "shohruh@example.uz"
    assert body["telegram"] == "shohruh_t"
    assert body["tags"] == ["doimiy", "VIP"]
    assert body["consent"] is True and body["consent_at"]
    assert body["custom_fields"] == {"size": "L"}
    assert body["owner_id"] == str(firm.owner.id)


def test_duplicate_is_409_problem_listing_ids_unless_forced(client, firm, token):
    existing = firm.customers[0]
    payload = {"name": "Yangi Odam", "phone": existing.phone}

    response = client.post(url(firm), json=payload, headers=bearer(token))

    assert response.status_code == 409
    assert response.mimetype == PROBLEM
    assert response.json["duplicate_ids"] == [str(existing.id)]
    assert response.json["duplicates"][0]["reasons"] == ["phone"]
    listed = client.get(url(firm), headers=bearer(token)).json["items"]
    assert len(listed) == len(firm.customers)

    forced = client.post(
        url(firm), json=payload | {"force": True}, headers=bearer(token)
    )
    assert forced.status_code == 201


def test_email_and_similar_name_duplicates(client, session, firm, token):
    customer(session, firm, "Алишер Навоий", email="alisher@navoiy.uz")
    session.commit()

    by_email = client.post(
        url(firm),
        json={"name": "X Y", "email": "ALISHER@navoiy.uz"},
        headers=bearer(token),
    )
    by_name = client.post(
        url(firm), json={"name": "Alisher Navoiy"}, headers=bearer(token)
    )

    assert by_email.status_code == by_name.status_code == 409
    assert by_name.json["duplicates"][0]["reasons"] == ["name"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "A" * 10_000}, "name"),
        ({"name": "Sardor", "phone": "961234567"}, "phone"),
        ({"name": "Sardor", "phones": ["901234567", "12"]}, "phones"),
        ({"name": "Sardor", "email": "not-an-email"}, "email"),
        ({"name": "Sardor", "telegram": "ab"}, "telegram"),
        ({"name": "Sardor", "custom_fields": {"colour": "red"}}, "custom_fields"),
        ({"name": "Sardor", "custom_fields": {"size": "XXL"}}, "custom_fields"),
        ({"name": "Sardor", "custom_fields": {"size": 5}}, "custom_fields"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_stores_nothing(
    client, firm, token, size_field, payload, field
):
    response = client.post(
        url(firm), json=payload | {"force": True}, headers=bearer(token)
    )

    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert field in response.json["errors"]["json"]
    listed = client.get(url(firm), headers=bearer(token)).json["items"]
    assert len(listed) == len(firm.customers)


def test_patch_changes_only_what_is_sent(client, firm, token):
    target = firm.customers[0]

    response = client.patch(
        url(firm, f"/{target.id}"),
        json={"tags": ["yangi"], "consent": True, "telegram": "yangi_mijoz"},
        headers=bearer(token),
    )

    assert response.status_code == 200
    assert response.json["name"] == target.name
    assert response.json["phone"] == target.phone
    assert response.json["tags"] == ["yangi"]
    assert response.json["consent"] is True

    cleared = client.patch(
        url(firm, f"/{target.id}"), json={"consent": False}, headers=bearer(token)
    )
    assert cleared.json["consent_at"] is None


def test_patch_with_bad_input_changes_nothing(client, firm, token):
    target = firm.customers[0]

    response = client.patch(
        url(firm, f"/{target.id}"),
        json={"name": "Yangi", "phones": ["96 123 45 67"]},
        headers=bearer(token),
    )

    assert response.status_code == 422
    again = client.get(url(firm, f"/{target.id}"), headers=bearer(token))
    assert again.json["name"] == target.name


def test_delete(client, firm, token):
    target = firm.customers[0]

    assert (
        client.delete(url(firm, f"/{target.id}"), headers=bearer(token)).status_code
        == 204
    )
    assert (
        client.get(url(firm, f"/{target.id}"), headers=bearer(token)).status_code == 404
    )


def test_merge_endpoint(client, firm, token):
    keep, drop = firm.customers

    response = client.post(
        url(firm, f"/{keep.id}/merge"),
        json={"other_id": str(drop.id)},
        headers=bearer(token),
    )

    assert response.status_code == 200
    assert response.json["phones"] == [keep.phone, drop.phone]
    gone = client.get(url(firm, f"/{drop.id}"), headers=bearer(token))
    assert gone.status_code == 404


def test_merge_with_itself_is_422(client, firm, token):
    keep = firm.customers[0]

    response = client.post(
        url(firm, f"/{keep.id}/merge"),
        json={"other_id": str(keep.id)},
        headers=bearer(token),
    )

    assert response.status_code == 422


def test_list_filters_by_text_and_tag(client, session, firm, token):
    customer(session, firm, "Oʻgʻiloy Tursunova", tags=["VIP"], phone="+998977776655")
    customer(session, firm, "Ogʻiloy Boshqa", tags=["ulgurji"])
    session.commit()

    def names(**query):
        response = client.get(url(firm), query_string=query, headers=bearer(token))
        assert response.status_code == 200
        return {item["name"] for item in response.json["items"]}

    assert names(q="ўғилой") == {"Oʻgʻiloy Tursunova", "Ogʻiloy Boshqa"}
    assert names(q="o'g'iloy", tag="vip") == {"Oʻgʻiloy Tursunova"}
    assert names(q="97 777") == {"Oʻgʻiloy Tursunova"}


def test_unknown_merge_target_is_404(client, firm, token):
    keep = firm.customers[0]

    response = client.post(
        url(firm, f"/{keep.id}/merge"),
        json={"other_id": str(uuid.uuid4())},
        headers=bearer(token),
    )

    assert response.status_code == 404


# -- custom field definitions -------------------------------------------------


def test_custom_field_crud(client, firm, token):
    made = client.post(
        fields_url(firm),
        json={"label": "Tug‘ilgan kun", "type": "date"},
        headers=bearer(token),
    )
    assert made.status_code == 201
    assert made.json["key"] == "tugilgan_kun"
    field_id = made.json["id"]

    listed = client.get(fields_url(firm), headers=bearer(token))
    assert [f["key"] for f in listed.json] == ["tugilgan_kun"]

    renamed = client.patch(
        fields_url(firm, f"/{field_id}"),
        json={"label": "Birthday"},
        headers=bearer(token),
    )
    assert renamed.json["label"] == "Birthday"
    assert (
        client.get(fields_url(firm, f"/{field_id}"), headers=bearer(token)).status_code
        == 200
    )

    deleted = client.delete(fields_url(firm, f"/{field_id}"), headers=bearer(token))
    assert deleted.status_code == 204
    assert (
        client.get(fields_url(firm, f"/{field_id}"), headers=bearer(token)).status_code
        == 404
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"label": "X", "type": "colour"},
        {"label": "X", "type": "choice"},
        {"label": "X", "type": "text", "key": "Bad Key"},
        {"label": "", "type": "text"},
    ],
)
def test_bad_custom_field_is_422(client, firm, token, payload):
    response = client.post(fields_url(firm), json=payload, headers=bearer(token))

    assert response.status_code == 422
    assert client.get(fields_url(firm), headers=bearer(token)).json == []


def test_duplicate_field_key_is_422(client, firm, token, size_field):
    response = client.post(
        fields_url(firm), json={"label": "Size", "type": "text"}, headers=bearer(token)
    )

    assert response.status_code == 422
    assert "key" in response.json["errors"]["json"]


def test_staff_read_fields_but_cannot_change_them(client, session, firm, size_field):
    staff = made_by.token(session, firm, firm.staff)

    assert client.get(fields_url(firm), headers=bearer(staff)).status_code == 200
    made = client.post(
        fields_url(firm), json={"label": "X", "type": "text"}, headers=bearer(staff)
    )
    assert made.status_code == 404
    item = fields_url(firm, f"/{size_field['id']}")
    assert (
        client.patch(item, json={"label": "Y"}, headers=bearer(staff)).status_code
        == 404
    )
    assert client.delete(item, headers=bearer(staff)).status_code == 404


def test_manager_changes_fields(client, session, firm):
    secret = made_by.token(session, firm, made_by.manager(session, firm))

    made = client.post(
        fields_url(firm),
        json={"label": "Visits", "type": "number"},
        headers=bearer(secret),
    )

    assert made.status_code == 201


# -- isolation -----------------------------------------------------------------


def test_every_new_route_is_404_across_tenants(
    client, firm, other_firm, token, other_token, size_field
):
    target = firm.customers[0]
    theirs = other_firm.customers[0]
    field_id = size_field["id"]
    requests = [
        ("patch", url(other_firm, f"/{target.id}"), {"name": "Hack"}),
        ("delete", url(other_firm, f"/{target.id}"), None),
        ("post", url(other_firm, f"/{target.id}/merge"), {"other_id": str(theirs.id)}),
        ("post", url(other_firm, f"/{theirs.id}/merge"), {"other_id": str(target.id)}),
        ("get", fields_url(other_firm, f"/{field_id}"), None),
        ("patch", fields_url(other_firm, f"/{field_id}"), {"label": "Hack"}),
        ("delete", fields_url(other_firm, f"/{field_id}"), None),
        # The first firm's URLs with the other firm's token.
        ("get", url(firm, f"/{target.id}"), None),
        ("patch", url(firm, f"/{target.id}"), {"name": "Hack"}),
        ("delete", url(firm, f"/{target.id}"), None),
        ("post", url(firm, f"/{target.id}/merge"), {"other_id": str(theirs.id)}),
        ("get", fields_url(firm), None),
        ("post", fields_url(firm), {"label": "Hack", "type": "text"}),
        ("get", fields_url(firm, f"/{field_id}"), None),
        ("delete", fields_url(firm, f"/{field_id}"), None),
    ]

    for method, path, body in requests:
        response = getattr(client, method)(path, json=body, headers=bearer(other_token))
        assert response.status_code == 404, (method, path)
        assert response.mimetype == PROBLEM
        text = response.get_data(as_text=True)
        assert target.name not in text and "Size" not in text

    still = client.get(url(firm, f"/{target.id}"), headers=bearer(token))
    assert still.json["name"] == target.name
    assert (
        client.get(fields_url(firm), headers=bearer(token)).json[0]["label"] == "Size"
    )


def test_openapi_describes_every_new_route(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]

    item = paths["/api/v1/w/{slug}/customers/{customer_id}"]
    assert {"get", "patch", "delete"} <= set(item)
    assert "post" in paths["/api/v1/w/{slug}/customers/{customer_id}/merge"]
    assert "409" in paths["/api/v1/w/{slug}/customers"]["post"]["responses"]
    assert {"get", "post"} <= set(paths["/api/v1/w/{slug}/custom-fields"])
    assert {"get", "patch", "delete"} <= set(
        paths["/api/v1/w/{slug}/custom-fields/{field_id}"]
    )
    params = {
        p["name"] for p in paths["/api/v1/w/{slug}/customers"]["get"]["parameters"]
    }
    assert {"q", "tag", "cursor", "limit"} <= params
