"""The national tariff lines of a market under an HS subheading, with their MFN rates.

An HS code is international to six digits; a market's tariff splits it further (the US to 8
and 10 digits, the EU and GB to 8, Japan to 9). Under a suggested subheading these are the
lines a declaration would choose between, each with its description, rate and status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chuhai.errors import InputError
from chuhai.rules.registry import get_pack

__all__ = ["NationalLine", "national_lines", "with_national_lines"]


@dataclass(frozen=True)
class NationalLine:
    code: str
    description: str
    mfn: str  # the rate text as the schedule writes it
    status: str
    source_id: str

    def to_dict(self) -> dict[str, Any]:
        return vars(self).copy()


def national_lines(market: str, hs6: str, *, as_of: date, limit: int = 20) -> list[NationalLine]:
    """The ``market``'s MFN lines in force on ``as_of`` under ``hs6`` (at most ``limit``).

    Where the tariff has no line under the subheading, the line of its heading (a tariff
    curated at heading level) stands for it; a market with neither gives none.
    """
    digits = hs6.replace(".", "")
    if len(digits) != 6 or not digits.isdigit():
        raise InputError(f"an HS subheading has 6 digits: {hs6!r}", field="hs_code")
    pack = get_pack(market)
    pack.check_coverage(as_of)
    lines = pack.lines_under(digits, as_of=as_of)
    if not lines:
        lines = [
            line for line in pack.lines_under(digits[:4], as_of=as_of) if line.hs == digits[:4]
        ]
    return [
        NationalLine(line.hs, line.description, line.expression, line.status.value, line.source_id)
        for line in lines[:limit]
    ]


def with_national_lines(suggestion: dict[str, Any], market: str, *, as_of: date) -> dict[str, Any]:
    """A suggestion's JSON with each candidate's national lines in ``market`` on ``as_of``."""
    candidates = [
        {
            **c,
            "national_lines": [n.to_dict() for n in national_lines(market, c["code"], as_of=as_of)],
        }
        for c in suggestion["candidates"]
    ]
    return {
        **suggestion,
        "market": market.upper(),
        "date": as_of.isoformat(),
        "candidates": candidates,
    }
