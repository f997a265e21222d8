"""The shipped country pack: ISO metadata, trade links, capitals and World Bank indicators.

The files under ``chuhai/data/countries/`` are rebuilt by :mod:`chuhai.importers.countries`
(``capitals.csv`` is hand-written); see their ``SOURCES.md``. They are read once, on first use.

>>> get_country("PHL").name_zh, get_country("ph").currency
('菲律宾', 'PHP')
>>> v = indicator("PH", "logistics_performance", as_of_year=2020)
>>> v.year, v.source.source_id
(2018, 'wb_lp_lpi_ovrl_xq')
"""

from __future__ import annotations

import csv
import functools
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files

from chuhai.domain.countries import normalise_country
from chuhai.domain.rule_schema import Source, Status
from chuhai.errors import InputError, RuleNotFoundError, UnknownCountryError

__all__ = [
    "INDICATOR_NAMES",
    "Country",
    "IndicatorValue",
    "get_country",
    "get_country_source",
    "indicator",
    "indicator_series",
    "list_countries",
]

INDICATOR_NAMES = (
    "population",
    "gdp_usd",
    "gdp_per_capita_ppp",
    "internet_users_pct",
    "secure_servers_per_million",
    "mobile_per_100",
    "broadband_per_100",
    "logistics_performance",
    "merchandise_imports_usd",
    "urban_population_pct",
)


@dataclass(frozen=True)
class Country:
    """One country: names (English, Chinese), region, currency, trade groups and links."""

    iso2: str
    iso3: str
    name_en: str
    name_zh: str
    capital: str
    region: str
    wb_region: str
    income_group: str
    currency: str
    wto_member: bool | None
    trade_groups: tuple[str, ...]
    customs_authority: str
    customs_authority_url: str
    tariff_portal_url: str
    trade_portal_url: str
    latitude: Decimal | None = None  # of the capital, from the hand-written capitals.csv
    longitude: Decimal | None = None
    coordinates_status: Status | None = None


@dataclass(frozen=True)
class IndicatorValue:
    """One observation of a World Bank indicator, with its year and source."""

    value: Decimal
    year: int
    source: Source


def _rows(name: str) -> list[dict[str, str]]:
    text = files("chuhai").joinpath("data", "countries", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _sources() -> dict[str, Source]:
    return {row["source_id"]: Source.model_validate(row) for row in _rows("sources.csv")}


@functools.cache
def _countries() -> dict[str, Country]:
    capitals = {row["iso2"]: row for row in _rows("capitals.csv")}
    found = {}
    for row in _rows("countries.csv"):
        capital = capitals.get(row["iso2"])
        found[row["iso2"]] = Country(
            iso2=row["iso2"],
            iso3=row["iso3"],
            name_en=row["name_en"],
            name_zh=row["name_zh"],
            capital=row["capital"],
            region=row["region"],
            wb_region=row["wb_region"],
            income_group=row["income_group"],
            currency=row["currency"],
            wto_member={"yes": True, "no": False}.get(row["wto_member"]),
            trade_groups=tuple(filter(None, row["trade_groups"].split("|"))),
            customs_authority=row["customs_authority"],
            customs_authority_url=row["customs_authority_url"],
            tariff_portal_url=row["tariff_portal_url"],
            trade_portal_url=row["trade_portal_url"],
            latitude=Decimal(capital["lat"]) if capital else None,
            longitude=Decimal(capital["lon"]) if capital else None,
            coordinates_status=Status(capital["status"]) if capital else None,
        )
    return found


@functools.cache
def _indicators() -> dict[tuple[str, str], tuple[tuple[int, Decimal, str], ...]]:
    series: dict[tuple[str, str], list[tuple[int, Decimal, str]]] = defaultdict(list)
    for row in _rows("indicators.csv"):
        key = (row["iso2"], row["indicator"])
        series[key].append((int(row["year"]), Decimal(row["value"]), row["source_id"]))
    return {key: tuple(sorted(values)) for key, values in series.items()}


def list_countries() -> list[Country]:
    """Every country of the pack, by ISO alpha-2 code."""
    return [country for _, country in sorted(_countries().items())]


def get_country(code: str, *, field: str = "country") -> Country:
    """A country by ISO alpha-2 or alpha-3 code (any case); unknown codes name ``field``."""
    iso2 = normalise_country(code, field=field)
    try:
        return _countries()[iso2]
    except KeyError:
        raise UnknownCountryError(f"{iso2} is not in the country pack", field=field) from None


def get_country_source(source_id: str) -> Source:
    """A source of the country pack (World Bank series, ISO codes, FirmaPanel...)."""
    try:
        return _sources()[source_id]
    except KeyError:
        raise RuleNotFoundError(f"source {source_id!r} is not in the country pack") from None


def _check_name(name: str) -> None:
    if name not in INDICATOR_NAMES:
        raise InputError(
            f"unknown indicator {name!r}; known: {', '.join(INDICATOR_NAMES)}", field="indicator"
        )


def indicator_series(code: str, name: str) -> list[IndicatorValue]:
    """The years the pack keeps for one country and indicator, oldest first (maybe none)."""
    _check_name(name)
    iso2 = get_country(code).iso2
    return [
        IndicatorValue(value, year, _sources()[source_id])
        for year, value, source_id in _indicators().get((iso2, name), ())
    ]


def indicator(code: str, name: str, *, as_of_year: int | None = None) -> IndicatorValue:
    """The latest value of ``name`` for a country, in or before ``as_of_year`` when given.

    Raises :class:`RuleNotFoundError` when the World Bank publishes no such value: a missing
    figure is never a zero.
    """
    found = [v for v in indicator_series(code, name) if as_of_year is None or v.year <= as_of_year]
    if not found:
        after = f" in or before {as_of_year}" if as_of_year is not None else ""
        raise RuleNotFoundError(
            f"no {name} value for {get_country(code).iso2}{after} in the country pack",
            field="indicator",
        )
    return found[-1]
