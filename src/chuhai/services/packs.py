"""Pack use cases: validate every shipped pack; list one pack's rules with their sources."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from chuhai.errors import ChuhaiError
from chuhai.rules.registry import available_packs, get_pack


@dataclass(frozen=True)
class PackSummary:
    code: str
    version: str = ""
    coverage: str = ""
    rules: int = 0
    tariff_lines: int = 0
    sources: int = 0
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def validate_all_packs() -> list[PackSummary]:
    """Load every shipped pack (validation happens at load); report each one's result."""
    results = []
    for code in available_packs():
        try:
            pack = get_pack(code)
            if pack.special is not None:  # read lazily by quotes: validate it here
                pack.special.rows()
                pack.special.schemes()
        except ChuhaiError as error:
            results.append(PackSummary(code=code, error=str(error)))
            continue
        header = pack.header
        results.append(
            PackSummary(
                code=code,
                version=header.version,
                coverage=f"{header.coverage_from} to {header.coverage_to}",
                rules=len(pack.rules),
                tariff_lines=sum(len(lines) for lines in pack.tariff.values()),
                sources=len(pack.sources),
            )
        )
    return results


def list_pack_rules(code: str, *, as_of: date | None = None) -> list[dict[str, Any]]:
    """The rules of a pack and its customs union, optionally only those in force on ``as_of``."""
    pack = get_pack(code)
    rows = []
    for member in pack.lineage():
        for rule in member.rules:
            if as_of is not None and not rule.active_on(as_of):
                continue
            source = member.source(rule.source_id)
            rows.append(
                {
                    "pack": member.code,
                    "id": rule.id,
                    "kind": rule.kind,
                    "label": getattr(rule, "label", "") or rule.note,
                    "subject": rule.subject_key,
                    "valid_from": rule.valid_from.isoformat(),
                    "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
                    "status": rule.status.value,
                    "source_id": rule.source_id,
                    "source_title": source.title,
                    "source_url": source.url,
                    "source_licence": source.licence,
                }
            )
    return rows
