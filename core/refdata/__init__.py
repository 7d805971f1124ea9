"""Reference data of Uzbekistan: regions, districts, sectors and legal forms.

Read from the CSV files in ``data/`` on first use and kept for the process;
every item carries its name in the four interface languages.
"""

import csv
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources

LOCALES = ("uz_Latn", "uz_Cyrl", "ru", "en")
DEFAULT_LOCALE = "uz_Latn"


class _Named:
    names: dict[str, str]

    def name(self, locale: str) -> str:
        """Return the name in ``locale``, or the Uzbek Latin one if it has none."""
        return self.names.get(locale) or self.names[DEFAULT_LOCALE]


@dataclass(frozen=True)
class Region(_Named):
    """A top-level unit: a region, Karakalpakstan or Tashkent city."""

    code: str  # ISO 3166-2, e.g. "UZ-TK"
    soato: str  # four digits, e.g. "1726"
    names: dict[str, str] = field(hash=False, repr=False)


@dataclass(frozen=True)
class District(_Named):
    """A district (tuman) or a city of district rank."""

    code: str  # seven-digit SOATO code
    region: str  # ISO code of its region
    names: dict[str, str] = field(hash=False, repr=False)


@dataclass(frozen=True)
class Sector(_Named):
    """A NACE Rev.2 section, which OKED Rev.2 letters the same way."""

    code: str
    oked: str
    divisions: str  # two-digit divisions it spans, e.g. "01-03" or "35"
    names: dict[str, str] = field(hash=False, repr=False)


@dataclass(frozen=True)
class LegalForm(_Named):
    """A legal form a business registers as."""

    code: str
    abbr: str  # the Uzbek Latin abbreviation, e.g. "MChJ"
    names: dict[str, str] = field(hash=False, repr=False)


def _read(filename: str) -> list[dict[str, str]]:
    """Return the rows of a data file, the name columns gathered into ``names``."""
    path = resources.files(__name__).joinpath("data", filename)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))

    for row in rows:
        row["names"] = {loc: row.pop(f"name_{loc}") for loc in LOCALES}

    return rows


@functools.cache
def _index(load: Callable[[], Sequence[_Named]]) -> dict[str, _Named]:
    return {item.code: item for item in load()}


@functools.cache
def regions() -> tuple[Region, ...]:
    """Return the 14 top-level units, in SOATO order."""
    return tuple(Region(**row) for row in _read("regions.csv"))


def region(code: str) -> Region | None:
    """Return the region with this ISO code, or None."""
    return _index(regions).get(code)


@functools.cache
def _districts() -> tuple[District, ...]:
    return tuple(District(**row) for row in _read("districts.csv"))


def districts(region_code: str | None = None) -> tuple[District, ...]:
    """Return all districts, or only those of the region with this ISO code."""
    if region_code is None:
        return _districts()

    return tuple(d for d in _districts() if d.region == region_code)


def district(code: str) -> District | None:
    """Return the district with this SOATO code, or None."""
    return _index(_districts).get(code)


@functools.cache
def sectors() -> tuple[Sector, ...]:
    """Return the NACE sections A to U, in order."""
    return tuple(Sector(**row) for row in _read("sectors.csv"))


def sector(code: str) -> Sector | None:
    """Return the sector with this section letter, or None."""
    return _index(sectors).get(code)


@functools.cache
def legal_forms() -> tuple[LegalForm, ...]:
    """Return the legal forms, the most common first."""
    return tuple(
        LegalForm(code=r["code"], abbr=r["abbr_uz_Latn"], names=r["names"])
        for r in _read("legal_forms.csv")
    )


def legal_form(code: str) -> LegalForm | None:
    """Return the legal form with this code, or None."""
    return _index(legal_forms).get(code)
