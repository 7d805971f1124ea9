"""Customer pages: the full form, duplicates, edit, merge and field settings."""

import pytest
from sqlalchemy import func, select

from core import tenancy
from tenants.customers import custom_fields
from tenants.customers.models import Customer, CustomField
from tests.conftest import csrf_token, path_of
from tests.tenants.customers import factories as made_by
from tests.tenants.customers.factories import customer


def page(firm, rest=""):
    return f"/w/{firm.tenant.slug}/customers{rest}"


@pytest.fixture
def owner(client, session, firm):
    return made_by.signed_in(client, session, firm.owner)


def submit(client, url, **data):
    form = client.get(url).get_data(as_text=True)
    return client.post(url, data=data | {"csrf_token": csrf_token(form)})


def stored(session, firm, name) -> dict | None:
    """Return what is stored of the customer called `name`, or None."""
    with tenancy.tenant(session, firm.tenant.id):
        found = session.scalar(select(Customer).where(Customer.name == name))
        if found is None:
            return None
        return {
            "id": found.id,
            "phones": found.phone_numbers,
            "tags": found.tag_names,
            "telegram": found.telegram,
            "consent_at": found.consent_at,
            "owner_id": found.owner_id,
        }


def count(session, firm):
    with tenancy.tenant(session, firm.tenant.id):
        return session.scalar(select(func.count()).select_from(Customer))


def test_add_with_every_field(owner, session, firm):
    with tenancy.tenant(session, firm.tenant.id):
        custom_fields.create_definition(session, "Size", "choice", choices=["S", "M"])
    session.commit()

    response = submit(
        owner,
        page(firm, "/new"),
        name="Kamola Yoʻldosheva",
        phone="8-90-765-43-21",
        more_phones="(91) 765-43-21\n00998937654321",
        email="kamola@example.uz",
        telegram="@kamola_y",
        tags="VIP, doimiy",
        source="Instagram",
        consent="y",
        notes="Chegirma so‘raydi",
        cf_size="M",
        owner_id=str(firm.staff.id),
    )

    assert response.status_code == 302
    made = stored(session, firm, "Kamola Yoʻldosheva")
    assert made["phones"] == ["+998907654321", "+998917654321", "+998937654321"]
    assert made["telegram"] == "kamola_y"
    assert made["tags"] == ["doimiy", "VIP"]
    assert made["consent_at"] is not None
    assert made["owner_id"] == firm.staff.id

    shown = owner.get(path_of(response.headers["Location"])).get_data(as_text=True)
    for text in (
        "+998 91 765 43 21",
        "@kamola_y",
        "doimiy",
        "Instagram",
        "Size",
        ">M<",
    ):
        assert text in shown, text


def test_possible_duplicate_is_shown_and_can_be_saved_anyway(owner, session, firm):
    existing = firm.customers[0]
    url = page(firm, "/new")

    warned = submit(owner, url, name="Boshqa Ism", phone=existing.phone)

    body = warned.get_data(as_text=True)
    assert warned.status_code == 200
    assert f"/customers/{existing.id}" in body
    assert 'name="not_duplicate"' in body
    assert stored(session, firm, "Boshqa Ism") is None

    saved = submit(
        owner, url, name="Boshqa Ism", phone=existing.phone, not_duplicate="y"
    )
    assert saved.status_code == 302
    assert stored(session, firm, "Boshqa Ism") is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "A" * 10_000}, "too long"),
        ({"name": "Sardor", "more_phones": "96 123 45 67"}, "prefix"),
        ({"name": "Sardor", "telegram": "ab"}, "Telegram"),
        ({"name": "Sardor", "email": "not-an-email"}, "e-mail"),
        ({"name": "Sardor", "cf_visits": "ko‘p"}, "number"),
    ],
)
def test_bad_input_shows_why_and_stores_nothing(owner, session, firm, data, message):
    with tenancy.tenant(session, firm.tenant.id):
        custom_fields.create_definition(session, "Visits", "number")
    firm.owner.locale = "en"
    session.commit()

    response = submit(owner, page(firm, "/new"), **data)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="error"' in body and message in body
    assert count(session, firm) == len(firm.customers)


def test_edit_changes_fields(owner, session, firm):
    target = firm.customers[0]
    url = page(firm, f"/{target.id}/edit")
    assert target.name in owner.get(url).get_data(as_text=True)

    response = submit(
        owner, url, name="Yangi Nom", phone=target.phone, tags="yangi", consent=""
    )

    assert response.status_code == 302
    changed = stored(session, firm, "Yangi Nom")
    assert changed["id"] == target.id and changed["tags"] == ["yangi"]


def test_edit_with_a_bad_phone_changes_nothing(owner, session, firm):
    target = firm.customers[0]

    response = submit(
        owner, page(firm, f"/{target.id}/edit"), name="X", phone="961234567"
    )

    assert 'class="error"' in response.get_data(as_text=True)
    assert stored(session, firm, target.name) is not None


def test_delete_from_the_edit_page(owner, session, firm):
    target = firm.customers[0]
    form = owner.get(page(firm, f"/{target.id}/edit")).get_data(as_text=True)

    response = owner.post(
        page(firm, f"/{target.id}/delete"), data={"csrf_token": csrf_token(form)}
    )

    assert response.status_code == 302
    assert stored(session, firm, target.name) is None


