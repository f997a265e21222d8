"""The "Special" rate column of the US tariff (HTSUS column 1): read the published text.

References: HTSUS General Note 3(c)(i) lists the special programme indicators; the notes it
points to (e.g. General Note 33 for Korea, 11 for USMCA) say who may claim each one.

A special text is one or more rate groups, each a rate and the indicators it applies to in
parentheses: "Free (A+,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)" or
"2.2% (JO) Free (A,AU,...)". A rate is a duty expression in the grammar of the General
column ("Free", "5.4%", "37.2¢/kg + 8.5%"); "See 9823.04.01-9823.04.54 (S+)" says the rate
is under another provision (a quota or staging heading of chapters 98/99), so it is kept as
a reference, never read as a rate. Indicators may be separated by commas or spaces (the
lists are wrapped across lines in the source); "A*", "E*" and "J*" are indicators of their
own. Anything else (an unknown indicator, a stray parenthesis, one indicator with two rates)
raises :class:`DutyExpressionError` naming the text: chuhai never guesses.

>>> rates = parse_special("2.2% (JO) Free (A,AU,KR)")
>>> rates.rates["JO"], rates.rates["KR"]
('2.2%', 'Free')
>>> parse_special("Free (BH,KR) See 9823.04.01-9823.04.54 (S+)").references["S+"]
'See 9823.04.01-9823.04.54'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from chuhai.domain.rule_schema import Status, TariffLine
from chuhai.errors import DutyExpressionError

__all__ = ["INDICATORS", "SpecialColumn", "SpecialRates", "SpecialRow", "parse_special"]

# General Note 3(c)(i) symbols found in the 2025 and 2026 editions (and J+, listed there).
INDICATORS = frozenset(
    [
        "A",
        "A*",
        "A+",
        "AU",
        "B",
        "BH",
        "C",
        "CA",
        "CL",
        "CO",
        "D",
        "E",
        "E*",
        "IL",
        "J",
        "J*",
        "J+",
        "JO",
        "JP",
        "K",
        "KR",
        "L",
        "MA",
        "MX",
        "NP",
        "OM",
        "P",
        "P+",
        "PA",
        "PE",
        "R",
        "S",
        "S+",
        "SG",
    ]
)
_GROUP = re.compile(r"\s*([^()]*?)\s*\(([^()]*)\)\s*")
_SPACES = re.compile(r"\s+")
_FIELD = "special"


@dataclass(frozen=True)
class SpecialRates:
    """One special text read: indicator -> rate text, and indicator -> "See ..." reference."""

    rates: Mapping[str, str]
    references: Mapping[str, str]


@functools.lru_cache(maxsize=2048)
def parse_special(text: str) -> SpecialRates:
    """Split a special text into its rate groups (see the module docstring)."""
    cleaned = _SPACES.sub(" ", text).strip()
    rates: dict[str, str] = {}
    references: dict[str, str] = {}
    position = 0
    while position < len(cleaned):
        group = _GROUP.match(cleaned, position)
        if group is None or not group[1]:
            raise _error(text, f"no 'rate (indicators)' group at {cleaned[position:]!r}")
        position = group.end()
        rate, target = group[1], references if group[1].startswith("See ") else rates
        for indicator in _indicators(text, group[2]):
            if rates.get(indicator, rate) != rate or references.get(indicator, rate) != rate:
                raise _error(text, f"indicator {indicator} has two rates")
            target[indicator] = rate
    if not rates and not references:
        raise _error(text, "it is empty")
    return SpecialRates(rates, references)


def _indicators(text: str, listed: str) -> list[str]:
    found = [item for item in re.split(r"[,\s]+", listed) if item]
    unknown = [item for item in found if item not in INDICATORS]
    if unknown or not found:
        raise _error(text, f"unknown programme indicator {(unknown or [listed])[0]!r}")
    return found


def _error(text: str, reason: str) -> DutyExpressionError:
    return DutyExpressionError(
        f"cannot read the special rate text {text!r}: {reason}", field=_FIELD
    )


@dataclass(frozen=True)
class SpecialRow:
    """One dated special text of one national line, as ``special.csv`` stores it."""

    text: str
    valid_from: date
    valid_to: date | None
    source_id: str
    status: Status

    def active_on(self, as_of: date) -> bool:
        return self.valid_from <= as_of and (self.valid_to is None or as_of < self.valid_to)


@dataclass(eq=False)
class SpecialColumn:
    """The special texts of a tariff, read on first use and parsed line by line.

    ``load_rows`` gives national code -> dated texts; ``load_schemes`` gives preference
    scheme -> the indicators it claims. Both are called once, at the first claim.
    """

    load_rows: Callable[[], Mapping[str, Sequence[SpecialRow]]]
    load_schemes: Callable[[], Mapping[str, tuple[str, ...]]]
    _rows: Mapping[str, Sequence[SpecialRow]] | None = field(default=None, repr=False)
    _schemes: Mapping[str, tuple[str, ...]] | None = field(default=None, repr=False)
    _lines: dict[tuple[str, str, int], TariffLine | None] = field(default_factory=dict)

    def schemes(self) -> Mapping[str, tuple[str, ...]]:
        if self._schemes is None:
            self._schemes = self.load_schemes()
        return self._schemes

    def rows(self) -> Mapping[str, Sequence[SpecialRow]]:
        if self._rows is None:
            self._rows = self.load_rows()
        return self._rows

    def grants(self, scheme: str) -> bool:
        """Whether ``scheme`` is read from the special texts."""
        return scheme in self.schemes()

    def line(self, code: str, *, scheme: str, as_of: date) -> TariffLine | None:
        """The ``scheme`` rate of national line ``code`` on ``as_of``, or None if it has none."""
        dated = self.rows().get(code, ())
        index = next((n for n, row in enumerate(dated) if row.active_on(as_of)), None)
        if index is None:
            return None
        key = (code, scheme, index)
        if key not in self._lines:
            self._lines[key] = self._read(code, scheme, dated[index])
        return self._lines[key]

    def _read(self, code: str, scheme: str, row: SpecialRow) -> TariffLine | None:
        try:
            read = parse_special(row.text)
        except DutyExpressionError as error:
            error.message = f"HTS {code}: {error.message}"
            raise
        found = {read.rates[i] for i in self.schemes()[scheme] if i in read.rates}
        if len(found) > 1:
            raise _error(row.text, f"{scheme} has two rates on HTS {code}: {sorted(found)}")
        if not found:
            return None
        return TariffLine(
            hs=code,
            column=scheme,
            expression=found.pop(),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            source_id=row.source_id,
            status=row.status,
        )
