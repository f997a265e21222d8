"""Export statistics on plain records: totals and year-on-year change by any dimension, and
concentration (Herfindahl-Hirschman index) over destinations.

Values are integer minor units of one currency (CNY fen for customs statistics), so every sum
is exact; percentages are exact ``Decimal`` fractions, rounded only where they are shown.
The HHI is computed on shares in percent, so it runs from near 0 (spread over many markets) to
10,000 (one market); the 2023 US Merger Guidelines call a market above 1,800 highly
concentrated and one from 1,000 to 1,800 moderately concentrated.

>>> hhi([50, 30, 20])
Decimal('3800')
>>> yoy_pct(1065, 1000)
Decimal('6.5')
>>> industry_for_hs("6404.11"), industry_for_hs("6601.99"), industry_for_hs("6110.30")
(<ExportIndustry.FOOTWEAR_SPORTSWEAR: 'footwear_sportswear'>, <ExportIndustry.UMBRELLAS: 'umbrellas'>, <ExportIndustry.APPAREL: 'apparel'>)
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from chuhai.errors import InputError

__all__ = [
    "DIMENSIONS",
    "ExportFact",
    "ExportIndustry",
    "Line",
    "Region",
    "TradeMode",
    "concentration_level",
    "hhi",
    "industry_for_hs",
    "monthly_hhi",
    "parse_trade_mode",
    "region_for",
    "top_movers",
    "totals_by",
    "yearly_hhi",
    "yoy_pct",
]

HIGH_CONCENTRATION = Decimal(1800)
MODERATE_CONCENTRATION = Decimal(1000)


class TradeMode(enum.StrEnum):
    """How goods leave China: general trade, or one of the cross-border e-commerce codes."""

    GENERAL = "general"  # customs supervision code 0110
    B2C_9610 = "9610"  # cross-border e-commerce B2C parcels (direct mail)
    B2B_9710 = "9710"  # cross-border e-commerce B2B direct export
    WAREHOUSE_9810 = "9810"  # cross-border e-commerce export to an overseas warehouse

    @property
    def cross_border(self) -> bool:
        return self is not TradeMode.GENERAL


_MODE_ALIASES = {
    "general": TradeMode.GENERAL, "general trade": TradeMode.GENERAL, "0110": TradeMode.GENERAL,
    "一般贸易": TradeMode.GENERAL, "9610": TradeMode.B2C_9610, "9710": TradeMode.B2B_9710,
    "9810": TradeMode.WAREHOUSE_9810,
}  # fmt: skip


def parse_trade_mode(text: object) -> TradeMode:
    """A trade mode from its code or name (``general``, ``0110``, ``一般贸易``, ``9610``...).

    >>> parse_trade_mode(" General Trade "), parse_trade_mode("9810")
    (<TradeMode.GENERAL: 'general'>, <TradeMode.WAREHOUSE_9810: '9810'>)
    """
    key = str(text or "").strip().lower()
    if key not in _MODE_ALIASES:
        raise InputError(
            f"unknown trade mode {text!r}; one of general (0110), 9610, 9710, 9810",
            field="trade_mode",
        )
    return _MODE_ALIASES[key]


class ExportIndustry(enum.StrEnum):
    """The city's export industries, read from a product's HS code."""

    FOOTWEAR_SPORTSWEAR = "footwear_sportswear"
    APPAREL = "apparel"
    UMBRELLAS = "umbrellas"
    BAGS = "bags"
    CERAMICS = "ceramics"
    HYGIENE = "hygiene"
    SNACKS = "snacks"
    OTHER = "other"


# Longest prefix wins: track suits (6112) and other sports garments (6211) are sportswear.
_INDUSTRY_PREFIXES: dict[str, ExportIndustry] = {
    "64": ExportIndustry.FOOTWEAR_SPORTSWEAR, "6112": ExportIndustry.FOOTWEAR_SPORTSWEAR,
    "6211": ExportIndustry.FOOTWEAR_SPORTSWEAR, "61": ExportIndustry.APPAREL,
    "62": ExportIndustry.APPAREL, "65": ExportIndustry.APPAREL, "66": ExportIndustry.UMBRELLAS,
    "42": ExportIndustry.BAGS, "69": ExportIndustry.CERAMICS, "9619": ExportIndustry.HYGIENE,
    "4818": ExportIndustry.HYGIENE, "3401": ExportIndustry.HYGIENE, "17": ExportIndustry.SNACKS,
    "19": ExportIndustry.SNACKS, "20": ExportIndustry.SNACKS, "21": ExportIndustry.SNACKS,
}  # fmt: skip


def industry_for_hs(hs_code: str) -> ExportIndustry:
    """The industry of an HS code (any punctuation), by its longest known prefix."""
    digits = "".join(ch for ch in hs_code if ch.isdigit())
    for length in (4, 2):
        found = _INDUSTRY_PREFIXES.get(digits[:length])
        if found is not None:
            return found
    return ExportIndustry.OTHER


class Region(enum.StrEnum):
    NORTH_AMERICA = "north_america"
    EU = "eu"
    OTHER_EUROPE = "other_europe"
    SOUTHEAST_ASIA = "southeast_asia"
    EAST_ASIA = "east_asia"
    SOUTH_CENTRAL_ASIA = "south_central_asia"
    MIDDLE_EAST = "middle_east"
    AFRICA = "africa"
    LATIN_AMERICA = "latin_america"
    OCEANIA = "oceania"
    OTHER = "other"


_UN_REGIONS = {
    "Northern America": Region.NORTH_AMERICA, "South-eastern Asia": Region.SOUTHEAST_ASIA,
    "Eastern Asia": Region.EAST_ASIA, "Southern Asia": Region.SOUTH_CENTRAL_ASIA,
    "Central Asia": Region.SOUTH_CENTRAL_ASIA, "Western Asia": Region.MIDDLE_EAST,
    "Northern Africa": Region.AFRICA, "Sub-Saharan Africa": Region.AFRICA,
    "Latin America and the Caribbean": Region.LATIN_AMERICA,
    "Australia and New Zealand": Region.OCEANIA, "Melanesia": Region.OCEANIA,
    "Micronesia": Region.OCEANIA, "Polynesia": Region.OCEANIA,
}  # fmt: skip


def region_for(*, un_region: str, trade_groups: Collection[str] = ()) -> Region:
    """The command centre's region of a country from its UN sub-region and trade groups.

    >>> region_for(un_region="Western Europe", trade_groups=("EU", "WTO")).value
    'eu'
    >>> region_for(un_region="Northern Europe").value, region_for(un_region="Western Asia").value
    ('other_europe', 'middle_east')
    """
    if "EU" in trade_groups:
        return Region.EU
    if un_region.endswith("Europe"):
        return Region.OTHER_EUROPE
    return _UN_REGIONS.get(un_region, Region.OTHER)


@dataclass(frozen=True, kw_only=True)
class ExportFact:
    """One customs-style record, enriched with its region and industry."""

    exporter: str
    firm_id: int | None
    hs_code: str
    destination: str
    region: Region
    industry: ExportIndustry
    year: int
    month: int
    trade_mode: TradeMode
    value_minor: int
    quantity: int = 0


Dimension = Literal["year", "month", "destination", "region", "industry", "trade_mode", "firm"]
DIMENSIONS: tuple[Dimension, ...] = (
    "year", "month", "destination", "region", "industry", "trade_mode", "firm",
)  # fmt: skip

_KEYS: dict[str, Callable[[ExportFact], str]] = {
    "year": lambda f: str(f.year),
    "month": lambda f: f"{f.month:02d}",
    "destination": lambda f: f.destination,
    "region": lambda f: f.region.value,
    "industry": lambda f: f.industry.value,
    "trade_mode": lambda f: f.trade_mode.value,
    "firm": lambda f: f.exporter,
}


def yoy_pct(current: int, previous: int) -> Decimal | None:
    """The change on the previous period in percent, exact; ``None`` without a base."""
    if previous == 0:
        return None
    return Decimal(current - previous) * 100 / Decimal(previous)


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: this period's value, the previous period's, and their change."""

    key: str
    value: int
    previous: int
    share_pct: Decimal | None = None  # of this period's total

    @property
    def change(self) -> int:
        return self.value - self.previous

    @property
    def yoy_pct(self) -> Decimal | None:
        return yoy_pct(self.value, self.previous)