def test_merge_pick_preview_confirm(owner, session, firm):
    keep = customer(session, firm, "Botir Qodirov", phone="+998905550011")
    drop = customer(session, firm, "Ботир Қодиров", phone="+998905550022", tags=["VIP"])
    session.commit()
    url = page(firm, f"/{keep.id}/merge")

    picked = owner.get(url).get_data(as_text=True)
    assert f"other_id={drop.id}" in picked  # offered as a possible duplicate
    searched = owner.get(url, query_string={"q": "ботир"}).get_data(as_text=True)
    assert f"other_id={drop.id}" in searched

    preview = owner.get(url, query_string={"other_id": str(drop.id)})
    body = preview.get_data(as_text=True)
    assert "+998 90 555 00 22" in body and "VIP" in body
    assert stored(session, firm, "Ботир Қодиров") is not None

    done = owner.post(
        url, data={"other_id": str(drop.id), "csrf_token": csrf_token(body)}
    )

    assert done.status_code == 302
    assert path_of(done.headers["Location"]) == page(firm, f"/{keep.id}")
    assert stored(session, firm, "Ботир Қодиров") is None
    assert stored(session, firm, "Botir Qodirov")["phones"] == [
        "+998905550011",
        "+998905550022",
    ]


def test_list_search_and_tag_filter(owner, session, firm):
    customer(session, firm, "Oʻgʻiloy Tursunova", tags=["VIP"])
    customer(session, firm, "Ogʻiloy Boshqa", tags=["ulgurji"])
    session.commit()

    found = owner.get(page(firm, "/"), query_string={"q": "ўғилой", "tag": "VIP"})

    body = found.get_data(as_text=True)
    assert "Oʻgʻiloy Tursunova" in body and "Ogʻiloy Boshqa" not in body
    assert '<option value="ulgurji"' in body


# -- custom field settings ------------------------------------------------------


def test_owner_adds_edits_and_deletes_a_field(owner, session, firm):
    url = f"/w/{firm.tenant.slug}/customers/fields/"

    added = submit(owner, url, label="Rangi", type="choice", choices="qizil\nko‘k")
    assert added.status_code == 302
    with tenancy.tenant(session, firm.tenant.id):
        field = session.scalar(select(CustomField))
    assert field.choices == ["qizil", "ko‘k"]

    edit = f"{url}{field.id}"
    assert submit(owner, edit, label="Rang", choices="qizil").status_code == 302
    form = owner.get(edit).get_data(as_text=True)
    deleted = owner.post(f"{edit}/delete", data={"csrf_token": csrf_token(form)})
    assert deleted.status_code == 302
    with tenancy.tenant(session, firm.tenant.id):
        assert session.scalar(select(CustomField)) is None


def test_choice_field_without_choices_is_refused(owner, session, firm):
    response = submit(
        owner, f"/w/{firm.tenant.slug}/customers/fields/", label="Rangi", type="choice"
    )

    assert 'class="error"' in response.get_data(as_text=True)


def test_staff_get_404_on_field_settings(client, session, firm):
    with tenancy.tenant(session, firm.tenant.id):
        field = custom_fields.create_definition(session, "Size", "text")
    made_by.signed_in(client, session, firm.staff)
    base = f"/w/{firm.tenant.slug}/customers/fields"

    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}/{field.id}").status_code == 404
    assert "customers/fields" not in client.get(page(firm, "/")).get_data(as_text=True)


def test_manager_may_open_field_settings(client, session, firm):
    made_by.signed_in(client, session, made_by.manager(session, firm))

    assert client.get(f"/w/{firm.tenant.slug}/customers/fields/").status_code == 200


def test_every_new_page_is_404_across_tenants(client, session, firm, other_firm):
    target, second = firm.customers
    with tenancy.tenant(session, firm.tenant.id):
        field = custom_fields.create_definition(session, "Maxfiy", "text")
    made_by.signed_in(client, session, other_firm.owner)
    token = csrf_token(client.get(f"/w/{other_firm.tenant.slug}/customers/new").text)
    theirs = other_firm.customers[0]

    gets = [
        page(firm, f"/{target.id}/edit"),
        page(firm, f"/{target.id}/merge"),
        f"/w/{firm.tenant.slug}/customers/fields/",
        f"/w/{firm.tenant.slug}/customers/fields/{field.id}",
        page(other_firm, f"/{target.id}/edit"),
        page(other_firm, f"/{target.id}/merge"),
        page(other_firm, f"/{theirs.id}/merge?other_id={target.id}"),
        f"/w/{other_firm.tenant.slug}/customers/fields/{field.id}",
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404, url
        assert target.name not in response.text and "Maxfiy" not in response.text

    posts = [
        (page(other_firm, f"/{target.id}/delete"), {}),
        (page(other_firm, f"/{theirs.id}/merge"), {"other_id": str(target.id)}),
        (page(other_firm, f"/{target.id}/edit"), {"name": "Hack"}),
        (f"/w/{other_firm.tenant.slug}/customers/fields/{field.id}/delete", {}),
    ]
    for url, data in posts:
        response = client.post(url, data=data | {"csrf_token": token})
        assert response.status_code == 404, url

    assert stored(session, firm, target.name) is not None
    assert stored(session, firm, second.name) is not None
    with tenancy.tenant(session, firm.tenant.id):
        assert session.scalar(select(CustomField)) is not None


def test_merge_page_refuses_the_same_record(owner, firm):
    keep = firm.customers[0]

    response = owner.get(
        page(firm, f"/{keep.id}/merge"), query_string={"other_id": str(keep.id)}
    )

    assert response.status_code == 200
    assert 'name="q"' in response.text  # back to choosing
