"""Pages of products: add, change, take off sale, explain mistakes."""

import pytest
from sqlalchemy import select

from tenants.sales.models import Product
from tests.conftest import csrf_token
from tests.tenants.sales_factories import inside, product, signed_in


@pytest.fixture
def owner_client(client, session, firm):
    return signed_in(client, session, firm.owner)


def base(firm):
    return f"/w/{firm.tenant.slug}"


def test_add_change_and_retire_a_product(owner_client, session, firm):
    session.commit()
    page = owner_client.get(f"{base(firm)}/products/new").get_data(as_text=True)

    added = owner_client.post(
        f"{base(firm)}/products/new",
        data={
            "name": "Somsa",
            "sku": "S1",
            "unit_price": "6 000",
            "csrf_token": csrf_token(page),
        },
    )
    assert added.status_code == 302
    with inside(session, firm):
        somsa = session.scalar(select(Product).where(Product.name == "Somsa"))
    assert somsa.unit_price == 6_000

    edit = f"{base(firm)}/products/{somsa.id}/edit"
    page = owner_client.get(edit).get_data(as_text=True)
    owner_client.post(
        edit,
        data={
            "name": "Somsa",
            "sku": "",
            "unit_price": "6500",
            "csrf_token": csrf_token(page),
        },
    )
    owner_client.post(
        f"{base(firm)}/products/{somsa.id}/deactivate",
        data={"csrf_token": csrf_token(page)},
    )
    with inside(session, firm):
        session.expire_all()
        somsa = session.get(Product, (firm.tenant.id, somsa.id))
        assert (somsa.unit_price, somsa.sku, somsa.active) == (6_500, None, False)

    on_sale = owner_client.get(f"{base(firm)}/products/").get_data(as_text=True)
    retired = owner_client.get(f"{base(firm)}/products/?show=inactive").get_data(
        as_text=True
    )
    link = f"/products/{somsa.id}/edit"
    assert link not in on_sale
    assert link in retired
    new_sale = owner_client.get(f"{base(firm)}/sales/new").get_data(as_text=True)
    assert str(somsa.id) not in new_sale

    owner_client.post(
        f"{base(firm)}/products/{somsa.id}/activate",
        data={"csrf_token": csrf_token(page)},
    )
    assert link in owner_client.get(f"{base(firm)}/products/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"unit_price": "1500.5"}, "whole so"),
        ({"unit_price": "-1"}, "negative"),
        ({"unit_price": ""}, "Enter the price"),
        ({"sku": "TAKEN"}, "already has this SKU"),
    ],
)
def test_product_form_explains_what_is_wrong(
    owner_client, session, firm, fields, words
):
    product(session, firm, "Bor", 1, sku="TAKEN")
    session.commit()
    page = owner_client.get(f"{base(firm)}/products/new").get_data(as_text=True)
    data = {
        "name": "Yangi",
        "sku": "",
        "unit_price": "100",
        "csrf_token": csrf_token(page),
    }

    response = owner_client.post(f"{base(firm)}/products/new", data=data | fields)

    body = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 200
    assert words in body
    with inside(session, firm):
        assert session.scalar(select(Product).where(Product.name == "Yangi")) is None
