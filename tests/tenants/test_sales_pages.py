"""Pages of sales and products: record, list, change, remove, isolate."""

from datetime import date

import pytest
from sqlalchemy import select

from tenants.sales.models import Order, Product
from tenants.sales.services import customer_summary, today
from tests.conftest import csrf_token, path_of
from tests.tenants.sales_factories import inside, membership, product, sale, signed_in


@pytest.fixture
def owner_client(client, session, firm):
    return signed_in(client, session, firm.owner)


def base(firm):
    return f"/w/{firm.tenant.slug}"


def sale_form(html, lines, **fields):
    data = {
        "csrf_token": csrf_token(html),
        "customer_id": "",
        "sold_on": today().isoformat(),
        "channel": "shop",
        "payment_method": "cash",
        "note": "",
    }
    for index, line in enumerate(lines):
        for key in ("product_id", "description", "quantity", "unit_price"):
            data[f"lines-{index}-{key}"] = line.get(key, "")
    return data | fields


def orders(session, firm):
    with inside(session, firm):
        return session.scalars(select(Order)).all()


def test_every_page_opens_for_the_owner(owner_client, session, firm):
    bread = product(session, firm, "Non", 4_000)
    order = sale(session, firm, customer=firm.customers[0], note="Tez yetkazish")
    session.commit()

    for path in (
        "/sales/",
        "/sales/new",
        f"/sales/{order.id}",
        f"/sales/{order.id}/edit",
        f"/sales/{order.id}/delete",
        "/sales/customer-options?customer_q=Mijoz",
        "/products/",
        "/products/new",
        f"/products/{bread.id}/edit",
    ):
        response = owner_client.get(base(firm) + path)
        assert response.status_code == 200, path

    detail = owner_client.get(f"{base(firm)}/sales/{order.id}").get_data(as_text=True)
    assert "Tez yetkazish" in detail
    assert firm.customers[0].name in detail
    assert "20,000" in detail  # the som filter groups the digits


def test_the_workspace_menu_links_sales_and_products(owner_client, firm):
    html = owner_client.get(f"{base(firm)}/").get_data(as_text=True)

    assert f'href="{base(firm)}/sales/"' in html
    assert f'href="{base(firm)}/products/"' in html


def test_record_a_sale_through_the_form(owner_client, session, firm):
    bread = product(session, firm, "Non", 4_000)
    customer = firm.customers[0]
    session.commit()
    page = owner_client.get(f"{base(firm)}/sales/new").get_data(as_text=True)

    response = owner_client.post(
        f"{base(firm)}/sales/new",
        data=sale_form(
            page,
            [
                {"product_id": str(bread.id), "quantity": "3"},
                {"description": "Qand", "quantity": "2", "unit_price": "13 500"},
            ],
            customer_id=str(customer.id),
            channel="phone",
            payment_method="click",
            save="1",
        ),
    )

    assert response.status_code == 302
    [order] = orders(session, firm)
    assert path_of(response.headers["Location"]) == f"{base(firm)}/sales/{order.id}"
    assert order.total == 39_000
    assert order.created_by == firm.owner.id
    with inside(session, firm):
        assert customer_summary(session, customer.id).total == 39_000


