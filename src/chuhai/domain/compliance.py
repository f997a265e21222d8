"""What a seller must do to sell a product family in a market legally: a sourced checklist.

Items (registrations, tax collection, labelling, certification, food and cosmetics rules,
restricted goods) come from the hand-written compliance pack; each names its source and a
status (official / provisional / estimated) and has dates. Thresholds are not copied into
the items: an item names the rule-pack regime rules (``EU:eu_ioss_3eur``) whose threshold it
depends on, and the checklist shows the rule in force on the date, with the rule's source.
The regime thresholds of the market's pack are listed beside the items.

>>> families_for_hs("6601.99"), families_for_hs("6912.00"), families_for_hs("8517")
(('umbrellas',), ('ceramics',), ())
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chuhai.domain.rule_schema import Status

__all__ = [
    "FAMILIES",
    "Checklist",
    "ChecklistEntry",
    "ComplianceItem",
    "ComplianceSource",
    "ItemKind",
    "PackThreshold",
    "build_checklist",
    "families_for_hs",
]

FAMILIES = ("umbrellas", "footwear", "apparel", "bags", "ceramics", "snacks", "hygiene",
            "cosmetics")  # fmt: skip
NON_FOOD = ("umbrellas", "footwear", "apparel", "bags", "ceramics", "hygiene")
_HS_FAMILIES = (
    ("6601", "umbrellas"), ("64", "footwear"), ("61", "apparel"), ("62", "apparel"),
    ("4202", "bags"), ("6911", "ceramics"), ("6912", "ceramics"), ("9619", "hygiene"),
    ("4818", "hygiene"), ("3401", "cosmetics"), ("3303", "cosmetics"), ("3304", "cosmetics"),
    ("3305", "cosmetics"), ("3306", "cosmetics"), ("3307", "cosmetics"), ("0801", "snacks"),
    ("0802", "snacks"), ("0813", "snacks"), ("1704", "snacks"), ("1806", "snacks"),
    ("1904", "snacks"), ("1905", "snacks"), ("2005", "snacks"), ("2006", "snacks"),
    ("2008", "snacks"), ("2106", "snacks"),
)  # fmt: skip


def families_for_hs(hs_code: str) -> tuple[str, ...]:
    """The product families of an HS code (empty: only the items for every product apply)."""
    digits = hs_code.replace(".", "").replace(" ", "")
    return tuple(dict.fromkeys(f for prefix, f in _HS_FAMILIES if digits.startswith(prefix)))


class ItemKind(enum.StrEnum):
    REGISTRATION = "registration"
    TAX_COLLECTION = "tax_collection"
    LABELLING = "labelling"
    CERTIFICATION = "certification"
    PRODUCT_SAFETY = "product_safety"
    FOOD_SAFETY = "food_safety"
    COSMETICS = "cosmetics"
    RESTRICTED = "restricted"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ComplianceSource(_Model):
    """Where an item comes from; ``retrieved_on`` is empty when the page was not read."""

    source_id: str
    title: str
    url: str
    publisher: str
    retrieved_on: date | None = None
    licence: str = ""


class ComplianceItem(_Model):
    """One obligation: for which markets (ISO alpha-2, or EU) and product families, when."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    markets: list[str] = Field(min_length=1)
    families: list[str] = Field(default_factory=lambda: ["all"])
    kind: ItemKind
    title: str
    requirement: str
    sale_models: list[str] = Field(default_factory=list)  # empty: any sale model
    pack_rules: list[str] = Field(default_factory=list)  # "CODE:rule_id" whose threshold counts
    threshold: str = ""  # a threshold no rule pack holds, in words
    source_id: str
    url: str = ""  # a deeper link than the source's, if any
    status: Status
    valid_from: date
    valid_to: date | None = None
    note: str = ""

    def active_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def applies_to(self, families: Sequence[str]) -> bool:
        return "all" in self.families or any(f in self.families for f in families)


@dataclass(frozen=True)
class PackThreshold:
    """A regime rule of a rule pack, in force on the date: its threshold in words, its source."""

    rule_id: str  # "EU:eu_ioss_3eur"
    label: str
    threshold: str
    status: Status
    source_url: str
    source_title: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "label": self.label, "threshold": self.threshold,
                "status": self.status.value, "source_url": self.source_url,
                "source_title": self.source_title}  # fmt: skip


@dataclass(frozen=True)
class ChecklistEntry:
    item: ComplianceItem
    source: ComplianceSource
    thresholds: tuple[PackThreshold, ...] = ()

    @property
    def url(self) -> str:
        return self.item.url or self.source.url

    def to_dict(self) -> dict[str, Any]:
        item = self.item
        return {
            "id": item.id, "kind": item.kind.value, "title": item.title,
            "requirement": item.requirement, "families": item.families,
            "status": item.status.value, "valid_from": item.valid_from.isoformat(),
            "valid_to": item.valid_to.isoformat() if item.valid_to else None,
            "threshold": item.threshold, "pack_thresholds": [t.to_dict() for t in self.thresholds],
            "url": self.url, "source": self.source.model_dump(mode="json"), "note": item.note,
        }  # fmt: skip


@dataclass(frozen=True)
class Checklist:
    """Everything to do for one product family in one market on one date."""

    market: str
    markets: tuple[str, ...]  # the market and its customs union, whose items apply too
    families: tuple[str, ...]
    as_of: date
    sale_model: str
    entries: tuple[ChecklistEntry, ...]
    thresholds: tuple[PackThreshold, ...]
    notes: tuple[str, ...] = ()

    def by_status(self) -> dict[str, int]:
        return dict(sorted(Counter(e.item.status.value for e in self.entries).items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "market": self.market, "applies": list(self.markets), "families": list(self.families),
            "date": self.as_of.isoformat(), "sale_model": self.sale_model,
            "items": [e.to_dict() for e in self.entries],
            "regime_thresholds": [t.to_dict() for t in self.thresholds],
            "by_status": self.by_status(), "notes": list(self.notes),
        }  # fmt: skip


KIND_ORDER = {kind: index for index, kind in enumerate(ItemKind)}


def build_checklist(
    items: Iterable[ComplianceItem],
    sources: Mapping[str, ComplianceSource],
    *,
    market: str,
    markets: Sequence[str],
    families: Sequence[str],
    as_of: date,
    sale_model: str,
    pack_rules: Mapping[str, PackThreshold],
    thresholds: Sequence[PackThreshold] = (),
) -> Checklist:
    """The items for ``markets`` (a market and its union) and ``families`` in force on ``as_of``.

    ``pack_rules`` holds the regime rules in force on ``as_of`` by "CODE:rule_id"; an item
    shows those among its ``pack_rules``. Items are ordered by kind, then id.
    """
    chosen = [
        item
        for item in items
        if any(m in item.markets for m in markets)
        and item.applies_to(families)
        and item.active_on(as_of)
        and (not item.sale_models or sale_model in item.sale_models)
    ]
    chosen.sort(key=lambda i: (KIND_ORDER[i.kind], i.id))
    entries = tuple(
        ChecklistEntry(
            item,
            sources[item.source_id],
            tuple(pack_rules[r] for r in item.pack_rules if r in pack_rules),
        )
        for item in chosen
    )
    notes = []
    if not families:
        notes.append("no product family for this HS code: only the items for every product apply")
    return Checklist(market, tuple(markets), tuple(families), as_of, sale_model, entries,
                     tuple(thresholds), tuple(notes))  # fmt: skip