def _sums(facts: Iterable[ExportFact], key: Callable[[ExportFact], str]) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for fact in facts:
        sums[key(fact)] += fact.value_minor
    return sums


def totals_by(facts: Sequence[ExportFact], dimension: Dimension, *, year: int) -> list[Line]:
    """Values of ``year`` and ``year - 1`` by ``dimension``, largest first (months in order).

    ``year`` itself compares every year present with the one before it, oldest first.
    """
    key = _KEYS[dimension]
    if dimension == "year":
        sums = _sums(facts, key)
        total = sums.get(str(year), 0)
        return [
            Line(k, v, sums.get(str(int(k) - 1), 0), _share(v, total) if k == str(year) else None)
            for k, v in sorted(sums.items())
        ]
    now = _sums((f for f in facts if f.year == year), key)
    before = _sums((f for f in facts if f.year == year - 1), key)
    total = sum(now.values())
    lines = [Line(k, now.get(k, 0), before.get(k, 0), _share(now.get(k, 0), total))
             for k in now.keys() | before.keys()]  # fmt: skip
    if dimension == "month":
        return sorted(lines, key=lambda line: line.key)
    return sorted(lines, key=lambda line: (-line.value, -line.previous, line.key))


def _share(value: int, total: int) -> Decimal | None:
    return None if total == 0 else Decimal(value) * 100 / Decimal(total)