def test_add_line_without_javascript_adds_a_row_and_saves_nothing(
    owner_client, session, firm
):
    session.commit()
    page = owner_client.get(f"{base(firm)}/sales/new").get_data(as_text=True)
    line = {"description": "Qovun", "quantity": "2", "unit_price": "9000"}

    response = owner_client.post(
        f"{base(firm)}/sales/new", data=sale_form(page, [line], add_line="1")
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="lines-1-quantity"' in html
    assert 'value="Qovun"' in html
    assert "18,000" in html  # the total so far
    assert orders(session, firm) == []


def test_refresh_fills_the_products_price(owner_client, session, firm):
    bread = product(session, firm, "Non", 4_000)
    session.commit()
    page = owner_client.get(f"{base(firm)}/sales/new").get_data(as_text=True)
    line = {"product_id": str(bread.id), "quantity": "2"}

    html = owner_client.post(
        f"{base(firm)}/sales/new", data=sale_form(page, [line], refresh="1")
    ).get_data(as_text=True)

    assert 'value="4000"' in html
    assert "8,000" in html


def test_find_a_customer_narrows_the_picker(owner_client, session, firm):
    first, second = firm.customers
    session.commit()
    page = owner_client.get(f"{base(firm)}/sales/new").get_data(as_text=True)

    html = owner_client.post(
        f"{base(firm)}/sales/new",
        data=sale_form(page, [{}], customer_q=second.name, find="1"),
    ).get_data(as_text=True)

    assert f'value="{second.id}"' in html
    assert f'value="{first.id}"' not in html

    options = owner_client.get(
        f"{base(firm)}/sales/customer-options", query_string={"customer_q": first.name}
    ).get_data(as_text=True)
    assert f'value="{first.id}"' in options
    assert f'value="{second.id}"' not in options


def test_change_a_sale_through_the_form(owner_client, session, firm):
    customer = firm.customers[0]
    order = sale(session, firm, customer=customer)
    session.commit()
    url = f"{base(firm)}/sales/{order.id}/edit"
    page = owner_client.get(url).get_data(as_text=True)
    assert 'value="Choy"' in page

    response = owner_client.post(
        url,
        data=sale_form(
            page,
            [{"description": "Choy", "quantity": "5", "unit_price": "10000"}],
            customer_id=str(customer.id),
            sold_on="2026-01-02",
        ),
    )

    assert response.status_code == 302
    with inside(session, firm):
        session.expire_all()
        changed = session.get(Order, (firm.tenant.id, order.id))
        assert changed.total == 50_000
        assert changed.sold_on == date(2026, 1, 2)
        summary = customer_summary(session, customer.id)
        assert (summary.total, summary.last_purchase) == (50_000, date(2026, 1, 2))


def test_remove_a_sale_after_confirming(owner_client, session, firm):
    customer = firm.customers[0]
    order = sale(session, firm, customer=customer)
    session.commit()
    url = f"{base(firm)}/sales/{order.id}/delete"
    page = owner_client.get(url).get_data(as_text=True)
    assert "20,000" in page

    response = owner_client.post(url, data={"csrf_token": csrf_token(page)})

    assert response.status_code == 302
    assert orders(session, firm) == []
    with inside(session, firm):
        assert customer_summary(session, customer.id).orders_count == 0


def test_the_list_is_newest_first_with_filters_and_totals(owner_client, session, firm):
    customer = firm.customers[0]
    sale(session, firm, sold_on=date(2026, 1, 1), note="birinchi")
    sale(session, firm, sold_on=date(2026, 2, 1), customer=customer, channel="phone")
    sale(session, firm, sold_on=date(2026, 3, 1), channel="telegram")
    session.commit()

    def page(**query):
        return owner_client.get(f"{base(firm)}/sales/", query_string=query).get_data(
            as_text=True
        )

    html = page()
    assert html.index("Mar 1,") < html.index("Feb 1,") < html.index("Jan 1,")
    assert "60,000" in html
    assert "20,000" in page(channel="phone") and customer.name in page(channel="phone")
    assert "40,000" in page(**{"from": "2026-02-01"})
    assert "20,000" in page(to="2026-01-31")
    assert customer.name in page(q=customer.name)
    assert "Walk-in" not in page(customer=str(customer.id))
    assert "No sales found" in page(channel="online")


def test_the_list_pages_through_many_sales(owner_client, session, firm):
    for day in range(1, 32):
        sale(session, firm, sold_on=date(2026, 1, day))
    session.commit()

    first = owner_client.get(f"{base(firm)}/sales/").get_data(as_text=True)
    second = owner_client.get(f"{base(firm)}/sales/?page=2").get_data(as_text=True)

    assert "?page=2" in first
    assert first.count('<li><a href="/w/') == 30
    assert '"muted">Jan 31,' in first and '"muted">Jan 1,' not in first
    assert '"muted">Jan 1,' in second


# -- isolation --------------------------------------------------------------------


def test_other_firms_owner_gets_404_and_no_data_everywhere(
    client, session, firm, other_firm
):
    bread = product(session, firm, "Maxfiy non", 4_321)
    order = sale(
        session,
        firm,
        customer=firm.customers[0],
        note="Maxfiy eslatma",
        lines=[{"product_id": bread.id, "quantity": 1}],
    )
    signed_in(client, session, other_firm.owner)
    token = csrf_token(
        client.get(f"{base(other_firm)}/sales/new").get_data(as_text=True)
    )
    secrets = ("Maxfiy", "4,321", firm.customers[0].name, firm.tenant.name)

    gets = [
        f"/sales/{order.id}",
        f"/sales/{order.id}/edit",
        f"/sales/{order.id}/delete",
        f"/products/{bread.id}/edit",
    ]
    posts = [
        *gets[1:],
        f"/products/{bread.id}/deactivate",
        f"/products/{bread.id}/activate",
    ]
    for owner_of_slug in (firm, other_firm):
        lists = [
            "/sales/",
            "/sales/new",
            "/sales/customer-options?customer_q=Mijoz",
            "/products/",
            "/products/new",
        ]
        for path in gets + (lists if owner_of_slug is firm else []):
            response = client.get(base(owner_of_slug) + path)
            assert response.status_code == 404, (owner_of_slug, path)
            body = response.get_data(as_text=True)
            assert not any(secret in body for secret in secrets)
        own_lists = ["/sales/new", "/products/new"] if owner_of_slug is firm else []
        for path in posts + own_lists:
            response = client.post(
                base(owner_of_slug) + path,
                data={"csrf_token": token, "lines-0-quantity": "9", "name": "x"},
            )
            assert response.status_code == 404, (owner_of_slug, path)

    with inside(session, firm):
        session.expire_all()
        assert session.get(Order, (firm.tenant.id, order.id)).note == "Maxfiy eslatma"
        assert session.get(Product, (firm.tenant.id, bread.id)).active


def test_kept_staff_see_only_their_own_sales_on_pages(client, session, firm):
    membership(session, firm, firm.staff).own_records_only = True
    own = sale(session, firm, by=firm.staff, note="Mening savdom")
    owners = sale(session, firm, by=firm.owner, note="Egasining savdosi")
    signed_in(client, session, firm.staff)

    listed = client.get(f"{base(firm)}/sales/").get_data(as_text=True)
    assert f"/sales/{own.id}" in listed
    assert f"/sales/{owners.id}" not in listed
    for path in ("", "/edit", "/delete"):
        response = client.get(f"{base(firm)}/sales/{owners.id}{path}")
        assert response.status_code == 404
        assert "Egasining" not in response.get_data(as_text=True)
    assert client.get(f"{base(firm)}/sales/{own.id}").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, firm):
    for path in ("/sales/", "/products/"):
        response = client.get(base(firm) + path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
