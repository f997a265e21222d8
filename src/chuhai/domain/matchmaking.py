"""Buyer-to-firm matchmaking: who should meet whom, each suggestion explained, and the funnel.

A firm qualifies for a buyer when it makes or exports something under one of the buyer's HS
categories. Its score (0 to 100) then adds up four published parts:

- category: 40 when the firm makes or exports a product under the category;
- market: 25 when the firm already exports to the buyer's country, 10 when it exports to
  that country's region, else 0;
- capacity: 20 when the buyer's yearly volume fits the firm's spare capacity for the
  category (capacity less what it exported last year), 10 when either figure is unknown,
  0 when the volume exceeds it;
- history: 15 when buyer and firm attended the same event, met before or did a deal.

>>> buyer = BuyerProfile(buyer_id=1, name="Regen GmbH", country="DE", region="eu",
...                      categories=("6601",), annual_volume=20_000)
>>> firm = FirmProfile(firm_id=7, name="Dongshi Rain", hs_codes=("6601.99",),
...     exports={"DE": 1_000_000}, regions=frozenset({"eu"}), capacity={"6601": 500_000},
...     exported_units={"6601": 400_000}, shared_events=("2025 Canton visit",))
>>> s = suggest(buyer, [firm])[0]
>>> s.score, s.explanation
(100, 'Matches: buys HS 6601 (umbrellas) in DE where this firm already exports; volume 20k units/yr within its capacity (100k units/yr spare); met at the 2025 Canton visit')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from chuhai.domain.export_stats import industry_for_hs

__all__ = [
    "BuyerProfile",
    "FirmProfile",
    "Funnel",
    "MatchStage",
    "Reason",
    "Suggestion",
    "funnel",
    "short_number",
    "suggest",
]

WEIGHTS = {"category": 40, "market": 25, "region": 10, "capacity": 20, "unknown": 10, "history": 15}


class MatchStage(enum.StrEnum):
    """How far a suggested pair got; each stage implies the ones before it."""

    SUGGESTED = "suggested"
    CONTACTED = "contacted"
    MET = "met"
    DEAL = "deal"

    @property
    def rank(self) -> int:
        return list(MatchStage).index(self)


@dataclass(frozen=True, kw_only=True)
class BuyerProfile:
    buyer_id: int
    name: str
    country: str
    region: str
    categories: tuple[str, ...]  # HS prefixes, 2 to 6 digits
    annual_volume: int | None = None  # units a year


@dataclass(frozen=True, kw_only=True)
class FirmProfile:
    firm_id: int
    name: str
    hs_codes: tuple[str, ...]  # products it makes and codes it exported
    exports: Mapping[str, int] = field(default_factory=dict)  # destination -> value
    regions: frozenset[str] = frozenset()  # regions it exports to
    capacity: Mapping[str, int] = field(default_factory=dict)  # HS prefix -> units a year
    exported_units: Mapping[str, int] = field(default_factory=dict)  # HS prefix -> units
    shared_events: tuple[str, ...] = ()  # events attended with this buyer
    met_before: date | None = None
    dealt_before: bool = False


@dataclass(frozen=True)
class Reason:
    """One part of an explanation: a stable code, its points and the facts it names."""

    code: str
    points: int
    params: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "points": self.points, "params": dict(self.params)}


@dataclass(frozen=True)
class Suggestion:
    buyer_id: int
    firm_id: int
    firm_name: str
    category: str
    market: str
    score: int
    reasons: tuple[Reason, ...]

    @property
    def explanation(self) -> str:
        parts: list[str] = []
        for reason in self.reasons:
            text = _TEXT[reason.code].format(**reason.params)
            if reason.code.startswith("market_") and parts:  # one clause with the category
                parts[-1] += " " + text
            else:
                parts.append(text)
        return "Matches: " + "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "buyer_id": self.buyer_id, "firm_id": self.firm_id, "firm_name": self.firm_name,
            "category": self.category, "market": self.market, "score": self.score,
            "explanation": self.explanation, "reasons": [r.to_dict() for r in self.reasons],
        }  # fmt: skip


_TEXT = {
    "category": "buys HS {hs} ({industry}) in {market}",
    "market_exports": "where this firm already exports",
    "market_region": "a new country in a region where this firm exports",
    "market_new": "a market this firm does not export to yet",
    "capacity_within": "volume {volume} units/yr within its capacity ({spare} units/yr spare)",
    "capacity_exceeds": "volume {volume} units/yr exceeds its spare capacity ({spare} units/yr)",
    "capacity_unknown": "capacity or volume not known",
    "history_event": "met at the {event}",
    "history_meeting": "met before on {date}",
    "history_deal": "did business before",
}


def short_number(value: int) -> str:
    """``20000`` -> ``20k``, ``1500000`` -> ``1.5m``: volumes in a sentence.

    >>> short_number(950), short_number(20_000), short_number(1_500_000)
    ('950', '20k', '1.5m')
    """
    for size, suffix in ((1_000_000, "m"), (1_000, "k")):
        if abs(value) >= size:
            text = f"{Decimal(value) / size:.1f}".removesuffix(".0")
            return text + suffix
    return str(value)


def _category(buyer: BuyerProfile, firm: FirmProfile) -> str | None:
    digits = ["".join(ch for ch in code if ch.isdigit()) for code in firm.hs_codes]
    for prefix in buyer.categories:
        if any(code.startswith(prefix) for code in digits):
            return prefix
    return None


def _prefixed(table: Mapping[str, int], category: str) -> int | None:
    hits = [v for k, v in table.items() if k.startswith(category) or category.startswith(k)]
    return sum(hits) if hits else None


def _capacity(buyer: BuyerProfile, firm: FirmProfile, category: str) -> Reason:
    capacity = _prefixed(firm.capacity, category)
    if capacity is None or buyer.annual_volume is None:
        return Reason("capacity_unknown", WEIGHTS["unknown"], {})
    spare = capacity - (_prefixed(firm.exported_units, category) or 0)
    params = {"volume": short_number(buyer.annual_volume), "spare": short_number(max(spare, 0))}
    if buyer.annual_volume <= spare:
        return Reason("capacity_within", WEIGHTS["capacity"], params)
    return Reason("capacity_exceeds", 0, params)


def _market(buyer: BuyerProfile, firm: FirmProfile) -> Reason:
    if firm.exports.get(buyer.country, 0) > 0:
        return Reason("market_exports", WEIGHTS["market"], {})
    if buyer.region in firm.regions:
        return Reason("market_region", WEIGHTS["region"], {})
    return Reason("market_new", 0, {})


def _history(firm: FirmProfile) -> list[Reason]:
    found = [Reason("history_event", 0, {"event": e}) for e in firm.shared_events[:1]]
    if firm.met_before is not None:
        found.append(Reason("history_meeting", 0, {"date": firm.met_before.isoformat()}))
    if firm.dealt_before:
        found.append(Reason("history_deal", 0, {}))
    if found:  # the points count once, on the first piece of history
        found[0] = Reason(found[0].code, WEIGHTS["history"], found[0].params)
    return found


def suggest(
    buyer: BuyerProfile, firms: Sequence[FirmProfile], *, limit: int = 10
) -> list[Suggestion]:
    """The firms that make what ``buyer`` buys, best first (ties by firm id), at most ``limit``."""
    found = []
    for firm in firms:
        category = _category(buyer, firm)
        if category is None:
            continue
        params = {"hs": category, "industry": industry_for_hs(category).value.replace("_", " & "),
                  "market": buyer.country}  # fmt: skip
        reasons = (
            Reason("category", WEIGHTS["category"], params),
            _market(buyer, firm),
            _capacity(buyer, firm, category),
            *_history(firm),
        )
        score = sum(r.points for r in reasons)
        found.append(
            Suggestion(
                buyer.buyer_id, firm.firm_id, firm.name, category, buyer.country, score, reasons
            )
        )
    found.sort(key=lambda s: (-s.score, s.firm_id))
    return found[:limit]


@dataclass(frozen=True)
class Funnel:
    """How many pairs reached each stage, and the conversion from one stage to the next."""

    reached: Mapping[MatchStage, int]

    def rate_pct(self, stage: MatchStage, *, base: MatchStage | None = None) -> Decimal | None:
        """Pairs reaching ``stage`` per 100 that reached ``base`` (default: the stage before)."""
        before = base or list(MatchStage)[max(stage.rank - 1, 0)]
        denominator = self.reached[before]
        return None if denominator == 0 else Decimal(self.reached[stage]) * 100 / denominator

    def to_dict(self) -> dict[str, Any]:
        def pct(value: Decimal | None) -> str | None:
            return None if value is None else str(round(value, 1))

        stages = [
            {"stage": s.value, "count": self.reached[s],
             "conversion_pct": pct(self.rate_pct(s)) if s.rank else None}
            for s in MatchStage
        ]  # fmt: skip
        overall = self.rate_pct(MatchStage.DEAL, base=MatchStage.SUGGESTED)
        return {"stages": stages, "overall_pct": pct(overall)}


def funnel(stages: Sequence[MatchStage]) -> Funnel:
    """Count each pair at its furthest stage and every stage before it.

    >>> f = funnel([MatchStage.SUGGESTED] * 5 + [MatchStage.CONTACTED] * 3 + [MatchStage.DEAL])
    >>> [f.reached[s] for s in MatchStage], f.rate_pct(MatchStage.CONTACTED)
    ([9, 4, 1, 1], Decimal('44.44444444444444444444444444'))
    """
    reached = {s: sum(1 for x in stages if x.rank >= s.rank) for s in MatchStage}
    return Funnel(reached)
