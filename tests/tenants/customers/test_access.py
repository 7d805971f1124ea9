"""Staff kept to their own records see and change only their customers."""

import pytest
from sqlalchemy import select

from core import tenancy
from tenants.customers import services
from tenants.customers.models import Customer
from tenants.models import Membership
from tests.conftest import csrf_token
from tests.tenants.conftest import bearer
from tests.tenants.customers import factories as made_by
from tests.tenants.customers.factories import customer


@pytest.fixture
def records(session, firm):
    """A customer owned by the staff member and one owned by the owner."""
    made_by.limited_staff(session, firm)
    mine = customer(
        session,
        firm,
        "Staffning Mijozi",
        phone="+998935550001",
        created_by=firm.staff.id,
    )
    theirs = customer(
        session,
        firm,
        "Egasining Mijozi",
        phone="+998935550002",
        email="egasi@example.uz",
        created_by=firm.owner.id,
    )
    return mine, theirs


@pytest.fixture
def staff_token(session, firm, records):
    return made_by.token(session, firm, firm.staff)


def api(firm, rest=""):
    return f"/api/v1/w/{firm.tenant.slug}/customers{rest}"


def page(firm, rest=""):
    return f"/w/{firm.tenant.slug}/customers{rest}"


def test_visible_customers_is_the_rule(session, firm, records):
    mine, theirs = records
    with tenancy.tenant(session, firm.tenant.id):
        limited = session.get(Membership, (firm.tenant.id, firm.staff.id))
        owner = session.get(Membership, (firm.tenant.id, firm.owner.id))

        seen = set(session.scalars(services.visible_customers(session, limited)))
        everyone = set(session.scalars(services.visible_customers(session, owner)))

        assert {c.id for c in seen} == {mine.id}
        assert theirs.id in {c.id for c in everyone}

        limited.own_records_only = False
        freed = set(session.scalars(services.visible_customers(session, limited)))
        assert theirs.id in {c.id for c in freed}


def test_api_shows_and_changes_only_own(client, firm, records, staff_token):
    mine, theirs = records
    headers = bearer(staff_token)

    listed = client.get(api(firm), headers=headers).json["items"]
    assert [item["id"] for item in listed] == [str(mine.id)]
    assert client.get(api(firm), query_string={"q": "mijozi"}, headers=headers).json[
        "items"
    ] == [listed[0]]

    requests = [
        ("get", api(firm, f"/{theirs.id}"), None),
        ("patch", api(firm, f"/{theirs.id}"), {"notes": "x"}),
        ("delete", api(firm, f"/{theirs.id}"), None),
        ("post", api(firm, f"/{mine.id}/merge"), {"other_id": str(theirs.id)}),
        ("post", api(firm, f"/{theirs.id}/merge"), {"other_id": str(mine.id)}),
    ]
    for method, path, body in requests:
        response = getattr(client, method)(path, json=body, headers=headers)
        assert response.status_code == 404, (method, path)
        assert theirs.name not in response.get_data(as_text=True)

    assert client.get(api(firm, f"/{mine.id}"), headers=headers).status_code == 200


def test_staff_create_owns_the_customer_and_sees_no_others_as_duplicates(
    client, firm, records, staff_token
):
    _, theirs = records

    response = client.post(
        api(firm),
        json={"name": "Yangi", "email": "egasi@example.uz"},
        headers=bearer(staff_token),
    )

    assert response.status_code == 201
    assert response.json["owner_id"] == str(firm.staff.id)
    assert str(theirs.id) not in response.get_data(as_text=True)


def test_staff_cannot_reassign_but_a_manager_can(client, session, firm, records):
    mine, theirs = records
    staff = made_by.token(session, firm, firm.staff)
    boss = made_by.token(session, firm, made_by.manager(session, firm))

    refused = client.patch(
        api(firm, f"/{mine.id}"),
        json={"owner_id": str(firm.owner.id)},
        headers=bearer(staff),
    )
    assert refused.status_code == 422

    moved = client.patch(
        api(firm, f"/{theirs.id}"),
        json={"owner_id": str(firm.staff.id)},
        headers=bearer(boss),
    )
    assert moved.status_code == 200
    assert (
        client.get(api(firm, f"/{theirs.id}"), headers=bearer(staff)).status_code == 200
    )


def test_pages_show_only_own(client, session, firm, records):
    mine, theirs = records
    made_by.signed_in(client, session, firm.staff)

    listing = client.get(page(firm, "/")).get_data(as_text=True)
    assert mine.name in listing and theirs.name not in listing
    found = client.get(page(firm, "/"), query_string={"q": "egasi"}).get_data(
        as_text=True
    )
    assert theirs.name not in found

    for path in (
        f"/{theirs.id}",
        f"/{theirs.id}/edit",
        f"/{theirs.id}/merge",
        f"/{mine.id}/merge?other_id={theirs.id}",
    ):
        response = client.get(page(firm, path))
        assert response.status_code == 404, path
        assert theirs.name not in response.get_data(as_text=True)

    merge_page = client.get(page(firm, f"/{mine.id}/merge?q=mijozi"))
    assert theirs.name not in merge_page.get_data(as_text=True)


def test_staff_without_the_limit_see_everyone(client, session, firm):
    made_by.signed_in(client, session, firm.staff)

    listing = client.get(page(firm, "/")).get_data(as_text=True)

    assert all(c.name in listing for c in firm.customers)


def test_new_customer_from_the_form_belongs_to_its_creator(
    client, session, firm, records
):
    made_by.signed_in(client, session, firm.staff)
    form = client.get(page(firm, "/new")).get_data(as_text=True)
    assert 'name="owner_id"' not in form

    client.post(
        page(firm, "/new"),
        data={
            "name": "Oʻzimniki",
            "owner_id": str(firm.owner.id),
            "csrf_token": csrf_token(form),
        },
    )

    with tenancy.tenant(session, firm.tenant.id):
        stored = session.scalar(select(Customer).where(Customer.name == "Oʻzimniki"))
    assert stored.owner_id == firm.staff.id
