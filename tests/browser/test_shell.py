"""Sign in, work in the workspace and switch languages in a real browser."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, live):
    page.goto(f"{live['base']}/login")
    page.get_by_label("E-pochta").fill(live["owner"])
    page.get_by_label("Parol").fill(PASSWORD)
    page.get_by_role("button", name="Kirish").click()


def test_login_page_is_in_uzbek_latin(screen, live):
    screen.goto(f"{live['base']}/login")

    expect(screen.locator("html")).to_have_attribute("lang", "uz-Latn")
    expect(screen.get_by_role("heading", name="Kirish")).to_be_visible()
    screen.shot("login")


def test_wrong_password_is_explained_on_the_form(screen, live):
    screen.goto(f"{live['base']}/login")
    screen.get_by_label("E-pochta").fill(live["owner"])
    screen.get_by_label("Parol").fill("notogri-parol-1")
    screen.get_by_role("button", name="Kirish").click()

    expect(screen.locator(".error")).to_be_visible()
    screen.shot("login-error")


def test_owner_signs_in_and_adds_a_customer(screen, live):
    # Both screen sizes share one database: the same customer twice would
    # rightly be stopped as a possible duplicate.
    small = screen.viewport_size["width"] < 500
    name, operator = (
        ("Gulnora Oʻktamova", "90") if small else ("Feruza Qahhorova", "91")
    )
    sign_in(screen, live)

    expect(screen).to_have_url(re.compile(f"/w/{live['slug']}/$"))
    expect(screen.locator(".workspace")).to_have_text(live["name"])
    screen.shot("workspace")

    screen.get_by_role("link", name="Mijozlar").click()
    expect(screen.get_by_text(live["customer"])).to_be_visible()
    screen.get_by_role("link", name="Qoʻshish").click()
    screen.get_by_label("Ism").fill(name)
    screen.get_by_label("Telefon").fill("96 123 45 67")
    screen.get_by_role("button", name="Saqlash").click()
    expect(screen.locator(".error")).to_be_visible()
    screen.shot("customer-error")

    screen.get_by_label("Telefon").fill(f"8-{operator}-765-43-21")
    screen.get_by_role("button", name="Saqlash").click()
    expect(screen.get_by_role("heading", name=name)).to_be_visible()
    expect(screen.get_by_text(f"+998 {operator} 765 43 21")).to_be_visible()
    screen.shot("customer")


def test_language_switcher_gives_every_language(screen, live):
    screen.goto(f"{live['base']}/login")

    for label, heading in [
        ("Ўзбекча", "Кириш"),
        ("Русский", "Войти"),
        ("English", "Sign in"),
        ("Oʻzbekcha", "Kirish"),
    ]:
        screen.get_by_role("button", name=label).click()
        expect(screen.get_by_role("heading", name=heading)).to_be_visible()
        screen.shot(f"login-{label}")


def test_page_fits_the_phone_without_sideways_scrolling(screen, live):
    sign_in(screen, live)
    screen.goto(f"{live['base']}/w/{live['slug']}/customers/")

    overflow = screen.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
