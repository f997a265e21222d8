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

HS 2022 codes. The file's codes are HS 2017-based, so an HS 2022 subheading that is not an
HS 2017 one would find no line. The shared change list ``hs/hs2017_hs2022_code_changes.csv``
only says which 6-digit codes were removed and added in HS 2022 (a set difference, not a
correlation table), so it cannot say where a new code's goods were before. Therefore:

- a short list of one-to-one renumberings (:data:`RENUMBERED`, recalled from the WCO
  HS 2017-HS 2022 correlation tables, not read from them) is applied only where the change
  list confirms both sides (old code removed, new code added; otherwise the import stops).
  When every national line under the old subheading has one rate, that rate is written under
  the new 6-digit subheading (national subdivisions of the new code are not known);
- every other new HS 2022 subheading, and a renumbered one whose national lines differ,
  is written to ``hs2022_unmapped.csv`` (``hs,reason,hs2017,source_id``) with why and the
  HS 2017 subheadings to quote instead, never as a tariff line: the pack loader reads it
  and a quote on such a code fails with that reason instead of finding nothing or a wrong
  line (:meth:`chuhai.domain.pack.Pack.find_duty`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chuhai.domain.rule_schema import Source, Status, TariffLine
from chuhai.errors import PackError
from chuhai.importers.common import (
    ImportReport,
    Output,
    clean_rate,
    csv_rows,
    csv_text,
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

HS_CHANGES = "hs/hs2017_hs2022_code_changes.csv"
_CHANGES_REQUIRED = ("change", "hscode", "description")
_CHANGES_AS_OF = "2024-10-25"
# HS 2017 subheading -> the HS 2022 subheading that took over exactly its goods (1:1), as
# the WCO HS 2017-HS 2022 correlation tables have them (recalled, not read: the tables are
# not in the shared data). Splits, merges and moves across headings are left out on purpose.
RENUMBERED: dict[str, str] = {
    "030510": "030910",  # flours, meals and pellets of fish, fit for human consumption
    "040310": "040320",  # yoghurt
    "340212": "340241",  # organic surface-active agents, cationic
    "340213": "340242",  # organic surface-active agents, non-ionic
    "340219": "340249",  # other organic surface-active agents
    "340220": "340250",  # washing and cleaning preparations put up for retail sale
    "490591": "490520",  # maps and charts in book form
    "741991": "741920",  # copper articles cast, moulded, stamped or forged, not further worked
}
_NOTES_HS2022 = (
    f"HS 2022: {len(RENUMBERED)} one-to-one renumberings (WCO correlation, recalled, not read "
    "from the tables) confirmed against hs/hs2017_hs2022_code_changes.csv; a renumbered "
    "subheading whose national lines share one rate gets that rate at 6 digits.",
    "Every other HS 2022 subheading not in HS 2017 is listed in hs2022_unmapped.csv with why "
    "and the HS 2017 subheadings removed from its heading: the change list is a set "
    "difference, not a correlation table, so splits and merges are not guessed and a quote on "
    "such a code fails naming the HS 2017 codes to give instead.",
)
UNMAPPED_FILE = "hs2022_unmapped.csv"
UNMAPPED_COLUMNS = ("hs", "reason", "hs2017", "source_id")
NEW_IN_HS2022 = "new in HS 2022 (split, merged or moved; the change list is no correlation table)"
CHANGES_SOURCE = Source(
    source_id="hs2017_hs2022_changes",
    title="HS 6-digit codes removed or added in HS 2022: a set difference of the two editions, "
    "not a correlation table",
    url="https://github.com/datasets/harmonized-system",
    publisher="derived from datasets/harmonized-system (data: UN Comtrade)",
    retrieved_on=date.fromisoformat(_CHANGES_AS_OF),
    licence="ODC-PDDL-1.0",
)


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
    """Rebuild ``GB/tariff.csv``, ``GB/hs2022_unmapped.csv`` and ``GB/sources_ukgt.csv`` (UKGT)."""
    return _import(UKGT, data_dir, packs_dir)


def import_eu_cet(data_dir: Path, packs_dir: Path) -> ImportReport:
    """Rebuild ``EU/tariff.csv``, ``EU/hs2022_unmapped.csv`` and ``EU/sources_cet.csv`` (CET)."""
    return _import(EU_CET, data_dir, packs_dir)


def _import(schedule: Schedule, data_dir: Path, packs_dir: Path) -> ImportReport:
    report = ImportReport(importer=f"uk_eu_tariff:{schedule.name}")
    path = require_file(data_dir, UK_FILE)
    rows = list(read_csv(path, _REQUIRED))
    lines = list(_lines(schedule, path, rows, report))
    report.upstream.append(upstream(data_dir, UK_FILE, rows=len(rows), as_of="2020-12-02"))
    changes = _read_changes(data_dir, report)
    mapped, unmapped = _hs2022(schedule, lines, changes, report)
    tariff = tariff_csv([*lines, *mapped])
    report.counts["mfn lines"] = len(lines)
    sources = [schedule.source, CHANGES_SOURCE]
    outputs = {
        "tariff.csv": Output(tariff, csv_rows(tariff)),
        UNMAPPED_FILE: Output(_unmapped_csv(unmapped), len(unmapped)),
        f"sources_{schedule.name}.csv": Output(sources_csv(sources), len(sources)),
    }
    notes = (*_NOTES, *_NOTES_HS2022)
    publish(packs_dir, schedule.pack, outputs, report, manifest=schedule.name, notes=notes)
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


# --- HS 2022 codes -------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionChanges:
    """The 6-digit codes HS 2022 removed and added, with their descriptions."""

    removed: dict[str, str]
    added: dict[str, str]


def _read_changes(data_dir: Path, report: ImportReport) -> EditionChanges:
    """The change list, with every :data:`RENUMBERED` pair confirmed by it."""
    path = require_file(data_dir, HS_CHANGES)
    rows = list(read_csv(path, _CHANGES_REQUIRED))
    found: dict[str, dict[str, str]] = {"removed_in_2022": {}, "added_in_2022": {}}
    for number, row in rows:
        code, change = row["hscode"].strip(), row["change"].strip()
        if len(code) != 6 or not code.isdigit():
            raise row_error(path, number, "hscode", f"{code!r} is not a 6-digit code")
        if change not in found:
            raise row_error(path, number, "change", f"unknown change {change!r}")
        found[change][code] = clean_rate(row["description"])
    changes = EditionChanges(found["removed_in_2022"], found["added_in_2022"])
    for old, new in RENUMBERED.items():
        if old not in changes.removed or new not in changes.added:
            raise PackError(
                f"renumbering {_dotted(old)} -> {_dotted(new)} is not confirmed by the change "
                f"list ({_dotted(old)} must be removed and {_dotted(new)} added in HS 2022)",
                file=str(path),
                field="hscode",
            )
    report.upstream.append(upstream(data_dir, HS_CHANGES, rows=len(rows), as_of=_CHANGES_AS_OF))
    return changes


@dataclass(frozen=True)
class Unmapped:
    """An HS 2022 subheading the tariff has no line for: why, and the HS 2017 codes instead."""

    hs: str
    reason: str
    hs2017: tuple[str, ...]


def _hs2022(
    schedule: Schedule, lines: Sequence[TariffLine], changes: EditionChanges, report: ImportReport
) -> tuple[list[TariffLine], list[Unmapped]]:
    """For each HS 2022 subheading not in HS 2017: the renumbered rate's line, or why not."""
    by_hs6: dict[str, list[TariffLine]] = defaultdict(list)
    for line in lines:
        by_hs6[line.hs[:6]].append(line)
    old_of = {new: old for old, new in RENUMBERED.items()}
    mapped: list[TariffLine] = []
    unmapped: list[Unmapped] = []
    for new in sorted(changes.added):
        old = old_of.get(new)
        under = by_hs6.get(old, []) if old else []
        if len({line.expression for line in under}) == 1:
            text = f"HS 2022 {_dotted(new)} = HS 2017 {_dotted(old or '')} (1:1): "
            mapped.append(_line(schedule, new, under[0].expression, text + under[0].description))
        else:
            unmapped.append(_why_unmapped(new, old, under, changes))
    report.counts["HS 2022 subheadings mapped one-to-one"] = len(mapped)
    report.counts["HS 2022 subheadings left unmapped"] = len(unmapped)
    return mapped, unmapped


def _why_unmapped(
    new: str, old: str | None, under: Sequence[TariffLine], changes: EditionChanges
) -> Unmapped:
    """Why ``new`` has no line, and the HS 2017 subheadings whose national lines to quote."""
    if old is not None:
        problem = (
            f"its {len(under)} national lines differ in rate"
            if under
            else "this tariff has no line under it"
        )
        reason = f"renumbered from HS 2017 {_dotted(old)} one-to-one, but {problem}"
        return Unmapped(new, reason, (old,))
    removed = tuple(sorted(code for code in changes.removed if code[:4] == new[:4]))
    return Unmapped(new, NEW_IN_HS2022, removed)


def _unmapped_csv(unmapped: Sequence[Unmapped]) -> str:
    """``hs2022_unmapped.csv``: one row per HS 2022 subheading without a tariff line."""
    rows = (
        (u.hs, u.reason, " ".join(u.hs2017), CHANGES_SOURCE.source_id)
        for u in sorted(unmapped, key=lambda u: u.hs)
    )
    return csv_text(UNMAPPED_COLUMNS, rows)


def _dotted(code: str) -> str:
    return f"{code[:4]}.{code[4:]}"
