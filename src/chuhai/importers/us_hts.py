"""Rebuild the US pack's tariff from the USITC Harmonized Tariff Schedule (HTSUS).

References:

- U.S. International Trade Commission, HTSUS 2025 Basic Edition and 2026 Revision 10,
  https://hts.usitc.gov/ (a U.S. Government work, public domain). Read from
  ``us_hts/hts_2025_basic.json.gz`` (the USITC JSON export) and
  ``us_hts/hts_2026_rev_10_flat.csv`` (the same export for revision 10, flattened), as
  copied from github.com/arifshehab/tariff-rate-tracker at 9919812 (2026-06-29).
- ``us_hts/revision_dates.csv``: the date each revision took effect.
- ``us_section301/hts_concordance.csv`` (optional): the revision in which an HTS10 code was
  added or dropped, to date lines that exist in only one edition.

A national rate line is an 8-digit line with a "General" rate, or a 10-digit line whose
8-digit parent has no row of its own (6601.99.00.00 carries 8.2% itself and is stored as
66019900), or a 10-digit line with a rate of its own. A rate unchanged between the two
editions is one open-ended row from 2025-01-01; a changed rate ends on the revision date.
Chapter 99 is not a tariff: its 9903 headings go to ``chapter99.csv`` for reference.

The "Special" column goes to ``special.csv`` as published, one text per national line and
dated the same way (a text unchanged between the editions is one row from 2025-01-01):
:mod:`chuhai.domain.us_special` reads it when a line claims a preference.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from chuhai.domain.rule_schema import Source, Status, TariffLine
from chuhai.domain.us_special import parse_special
from chuhai.errors import DutyExpressionError, PackError
from chuhai.importers.common import (
    ImportReport,
    Output,
    clean_rate,
    csv_rows,
    csv_text,
    parse_date,
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

NAME = "hts"
PACK = "US"
BASIC_FILE = "us_hts/hts_2025_basic.json.gz"
REV_FILE = "us_hts/hts_2026_rev_10_flat.csv"
DATES_FILE = "us_hts/revision_dates.csv"
CONCORDANCE_FILE = "us_section301/hts_concordance.csv"
BASIC_REVISION = "basic"
REV_REVISION = "2026_rev_10"
BASIC_SOURCE = "usitc_hts_2025_basic"
REV_SOURCE = "usitc_hts_2026_rev10"
SPECIAL_SOURCES = {
    BASIC_SOURCE: "usitc_hts_2025_basic_special",
    REV_SOURCE: "usitc_hts_2026_rev10_special",
}
SPECIAL_COLUMNS = ("hs", "special", "valid_from", "valid_to", "source_id", "status")
RETRIEVED = date(2026, 6, 29)  # tariff-rate-tracker HEAD 9919812, from which both were copied
_HTSNO = re.compile(r"^\d{4}(?:\.\d{2}){0,3}$")
_PUBLISHER = "U.S. International Trade Commission"
_NOTES = (
    "A rate unchanged between the 2025 basic edition and 2026 revision 10 is one row from "
    "2025-01-01; a changed rate ends on the revision 10 date (2026-06-08).",
    "A line in one edition only starts or ends on the date hts_concordance.csv records for "
    "it, else on the revision 10 date.",
    "Chapter 99 is not a tariff: its 9903 headings are in chapter99.csv for reference.",
    "The Special column is in special.csv as published, dated like the General column; "
    "special_programmes.csv says which indicators chuhai reads and why the others are left out.",
    "A special text that changed between the editions (mostly KORUS staging) switches on the "
    "revision 10 date like the General column: the editions between them are not in the data, "
    "so a staged cut made in the 2026 basic edition (2026-01-01) shows from 2026-06-08.",
)
_LICENCE = "Public domain (U.S. Government work)"


@dataclass(frozen=True)
class HtsRow:
    """One HTS row with a number: code digits, General rate text, path description."""

    code: str
    general: str
    path: str
    row: int
    special: str = ""


@dataclass(frozen=True)
class Rate:
    """The General rate of one national line in one edition."""

    hs: str
    expression: str
    description: str
    special: str = ""


def import_us_hts(data_dir: Path, packs_dir: Path) -> ImportReport:
    """Rebuild ``US/tariff.csv``, ``US/special.csv``, ``US/chapter99.csv`` and
    ``US/sources_hts.csv``."""
    report = ImportReport(importer="us_hts")
    dates = _revision_dates(require_file(data_dir, DATES_FILE))
    basic_rows = list(_json_rows(require_file(data_dir, BASIC_FILE)))
    rev_rows = list(_csv_rows(require_file(data_dir, REV_FILE)))
    basic, rev = _rate_lines(basic_rows), _rate_lines(rev_rows)
    changes, concordance_rows = _concordance(data_dir, dates)
    lines = list(_dated_lines(basic, rev, dates, changes, report))
    specials = list(_dated_specials(basic, rev, dates, changes, report))
    for row in rev_rows:
        if len(row.code) == 8 and not row.general and not row.code.startswith("99"):
            report.skip(
                "8-digit line without a General rate (special provisions, ch. 98)", row.code
            )
    chapter99 = _chapter99(rev_rows)
    report.upstream += [
        upstream(data_dir, BASIC_FILE, rows=len(basic_rows), as_of=str(dates[BASIC_REVISION])),
        upstream(data_dir, REV_FILE, rows=len(rev_rows), as_of=str(dates[REV_REVISION])),
        upstream(data_dir, DATES_FILE, rows=len(dates), as_of=str(dates[REV_REVISION])),
    ]
    if changes:
        report.upstream.append(
            upstream(
                data_dir, CONCORDANCE_FILE, rows=concordance_rows, as_of=str(dates[REV_REVISION])
            )
        )
    tariff = tariff_csv(lines)
    special = csv_text(SPECIAL_COLUMNS, specials)
    outputs = {
        "tariff.csv": Output(tariff, csv_rows(tariff)),
        "special.csv": Output(special, csv_rows(special)),
        "chapter99.csv": Output(chapter99, csv_rows(chapter99)),
        f"sources_{NAME}.csv": Output(sources_csv(_sources(dates)), 4),
    }
    report.counts["mfn lines"] = len(lines)
    report.counts["special rows"] = len(specials)
    report.counts["national lines with special text"] = len({row[0] for row in specials})
    report.counts["special texts chuhai cannot read (a claim on them is refused)"] = sum(
        not _readable(str(row[1])) for row in specials
    )
    report.counts["chapter 99 headings (9903)"] = csv_rows(chapter99)
    publish(packs_dir, PACK, outputs, report, manifest=NAME, notes=_NOTES)
    return report


def _revision_dates(path: Path) -> dict[str, date]:
    dates = {
        row["revision"]: parse_date(
            row["effective_date"], path=path, row=n, field_name="effective_date"
        )
        for n, row in read_csv(path, ("revision", "effective_date"))
    }
    for revision in (BASIC_REVISION, REV_REVISION):
        if revision not in dates:
            raise row_error(path, None, "revision", f"no row for revision {revision!r}")
    return dates


def _json_rows(path: Path) -> Iterator[HtsRow]:
    """Rows of the USITC JSON export with a number, each with its path description."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            records = json.load(handle)
    except (OSError, ValueError) as exc:
        raise row_error(path, None, None, f"cannot read gzipped JSON: {exc}") from None
    if not isinstance(records, list):
        raise row_error(path, None, None, "expected a JSON array of HTS records")
    stack: list[str] = []
    for number, record in enumerate(records, start=1):
        indent, description = _record_text(path, number, record)
        stack = [*stack[:indent], description.rstrip(":").strip()]
        htsno = record.get("htsno") or ""
        if htsno:
            hts = _hts_row(path, number, htsno, record.get("general") or "", " > ".join(stack))
            yield HtsRow(
                hts.code, hts.general, hts.path, number, clean_rate(record.get("special") or "")
            )


