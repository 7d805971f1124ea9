"""Fold names to one spelling so Latin, Cyrillic and apostrophe variants meet.

`Алишер`, `Alisher` and `ALISHER` all fold to `alisher`; `Oʻgʻil`,
`O'g'il`, `O‘g‘il` and `Ўғил` all fold to `ogil`. Folding is for matching
only: it loses information on purpose and is never shown to anyone.
"""

import re
import unicodedata

# Uzbek Cyrillic letters first, then the Russian ones Uzbek does not use.
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ў": "o",
    "қ": "q",
    "ғ": "g",
    "ҳ": "h",
    "і": "i",
}
_TABLE = str.maketrans(_CYRILLIC)

# Every mark people type for the ʻ of oʻ and gʻ, or for the tutuq ʼ.
APOSTROPHES = "\u02bb\u02bc'\u2018\u2019`\u00b4\u02b9\u2032"
_MARKS = str.maketrans("", "", APOSTROPHES)

# Cyrillic е is `ye` at the start of a word and `e` elsewhere, and people
# write both in Latin either way; treating `ye` as `e` makes them all meet.
_YE = re.compile(r"y+e")
_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D")


def fold(text: str | None) -> str:
    """Return `text` lower-cased, in Latin letters, without apostrophes.

    Whitespace runs become one space. Folding a folded text changes nothing.
    """
    if not text:
        return ""
    # Marks go first: NFKD would turn ´ into a space and an accent.
    folded = text.lower().translate(_MARKS).translate(_TABLE)

    # Drop accents left over (ğ, ö, ş of Turkish-style spelling); the
    # decomposition can uncover more capitals and Cyrillic letters.
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.lower().translate(_TABLE)

    folded = folded.translate(_MARKS)
    folded = _YE.sub("e", folded)
    return _SPACES.sub(" ", folded).strip()


def digits(text: str | None) -> str:
    """Return only the digits of `text`."""
    return _NOT_DIGIT.sub("", text or "")


def looks_like_phone(text: str) -> bool:
    """Return True when a search text is a (part of a) phone number."""
    return bool(re.fullmatch(r"[\d\s()+\-.]+", text)) and len(digits(text)) >= 2


def search_key(
    name: str | None,
    email: str | None = None,
    phones: list[str] | tuple[str, ...] = (),
    telegram: str | None = None,
) -> str:
    """Return the text a customer is found by: folded name, folded e-mail,
    Telegram username and the digits of every phone, space-separated."""
    parts = [fold(name), fold(email), fold(telegram)]
    parts += [digits(phone) for phone in phones]
    return " ".join(part for part in parts if part)
