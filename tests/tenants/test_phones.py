import pytest

from tenants.phones import PhoneError, display_phone, normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "+998 90 123 45 67",
        "901234567",
        "8-90-123-45-67",
        "(90) 123-45-67",
        "998901234567",
        "00998901234567",
        "00998 90 123 45 67",
    ],
)
def test_accepted_forms_give_e164(raw):
    assert normalise_phone(raw) == "+998901234567"


@pytest.mark.parametrize("raw", ["961234567", "12345", "abc", "", "+998 96 123 45 67"])
def test_invalid_numbers_are_refused_with_a_reason(app, raw):
    with app.test_request_context(), pytest.raises(PhoneError) as refused:
        normalise_phone(raw)
    assert str(refused.value)


def test_display_is_international():
    assert display_phone("+998901234567") == "+998 90 123 45 67"
    assert display_phone(None) == ""


def test_prefix_96_is_refused_saying_why(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(PhoneError) as refused:
            normalise_phone("+998 96 123 45 67")
        assert "prefix" in str(refused.value)