def _record_text(path: Path, number: int, record: Any) -> tuple[int, str]:
    if not isinstance(record, dict):
        raise row_error(path, number, None, "record is not a JSON object")
    for name in ("htsno", "general", "special", "description"):
        if not isinstance(record.get(name) or "", str):
            raise row_error(path, number, name, "expected text")
    try:
        return int(record.get("indent") or 0), record.get("description") or ""
    except ValueError:
        raise row_error(path, number, "indent", f"not a number: {record['indent']!r}") from None


def _csv_rows(path: Path) -> Iterator[HtsRow]:
    required = ("htsno", "digits", "path_description", "general", "special", "description")
    for number, row in read_csv(path, required):
        if row["htsno"]:
            hts = _hts_row(path, number, row["htsno"], row["general"], row["path_description"])
            if row["digits"] != str(len(hts.code)):
                raise row_error(path, number, "digits", f"{row['digits']!r} != {row['htsno']}")
            yield HtsRow(hts.code, hts.general, hts.path, number, clean_rate(row["special"]))


def _hts_row(path: Path, number: int, htsno: str, general: str, text: str) -> HtsRow:
    if not _HTSNO.match(htsno.strip()):
        raise row_error(path, number, "htsno", f"not an HTS number: {htsno!r}")
    return HtsRow(htsno.strip().replace(".", ""), clean_rate(general), clean_rate(text), number)


