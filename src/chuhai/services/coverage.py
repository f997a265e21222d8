"""What chuhai knows per destination: tariff lines, digit depth, statuses, dates and sources."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from chuhai.domain.pack import Pack
from chuhai.rules.registry import available_packs, get_pack


@dataclass(frozen=True)
class Coverage:
    code: str
    name: str
    version: str
    parent: str | None
    coverage_from: date
    coverage_to: date
    tariff_lines: dict[str, int]  # column -> lines
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


def pack_coverage(pack: Pack) -> Coverage:
    """Figures for one pack, counting its customs union's tariff where it has none."""
    tariff_pack = next((p for p in pack.lineage() if p.tariff), pack)
    lines, deepest, tariff_statuses = _tariff_figures(tariff_pack)
    statuses = Counter(tariff_statuses)
    rules = [rule for member in pack.lineage() for rule in member.rules]
    statuses.update(rule.status.value for rule in rules)
    sources = [s for member in pack.lineage() for s in member.sources.values()]
    header = pack.header
    return Coverage(
        code=pack.code,
        name=header.name,
        version=header.version,
        parent=header.parent,
        coverage_from=header.coverage_from,
        coverage_to=header.coverage_to,
        tariff_lines=lines,
        deepest_digits=deepest,
        national_digits=tariff_pack.header.national_digits,
        by_status=dict(sorted(statuses.items())),
        rules=len(rules),
        sources=len(sources),
        last_update=max((s.retrieved_on for s in sources), default=None),
        earliest_rule=min((r.valid_from for r in rules), default=None),
        kinds=dict(sorted(Counter(rule.kind for rule in rules).items())),
    )


@functools.cache
def _tariff_figures(pack: Pack) -> tuple[dict[str, int], int, Counter[str]]:
    """Lines per column, deepest code length and lines by status (a union's, counted once)."""
    statuses: Counter[str] = Counter()
    lines: dict[str, int] = {}
    deepest = 0
    for column, codes in pack.tariff.items():
        lines[column] = sum(len(dated) for dated in codes.values())
        deepest = max([deepest, *map(len, codes)])
        statuses.update(line.status.value for dated in codes.values() for line in dated)
    return lines, deepest, statuses


def data_coverage() -> list[Coverage]:
    """Coverage of every shipped pack, sorted by code."""
    return [pack_coverage(get_pack(code)) for code in available_packs()]
