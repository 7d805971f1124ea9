import re
import string

import pytest

from core import refdata

LATIN_LETTER = re.compile(r"[A-Za-z]")


def all_items():
    return [
        *refdata.regions(),
        *refdata.districts(),
        *refdata.sectors(),
        *refdata.legal_forms(),
    ]


def test_fourteen_regions_with_unique_codes():
    regions = refdata.regions()
    iso = [r.code for r in regions]
    soato = [r.soato for r in regions]

    assert len(regions) == 14
    assert len(set(iso)) == 14
    assert len(set(soato)) == 14
    assert all(re.fullmatch(r"UZ-[A-Z]{2}", code) for code in iso)
    assert all(re.fullmatch(r"\d{4}", code) for code in soato)


def test_tashkent_city_is_a_region():
    tashkent = refdata.region("UZ-TK")

    assert tashkent.soato == "1726"
    assert tashkent.name("uz_Latn") == "Toshkent shahri"


def test_every_district_belongs_to_a_region():
    iso = {r.code for r in refdata.regions()}

    assert {d.region for d in refdata.districts()} <= iso


def test_district_codes_are_unique_and_inside_their_region():
    districts = refdata.districts()
    soato = {r.code: r.soato for r in refdata.regions()}

    assert len({d.code for d in districts}) == len(districts)
    for d in districts:
        assert re.fullmatch(r"\d{7}", d.code)
        assert d.code.startswith(soato[d.region]), d.code


@pytest.mark.parametrize("region", refdata.regions(), ids=lambda r: r.code)
def test_every_region_has_districts(region):
    assert len(refdata.districts(region.code)) >= 5


def test_districts_of_tashkent_city():
    names = {d.name("uz_Latn") for d in refdata.districts("UZ-TK")}

    assert {"Chilonzor tumani", "Yunusobod tumani", "Mirzo Ulugʻbek tumani"} <= names


def test_district_lookup():
    chilonzor = refdata.district("1726294")

    assert chilonzor.region == "UZ-TK"
    assert chilonzor.name("ru") == "Чиланзарский район"


def test_sectors_are_sections_a_to_u_in_order():
    sectors = refdata.sectors()

    assert [s.code for s in sectors] == list(string.ascii_uppercase[:21])
    assert all(s.oked == s.code for s in sectors)
    assert all(re.fullmatch(r"\d{2}(-\d{2})?", s.divisions) for s in sectors)
    assert refdata.sector("C").divisions == "10-33"


def test_legal_forms():
    codes = [f.code for f in refdata.legal_forms()]

    assert len(codes) == len(set(codes))
    assert {"yatt", "mchj", "ok", "xk", "fermer", "dehqon", "aj"} <= set(codes)
    assert refdata.legal_form("mchj").abbr == "MChJ"


def test_every_name_is_filled_in_every_locale():
    for item in all_items():
        for locale in refdata.LOCALES:
            assert item.names[locale].strip(), (item.code, locale)


def test_cyrillic_names_have_no_latin_letters():
    for item in all_items():
        for locale in ("uz_Cyrl", "ru"):
            assert not LATIN_LETTER.search(item.names[locale]), item.code


def test_latin_names_use_the_modifier_letter():
    # oʻ and gʻ take U+02BB, never an ASCII or typographic apostrophe.
    for item in all_items():
        assert not re.search(r"['`\u2018\u2019]", item.names["uz_Latn"]), item.code


def test_name_falls_back_to_uzbek_latin():
    fergana = refdata.region("UZ-FA")

    assert fergana.name("ru") == "Ферганская область"
    assert fergana.name("de") == "Fargʻona viloyati"
    assert fergana.name("") == "Fargʻona viloyati"


@pytest.mark.parametrize(
    "lookup",
    [refdata.region, refdata.district, refdata.sector, refdata.legal_form],
)
def test_unknown_codes_return_none(lookup):
    assert lookup("nope") is None
    assert lookup("") is None


def test_districts_of_an_unknown_region_is_empty():
    assert refdata.districts("UZ-XX") == ()


def test_items_are_immutable_and_hashable():
    tashkent = refdata.region("UZ-TK")

    with pytest.raises(AttributeError):
        tashkent.code = "UZ-XX"

    assert len(set(refdata.regions())) == 14
