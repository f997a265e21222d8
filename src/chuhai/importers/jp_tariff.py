"""Rebuild the JP tariff (MFN and RCEP for China) from Japan's 実行関税率表.

Reference: Japan Customs, 実行関税率表 (applied tariff schedule), data version
2026_07_09, https://www.customs.go.jp/tariff/ (Government of Japan Standard Terms of Use
2.0, compatible with CC BY 4.0: "Source: Japan Customs"), as scraped by
qlitre/japan-tariff-mcp at 715eff9 (2026-07-12, MIT) and flattened into
``jp_tariff/jp_tariff_flat.csv``. The section and chapter notes of that repository come
from the Japan Tariff Association and are not used.

Lines are the 9-digit statistical codes (6-digit HS + 3). The ``eff_*`` columns carry the
rate inherited from the nearest ancestor.

The applied MFN rate for a WTO member such as China: the national rate is the temporary
rate (暫定) where one is set, else the basic rate (基本); the WTO rate (WTO協定) applies
where it is lower. Where both are plain ad valorem (or free) the lower is taken; where
either is specific, compound or marked (◎, ※) the WTO rate is kept, as its text is the
one the schedule binds; a line without a WTO rate takes the national rate. A code listed
twice (seasonal rates: 毎年4月1日から…) has no single rate and is skipped and reported.
Rates apply from the data version date, 2026-07-09: the file does not say since when.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
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

NAME = "jp_tariff"
PACK = "JP"
JP_FILE = "jp_tariff/jp_tariff_flat.csv"
VALID_FROM = date(2026, 7, 9)
BASIC, TEMPORARY, WTO, RCEP_CN = "eff_基本", "eff_暫定", "eff_WTO協定", "eff_EPA_RCEP_中国"
_REQUIRED = ("code", "level", "path_ja", BASIC, TEMPORARY, WTO, RCEP_CN)
_AD_VALOREM = re.compile(r"^(\d+(?:\.\d+)?)%$")
# Japanese text takes 3 bytes a character: a shorter description, on the mfn row only,
# keeps tariff.csv under 3 MB (the RCEP row of a code is the same line).
DESCRIPTION_LIMIT = 50
_NOTES = (
    "mfn: the lower of the national rate (temporary, else basic) and the WTO rate where both "
    "are plain ad valorem; else the WTO rate; the national rate where there is no WTO rate.",
    "RCEP: the effective RCEP rate for originating goods of China (eff_EPA_RCEP_中国).",
    "Rates apply from the data version date 2026-07-09; codes listed twice (seasonal) skipped.",
)
SOURCE = Source(
    source_id="japan_customs_tariff_2026_07_09",
    title="実行関税率表 (Japan's applied tariff schedule), data version 2026_07_09: "
    "basic, temporary, WTO and RCEP (China) rates",
    url="https://www.customs.go.jp/tariff/",
    publisher="Japan Customs (Ministry of Finance, Japan)",
    retrieved_on=date(2026, 7, 12),
    licence="Government of Japan Standard Terms of Use 2.0 (compatible with CC BY 4.0). "
    "Source: Japan Customs",
)


def import_jp_tariff(data_dir: Path, packs_dir: Path) -> ImportReport:
    """Rebuild ``JP/tariff.csv`` (columns mfn and RCEP) and ``JP/sources_jp_tariff.csv``."""
    report = ImportReport(importer="jp_tariff")
    path = require_file(data_dir, JP_FILE)
    rows = list(read_csv(path, _REQUIRED))
    nine = [(number, row) for number, row in rows if len(_code(path, number, row)) == 9]
    repeated = {code for code, n in Counter(row["code"] for _, row in nine).items() if n > 1}
    lines = list(_lines(nine, repeated, report))
    tariff = tariff_csv(lines)
    report.upstream.append(upstream(data_dir, JP_FILE, rows=len(rows), as_of=str(VALID_FROM)))
    report.counts.update(line.column for line in lines)
    outputs = {
        "tariff.csv": Output(tariff, csv_rows(tariff)),
        f"sources_{NAME}.csv": Output(sources_csv([SOURCE]), 1),
    }
    publish(packs_dir, PACK, outputs, report, manifest=NAME, notes=_NOTES)
    return report


def _code(path: Path, number: int, row: dict[str, str]) -> str:
    code = row["code"].strip()
    if (code and not code.isdigit()) or len(code) not in (0, 4, 6, 9):
        raise row_error(path, number, "code", f"not a 4-, 6- or 9-digit code: {code!r}")
    return code


def _lines(
    rows: list[tuple[int, dict[str, str]]], repeated: set[str], report: ImportReport
) -> Iterator[TariffLine]:
    for number, row in rows:
        code = row["code"]
        if code in repeated:
            report.skip("code listed more than once (seasonal rates)", f"row {number} {code}")
            continue
        mfn = applied_mfn(row, report)
        description = shorten(row["path_ja"], DESCRIPTION_LIMIT)
        if mfn:
            yield _line(code, "mfn", mfn, description)
        else:
            report.skip("no basic, temporary or WTO rate", f"row {number} {code}")
        rcep = clean_rate(row[RCEP_CN])
        if rcep:
            yield _line(code, "RCEP", rcep, "")


def applied_mfn(row: dict[str, str], report: ImportReport) -> str:
    """The rate text Japan applies to WTO members on this line ("" if none).

    >>> report = ImportReport("doctest")
    >>> applied_mfn({BASIC: "35%", TEMPORARY: "25%", WTO: "(30%)"}, report)
    '25%'
    >>> applied_mfn({BASIC: "11.2%", TEMPORARY: "", WTO: "7.4%"}, report)
    '7.4%'
    """
    wto = clean_rate(row[WTO])
    temporary = clean_rate(row[TEMPORARY])
    national = temporary or clean_rate(row[BASIC])
    if not wto:
        if national:
            report.counts["mfn: national rate (no WTO rate)"] += 1
        return national
    lower, higher = _ad_valorem(national), _ad_valorem(wto)
    if lower is not None and higher is not None and lower < higher:
        report.counts[f"mfn: {'temporary' if temporary else 'basic'} rate below WTO"] += 1
        return national
    if national and (lower is None or higher is None):
        report.counts["mfn: WTO rate kept (national rate not comparable)"] += 1
    return wto


def _ad_valorem(text: str) -> Decimal | None:
    """The percentage of a plain ad valorem or free rate, else None ("(10.9%)" -> 10.9)."""
    folded = unicodedata.normalize("NFKC", text).replace(" ", "")
    folded = folded.lstrip("*")
    if folded.startswith("(") and folded.endswith(")"):
        folded = folded[1:-1]
    if folded in ("無税", "免税"):
        return Decimal(0)
    match = _AD_VALOREM.match(folded)
    return Decimal(match[1]) if match else None


def _line(code: str, column: str, expression: str, description: str) -> TariffLine:
    data = {
        "hs": code,
        "column": column,
        "expression": expression,
        "valid_from": VALID_FROM,
        "valid_to": None,
        "source_id": SOURCE.source_id,
        "status": Status.OFFICIAL,
        "description": description,
    }
    line: TariffLine = validated(TariffLine, data, where=f"JP {column} line {code}")
    return line
