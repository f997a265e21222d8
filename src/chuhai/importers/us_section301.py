"""Rebuild the US pack's Section 301 (China) code lists and dated measure rules.

References:

- Budget Lab at Yale, tariff-rate-tracker ``resources/s301_product_lists.csv`` at 8315fff
  (2026-05-11; MIT), with rates from its ``config/policy_params.yaml``:
  ``us_section301/s301_product_lists_with_rates.csv``. The lists come from the USTR
  annexes (Federal Register) as enumerated in HTSUS chapter 99, U.S. notes 20 and 31.
- Office of the U.S. Trade Representative, Federal Register notices cited per rule in
  ``sources_s301.csv`` (public domain); ``us_section301/federal_register_sources.csv`` and
  ``us_additional_duties_master_list.json`` (arifshehab/tariff-rate-tracker, 9919812).
- USITC HTSUS 2026 Revision 10, chapter 99 (``us_hts/hts_2026_rev_10_flat.csv``): every
  heading's "+ X%" and "on or after <date>" are checked against the timeline below.

Section 301 hits products of China. The 2024 four-year-review increases (9903.91.xx,
9903.92.10) replace the earlier 301 rate on the same product: Lists 1 to 4A carry
``not_with: [s301, s301_2024]``, so the engine decides them after the review lists and skips
them where a review list (or an earlier list, for codes on several lists) already applied.
List 4B (9903.88.16) is suspended: its code list is kept but it levies nothing.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from chuhai.domain.rule_schema import MeasureRule, Source, Status
from chuhai.importers.common import (
    ImportReport,
    Output,
    list_csv,
    publish,
    read_csv,
    require_file,
    row_error,
    sources_csv,
    upstream,
    validated,
)

NAME = "s301"
PACK = "US"
LISTS_FILE = "us_section301/s301_product_lists_with_rates.csv"
MASTER_FILE = "us_section301/us_additional_duties_master_list.json"
HTS_FILE = "us_hts/hts_2026_rev_10_flat.csv"
FR_LIST_FILE = "us_section301/federal_register_sources.csv"
S301, S301_2024 = "s301", "s301_2024"  # stacking groups: early lists, 2024-review lists
REVIEW_2024_FR = "2024-21217"
_FR_SHORT = "https://www.federalregister.gov/d"

# list file stem: (Chapter 99 heading, label, the "+ X%" the heading states today). Ordered
# so that where a code is on several early lists the highest rate is decided first.
_LISTS = {
    "s301_list1": ("9903.88.01", "Section 301 List 1", "25%"),
    "s301_list2": ("9903.88.02", "Section 301 List 2", "25%"),
    "s301_list3_addl": ("9903.88.04", "Section 301 List 3, note 20(g) products", "25%"),
    "s301_list3": ("9903.88.03", "Section 301 List 3", "25%"),
    "s301_list4a": ("9903.88.15", "Section 301 List 4A", "7.5%"),
    "s301_list4b": ("9903.88.16", "Section 301 List 4B", "15%"),
    "s301_2024_25": ("9903.91.01", "Section 301 four-year review", "25%"),
    "s301_2024_50": ("9903.91.02", "Section 301 four-year review", "50%"),
    "s301_2024_100": ("9903.91.03", "Section 301 four-year review", "100%"),
    "s301_2025_25": ("9903.91.11", "Section 301 four-year review", "25%"),
    "s301_2025_50": ("9903.91.05", "Section 301 four-year review", "50%"),
    "s301_2026_25": ("9903.91.06", "Section 301 four-year review", "25%"),
    "s301_2026_50": ("9903.91.07", "Section 301 four-year review", "50%"),
    "s301_2026_100": ("9903.91.08", "Section 301 four-year review", "100%"),
    "s301_cranes": ("9903.92.10", "Section 301 ship-to-shore cranes", "25%"),
}

# One row per rate period ("-": open-ended). A list without a row levies nothing.
_PERIODS = """
s301_list1_25       s301_list1       25%   2018-07-06 -          ustr_301_list1            official
s301_list2_25       s301_list2       25%   2018-08-23 -          ustr_301_list2            official
s301_list3_addl_10  s301_list3_addl  10%   2018-09-24 2019-05-10 ustr_301_list3            provisional
s301_list3_addl_25  s301_list3_addl  25%   2019-05-10 -          ustr_301_list3_increase   provisional
s301_list3_10       s301_list3       10%   2018-09-24 2019-05-10 ustr_301_list3            official
s301_list3_25       s301_list3       25%   2019-05-10 -          ustr_301_list3_increase   official
s301_list4a_15      s301_list4a      15%   2019-09-01 2020-02-14 ustr_301_list4            official
s301_list4a_7_5     s301_list4a      7.5%  2020-02-14 -          ustr_301_list4a_reduction official
s301_2024_25        s301_2024_25     25%   2024-09-27 -          ustr_301_review_2024      official
s301_2024_50        s301_2024_50     50%   2024-09-27 -          ustr_301_review_2024      official
s301_2024_100       s301_2024_100    100%  2024-09-27 -          ustr_301_review_2024      official
s301_2025_25        s301_2025_25     25%   2025-01-01 -          ustr_301_review_2024_dec  official
s301_2025_50        s301_2025_50     50%   2025-01-01 -          ustr_301_review_2024      official
s301_2026_25        s301_2026_25     25%   2026-01-01 -          ustr_301_review_2024      official
s301_2026_50        s301_2026_50     50%   2026-01-01 -          ustr_301_review_2024      provisional
s301_2026_100       s301_2026_100    100%  2026-01-01 -          ustr_301_review_2024      official
s301_cranes         s301_cranes      25%   2024-09-27 -          ustr_301_review_2024      provisional
"""

_REVIEW = "Replaces the List 1-4A rate on the same product."
_NOTES = {  # by list file stem or rule id
    "s301_list3_addl": "Dates taken as List 3's (the upstream list gives none for 9903.88.04).",
    "s301_list3_25": "Goods exported before 2019-05-10 and entered before 2019-06-15 kept 10% "
    "(9903.88.09).",
    "s301_list4a_15": "Announced at 10% (84 FR 43304), raised to 15% by 84 FR 45821.",
    "s301_list4b": "due 2019-12-15 but suspended indefinitely (84 FR 69447): no duty; the code "
    "list is kept for reference.",
    "s301_2024_100": "Enteral syringes (9018.31.00.80) were excepted until 2026-01-01 "
    "(9903.91.10); not modelled.",
    "s301_2025_50": "Polysilicon and wafers added by 89 FR 101682.",
    "s301_2026_50": "HTS footnotes name only some statistical lines of 6307.90.98 (face "
    "masks); the list holds the whole 8-digit line.",
    "s301_cranes": "Only ship-to-shore gantry cranes of 8426.19.00 (other cranes: "
    "9903.92.80, no duty); cranes ordered before 2024-05-14 are excepted (9903.91.09).",
}


@dataclass(frozen=True)
class Step:
    """One rate period of a list: the rule it becomes."""

    rule_id: str
    rate: str
    start: date
    end: date | None
    source_id: str
    status: Status


@dataclass(frozen=True)
class ListSpec:
    """A Section 301 list: heading, list file stem, stacking group and rate periods."""

    name: str
    heading: str
    label: str
    nominal_rate: str
    steps: tuple[Step, ...]  # empty: suspended, levies nothing

    @property
    def early(self) -> bool:
        """Lists 1 to 4A: one 301 rate per product, replaced by a 2024-review rate."""
        return self.name.startswith("s301_list")

    @property
    def group(self) -> str:
        return S301 if self.early else S301_2024

    @property
    def not_with(self) -> tuple[str, ...]:
        return (S301, S301_2024) if self.early else ()

    def note(self, step: Step | None = None) -> str:
        parts = [_REVIEW if step and not self.early else ""]
        parts += [_NOTES.get(step.rule_id, "") if step else "", _NOTES.get(self.name, "")]
        return " ".join(dict.fromkeys(part for part in parts if part))


def _timeline() -> tuple[ListSpec, ...]:
    steps: dict[str, list[Step]] = defaultdict(list)
    for line in _PERIODS.strip().splitlines():
        rule_id, name, rate, start, end, source_id, status = line.split()
        end_date = None if end == "-" else date.fromisoformat(end)
        step = Step(rule_id, rate, date.fromisoformat(start), end_date, source_id, Status(status))
        steps[name].append(step)
    return tuple(
        ListSpec(name, heading, label, rate, tuple(steps[name]))
        for name, (heading, label, rate) in _LISTS.items()
    )


LISTS = _timeline()

_RETRIEVED = "2026-05-11"  # the list snapshot these notices were checked against
# source_id | Federal Register document | citation (the URL is federalregister.gov/d/<doc>)
_SOURCE_ROWS = """
ustr_301_list1            | 2018-13248 | 83 FR 28710 (2018-06-20): List 1, 25% from 2018-07-06
ustr_301_list2            | 2018-17709 | 83 FR 40823 (2018-08-16): List 2, 25% from 2018-08-23
ustr_301_list3            | 2018-20610 | 83 FR 47974 (2018-09-21): List 3, 10% from 2018-09-24
ustr_301_list3_increase   | 2019-09681 | 84 FR 20459 (2019-05-09): List 3 at 25% from 2019-05-10
ustr_301_list4            | 2019-17865 | 84 FR 43304 (2019-08-20): List 4, 4A from 2019-09-01
ustr_301_list4a_reduction | 2020-00904 | 85 FR 3741 (2020-01-22): List 4A 7.5% from 2020-02-14
ustr_301_list4b_suspension| 2019-27306 | 84 FR 69447 (2019-12-18): List 4B suspended
ustr_301_review_2024      | 2024-21217 | 89 FR 76581 (2024-09-18): four-year review modification
ustr_301_review_2024_dec  | 2024-29462 | 89 FR 101682 (2024-12-16): polysilicon, wafers, tungsten
"""


def _source_rows() -> dict[str, tuple[str, str]]:
    """source_id -> (Federal Register document number, citation)."""
    rows = (line.split("|") for line in _SOURCE_ROWS.strip().splitlines())
    return {sid.strip(): (doc.strip(), title.strip()) for sid, doc, title in rows}


SOURCES = _source_rows()


_ADDED = re.compile(r"(?:\+|plus) ?(\d+(?:\.\d+)?)%")
_ON_OR_AFTER = re.compile(r"on or after ([A-Z][a-z]+ \d{1,2}, \d{4})")


def import_us_section301(data_dir: Path, packs_dir: Path) -> ImportReport:
    """Rebuild ``US/lists/s301_*.csv``, ``US/rules_s301.yaml`` and ``US/sources_s301.csv``."""
    report = ImportReport(importer="us_section301")
    by_heading = {spec.heading: spec for spec in LISTS}
    codes, list_rows = _read_lists(require_file(data_dir, LISTS_FILE), by_heading)
    hts_rows = _check_hts(require_file(data_dir, HTS_FILE), by_heading)
    review_url, fr_rows = _review_url(require_file(data_dir, FR_LIST_FILE))
    master_rows = _check_master(require_file(data_dir, MASTER_FILE))
    rules = [_rule(spec, step) for spec in LISTS for step in spec.steps]
    outputs = {f"lists/{spec.name}.csv": _list_output(codes[spec.name]) for spec in LISTS}
    outputs[f"rules_{NAME}.yaml"] = Output(_rules_yaml(rules), len(rules))
    outputs[f"sources_{NAME}.csv"] = Output(sources_csv(_sources(review_url)), len(SOURCES))
    report.upstream += [
        upstream(data_dir, LISTS_FILE, rows=list_rows, as_of="2026-05-11"),
        upstream(data_dir, HTS_FILE, rows=hts_rows, as_of="2026-06-08"),
        upstream(data_dir, FR_LIST_FILE, rows=fr_rows, as_of="2026-06-29"),
        upstream(data_dir, MASTER_FILE, rows=master_rows, as_of="2026-06-29"),
    ]
    report.counts.update({f"codes on {spec.name}": len(codes[spec.name]) for spec in LISTS})
    report.counts["measure rules"] = len(rules)
    notes = ("List 4B is suspended: its list is kept, no rule levies it.",)
    publish(
        packs_dir, PACK, outputs, report, manifest=NAME, stale=("lists/s301_*.csv",), notes=notes
    )
    return report


def _list_output(codes: set[str]) -> Output:
    return Output(list_csv(codes), len(codes))


def _read_lists(path: Path, by_heading: Mapping[str, ListSpec]) -> tuple[dict[str, set[str]], int]:
    """Codes per list file stem; each row's heading and rate must match the timeline."""
    codes: dict[str, set[str]] = defaultdict(set)
    rows = 0
    for number, row in read_csv(path, ("hts8", "list", "ch99_code", "s301_rate")):
        rows += 1
        spec = by_heading.get(row["ch99_code"].strip())
        if spec is None:
            raise row_error(path, number, "ch99_code", f"unknown heading {row['ch99_code']!r}")
        if not re.fullmatch(r"\d{8}", row["hts8"]):
            raise row_error(path, number, "hts8", f"not an 8-digit code: {row['hts8']!r}")
        if _fraction(path, number, row["s301_rate"]) != _percent(spec.nominal_rate) / 100:
            raise row_error(
                path,
                number,
                "s301_rate",
                f"{row['s301_rate']} != {spec.nominal_rate} of {spec.heading}",
            )
        codes[spec.name].add(row["hts8"])
    missing = [spec.name for spec in by_heading.values() if not codes[spec.name]]
    if missing:
        raise row_error(path, None, "ch99_code", f"no codes for {', '.join(missing)}")
    return codes, rows


