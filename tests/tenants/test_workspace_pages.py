"""Workspace pages: members get in, everyone else gets the same 404."""

import pytest
from sqlalchemy import select

from core import tenancy
from tenants.customers.models import Customer
from tests import factories
from tests.conftest import csrf_token


def pages(firm):
    base = f"/w/{firm.tenant.slug}"
    return [
        f"{base}/",
        f"{base}/customers/",
        f"{base}/customers/new",
        f"{base}/customers/{firm.customers[0].id}",
        f"{base}/customers/{firm.customers[0].id}/edit",
        f"{base}/customers/{firm.customers[0].id}/merge",
        f"{base}/customers/{firm.customers[0].id}/merge?other_id={firm.customers[1].id}",
        f"{base}/customers/fields/",
    ]


@pytest.fixture
def owner_client(client, session, firm):
    session.commit()
    factories.login(client, firm.owner.email)
    return client


def test_member_sees_every_workspace_page(owner_client, firm):
    for url in pages(firm):
        response = owner_client.get(url)
        assert response.status_code == 200, url

    detail = owner_client.get(pages(firm)[3]).get_data(as_text=True)
    assert firm.customers[0].name in detail
    assert firm.tenant.name in detail


def test_other_tenants_user_gets_404_and_no_data(client, session, firm, other_firm):
    session.commit()
    factories.login(client, other_firm.owner.email)

    for url in pages(firm):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.get_data(as_text=True)
        assert firm.customers[0].name not in body
        assert firm.tenant.name not in body


def test_own_slug_with_another_tenants_customer_is_404(
    client, session, firm, other_firm
):
    session.commit()
    factories.login(client, other_firm.owner.email)

    url = f"/w/{other_firm.tenant.slug}/customers/{firm.customers[0].id}"
    response = client.get(url)

    assert response.status_code == 404
    assert firm.customers[0].name not in response.get_data(as_text=True)


def test_unknown_slug_is_404(owner_client):
    assert owner_client.get("/w/no-such-firm/").status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, firm):
    response = client.get(pages(firm)[1])

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_home_sends_a_single_workspace_member_straight_in(owner_client, firm):
    response = owner_client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/w/{firm.tenant.slug}/")


def test_add_customer_through_the_form(owner_client, session, firm):
    url = f"/w/{firm.tenant.slug}/customers/new"
    form = owner_client.get(url).get_data(as_text=True)

    response = owner_client.post(
        url,
        data={
            "name": "Oʻgʻiloy Karimova",
            "phone": "(90) 123-45-67",
            "csrf_token": csrf_token(form),
        },
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "Oʻgʻiloy Karimova" in response.get_data(as_text=True)
    with tenancy.tenant(session, firm.tenant.id):
        stored = session.scalar(
            select(Customer).where(Customer.name == "Oʻgʻiloy Karimova")
        )
    assert stored.phone == "+998901234567"


def test_bad_phone_shows_why_and_stores_nothing(owner_client, session, firm):
    url = f"/w/{firm.tenant.slug}/customers/new"
    form = owner_client.get(url).get_data(as_text=True)

    response = owner_client.post(
        url,
        data={
            "name": "Sardor",
            "phone": "96 123 45 67",
            "csrf_token": csrf_token(form),
        },
    )

    assert response.status_code == 200
    assert 'class="error"' in response.get_data(as_text=True)
    with tenancy.tenant(session, firm.tenant.id):
        assert session.scalar(select(Customer).where(Customer.name == "Sardor")) is None


def test_missing_name_shows_a_message(owner_client, firm):
    url = f"/w/{firm.tenant.slug}/customers/new"
    form = owner_client.get(url).get_data(as_text=True)

    response = owner_client.post(url, data={"name": "", "csrf_token": csrf_token(form)})

    assert response.status_code == 200
    assert 'class="error"' in response.get_data(as_text=True)


def test_form_without_csrf_is_refused(owner_client, firm):
    response = owner_client.post(
        f"/w/{firm.tenant.slug}/customers/new", data={"name": "Hacker"}
    )

    assert response.status_code == 400