def _rate_lines(rows: Iterable[HtsRow]) -> dict[str, Rate]:
    """Every national rate line, keyed by the code it is stored under."""
    rows = list(rows)
    eight = {row.code for row in rows if len(row.code) == 8}
    orphans: dict[str, list[HtsRow]] = {}
    lines: dict[str, Rate] = {}
    for row in rows:
        if not row.general or len(row.code) not in (8, 10):
            continue
        if len(row.code) == 10 and row.code[:8] not in eight:
            orphans.setdefault(row.code[:8], []).append(row)
        else:
            lines[row.code] = _rate(row.code, row)
    for parent, children in orphans.items():
        if len({(child.general, child.special) for child in children}) == 1:
            lines[parent] = _rate(parent, children[0])
        else:  # statistical lines with different rates keep their own codes
            lines.update({c.code: _rate(c.code, c) for c in children})
    return lines


def _rate(code: str, row: HtsRow) -> Rate:
    return Rate(code, row.general, shorten(row.path), row.special)


def _concordance(
    data_dir: Path, dates: Mapping[str, date]
) -> tuple[dict[tuple[str, str], date], int]:
    """(change, HTS8) -> the date an HTS10 under it was added or dropped; and the rows read."""
    path = data_dir / CONCORDANCE_FILE
    if not path.is_file():
        return {}, 0
    found: dict[tuple[str, str], date] = {}
    required = ("old_hts10", "new_hts10", "revision_to", "change_type")
    rows = 0
    for number, row in read_csv(path, required):
        rows += 1
        change = row["change_type"]
        code = row["new_hts10"] if change == "added" else row["old_hts10"]
        if change not in ("added", "dropped"):
            continue
        if row["revision_to"] not in dates:
            raise row_error(path, number, "revision_to", f"unknown revision {row['revision_to']!r}")
        key = (change, code[:8])
        found[key] = min(found.get(key, date.max), dates[row["revision_to"]])
    return found, rows


