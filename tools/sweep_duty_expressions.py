"""Sweep every duty rate of the shared upstream schedules through ``parse_duty_expression``.

Sources, under the shared data directory:

- ``us_hts/hts_2026_rev_10_flat.csv``: USITC HTS 2026 revision 10, column "general" of
  every national rate line (each 8-digit line, and each 10-digit line whose 8-digit parent
  has no row of its own, e.g. 6601.99.00.00).
- ``uk_tariff/ukgt_2021_vs_eu_cet_clean.csv``: UK Global Tariff 2021 and EU CET, 8-digit rows.
- ``jp_tariff/jp_tariff_flat.csv``: Japan's 実行関税率表, effective WTO and RCEP (China) rates.

Usage::

    python tools/sweep_duty_expressions.py [--data-dir DIR] [--json PATH]

The data directory defaults to ``$CHUHAI_SHARED_DATA``, else ``../shared/data`` next to the
repository. Standard library and chuhai only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chuhai.domain.duty_expression import DutyKind, parse_duty_expression
from chuhai.errors import DutyExpressionError, UnknownCurrencyError

REPO_ROOT = Path(__file__).resolve().parents[1]
US_FILE = Path("us_hts", "hts_2026_rev_10_flat.csv")
UK_FILE = Path("uk_tariff", "ukgt_2021_vs_eu_cet_clean.csv")
JP_FILE = Path("jp_tariff", "jp_tariff_flat.csv")
TOP_UNPARSED = 15

Rate = tuple[str, str]  # (commodity code, rate text as the schedule writes it)


@dataclass
class SourceReport:
    """Counts for one column of one schedule."""

    name: str
    total: int = 0
    blank: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    unparsed: Counter[str] = field(default_factory=Counter)

    @property
    def parsed(self) -> int:
        return sum(self.by_kind.values())

    def add(self, text: str) -> None:
        self.total += 1
        if not text.strip():
            self.blank += 1
            return
        try:
            kind = parse_duty_expression(text).kind
        except (DutyExpressionError, UnknownCurrencyError):
            self.unparsed[text] += 1
        else:
            self.by_kind[kind.value] += 1

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.name,
            "total": self.total,
            "blank": self.blank,
            "parsed": self.parsed,
            "unparsed": sum(self.unparsed.values()),
            "by_kind": {kind.value: self.by_kind[kind.value] for kind in DutyKind},
            "top_unparsed": [
                {"text": text, "count": n} for text, n in self.unparsed.most_common(TOP_UNPARSED)
            ],
        }


def default_data_dir() -> Path:
    """``$CHUHAI_SHARED_DATA`` if set, else ``../shared/data`` relative to the repository."""
    configured = os.environ.get("CHUHAI_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def us_general_rates(data_dir: Path) -> Iterator[Rate]:
    """The "general" rate of every US national 8-digit rate line."""
    rows = list(_rows(data_dir / US_FILE))
    eight_digit = {row["htsno"] for row in rows if row["digits"] == "8"}
    for row in rows:
        orphan = row["digits"] == "10" and row["htsno"][:10] not in eight_digit
        if row["digits"] == "8" or orphan:
            yield row["htsno"], row["general"]


def uk_rates(data_dir: Path, column: str) -> Iterator[Rate]:
    """``ukgt_duty_rate`` or ``cet_duty_rate`` of every 8-digit row of the UK comparison."""
    for row in _rows(data_dir / UK_FILE):
        if row["code_len"] == "8":
            yield row["commodity_code"], row[column]


def jp_rates(data_dir: Path, column: str) -> Iterator[Rate]:
    """The non-empty values of a Japanese effective-rate column."""
    for row in _rows(data_dir / JP_FILE):
        if row[column].strip():
            suffix = row["stat_suffix"]
            yield (f"{row['stat_code']}.{suffix}" if suffix else row["stat_code"]), row[column]


def sources(data_dir: Path) -> dict[str, Iterator[Rate]]:
    """Every swept column, by report name."""
    return {
        "US HTS general": us_general_rates(data_dir),
        "UK Global Tariff": uk_rates(data_dir, "ukgt_duty_rate"),
        "EU CET": uk_rates(data_dir, "cet_duty_rate"),
        "JP WTO": jp_rates(data_dir, "eff_WTO協定"),
        "JP RCEP China": jp_rates(data_dir, "eff_EPA_RCEP_中国"),
    }


def sweep(data_dir: Path) -> list[SourceReport]:
    """Parse every rate of every source and count the outcomes."""
    reports = []
    for name, rates in sources(data_dir).items():
        report = SourceReport(name)
        for _code, text in rates:
            report.add(text)
        reports.append(report)
    return reports


def format_report(report: SourceReport) -> str:
    """A plain-text table for one source."""
    unparsed = sum(report.unparsed.values())
    lines = [
        f"== {report.name} ==",
        f"  total      {report.total:>6}",
        f"  blank      {report.blank:>6}",
        f"  parsed     {report.parsed:>6}",
        *(f"    {kind.value:<12} {report.by_kind[kind.value]:>6}" for kind in DutyKind),
        f"  unparsed   {unparsed:>6}",
    ]
    for text, count in report.unparsed.most_common(TOP_UNPARSED):
        shown = " ".join(text.split())
        lines.append(f"    {count:>5}  {shown[:100]}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, default=None, help="shared data directory")
    parser.add_argument("--json", type=Path, default=None, help="also write the report as JSON")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or default_data_dir()
    if not data_dir.is_dir():
        print(f"no shared data directory at {data_dir}", file=sys.stderr)
        return 2
    reports = sweep(data_dir)
    print("\n\n".join(format_report(report) for report in reports))
    if args.json is not None:
        payload = [report.to_dict() for report in reports]
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
