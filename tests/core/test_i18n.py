"""Language choice, catalogues and formatting."""

import pytest

from core import i18n
from tests import factories
from tests.conftest import csrf_token


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("uz-UZ,uz;q=0.9", "uz_Latn"),
        ("uz-Cyrl-UZ,uz;q=0.8", "uz_Cyrl"),
        ("uz-Latn-UZ", "uz_Latn"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,ru;q=0.5", "ru"),
        ("fr-FR,de;q=0.9", None),
        ("en;q=0.2,uz-Cyrl;q=0.9", "uz_Cyrl"),
        ("ru;q=0", None),
        ("", None),
        ("uz;q=abc,ru", "ru"),
    ],
)
def test_accept_language_is_matched_by_subtags(header, expected):
    assert i18n.match_language(header) == expected


@pytest.mark.parametrize(
    ("header", "word"),
    [
        ("uz-UZ", "Kirish"),
        ("uz-Cyrl-UZ", "Кириш"),
        ("ru-RU", "Войти"),
        ("en-US", "Sign in"),
    ],
)
def test_login_page_speaks_the_browsers_language(client, header, word):
    headers = {"Accept-Language": header} if header else {}

    page = client.get("/login", headers=headers).get_data(as_text=True)

    assert word in page


def test_chosen_language_is_remembered(client):
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/language",
        data={"lang": "ru", "next": "/login", "csrf_token": csrf_token(page)},
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    again = client.get("/login", headers={"Accept-Language": "en-US"})
    assert "Войти" in again.get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/language",
        data={"lang": "en", "next": "//evil.example/", "csrf_token": csrf_token(page)},
    )

    assert "evil" not in response.headers["Location"]


def test_signed_in_users_choice_is_stored_on_the_user(client, session):
    user = factories.user(session)
    session.commit()
    factories.login(client, user.email)
    page = client.get("/", follow_redirects=True).get_data(as_text=True)

    client.post("/language", data={"lang": "uz_Cyrl", "csrf_token": csrf_token(page)})

    session.expire_all()
    assert user.locale == "uz_Cyrl"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("uz_Latn", "1\u00a0234\u00a0567\u00a0soʻm"),
        ("uz_Cyrl", "1\u00a0234\u00a0567\u00a0сўм"),
        ("ru", "1\u00a0234\u00a0567\u00a0сум"),
        ("en", "1,234,567\u00a0UZS"),
    ],
)
def test_money_is_whole_som_in_each_language(app, locale, expected):
    headers = {"Accept-Language": locale.replace("_", "-")}
    with app.app_context(), app.test_request_context(headers=headers):
        assert i18n.format_som(1234567) == expected


def test_dates_follow_the_language(app):
    from datetime import date

    day = date(2026, 12, 3)
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "ru"}):
        assert "дек" in i18n.format_when(day)
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
        assert i18n.format_when(day) == "Dec 3, 2026"


def test_cyrillic_catalogue_is_generated_from_the_latin_one(app):
    from babel.messages.pofile import read_po

    root = app.root_path + "/translations"
    with open(f"{root}/uz_Latn/LC_MESSAGES/messages.po", "rb") as handle:
        latin = read_po(handle)
    with open(f"{root}/uz_Cyrl/LC_MESSAGES/messages.po", "rb") as handle:
        cyrillic = read_po(handle)

    assert latin["Sign in"].string == "Kirish"
    assert cyrillic["Sign in"].string == "Кириш"
    assert len(list(cyrillic)) == len(list(latin))
