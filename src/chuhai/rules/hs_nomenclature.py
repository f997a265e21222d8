"""The shipped HS nomenclature: HS 2022 and HS 2017 with English and Chinese descriptions.

The files under ``chuhai/data/hs/`` come from UN Comtrade via ``datasets/harmonized-system``
(ODC-PDDL-1.0), rebuilt by :mod:`chuhai.importers.hs_nomenclature`; the Chinese descriptions
are the chuhai project's own translations (status ``estimated``), see ``SOURCES.md``. They
are read once, on first use.

>>> entry = get_hs_entry("6601.10")
>>> entry.level, entry.parent, entry.section, entry.path
(6, '6601', 'XII', ('66', '6601'))
>>> get_hs_entry("6601").description_zh
'雨伞及阳伞（包括手杖伞、庭园用伞及类似伞）'
>>> changed_between_editions("030910").value
'added_in_2022'
"""

from __future__ import annotations

import csv
import enum
import functools
import io
from dataclasses import dataclass
from importlib.resources import files

from chuhai.domain.rule_schema import Status
from chuhai.errors import InputError, PackError, UnknownHSCodeError

__all__ = [
    "EDITIONS",
    "EditionChange",
    "HSEntry",
    "HSSection",
    "changed_between_editions",
    "children",
    "get_hs_entry",
    "get_section",
    "normalise_hs_code",
    "search",
]

EDITIONS = ("2022", "2017")
_IGNORED = str.maketrans("", "", ". \t-")


@dataclass(frozen=True)
class HSEntry:
    """One chapter (2 digits), heading (4) or subheading (6) of an HS edition.

    ``path`` lists the ancestors' codes, chapter first. ``description_zh`` is ``None``
    where chuhai has no Chinese text yet; ``zh_status`` says how far to trust it.
    """

    code: str
    level: int
    parent: str | None
    section: str
    description_en: str
    description_zh: str | None
    zh_status: Status | None
    path: tuple[str, ...]
    edition: str


@dataclass(frozen=True)
class HSSection:
    """One of the 21 sections, with its chapters."""

    section: str
    number: int
    description_en: str
    description_zh: str
    chapters: tuple[str, ...]


class EditionChange(enum.StrEnum):
    """How a code fared between HS 2017 and HS 2022."""

    ADDED_IN_2022 = "added_in_2022"
    REMOVED_IN_2022 = "removed_in_2022"
    IN_BOTH = "in_both_editions"


@dataclass(frozen=True)
class _Edition:
    entries: dict[str, HSEntry]
    children: dict[str, tuple[str, ...]]
    ranked: tuple[HSEntry, ...]  # by level, then code: the order of search results


