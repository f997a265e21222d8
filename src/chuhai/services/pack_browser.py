"""The rule packs for people: every pack's coverage, and one pack's rules, sources and notes.

One pack's page lists its rules and its customs union's (dates, status, source and licence),
optionally only those in force on a date, beside the pack's coverage figures.

>>> detail = get_pack_detail("deu", as_of=date(2026, 11, 29))
>>> detail.coverage.code, detail.lineage, all(r["status"] for r in detail.rules)
('DE', ('DE', 'EU'), True)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from chuhai.domain.countries import normalise_country
from chuhai.errors import InputError, NotFoundError
from chuhai.rules.registry import available_packs, get_pack
from chuhai.services.coverage import Coverage, data_coverage, pack_coverage
from chuhai.services.packs import list_pack_rules

__all__ = ["PackDetail", "get_pack_detail", "pack_overview"]


@dataclass(frozen=True)
class PackDetail:
    coverage: Coverage
    lineage: tuple[str, ...]  # the pack, then its customs union
    name_zh: str
    as_of: date | None  # None: every rule, whatever its dates
    rules: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    quote_notes: tuple[str, ...]

    def by_status(self) -> dict[str, int]:
        return dict(sorted(Counter(str(r["status"]) for r in self.rules).items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "coverage": self.coverage.to_dict(),
            "lineage": list(self.lineage),
            "name_zh": self.name_zh,
            "date": self.as_of.isoformat() if self.as_of else None,
            "rules_by_status": self.by_status(),
            "rules": self.rules,
            "sources": self.sources,
            "quote_notes": list(self.quote_notes),
        }


def pack_overview() -> list[Coverage]:
    """Every shipped pack's coverage (:func:`chuhai.services.coverage.data_coverage`)."""
    return data_coverage()


def _pack_code(code: str) -> str:
    try:
        found = normalise_country(code, field="code")
    except InputError:
        found = code.strip().upper()
    if found not in available_packs():
        raise NotFoundError(f"no rule pack {code!r}", field="code")
    return found


def get_pack_detail(code: str, *, as_of: date | None = None) -> PackDetail:
    """One pack (ISO alpha-2 or alpha-3, or EU): its rules, optionally those in force on a date."""
    pack = get_pack(_pack_code(code))
    members = list(pack.lineage())
    sources = [
        {"pack": member.code, **source.model_dump(mode="json")}
        for member in members
        for source in sorted(member.sources.values(), key=lambda s: s.source_id)
    ]
    return PackDetail(
        coverage=pack_coverage(pack),
        lineage=tuple(member.code for member in members),
        name_zh=pack.header.name_zh,
        as_of=as_of,
        rules=list_pack_rules(pack.code, as_of=as_of),
        sources=sources,
        quote_notes=tuple(note for member in members for note in member.header.quote_notes),
    )
