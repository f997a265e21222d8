"""What chuhai knows per destination: tariff lines, digit depth, statuses, dates and sources.

:func:`pack_coverage` reads a loaded :class:`~chuhai.domain.pack.Pack`. :func:`data_coverage`
gives the same figures for every shipped pack without loading them: building ~50,000
validated tariff lines only to count them took most of ``chuhai data coverage``'s time, so
it counts ``tariff.csv`` rows with the csv module and validates only headers, sources and
rules (a few hundred rows). A test checks that both paths agree.

An HS 2017-based tariff's HS 2022 subheadings without a line (``hs2022_unmapped.csv``) are
not tariff lines: they are counted apart, as ``unmapped_hs2022``.
"""

from __future__ import annotations

import csv
import functools
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib.resources.abc import Traversable
from typing import Any

import yaml
from pydantic import TypeAdapter

from chuhai.domain.pack import Pack
from chuhai.domain.rule_schema import AnyRule, PackHeader, Source
from chuhai.rules.loader import UNMAPPED_FILE, pack_files
from chuhai.rules.registry import available_packs, packs_root

_RULES = TypeAdapter(list[AnyRule])
SPECIAL = "special"
"""The column name coverage gives preferential rates kept as published text (US Special)."""
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Coverage:
    code: str
    name: str
    version: str
    parent: str | None
    coverage_from: date
    coverage_to: date
    tariff_lines: dict[str, int]  # column -> lines
    unmapped_hs2022: int  # HS 2022 subheadings the tariff lists as having no line
    deepest_digits: int
    national_digits: int
    by_status: dict[str, int]  # rules and tariff lines by status
    rules: int
    sources: int
    last_update: date | None  # the newest retrieved_on among the pack's sources
    earliest_rule: date | None
    kinds: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("coverage_from", "coverage_to", "last_update", "earliest_rule"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


@dataclass(frozen=True)
class _TariffFigures:
    lines: dict[str, int]  # column -> lines, in order of first appearance
    deepest: int
    statuses: Counter[str]


@dataclass(frozen=True)
class _PackFacts:
    """What coverage needs from one pack directory (its own files, not its parent's)."""

    header: PackHeader
    sources: list[Source]
    rules: list[AnyRule]
    tariff: _TariffFigures | None  # None when the pack has no tariff lines
    unmapped: int  # rows of hs2022_unmapped.csv


def pack_coverage(pack: Pack) -> Coverage:
    """Figures for one pack, counting its customs union's tariff where it has none."""
    tariff_pack = next((p for p in pack.lineage() if p.tariff), pack)
    lineage = [
        _PackFacts(
            header=member.header,
            sources=list(member.sources.values()),
            rules=list(member.rules),
            tariff=_loaded_tariff(member) if member.tariff else None,
            unmapped=len(member.unmapped),
        )
        for member in pack.lineage()
    ]
    return _coverage(lineage, tariff_pack.header)


def data_coverage() -> list[Coverage]:
    """Coverage of every shipped pack, sorted by code."""
    return [_coverage(_lineage(code), _tariff_header(code)) for code in available_packs()]


def _coverage(lineage: Sequence[_PackFacts], tariff_header: PackHeader) -> Coverage:
    own = lineage[0]
    holder = next((member for member in lineage if member.tariff), None)
    tariff = holder.tariff if holder else None
    statuses = Counter(tariff.statuses if tariff else {})
    rules = [rule for member in lineage for rule in member.rules]
    statuses.update(rule.status.value for rule in rules)
    sources = [s for member in lineage for s in member.sources]
    header = own.header
    return Coverage(
        code=header.jurisdiction,
        name=header.name,
        version=header.version,
        parent=header.parent,
        coverage_from=header.coverage_from,
        coverage_to=header.coverage_to,
        tariff_lines=dict(tariff.lines) if tariff else {},
        unmapped_hs2022=holder.unmapped if holder else 0,
        deepest_digits=tariff.deepest if tariff else 0,
        national_digits=tariff_header.national_digits,
        by_status=dict(sorted(statuses.items())),
        rules=len(rules),
        sources=len(sources),
        last_update=max((s.retrieved_on for s in sources), default=None),
        earliest_rule=min((r.valid_from for r in rules), default=None),
        kinds=dict(sorted(Counter(rule.kind for rule in rules).items())),
    )


@functools.cache
def _loaded_tariff(pack: Pack) -> _TariffFigures:
    """Lines per column, deepest code length and lines by status (a union's, counted once)."""
    rows = [
        (column, code, line.status.value)
        for column, codes in pack.tariff.items()
        for code, dated in codes.items()
        for line in dated
    ]
    if pack.special is not None:
        special = pack.special.rows()
        rows += [(SPECIAL, code, row.status.value) for code in special for row in special[code]]
    return _figures(rows)


def _figures(rows: Iterable[tuple[str, str, str]]) -> _TariffFigures:
    lines: dict[str, int] = {}
    statuses: Counter[str] = Counter()
    deepest = 0
    for column, code, status in rows:
        lines[column] = lines.get(column, 0) + 1
        deepest = max(deepest, len(code))
        statuses[status] += 1
    return _TariffFigures(lines, deepest, statuses)


# --- the shipped packs, read without building their tariff lines ---------------------------


def _lineage(code: str) -> list[_PackFacts]:
    facts = [_facts(code)]
    while (parent := facts[-1].header.parent) is not None:
        facts.append(_facts(parent))
    return facts


def _tariff_header(code: str) -> PackHeader:
    """The header of the pack that holds the tariff: this one, or its union's."""
    lineage = _lineage(code)
    return next((member.header for member in lineage if member.tariff), lineage[0].header)


@functools.cache
def _facts(code: str) -> _PackFacts:
    directory = packs_root() / code
    header = PackHeader.model_validate(_yaml(directory / "pack.yaml"))
    sources = [
        Source.model_validate(row) for path in pack_files(directory, "sources", ".csv")
        for row in _csv(path)
    ]  # fmt: skip
    rules = [rule for path in pack_files(directory, "rules", ".yaml") for rule in _rules(path)]
    tariff_files = [(directory / "tariff.csv", None), (directory / "special.csv", SPECIAL)]
    tariff = _csv_tariff([(path, column) for path, column in tariff_files if path.is_file()])
    unmapped = directory / UNMAPPED_FILE
    rows = len(_csv(unmapped)) if unmapped.is_file() else 0
    return _PackFacts(header, sources, rules, tariff, rows)


def _yaml(path: Traversable) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)


def _rules(path: Traversable) -> list[AnyRule]:
    return _RULES.validate_python(_yaml(path) or [])


def _csv(path: Traversable) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _csv_tariff(files: Sequence[tuple[Traversable, str | None]]) -> _TariffFigures | None:
    """Figures of ``tariff.csv`` (its ``column`` per row) and ``special.csv`` (one column)."""
    figures = _figures(row for path, column in files for row in _csv_lines(path, column))
    return figures if figures.lines else None


def _csv_lines(path: Traversable, column: str | None) -> Iterable[tuple[str, str, str]]:
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    header = next(reader, [])
    hs, status = header.index("hs"), header.index("status")
    at = header.index("column") if column is None else None
    return ((row[at] if at is not None else str(column), row[hs], row[status])
            for row in reader if row)  # fmt: skip
