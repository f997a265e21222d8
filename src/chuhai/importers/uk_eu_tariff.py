"""Rebuild the GB and EU tariffs from DIT's UK Global Tariff file (UKGT 2021 beside EU CET 2020).

Reference: Department for International Trade, ``global-uk-tariff.csv`` (published
2020-12-02), as kept by GSS-Cogs/family-trade ``datasets/DIT-UK-tariffs/observations.csv``
at 6f60518 (2022-10-20); the shared copy ``uk_tariff/ukgt_2021_vs_eu_cet_clean.csv``
re-pads the codes that lost their leading zero. Open Government Licence v3.0: "Contains
public sector information licensed under the Open Government Licence v3.0."

Only 8-digit rows (CN8 / UK commodity codes) are imported. The UK rates are those in force
from 2021-01-01 without later amendments, the EU rates those of the 2020 CET (HS 2017-based
CN codes), so both are ``estimated``. A rate text that is clearly not a rate (a CSV
artefact such as "5S") is skipped and reported, never turned into zero; texts that are
rates the engine cannot compute (entry prices, agricultural components, seasonal rates)
are kept verbatim so that a quote on them fails loudly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chuhai.domain.rule_schema import Source, Status, TariffLine
from chuhai.importers.common import (
    ImportReport,
    Output,
    clean_rate,
    csv_rows,
    publish,
    read_csv,
    require_file,
    row_error,
    shorten,
    sources_csv,
    tariff_csv,
    upstream,
    validated,
)

UK_FILE = "uk_tariff/ukgt_2021_vs_eu_cet_clean.csv"
_URL = (
    "https://github.com/GSS-Cogs/family-trade/blob/6f60518/datasets/DIT-UK-tariffs/observations.csv"
)
_OGL = (
    "Open Government Licence v3.0. Contains public sector information licensed under the "
    "Open Government Licence v3.0."
)
_RETRIEVED = date(2022, 10, 20)
_REQUIRED = ("commodity_code", "code_len", "description", "cet_duty_rate", "ukgt_duty_rate")
_NOTES = (
    "8-digit lines only; status estimated: UKGT as in force from 2021-01-01 without later "
    "amendments, EU CET as of 2020 (HS 2017-based CN codes).",
    "Rate texts that are clearly not rates are skipped and listed here, never read as zero.",
)
_LOOKS_LIKE_RATE = re.compile(r"%|\b(?:GBP|EUR)\b|€|^entry price$", re.IGNORECASE)


@dataclass(frozen=True)
class Schedule:
    """One of the two rate columns of the file and the pack it feeds."""

    pack: str
    name: str
    rate_field: str
    valid_from: date
    source: Source


UKGT = Schedule(
    pack="GB",
    name="ukgt",
    rate_field="ukgt_duty_rate",
    valid_from=date(2021, 1, 1),
    source=Source(
        source_id="dit_ukgt_2021",
        title="UK Global Tariff as published by DIT on 2020-12-02, in force from 2021-01-01 "
        "(later amendments not included)",
        url=_URL,
        publisher="Department for International Trade",
        retrieved_on=_RETRIEVED,
        licence=_OGL,
    ),
)
EU_CET = Schedule(
    pack="EU",
    name="cet",
    rate_field="cet_duty_rate",
    valid_from=date(2020, 1, 1),
    source=Source(
        source_id="eu_cet_2020_via_dit",
        title="EU Common External Tariff 2020 (CN 2020, HS 2017-based), third-country duty "
        "as listed by DIT beside the UK Global Tariff (2020-12-02)",
        url=_URL,
        publisher="Department for International Trade, from the EU Combined Nomenclature",
        retrieved_on=_RETRIEVED,
        licence=_OGL,
    ),
)


def import_ukgt(data_dir: Path, packs_dir: Path) -> ImportReport:
    """Rebuild ``GB/tariff.csv`` and ``GB/sources_ukgt.csv`` from the UK Global Tariff."""
    return _import(UKGT, data_dir, packs_dir)


def import_eu_cet(data_dir: Path, packs_dir: Path) -> ImportReport:
    """Rebuild ``EU/tariff.csv`` and ``EU/sources_cet.csv`` from the EU CET 2020 column."""
    return _import(EU_CET, data_dir, packs_dir)


def _import(schedule: Schedule, data_dir: Path, packs_dir: Path) -> ImportReport:
    report = ImportReport(importer=f"uk_eu_tariff:{schedule.name}")
    path = require_file(data_dir, UK_FILE)
    rows = list(read_csv(path, _REQUIRED))
    lines = list(_lines(schedule, path, rows, report))
    tariff = tariff_csv(lines)
    report.upstream.append(upstream(data_dir, UK_FILE, rows=len(rows), as_of="2020-12-02"))
    report.counts["mfn lines"] = len(lines)
    outputs = {
        "tariff.csv": Output(tariff, csv_rows(tariff)),
        f"sources_{schedule.name}.csv": Output(sources_csv([schedule.source]), 1),
    }
    publish(packs_dir, schedule.pack, outputs, report, manifest=schedule.name, notes=_NOTES)
    return report


def _lines(
    schedule: Schedule, path: Path, rows: list[tuple[int, dict[str, str]]], report: ImportReport
) -> Iterator[TariffLine]:
    seen: set[str] = set()
    for number, row in rows:
        code = _code(path, number, row)
        if len(code) != 8:
            report.skip("10-digit TARIC/UK line (only 8-digit lines are imported)", code)
            continue
        if code in seen:
            raise row_error(path, number, "commodity_code", f"{code} appears twice")
        seen.add(code)
        rate = clean_rate(row[schedule.rate_field])
        if not _LOOKS_LIKE_RATE.search(rate):
            reason = "blank rate" if not rate else "not a rate (garbled upstream text)"
            report.skip(reason, f"row {number} {code}: {rate!r}")
            continue
        yield _line(schedule, code, rate, row["description"])


def _code(path: Path, number: int, row: dict[str, str]) -> str:
    code = row["commodity_code"].strip()
    if not code.isdigit() or row["code_len"].strip() != str(len(code)):
        raise row_error(
            path, number, "commodity_code", f"{code!r} is not a {row['code_len']}-digit code"
        )
    if len(code) not in (8, 10):
        raise row_error(path, number, "code_len", f"unexpected code length {len(code)}")
    return code


def _line(schedule: Schedule, code: str, rate: str, description: str) -> TariffLine:
    data = {
        "hs": code,
        "column": "mfn",
        "expression": rate,
        "valid_from": schedule.valid_from,
        "valid_to": None,
        "source_id": schedule.source.source_id,
        "status": Status.ESTIMATED,
        "description": shorten(description),
    }
    line: TariffLine = validated(TariffLine, data, where=f"{schedule.pack} tariff line {code}")
    return line