def _fraction(path: Path, number: int, text: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise row_error(path, number, "s301_rate", f"not a number: {text!r}") from None


def _percent(text: str) -> Decimal:
    return Decimal(text.rstrip("%"))


def _check_hts(path: Path, by_heading: Mapping[str, ListSpec]) -> int:
    """Each heading's rate and start date in HTS chapter 99 must match the timeline."""
    seen: set[str] = set()
    rows = 0
    for number, row in read_csv(path, ("htsno", "general", "path_description")):
        rows += 1
        spec = by_heading.get(row["htsno"])
        if spec is not None:
            _check_heading(path, number, spec, row)
            seen.add(spec.heading)
    missing = sorted(set(by_heading) - seen)
    if missing:
        raise row_error(path, None, "htsno", f"headings not found: {', '.join(missing)}")
    return rows


def _check_heading(path: Path, number: int, spec: ListSpec, row: Mapping[str, str]) -> None:
    added = _ADDED.search(row["general"])
    if added is None or Decimal(added[1]) != _percent(spec.nominal_rate):
        raise row_error(path, number, "general", f"{spec.heading} is not + {spec.nominal_rate}")
    if not spec.steps and "suspended" not in row["path_description"]:
        raise row_error(path, number, "path_description", f"{spec.heading} not suspended")
    stated = _ON_OR_AFTER.search(row["path_description"])
    if stated and spec.steps:
        start = datetime.strptime(stated[1], "%B %d, %Y").date()  # noqa: DTZ007 (a date)
        if start != spec.steps[0].start:
            raise row_error(path, number, "path_description", f"{spec.heading} starts {start}")


def _review_url(path: Path) -> tuple[str, int]:
    """The Federal Register URL of the 2024 four-year-review modification."""
    url, rows = "", 0
    for _, row in read_csv(path, ("authority", "fr_number", "fr_link")):
        rows += 1
        if row["authority"] == "s301" and row["fr_number"] == REVIEW_2024_FR:
            url = row["fr_link"]
    if not url:
        raise row_error(path, None, "fr_number", f"no s301 row for {REVIEW_2024_FR}")
    return url, rows


def _check_master(path: Path) -> int:
    """Every Section 301 date in the master list must start a rate period of the timeline."""
    try:
        entries: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise row_error(path, None, None, f"cannot read JSON: {exc}") from None
    if not isinstance(entries, list):
        raise row_error(path, None, None, "expected a JSON array")
    starts = {step.start for spec in LISTS for step in spec.steps}
    for number, entry in enumerate(entries, start=1):
        if isinstance(entry, dict) and entry.get("tariff_authority") == "s301":
            for change in entry.get("effective_date") or []:
                if _master_date(path, number, change) not in starts:
                    raise row_error(path, number, "base_date", f"{change} is not modelled")
    return len(entries)


def _master_date(path: Path, number: int, change: Any) -> date:
    try:
        return date.fromisoformat(change["base_date"])
    except (KeyError, TypeError, ValueError):
        raise row_error(path, number, "base_date", f"not a dated change: {change!r}") from None


def _rule(spec: ListSpec, step: Step) -> MeasureRule:
    data: dict[str, Any] = {
        "id": step.rule_id,
        "kind": "measure",
        "subject": f"measure:{spec.name}",
        "measure": "s301",
        "group": spec.group,
        "label": f"{spec.label} ({spec.heading})",
        "expression": step.rate,
        "when": {"origins": ["CN"]},
        "hs_list": spec.name,
        "not_with": list(spec.not_with),
        "valid_from": step.start,
        "valid_to": step.end,
        "source_id": step.source_id,
        "status": step.status,
        "note": spec.note(step),
    }
    rule: MeasureRule = validated(MeasureRule, data, where=f"rule {step.rule_id}")
    return rule


def _rules_yaml(rules: Iterable[MeasureRule]) -> str:
    """The rules in timeline order, with a comment where a list levies nothing."""
    chunks = [_HEADER]
    by_list: dict[str, list[MeasureRule]] = defaultdict(list)
    for rule in rules:
        by_list[rule.hs_list or ""].append(rule)
    for spec in LISTS:
        if not spec.steps:
            chunks.append(f"# {spec.label} ({spec.heading}): {spec.note()}\n")
            continue
        chunks += [_rule_yaml(rule) for rule in by_list[spec.name]]
    return "\n".join(chunks)


def _rule_yaml(rule: MeasureRule) -> str:
    """One rule as a YAML list item, keys in reading order, dates unquoted."""
    data: dict[str, Any] = {
        "id": rule.id,
        "kind": rule.kind,
        "subject": rule.subject,
        "measure": rule.measure,
        "group": rule.group,
        "label": rule.label,
        "expression": rule.expression,
        "when": {"origins": list(rule.when.origins)},
        "hs_list": rule.hs_list,
        "not_with": list(rule.not_with),
        "valid_from": rule.valid_from,
        "valid_to": rule.valid_to,
        "source_id": rule.source_id,
        "status": rule.status.value,
        "note": rule.note,
    }
    kept = {key: value for key, value in data.items() if value not in (None, "", [])}
    return yaml.safe_dump(
        [kept], sort_keys=False, allow_unicode=True, width=96, default_flow_style=None
    )


def _sources(review_url: str) -> list[Source]:
    """The notices cited by the rules; the review's URL as the upstream file gives it."""
    sources = []
    for source_id, (document, citation) in SOURCES.items():
        url = review_url if document == REVIEW_2024_FR else f"{_FR_SHORT}/{document}"
        data = {
            "source_id": source_id,
            "title": f"USTR Section 301 (China), {citation}",
            "url": url,
            "publisher": "Office of the United States Trade Representative (Federal Register)",
            "retrieved_on": _RETRIEVED,
            "licence": "Public domain (U.S. Government work)",
        }
        sources.append(validated(Source, data, where=f"source {source_id}"))
    return sources


_HEADER = """\
# Generated by tools/build_packs.py (chuhai.importers.us_section301): do not edit by hand.
# Section 301 (China) measures, one rule per rate period of each list. Sources: the USTR
# Federal Register notices in sources_s301.csv; the code lists in lists/s301_*.csv come from
# the Budget Lab at Yale tariff-rate-tracker (MIT), s301_product_lists.csv at 8315fff.
# Product exclusions (9903.88.69, 9903.88.70; through 2026-11-09) are not modelled.
"""