def hhi(values: Iterable[int]) -> Decimal:
    """Herfindahl-Hirschman index on shares in percent (0 to 10,000); 0 for no value."""
    amounts = [Decimal(v) for v in values if v]
    total = sum(amounts, Decimal(0))
    if total == 0:
        return Decimal(0)
    return sum(((v * 100 / total) ** 2 for v in amounts), Decimal(0))


def concentration_level(index: Decimal) -> str:
    """``high`` above 1,800, ``moderate`` from 1,000, else ``low`` (2023 Merger Guidelines)."""
    if index > HIGH_CONCENTRATION:
        return "high"
    return "moderate" if index >= MODERATE_CONCENTRATION else "low"


def yearly_hhi(facts: Sequence[ExportFact]) -> list[tuple[int, Decimal]]:
    """The HHI over destinations of every year present, oldest first."""
    by_year: dict[int, list[ExportFact]] = defaultdict(list)
    for fact in facts:
        by_year[fact.year].append(fact)
    return [(y, hhi(_sums(by_year[y], _KEYS["destination"]).values())) for y in sorted(by_year)]


def monthly_hhi(facts: Sequence[ExportFact], *, year: int) -> list[tuple[int, Decimal]]:
    """The HHI over destinations of each month of ``year`` that has exports."""
    by_month: dict[int, list[ExportFact]] = defaultdict(list)
    for fact in facts:
        if fact.year == year:
            by_month[fact.month].append(fact)
    dest = _KEYS["destination"]
    return [(m, hhi(_sums(by_month[m], dest).values())) for m in sorted(by_month)]


def top_movers(lines: Sequence[Line], *, count: int = 5) -> tuple[list[Line], list[Line]]:
    """The lines that gained most and lost most in value (ties by key), ``count`` of each."""
    gains = sorted((x for x in lines if x.change > 0), key=lambda x: (-x.change, x.key))
    losses = sorted((x for x in lines if x.change < 0), key=lambda x: (x.change, x.key))
    return gains[:count], losses[:count]
