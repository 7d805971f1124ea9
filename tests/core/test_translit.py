import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from core.i18n import make_cyrillic
from core.i18n.translit import latin_to_cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Oʻzbekiston", "Ўзбекистон"),
        ("O'zbekiston", "Ўзбекистон"),
        ("O‘zbekiston", "Ўзбекистон"),
        ("O`zbekiston", "Ўзбекистон"),
        ("Gʻalla", "Ғалла"),
        ("togʻ", "тоғ"),
        ("shahar", "шаҳар"),
        ("choy", "чой"),
        ("Toshkent", "Тошкент"),
        ("yoʻl", "йўл"),
        ("yoz", "ёз"),
        ("yangi", "янги"),
        ("yulduz", "юлдуз"),
        ("Yevropa", "Европа"),
        ("ming", "минг"),
        ("ekran", "экран"),
        ("aeroport", "аэропорт"),
        ("sentabr", "сентабр"),
        ("maʼlumot", "маълумот"),
        ("eʼlon", "эълон"),
        ("Isʼhoq", "Исҳоқ"),
        ("SHAHAR", "ШАҲАР"),
        ("MAʼLUMOT", "МАЪЛУМОТ"),
        ("OʻZBEKISTON", "ЎЗБЕКИСТОН"),
        ("Sh", "Ш"),
    ],
)
def test_letters(latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Salom, %(name)s!", "Салом, %(name)s!"),
        ("%s ta, %d soʻm, 100%% toʻlov", "%s та, %d сўм, 100%% тўлов"),
        ("{count} ta mijoz", "{count} та мижоз"),
        ("{0} va {}", "{0} ва {}"),
        ('<a href="/w/x">Mijozlar</a>', '<a href="/w/x">Мижозлар</a>'),
        (
            "<strong>Yangi</strong>&nbsp;mijoz &amp; savdo",
            "<strong>Янги</strong>&nbsp;мижоз &amp; савдо",
        ),
        (
            "Batafsil: https://mijoz.uz/yordam?til=uz",
            "Батафсил: https://mijoz.uz/yordam?til=uz",
        ),
        ("Yozing: yordam@mijoz.uz", "Ёзинг: yordam@mijoz.uz"),
        (
            "Buyruq: `mijoz init-db` ishga tushiring",
            "Буйруқ: `mijoz init-db` ишга туширинг",
        ),
    ],
)
def test_protected_spans(latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic


def test_quotes_stay_quotes():
    assert latin_to_cyrillic("'Salom' dedi") == "'Салом' деди"


def test_backtick_spelling_of_o_is_not_code():
    assert latin_to_cyrillic("Oʻzbek va o`zbek") == "Ўзбек ва ўзбек"


def _write_latin(path):
    catalog = Catalog(locale="uz_Latn", project="mijoz", version="0.1")
    catalog.add("Customers", "Mijozlar", locations=[("tenants/views.py", 10)])
    catalog.add("Hello, %(name)s!", "Salom, %(name)s!")
    catalog.add("Not translated yet", "")
    catalog.add("Open", "Ochish", context="button")
    catalog.add(
        ("%(num)d customer", "%(num)d customers"),
        ("%(num)d ta mijoz", "%(num)d ta mijozlar"),
    )
    catalog.add(("%(num)d deal", "%(num)d deals"), ("", ""))
    with path.open("wb") as fh:
        write_po(fh, catalog)


def test_build_transliterates_every_msgstr(tmp_path):
    src = tmp_path / "uz_Latn.po"
    dest = tmp_path / "uz_Cyrl" / "LC_MESSAGES" / "messages.po"
    _write_latin(src)

    assert make_cyrillic.build(src, dest) == 6

    with dest.open("rb") as fh:
        catalog = read_po(fh)
    assert str(catalog.locale) == "uz_Cyrl"
    assert catalog.project == "mijoz"
    assert catalog.num_plurals == 2
    assert catalog.get("Customers").string == "Мижозлар"
    assert catalog.get("Customers").locations == [("tenants/views.py", 10)]
    assert catalog.get("Hello, %(name)s!").string == "Салом, %(name)s!"
    assert "python-format" in catalog.get("Hello, %(name)s!").flags
    assert catalog.get("Not translated yet").string == ""
    assert catalog.get("Open", context="button").string == "Очиш"
    assert catalog.get("%(num)d customer").string == (
        "%(num)d та мижоз",
        "%(num)d та мижозлар",
    )
    assert catalog.get("%(num)d deal").string == ("", "")


def test_build_output_names_its_language(tmp_path):
    src = tmp_path / "uz_Latn.po"
    dest = tmp_path / "uz_Cyrl.po"
    _write_latin(src)

    make_cyrillic.build(src, dest)

    text = dest.read_text(encoding="utf-8")
    assert '"Language: uz_Cyrl\\n"' in text
    assert "uz_Latn" not in text


def test_missing_source_exits_with_a_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        make_cyrillic.main([str(tmp_path / "nope.po"), str(tmp_path / "out.po")])

    assert exit_info.value.code != 0
    assert "source catalogue not found" in capsys.readouterr().err
    assert not (tmp_path / "out.po").exists()
