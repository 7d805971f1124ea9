"""Transliterate Uzbek from the Latin alphabet to the Cyrillic one.

The rules are the standard letter-for-letter correspondence. Spelling that
the Latin alphabet does not record (the soft sign of ``kompyuter``, the
``ц`` of ``sentabr``) is not guessed: such words come out as the letters
say, and a translator fixes them in the generated catalogue's source.

Placeholders, markup, URLs, e-mail addresses and text in backticks are
copied unchanged, so a translated message still formats and renders.
"""

import re

# Marks that write the ʻ of oʻ and gʻ: the proper turned comma (U+02BB),
# the left quotation mark, and the stand-ins people type for them.
_TURNED = "\u02bb\u2018"
_LOOSE = "\u02bc'\u2019`"

_LETTERS = {
    "a": "а",
    "b": "б",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "ҳ",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "x": "х",
    "y": "й",
    "z": "з",
}
_PAIRS = {"sh": "ш", "ch": "ч", "ya": "я", "ye": "е", "yu": "ю", "yo": "ё"}
_VOWELS = frozenset("aeiouAEIOU")

# Spans copied unchanged. The one capturing group makes re.split() return
# them between the gaps that are transliterated.
_PROTECTED = re.compile(
    r"""
    (
        <!--.*?-->                                  # HTML comment
      | </?[A-Za-z][^<>]*>                          # tag
      | &(?:[A-Za-z][A-Za-z0-9]*|\#\d+|\#[xX][0-9A-Fa-f]+);
      | (?:https?|ftp)://[^\s<>"']+                 # URL
      | www\.[^\s<>"']+
      | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                # e-mail address
      | %(?:\([^()]*\))?[#0+-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]
      | \{\{ | \}\}
      | \{[^{}]*\}                                  # str.format() field
      | (?<![^\W\d_])`[^`\n]+`(?![^\W\d_])          # `code`, not o`/g`
    )
    """,
    re.VERBOSE | re.DOTALL,
)

# The space flag of %-formatting is left out above on purpose: "50% sotuv"
# is a percentage followed by a word far more often than "% s".

_O_MARK = rf"(?:[{_TURNED}]|[{_LOOSE}](?=[a-z]))"
_TOKEN = re.compile(
    rf"""
      (?P<apart>s[\u02bc'\u2019]h)      # Isʼhoq: the mark keeps s and h apart
    | (?P<pair>o{_O_MARK} | g[{_TURNED}{_LOOSE}] | sh | ch | y[aeu] | yo(?!{_O_MARK}))
    | (?P<mark>[{_TURNED}{_LOOSE}])
    | (?P<letter>[a-z])
    """,
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)


def latin_to_cyrillic(text: str) -> str:
    """Return ``text`` written in the Uzbek Cyrillic alphabet.

    Letters with no Cyrillic counterpart in Uzbek (``c`` alone, ``w``) and
    everything that is not a Latin letter are kept as they are.
    """
    parts = _PROTECTED.split(text)

    # Even positions are the gaps between protected spans, odd ones the spans.
    for index in range(0, len(parts), 2):
        parts[index] = _TOKEN.sub(_replace, parts[index])

    return "".join(parts)


def _replace(match: re.Match) -> str:
    token = match.group()
    kind = match.lastgroup

    if kind == "apart":
        return _cased("с", token[0]) + _cased("ҳ", token[-1])

    if kind == "pair":
        first = token[0].lower()
        if first in "og":
            return _cased("ў" if first == "o" else "ғ", token[0])
        return _cased(_PAIRS[token.lower()], token[0])

    text = match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""

    if kind == "mark":
        return _tutuq(token, before, after)

    if token in "eE" and (not before.isalpha() or before in _VOWELS):
        return _cased("э", token)

    return _cased(_LETTERS.get(token.lower(), token), token)


def _tutuq(mark: str, before: str, after: str) -> str:
    """Return the hard sign for an apostrophe that follows a letter.

    The modifier letters ʼ and ʻ are never punctuation; a plain apostrophe,
    a quotation mark or a backtick counts only between two letters, so that
    quoted words keep their quotes.
    """
    is_letter_mark = mark in "\u02bc\u02bb"
    if not before.isalpha() or not (is_letter_mark or after.isalpha()):
        return mark

    if before.isupper() and not after.islower():
        return "Ъ"
    return "ъ"


def _cased(cyrillic: str, source: str) -> str:
    return cyrillic.upper() if source.isupper() else cyrillic