def _rows(name: str) -> list[dict[str, str]]:
    text = files("chuhai").joinpath("data", "hs", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _chinese() -> dict[str, tuple[str, Status]]:
    return {
        r["code"]: (r["description_zh"], Status(r["status"])) for r in _rows("descriptions_zh.csv")
    }


@functools.cache
def _edition(edition: str) -> _Edition:
    if edition not in EDITIONS:
        raise InputError(
            f"unknown HS edition {edition!r}; known: {', '.join(EDITIONS)}", field="edition"
        )
    rows = _rows(f"hs{edition}.csv")
    # hs2017.csv leaves a text empty where it equals HS 2022's; only then does the
    # Chinese description (written for HS 2022) apply to HS 2017 too.
    same = _edition("2022").entries if edition != "2022" else {}
    entries = {row["code"]: _entry(row, edition, same) for row in rows}
    children: dict[str, list[str]] = {}
    for entry in entries.values():
        if entry.parent:
            children.setdefault(entry.parent, []).append(entry.code)
    ranked = tuple(sorted(entries.values(), key=lambda e: (e.level, e.code)))
    return _Edition(entries, {k: tuple(sorted(v)) for k, v in children.items()}, ranked)


def _entry(row: dict[str, str], edition: str, same: dict[str, HSEntry]) -> HSEntry:
    code = row["code"]
    text, zh = row["description_en"], _chinese().get(code)
    if same:
        if not text and code not in same:
            raise PackError(
                "empty description for a code not in HS 2022",
                file=f"hs{edition}.csv",
                field="description_en",
            )
        zh = zh if not text else None
        text = text or same[code].description_en
    path = tuple(code[:n] for n in range(2, len(code), 2))
    return HSEntry(
        code=code,
        level=int(row["level"]),
        parent=row["parent"] or None,
        section=row["section"],
        description_en=text,
        description_zh=zh[0] if zh else None,
        zh_status=zh[1] if zh else None,
        path=path,
        edition=edition,
    )


def normalise_hs_code(code: str) -> str:
    """Digits only: dots, spaces and hyphens go; anything else is an error.

    >>> normalise_hs_code(" 6402.99 ")
    '640299'
    """
    digits = code.translate(_IGNORED)
    if not (digits.isascii() and digits.isdigit() and len(digits) in (2, 4, 6)):
        raise UnknownHSCodeError(
            f"not an HS chapter, heading or subheading (2, 4 or 6 digits): {code!r}",
            field="hs_code",
        )
    return digits


def get_hs_entry(code: str, *, edition: str = "2022") -> HSEntry:
    """The entry for a 2, 4 or 6-digit code of an edition ("2022" or "2017").

    >>> get_hs_entry("64 02", edition="2017").description_zh
    '橡胶或塑料制外底及鞋面的其他鞋靴'
    """
    digits = normalise_hs_code(code)
    entry = _edition(edition).entries.get(digits)
    if entry is None:
        raise UnknownHSCodeError(f"{code!r} is not a code of HS {edition}", field="hs_code")
    return entry


def children(code: str, *, edition: str = "2022") -> tuple[HSEntry, ...]:
    """The headings of a chapter or the subheadings of a heading, by code.

    >>> [e.code for e in children("66")]
    ['6601', '6602', '6603']
    """
    parent = get_hs_entry(code, edition=edition)
    nomenclature = _edition(edition)
    return tuple(nomenclature.entries[c] for c in nomenclature.children.get(parent.code, ()))


def search(text: str, *, limit: int = 20, edition: str = "2022") -> list[HSEntry]:
    """Entries whose English or Chinese description contains ``text`` (any case).

    Ranked by level, then code: a plain lookup aid, not a classifier.

    >>> [e.code for e in search("umbrella", limit=3)]
    ['66', '4404', '6601']
    """
    needle = " ".join(text.split()).casefold()
    if not needle:
        raise InputError("give some text to search for", field="text")
    found = []
    for entry in _edition(edition).ranked:
        if needle in entry.description_en.casefold() or needle in (entry.description_zh or ""):
            found.append(entry)
            if len(found) >= limit:
                break
    return found


def changed_between_editions(code: str) -> EditionChange:
    """Whether a code was added or removed in HS 2022 (or is in both editions).

    Code presence only: a code in both editions may still have changed its scope.

    >>> changed_between_editions("0305.10")
    <EditionChange.REMOVED_IN_2022: 'removed_in_2022'>
    """
    digits = normalise_hs_code(code)
    in_2022 = digits in _edition("2022").entries
    in_2017 = digits in _edition("2017").entries
    if in_2022 and in_2017:
        return EditionChange.IN_BOTH
    if in_2022:
        return EditionChange.ADDED_IN_2022
    if in_2017:
        return EditionChange.REMOVED_IN_2022
    raise UnknownHSCodeError(f"{code!r} is in neither HS 2017 nor HS 2022", field="hs_code")


@functools.cache
def _sections() -> dict[str, HSSection]:
    chapters: dict[str, list[str]] = {}
    for entry in _edition("2022").ranked:
        if entry.level == 2:
            chapters.setdefault(entry.section, []).append(entry.code)
    return {
        row["section"]: HSSection(
            section=row["section"],
            number=int(row["number"]),
            description_en=row["description_en"],
            description_zh=row["description_zh"],
            chapters=tuple(chapters.get(row["section"], ())),
        )
        for row in _rows("sections.csv")
    }


def get_section(section: str | int) -> HSSection:
    """A section by Roman numeral ("XII") or number (12), with its HS 2022 chapters.

    >>> get_section(12).chapters
    ('64', '65', '66', '67')
    """
    sections = _sections()
    if isinstance(section, int):
        found = next((s for s in sections.values() if s.number == section), None)
    else:
        found = sections.get(section.strip().upper())
    if found is None:
        raise InputError(f"no HS section {section!r} (I to XXI)", field="section")
    return found
