"""Folding names so every script and apostrophe finds the same customer."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.i18n.translit import latin_to_cyrillic
from tenants.customers.folding import digits, fold, looks_like_phone, search_key

UZBEK_LETTERS = "abdefghijklmnopqrstuvxyz"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Алишер", "alisher"),
        ("ALISHER", "alisher"),
        ("ўғил", "ogil"),
        ("O‘g‘il", "ogil"),
        ("Oʻgʻil", "ogil"),
        ("O'g'il", "ogil"),
        ("Oʼgʼil", "ogil"),
        ("O`g`il", "ogil"),
        ("O´g´il", "ogil"),
        ("Қодиров Ҳасан", "qodirov hasan"),
        ("Шоҳжаҳон Чориев", "shohjahon choriev"),
        ("Юлдуз Ёқубова", "yulduz yoqubova"),
        ("Яхё Щукин", "yaxyo shukin"),
        ("Цой Ырысбек", "tsoy irisbek"),
        ("Эргаш Пўлат", "ergash polat"),
        ("Объём Мель", "obyom mel"),
        ("  Jasur   Rahimov ", "jasur rahimov"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_examples(text, folded):
    assert fold(text) == folded


def test_ye_and_e_meet_across_scripts():
    assert fold("Евгений") == fold("Yevgeniy") == fold("Evgeniy")
    assert fold("Ergashev") == fold("Эргашев") == fold("Ергашев")


@settings(database=None)
@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@settings(database=None)
@given(st.text(alphabet=UZBEK_LETTERS + UZBEK_LETTERS.upper() + " ", min_size=1))
def test_cyrillic_spelling_folds_like_the_latin(word):
    assert fold(latin_to_cyrillic(word)) == fold(word)


def test_search_key_holds_name_email_telegram_and_phone_digits():
    key = search_key(
        "Алишер Оʻgʻilov", "Ali@Mail.UZ", ["+998901234567", "+998911112233"], "ali_b"
    )

    assert key == "alisher ogilov ali@mail.uz ali_b 998901234567 998911112233"


@pytest.mark.parametrize(
    ("text", "phone"),
    [("90 123", True), ("+998 (90) 123-45", True), ("9", False), ("Ali 90", False)],
)
def test_phone_like_search_text(text, phone):
    assert looks_like_phone(text) is phone


def test_digits():
    assert digits("+998 (90) 123-45-67") == "998901234567"
    assert digits(None) == ""