def _editions(
    basic: Mapping[str, Rate],
    rev: Mapping[str, Rate],
    dates: Mapping[str, date],
    changes: Mapping[tuple[str, str], date],
    text: Callable[[Rate], str],
) -> Iterator[tuple[str, Rate, date, date | None]]:
    """(what happened, rate, from, to) for each national line's text in the two editions."""
    start, switch = dates[BASIC_REVISION], dates[REV_REVISION]
    for code in sorted(set(basic) | set(rev)):
        if code.startswith("99"):
            continue
        old, new = basic.get(code), rev.get(code)
        if old and new and text(old) == text(new):
            yield "unchanged since the 2025 basic edition", new, start, None
            continue
        end = switch if new else _within(changes.get(("dropped", code)), start, switch)
        begin = switch if old else _within(changes.get(("added", code)), start, switch)
        if old:
            yield "ended by revision 10" if new else "dropped", old, start, end
        if new:
            yield "changed in revision 10" if old else "added", new, begin, None


def _dated_lines(
    basic: Mapping[str, Rate],
    rev: Mapping[str, Rate],
    dates: Mapping[str, date],
    changes: Mapping[tuple[str, str], date],
    report: ImportReport,
) -> Iterator[TariffLine]:
    for what, rate, begin, end in _editions(basic, rev, dates, changes, lambda r: r.expression):
        report.counts[f"lines {what}"] += 1
        yield _line(rate, begin, end, BASIC_SOURCE if end is not None else REV_SOURCE)


def _dated_specials(
    basic: Mapping[str, Rate],
    rev: Mapping[str, Rate],
    dates: Mapping[str, date],
    changes: Mapping[tuple[str, str], date],
    report: ImportReport,
) -> Iterator[tuple[object, ...]]:
    """``special.csv`` rows: the published text, dated as the General column is."""
    for what, rate, begin, end in _editions(basic, rev, dates, changes, lambda r: r.special):
        if rate.special:
            report.counts[f"special texts {what}"] += 1
            source = SPECIAL_SOURCES[BASIC_SOURCE if end is not None else REV_SOURCE]
            yield (rate.hs, rate.special, begin, end, source, Status.OFFICIAL.value)


def _readable(text: str) -> bool:
    try:
        parse_special(text)
    except DutyExpressionError:
        return False
    return True


def _within(found: date | None, start: date, switch: date) -> date:
    """A recorded change date if it lies after ``start`` and by ``switch``, else ``switch``."""
    return found if found is not None and start < found <= switch else switch


def _line(rate: Rate, start: date, end: date | None, source_id: str) -> TariffLine:
    data = {
        "hs": rate.hs,
        "column": "mfn",
        "expression": rate.expression,
        "valid_from": start,
        "valid_to": end,
        "source_id": source_id,
        "status": Status.OFFICIAL,
        "description": rate.description,
    }
    line: TariffLine = validated(TariffLine, data, where=f"US tariff line {rate.hs}")
    return line


def _chapter99(rows: Iterable[HtsRow]) -> str:
    headings = [row for row in rows if row.code.startswith("9903") and len(row.code) == 8]
    if not headings:
        raise PackError("no chapter 99 (9903) headings found", file=REV_FILE)
    return csv_text(
        ("htsno", "description", "general"),
        ((_dotted(row.code), row.path, row.general) for row in headings),
    )


def _dotted(code: str) -> str:
    return ".".join([code[:4], *(code[i : i + 2] for i in range(4, len(code), 2))])


def _sources(dates: Mapping[str, date]) -> list[Source]:
    editions = (
        (BASIC_SOURCE, "HTSUS 2025 Basic Edition, column 1 General", BASIC_REVISION),
        (REV_SOURCE, "HTSUS 2026 Revision 10, column 1 General", REV_REVISION),
        (
            SPECIAL_SOURCES[BASIC_SOURCE],
            "HTSUS 2025 Basic Edition, column 1 Special",
            BASIC_REVISION,
        ),
        (SPECIAL_SOURCES[REV_SOURCE], "HTSUS 2026 Revision 10, column 1 Special", REV_REVISION),
    )
    return [
        Source(
            source_id=source_id,
            title=f"{title} (in effect from {dates[revision]})",
            url="https://hts.usitc.gov/",
            publisher=_PUBLISHER,
            retrieved_on=RETRIEVED,
            licence=_LICENCE,
        )
        for source_id, title, revision in editions
    ]
