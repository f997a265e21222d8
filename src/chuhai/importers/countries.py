"""Import the country data pack (ISO metadata, trade groups, customs links, World Bank indicators).

References (paths relative to the shared data directory):

- ``countries/datasets_country-codes.csv``: ISO 3166 codes, currencies, UN regions, Chinese
  names and capitals; github.com/datasets/country-codes, commit caa72d1 (ODC-PDDL-1.0).
- ``countries/countries.csv``, ``customs-authorities.json``, ``official-trade-portals.json``,
  ``trade-groups.json``: FirmaPanel Trade Country Data 0.3.0 (2026-09-07), CC BY 4.0.
- ``country_indicators/*.csv``: World Bank World Development Indicators (CC BY 4.0), long
  format ``Country Name, Country Code, Year, Value``; aggregates (AFE, EUU...) are dropped
  with ``wb_Metadata_Country_IT.NET.USER.ZS.csv``, where their Region is empty.

Writes ``countries.csv``, ``indicators.csv`` (the latest :data:`KEEP_YEARS` observations of
each indicator per country), ``sources.csv``, ``manifest.json`` and ``SOURCES.md``. The
hand-written ``capitals.csv`` is never generated: when present its rows are checked. A
malformed row stops the import with a :class:`~chuhai.errors.PackError` naming file, row
(header = 1) and field before anything is written; reruns are byte-identical.

>>> clean_zh("罗马教廷 *")
'罗马教廷'
>>> INDICATORS[0].key, INDICATORS[0].source_id
('population', 'wb_sp_pop_totl')
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from chuhai.domain.countries import ALPHA2_BY_ALPHA3, ALPHA3_BY_ALPHA2
from chuhai.domain.rule_schema import Status
from chuhai.importers.common import (
    SOURCE_COLUMNS,
    ImportReport,
    csv_text,
    manifest_json,
    read_csv,
    require_file,
    row_error,
    upstream,
    upstream_md,
    write_pack_files,
)

__all__ = ["CAPITALS_FILE", "INDICATORS", "KEEP_YEARS", "Indicator", "import_countries"]

KEEP_YEARS = 5
CAPITALS_FILE = "capitals.csv"
CAPITAL_COLUMNS = ("iso2", "capital", "lat", "lon", "source_id", "status")
BUILDER = "chuhai.importers.countries.import_countries (chuhai data import countries)"
COUNTRY_COLUMNS = (
    "iso2", "iso3", "name_en", "name_zh", "capital", "region", "wb_region", "income_group",
    "currency", "wto_member", "trade_groups", "customs_authority", "customs_authority_url",
    "tariff_portal_url", "trade_portal_url",
)  # fmt: skip
CODES = "countries/datasets_country-codes.csv"
FIRMAPANEL = "countries/countries.csv"
METADATA = "country_indicators/wb_Metadata_Country_IT.NET.USER.ZS.csv"
WDI = "github.com/datasets/world-development-indicators indicators/{code}/data.csv, commit 4ebec5a"
# Common short names where the UN short name is the formal one (chuhai project; see notes).
NAME_EN = {"GB": "United Kingdom", "US": "United States"}
NAME_ZH = {
    "GB": "英国", "US": "美国", "KR": "韩国", "KP": "朝鲜", "RU": "俄罗斯", "LA": "老挝",
    "IR": "伊朗", "BO": "玻利维亚", "VE": "委内瑞拉", "TZ": "坦桑尼亚", "MD": "摩尔多瓦",
    "SY": "叙利亚", "BN": "文莱", "AE": "阿联酋", "HK": "中国香港", "MO": "中国澳门",
    "TW": "中国台湾", "TR": "土耳其", "CI": "科特迪瓦",
}  # fmt: skip


@dataclass(frozen=True)
class Indicator:
    """A World Bank series the pack keeps: its key in chuhai, file, code and title."""

    key: str
    relative: str
    code: str
    title: str
    via: str
    as_of: str

    @property
    def source_id(self) -> str:
        return "wb_" + self.code.lower().replace(".", "_")


def _wdi(key: str, code: str, title: str) -> Indicator:
    relative = f"country_indicators/wdi_{code.lower()}.csv"
    return Indicator(key, relative, code, title, WDI.format(code=code), "2026-07-01")


INDICATORS = (
    Indicator(
        "population", "country_indicators/wb_population.csv", "SP.POP.TOTL",
        "Population, total", "github.com/datasets/population, commit 425fc44", "2026-03-06",
    ),
    Indicator(
        "gdp_usd", "country_indicators/wb_gdp_current_usd.csv", "NY.GDP.MKTP.CD",
        "GDP (current US$)", "github.com/datasets/gdp, commit 822019c", "2026-03-20",
    ),
    _wdi("gdp_per_capita_ppp", "NY.GDP.PCAP.PP.CD", "GDP per capita, PPP (current international $)"),
    Indicator(
        "internet_users_pct", "country_indicators/wdi_it.net.user.zs.csv", "IT.NET.USER.ZS",
        "Individuals using the Internet (% of population)",
        "github.com/plotly/Figure-Friday 2024/week-48 (World Bank bulk download, long format)",
        "2024-11-29",
    ),
    _wdi("secure_servers_per_million", "IT.NET.SECR.P6", "Secure Internet servers (per 1 million people)"),
    _wdi("mobile_per_100", "IT.CEL.SETS.P2", "Mobile cellular subscriptions (per 100 people)"),
    _wdi("broadband_per_100", "IT.NET.BBND.P2", "Fixed broadband subscriptions (per 100 people)"),
    _wdi("logistics_performance", "LP.LPI.OVRL.XQ", "Logistics performance index: overall (1=low to 5=high)"),
    _wdi("merchandise_imports_usd", "TM.VAL.MRCH.CD.WT", "Merchandise imports (current US$)"),
    _wdi("urban_population_pct", "SP.URB.TOTL.IN.ZS", "Urban population (% of total population)"),
)  # fmt: skip
INDICATOR_COLUMNS = ("Country Name", "Country Code", "Year", "Value")
CC_BY = "CC-BY-4.0"
FIXED_SOURCES = (
    ("iso_country_codes", "ISO 3166 codes, ISO 4217 currencies, UN M49 regions, UNTERM Chinese "
     "names and capitals", "https://github.com/datasets/country-codes",
     "datasets/country-codes (DataHub), commit caa72d1", "2026-05-15", "ODC-PDDL-1.0"),
    ("firmapanel", "FirmaPanel Trade Country Data 0.3.0: WTO membership, trade groups, customs "
     "authorities and official trade portals", "https://doi.org/10.5281/zenodo.22639118",
     "FirmaPanel (https://firmapanel.com) and contributors", "2026-09-07", CC_BY),
    ("wb_country_metadata", "World Bank country metadata: region and income group",
     "https://datahelpdesk.worldbank.org/knowledgebase/articles/906519",
     "World Bank", "2024-11-29", CC_BY),
    ("chuhai_names", "Common short country names (English, Chinese) where the UN short name is "
     "the formal one; written by the chuhai project", "", "chuhai project", "2026-11-29",
     "Apache-2.0"),
    ("chuhai_capitals", "Capital coordinates rounded to 0.1 degree, entered by the chuhai project "
     "from public gazetteers (check against GeoNames, https://www.geonames.org)",
     "https://www.geonames.org", "chuhai project", "2026-11-29", "Apache-2.0"),
)  # fmt: skip


def clean_zh(text: str) -> str:
    """A UNTERM Chinese name without its footnote stars."""
    return text.replace("*", "").strip()


def _read_json(data_dir: Path, relative: str) -> list[dict[str, Any]]:
    path = require_file(data_dir, relative)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        records = payload["records"]
    except (ValueError, KeyError, TypeError) as exc:
        raise row_error(path, None, "records", f"not a FirmaPanel record file: {exc}") from None
    if not isinstance(records, list):
        raise row_error(path, None, "records", "records must be a list")
    return records


def _read_codes(data_dir: Path, report: ImportReport) -> dict[str, dict[str, str]]:
    """ISO alpha-2 -> the datasets/country-codes row, each code checked against ISO 3166."""
    path = require_file(data_dir, CODES)
    a2, a3 = "ISO3166-1-Alpha-2", "ISO3166-1-Alpha-3"
    columns = (a2, a3, "CLDR display name", "UNTERM Chinese Short", "official_name_cn",
               "Capital", "ISO4217-currency_alphabetic_code", "Sub-region Name")  # fmt: skip
    rows: dict[str, dict[str, str]] = {}
    for number, row in read_csv(path, columns):
        code = row[a2].strip()
        if ALPHA3_BY_ALPHA2.get(code) != row[a3].strip():
            raise row_error(path, number, a2, f"{code!r}/{row[a3]!r} is not an ISO 3166 pair")
        if code in rows:
            raise row_error(path, number, a2, f"duplicate country {code}")
        if not row["CLDR display name"].strip():
            raise row_error(path, number, "CLDR display name", f"empty name for {code}")
        rows[code] = row
    report.upstream.append(upstream(data_dir, CODES, rows=len(rows), as_of="2026-05-15"))
    return rows


def _read_firmapanel(data_dir: Path, report: ImportReport) -> dict[str, dict[str, str]]:
    path = require_file(data_dir, FIRMAPANEL)
    columns = ("iso2", "wto_member", "trade_group_ids", "customs_authority_id", "trade_portal_ids")
    rows: dict[str, dict[str, str]] = {}
    for number, row in read_csv(path, columns):
        code = row["iso2"].strip()
        if code not in ALPHA3_BY_ALPHA2:
            raise row_error(path, number, "iso2", f"unknown country code {code!r}")
        if row["wto_member"] not in ("true", "false", ""):
            raise row_error(
                path, number, "wto_member", f"expected true/false: {row['wto_member']!r}"
            )
        rows[code] = row
    report.upstream.append(upstream(data_dir, FIRMAPANEL, rows=len(rows), as_of="2026-09-07"))
    return rows


def _lookups(data_dir: Path, report: ImportReport) -> dict[str, dict[str, dict[str, Any]]]:
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for name in ("customs-authorities", "official-trade-portals", "trade-groups"):
        relative = f"countries/{name}.json"
        records = _read_json(data_dir, relative)
        found[name] = {str(r.get("id")): r for r in records}
        report.upstream.append(upstream(data_dir, relative, rows=len(records), as_of="2026-09-07"))
    return found


def _read_metadata(data_dir: Path, report: ImportReport) -> dict[str, tuple[str, str]]:
    """World Bank code -> (region, income group) of real economies; aggregates are left out."""
    path = require_file(data_dir, METADATA)
    economies: dict[str, tuple[str, str]] = {}
    read = 0
    for number, row in read_csv(path, ("Country Code", "Region", "IncomeGroup")):
        read += 1
        code = row["Country Code"].strip()
        if len(code) != 3 or not code.isalpha():
            raise row_error(path, number, "Country Code", f"not a 3-letter code: {code!r}")
        if row["Region"].strip():
            economies[code] = (row["Region"].strip(), row["IncomeGroup"].strip())
        else:
            report.skip("World Bank aggregate (Region empty in the metadata)", code)
    report.upstream.append(upstream(data_dir, METADATA, rows=read, as_of="2024-11-29"))
    return economies


def _country_row(
    code: str, iso: dict[str, str], firm: dict[str, str] | None, wb: tuple[str, str] | None,
    lookups: dict[str, dict[str, dict[str, Any]]],
) -> tuple[str, ...]:  # fmt: skip
    firm = firm or {}
    groups = [lookups["trade-groups"].get(g, {}).get("short_name") or g
              for g in filter(None, firm.get("trade_group_ids", "").split("|"))]  # fmt: skip
    authority = lookups["customs-authorities"].get(firm.get("customs_authority_id", ""), {})
    portals = [lookups["official-trade-portals"][p]
               for p in filter(None, firm.get("trade_portal_ids", "").split("|"))
               if p in lookups["official-trade-portals"]]  # fmt: skip
    tariff = next((p for p in portals if "tariffs" in p.get("topics", [])), None)
    zh = clean_zh(iso["UNTERM Chinese Short"]) or clean_zh(iso["official_name_cn"])
    wto = {"true": "yes", "false": "no"}.get(firm.get("wto_member", ""), "")
    return (
        code, ALPHA3_BY_ALPHA2[code], NAME_EN.get(code, iso["CLDR display name"].strip()),
        NAME_ZH.get(code, zh), iso["Capital"].strip(), iso["Sub-region Name"].strip(),
        wb[0] if wb else "", wb[1] if wb else "",
        iso["ISO4217-currency_alphabetic_code"].split(",")[0].strip(), wto,
        "|".join(sorted(groups)), str(authority.get("name", "")), str(authority.get("website", "")),
        str(tariff["website"]) if tariff else "", str(portals[0]["website"]) if portals else "",
    )  # fmt: skip


def _value(text: str, path: Path, number: int) -> str:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise row_error(path, number, "Value", f"not a number: {text!r}") from None
    if not value.is_finite():
        raise row_error(path, number, "Value", f"not a finite number: {text!r}")
    return text


def _read_indicator(
    data_dir: Path, spec: Indicator, economies: dict[str, tuple[str, str]], report: ImportReport
) -> list[tuple[str, str, int, str, str]]:
    """(iso2, key, year, value, source_id) rows: the last KEEP_YEARS years per country."""
    path = require_file(data_dir, spec.relative)
    series: dict[str, dict[int, str]] = defaultdict(dict)
    read = 0
    for number, row in read_csv(path, INDICATOR_COLUMNS):
        read += 1
        code, year_text, text = (
            row["Country Code"].strip(),
            row["Year"].strip(),
            row["Value"].strip(),
        )
        if not (year_text.isdigit() and 1950 <= int(year_text) <= 2100):
            raise row_error(path, number, "Year", f"not a year: {year_text!r}")
        if code not in economies or code not in ALPHA2_BY_ALPHA3:
            why = "not an ISO economy" if code in economies else "aggregate or unknown code"
            report.skip(f"{spec.relative}: {why}", f"{code} {year_text}")
            continue
        if not text:
            report.skip(f"{spec.relative}: empty value", f"{code} {year_text}")
            continue
        year = int(year_text)
        if year in series[code]:
            raise row_error(path, number, "Year", f"{code} {year} appears twice")
        series[code][year] = _value(text, path, number)
    report.upstream.append(upstream(data_dir, spec.relative, rows=read, as_of=spec.as_of))
    rows = []
    for code, years in series.items():
        for year in sorted(years)[-KEEP_YEARS:]:
            rows.append((ALPHA2_BY_ALPHA3[code], spec.key, year, years[year], spec.source_id))
    return rows


def check_capitals(path: Path) -> int:
    """Check the hand-written capitals table; the number of rows."""
    seen: set[str] = set()
    statuses = {status.value for status in Status}
    sources = {row[0] for row in _sources()}
    for number, row in read_csv(path, CAPITAL_COLUMNS):
        code = row["iso2"]
        if code not in ALPHA3_BY_ALPHA2 or code in seen:
            raise row_error(path, number, "iso2", f"unknown or duplicate country {code!r}")
        for name, limit in (("lat", 90), ("lon", 180)):
            try:
                ok = abs(Decimal(row[name])) <= limit
            except InvalidOperation:
                ok = False
            if not ok:
                raise row_error(path, number, name, f"not a coordinate: {row[name]!r}")
        if row["status"] not in statuses:
            raise row_error(path, number, "status", f"unknown status {row['status']!r}")
        if row["source_id"] not in sources:
            raise row_error(path, number, "source_id", f"unknown source {row['source_id']!r}")
        seen.add(code)
    return len(seen)


def _sources() -> list[tuple[str, ...]]:
    wdi = [
        (s.source_id, f"World Bank WDI {s.code}: {s.title}",
         f"https://data.worldbank.org/indicator/{s.code}",
         f"World Bank, World Development Indicators (via {s.via})", s.as_of, CC_BY)
        for s in INDICATORS
    ]  # fmt: skip
    return sorted([*FIXED_SOURCES, *wdi])


def import_countries(data_dir: Path, out_dir: Path) -> ImportReport:
    """Rebuild the country pack in ``out_dir`` from the upstream files under ``data_dir``."""
    report = ImportReport(importer="countries")
    iso = _read_codes(data_dir, report)
    firm = _read_firmapanel(data_dir, report)
    lookups = _lookups(data_dir, report)
    economies = _read_metadata(data_dir, report)
    wb_by_a2 = {ALPHA2_BY_ALPHA3[c]: v for c, v in economies.items() if c in ALPHA2_BY_ALPHA3}
    countries = [
        _country_row(c, iso[c], firm.get(c), wb_by_a2.get(c), lookups) for c in sorted(iso)
    ]
    indicators = sorted(
        row for spec in INDICATORS for row in _read_indicator(data_dir, spec, economies, report)
    )
    capitals = out_dir / CAPITALS_FILE
    capital_rows = check_capitals(capitals) if capitals.is_file() else None
    report.counts["countries"] = len(countries)
    report.counts["countries with World Bank data"] = len({row[0] for row in indicators})
    for spec in INDICATORS:
        report.counts[f"indicator {spec.key}"] = sum(row[1] == spec.key for row in indicators)
    texts = {
        "countries.csv": csv_text(COUNTRY_COLUMNS, countries),
        "indicators.csv": csv_text(("iso2", "indicator", "year", "value", "source_id"), indicators),
        "sources.csv": csv_text(SOURCE_COLUMNS, _sources()),
    }
    report.files.update({name: text.count("\n") - 1 for name, text in texts.items()})
    texts["manifest.json"] = manifest_json(
        report,
        builder=BUILDER,
        notes=NOTES,
        extra={"name_overrides": {"en": NAME_EN, "zh": NAME_ZH}},
    )
    texts["SOURCES.md"] = _sources_md(report)
    report.files.update({"manifest.json": 1, "SOURCES.md": 1})
    write_pack_files(out_dir, texts)
    if capital_rows is not None:  # after the manifest: it must not depend on the hand-written file
        report.counts[f"{CAPITALS_FILE} rows (hand-written, checked)"] = capital_rows
    return report


NOTES = (
    f"indicators.csv keeps the latest {KEEP_YEARS} observed years of each indicator per country "
    "(values as published, unrounded).",
    "World Bank aggregates (Region empty in the metadata file) and codes outside ISO 3166 "
    "(XKX Kosovo, CHI Channel Islands) are left out.",
    "name_en is the CLDR display name and name_zh the UNTERM Chinese short name (footnote stars "
    "removed), except the common short names of NAME_EN / NAME_ZH in the importer "
    "(source chuhai_names).",
    "capitals.csv is written by hand (status estimated, source chuhai_capitals) and is never "
    "generated; the import checks it.",
)


def _sources_md(report: ImportReport) -> str:
    lines = [
        "# Country data pack: sources and attribution",
        "",
        f"Generated by `{BUILDER}`; do not edit by hand (except `{CAPITALS_FILE}`, hand-written).",
        "",
        "- Indicators: World Bank, World Development Indicators, licensed CC BY 4.0",
        '  (https://creativecommons.org/licenses/by/4.0/). Attribution: "World Bank, World',
        '  Development Indicators". Values are as published; only the latest years are kept.',
        "- ISO codes, currencies, UN regions, Chinese names and capitals: datasets/country-codes,",
        "  ODC-PDDL-1.0 (public domain dedication).",
        "- WTO membership, trade groups, customs authorities and trade portals: FirmaPanel Trade",
        "  Country Data, version 0.3.0, by FirmaPanel (https://firmapanel.com),",
        "  https://doi.org/10.5281/zenodo.22639118, licensed under CC BY 4.0",
        "  (https://creativecommons.org/licenses/by/4.0/). Changes: fields selected and joined to",
        "  ISO codes; trade group ids replaced by their short names.",
        "",
        "## Sources",
        "",
        "| source_id | title | publisher | retrieved | licence | url |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {s} | {t} | {p} | {r} | {lic} | {u} |" for s, t, u, p, r, lic in _sources()]
    lines += ["", "## Upstream files (paths relative to the shared data folder)", ""]
    lines += upstream_md(report)
    lines += ["", "## Notes", ""] + [f"- {note}" for note in NOTES]
    return "\n".join(lines) + "\n"
