"""Pick the user's language and format numbers, money and dates for it."""

from datetime import date, datetime

from babel.numbers import format_decimal
from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

LANGUAGES = {
    "uz_Latn": "Oʻzbekcha",
    "uz_Cyrl": "Ўзбекча",
    "ru": "Русский",
    "en": "English",
}
DEFAULT = "uz_Latn"
COOKIE = "mijoz_lang"

# The stock matching maps `uz-UZ` and `uz-Cyrl-UZ` to the wrong catalogue,
# so tags are matched here by their language and script subtags.
_SOM = {"uz_Latn": "soʻm", "uz_Cyrl": "сўм", "ru": "сум", "en": "UZS"}


def match_language(header: str | None) -> str | None:
    """Return our language for an Accept-Language header, or None."""
    if not header:
        return None

    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag.strip().lower()))

    for _, _, tag in sorted(ranked):
        found = _language_of_tag(tag)
        if found:
            return found
    return None


def _language_of_tag(tag: str) -> str | None:
    subtags = tag.replace("_", "-").split("-")
    if subtags[0] == "uz":
        return "uz_Cyrl" if "cyrl" in subtags[1:] else "uz_Latn"
    if subtags[0] in ("ru", "en"):
        return subtags[0]
    return None


def select_locale() -> str:
    """Return the language for this request: the user's choice first."""
    if not has_request_context():
        return default_locale()

    chosen = g.get("locale") or session.get("locale") or request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    user = current_user
    if user and user.is_authenticated and user.locale in LANGUAGES:
        return user.locale
    return match_language(request.headers.get("Accept-Language")) or default_locale()


def default_locale() -> str:
    """Return the language used when nothing says otherwise (Uzbek Latin)."""
    if has_app_context():
        return current_app.config.get("BABEL_DEFAULT_LOCALE", DEFAULT)
    return DEFAULT


def format_som(amount: int | None) -> str:
    """Format whole so'm the way the current language writes money."""
    if amount is None:
        return ""
    locale = str(get_locale() or DEFAULT)
    number = format_decimal(amount, format="#,##0", locale=locale)
    return f"{number}\u00a0{_SOM.get(locale, 'UZS')}"


def format_number(value) -> str:
    """Format a number with the current language's grouping."""
    return format_decimal(value, locale=str(get_locale() or DEFAULT))


def format_when(value) -> str:
    """Format a date or a datetime in the current language."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "medium")
    if isinstance(value, date):
        return format_date(value, "medium")
    return str(value)


def init_app(app) -> None:
    """Register the template filters and globals for languages."""
    app.jinja_env.filters["som"] = format_som
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["when"] = format_when

    @app.context_processor
    def _languages():
        return {"languages": LANGUAGES, "current_locale": str(get_locale())}
