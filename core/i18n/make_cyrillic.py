"""Generate the Uzbek Cyrillic catalogue from the Uzbek Latin one.

Run as ``python -m core.i18n.make_cyrillic SRC_PO DEST_PO``. The output is
rebuilt from scratch on every run, so fixes belong in the Latin catalogue.
"""

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from core.i18n.translit import latin_to_cyrillic

TARGET_LOCALE = "uz_Cyrl"

HEADER_COMMENT = """\
# Uzbek (Cyrillic) translations for PROJECT.
# Copyright (C) YEAR ORGANIZATION
# This file is distributed under the same license as the PROJECT project.
#
# Generated from the Uzbek (Latin) catalogue by core.i18n.make_cyrillic.
# Do not edit: change the Latin catalogue and generate this one again.
#"""


def build(src_path: str | Path, dest_path: str | Path) -> int:
    """Write the transliterated catalogue and return its number of messages.

    Obsolete entries are carried over but not counted; the header is not a
    message. Raises ``FileNotFoundError`` when ``src_path`` does not exist.
    """
    with Path(src_path).open("rb") as source:
        latin = read_po(source)

    cyrillic = _empty_like(latin)
    for message in latin:
        if message.id:
            cyrillic[message.id] = _transliterated(message)
    for key, message in latin.obsolete.items():
        cyrillic.obsolete[key] = _transliterated(message)

    # Render in memory first, so a failure never leaves half a file behind.
    buffer = io.BytesIO()
    write_po(buffer, cyrillic, include_previous=True)
    dest = Path(dest_path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(buffer.getvalue())

    return len(cyrillic)


def _empty_like(latin: Catalog) -> Catalog:
    """Return an empty catalogue with the Latin one's header, for uz_Cyrl."""
    catalog = Catalog(
        locale=TARGET_LOCALE,
        domain=latin.domain,
        header_comment=HEADER_COMMENT,
        fuzzy=latin.fuzzy,
    )

    # Copying the headers keeps the project, the dates (so an unchanged
    # source gives an unchanged output) and the plural forms the Latin
    # msgstrs were written for.
    catalog.mime_headers = [
        (name, value)
        for name, value in latin.mime_headers
        if name not in ("Language", "Language-Team")
    ]
    source_locale = latin.locale_identifier
    if source_locale and source_locale in latin.language_team:
        catalog.language_team = latin.language_team.replace(
            source_locale, TARGET_LOCALE
        )

    return catalog


def _transliterated(message: Message) -> Message:
    """Return a copy of ``message`` with its msgstr in Cyrillic."""
    if isinstance(message.string, str):
        string = latin_to_cyrillic(message.string)
    else:
        string = tuple(latin_to_cyrillic(form) for form in message.string)

    return Message(
        message.id,
        string,
        locations=message.locations,
        flags=message.flags,
        auto_comments=message.auto_comments,
        user_comments=message.user_comments,
        previous_id=message.previous_id,
        lineno=message.lineno,
        context=message.context,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m core.i18n.make_cyrillic",
        description="Generate the uz_Cyrl catalogue from the uz_Latn one.",
    )
    parser.add_argument("src_po", type=Path, help="the Uzbek Latin .po file")
    parser.add_argument("dest_po", type=Path, help="the Uzbek Cyrillic .po to write")
    args = parser.parse_args(argv)

    if not args.src_po.is_file():
        parser.exit(1, f"{parser.prog}: source catalogue not found: {args.src_po}\n")

    count = build(args.src_po, args.dest_po)
    sys.stdout.write(f"wrote {count} messages to {args.dest_po}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
