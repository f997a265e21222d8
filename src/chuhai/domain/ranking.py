"""Rank destination markets for one product: factors, normalisation, weights, explanations.

Each market brings a raw value per factor (population, duty and tax as a share of the price,
distance...). Across the candidate set every factor is normalised to 0..1, 1 being best:

- ``minmax`` (default): ``(x - min) / (max - min)``, reversed when lower is better; a factor
  on a log scale is compared as ``log10(1 + x)``. When every market has the same value, each
  gets 0.5.
- ``rank``: ``(n - r) / (n - 1)`` with ``r`` the 1-based rank (ties share the average rank).

A market without a value for a factor scores a neutral 0.5 there and the explanation says
so. Weights are shares of the total: ``share = weight / sum(weights)``; a factor's
contribution is ``share x normalised x 100``; the score (0..100) is the exact sum of the
contributions. Markets are ordered by score, then by code, so ties are deterministic.

>>> markets = [MarketFacts("PH", {"logistics": Decimal("3.3")}),
...            MarketFacts("SG", {"logistics": Decimal("4.3")})]
>>> [(m.code, m.rank, m.score) for m in score_markets(markets, weights={"logistics": Decimal(1)})]
[('SG', 1, Decimal('100')), ('PH', 2, Decimal('0'))]
>>> great_circle_km(ORIGIN[0], ORIGIN[1], Decimal("14.6"), Decimal("121.0"))
Decimal('1162')
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from chuhai.errors import InputError

__all__ = [
    "FACTORS",
    "ORIGIN",
    "Factor",
    "FactorScore",
    "Layer",
    "MarketFacts",
    "MarketScore",
    "Normalisation",
    "NotRankable",
    "default_weights",
    "get_factor",
    "great_circle_km",
    "normalise",
    "ordinal",
    "parse_weights",
    "resolve_weights",
    "score_markets",
]

ORIGIN = (Decimal("24.8"), Decimal("118.6"))  # Jinjiang / Xiamen, Fujian
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
NEUTRAL = Decimal("0.5")
HUNDRED = Decimal(100)


class Layer(enum.StrEnum):
    DEMAND = "demand"  # market size, purchasing power, e-commerce readiness, logistics
    ECONOMICS = "economics"  # this product there: duty and tax, channel fees, platforms, distance
    TRADE = "trade"  # export potential from bilateral trade data the user supplies


class Normalisation(enum.StrEnum):
    MINMAX = "minmax"
    RANK = "rank"


@dataclass(frozen=True)
class Factor:
    """One thing the ranking weighs, which way is better, and why it has its default weight."""

    key: str
    label: str
    layer: Layer
    higher_is_better: bool
    log_scale: bool
    default_weight: Decimal
    weak: str  # how a weak score reads: "weaker logistics"
    why: str


def _f(
    key: str, label: str, layer: Layer, up: bool, log: bool, w: str, weak: str, why: str
) -> Factor:
    return Factor(key, label, layer, up, log, Decimal(w), weak, why)


D, E, T = Layer.DEMAND, Layer.ECONOMICS, Layer.TRADE
FACTORS: tuple[Factor, ...] = (
    _f("population", "market size", D, True, True, "0.08", "a smaller market",
       "people who could buy; log scale, so 100 million is not ten times 10 million"),
    _f("purchasing_power", "purchasing power", D, True, True, "0.12", "lower purchasing power",
       "GDP per capita at PPP: whether a consumer price like this one is affordable; log scale"),
    _f("internet_users", "internet use", D, True, False, "0.08", "lower internet use",
       "share of people online: the reach of any e-commerce channel"),
    _f("secure_servers", "online payment readiness", D, True, True, "0.05",
       "thinner online payment infrastructure",
       "secure servers per million people, a proxy for online payments; log scale"),
    _f("logistics", "logistics", D, True, False, "0.10", "weaker logistics",
       "World Bank Logistics Performance Index: parcels clear and arrive"),
    _f("import_demand", "import demand", D, True, True, "0.07", "smaller import demand",
       "merchandise imports in USD: how open the market is to imported goods; log scale"),
    _f("mobile", "mobile subscriptions", D, True, False, "0", "fewer mobile subscriptions",
       "per 100 people; off by default (saturated above 100 almost everywhere)"),
    _f("broadband", "fixed broadband", D, True, False, "0", "less fixed broadband",
       "per 100 people; off by default (mobile-first markets would be penalised)"),
    _f("urban_share", "urban share", D, True, False, "0", "a more rural population",
       "urban population share; off by default (correlates with the others)"),
    _f("duty_and_tax", "duty, tax and fees", E, False, False, "0.18", "higher duty, tax and fees",
       "what customs, tax and handling take, as a share of the price, from the landed-cost engine"),
    _f("channel_fees", "channel fees", E, False, False, "0.10", "higher channel fees",
       "commission and transaction fees of the cheapest platform that takes the product"),
    _f("platform_access", "platform access", E, True, True, "0.12",
       "fewer platforms open to China-based sellers",
       "platform sites that take China-based sellers (limited access counts half); log scale: "
       "the first platforms matter most"),
    _f("livestream", "livestream selling", E, True, False, "0.05", "less livestream selling",
       "sites open to China-based sellers with livestream selling (interest-based e-commerce)"),
    _f("distance", "distance", E, False, False, "0.05", "farther from Jinjiang",
       "great-circle km from Jinjiang; weighted down: parcels are priced by lane and weight"),
    _f("untapped_potential", "untapped export potential", T, True, True, "0.20",
       "less untapped export potential",
       "ITC-style potential minus actual exports (only with trade data); log scale"),
)  # fmt: skip
TRADE_ONLY = frozenset({"untapped_potential"})


def get_factor(key: str) -> Factor:
    for factor in FACTORS:
        if factor.key == key:
            return factor
    known = ", ".join(f.key for f in FACTORS)
    raise InputError(f"unknown ranking factor {key!r}; known: {known}", field="weights")


def default_weights(*, trade: bool = False) -> dict[str, Decimal]:
    """The documented defaults; the export-potential factor only counts with trade data."""
    return {
        f.key: (f.default_weight if trade or f.key not in TRADE_ONLY else Decimal(0))
        for f in FACTORS
    }


def parse_weights(items: Iterable[str]) -> dict[str, Decimal]:
    """``["logistics=0.2", "distance=0"]`` -> weights, naming the bad item on error.

    >>> parse_weights(["distance=0", "logistics=0.2"])
    {'distance': Decimal('0'), 'logistics': Decimal('0.2')}
    """
    found: dict[str, Decimal] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep:
            raise InputError(f"a weight looks like key=value, got {item!r}", field="weights")
        get_factor(key.strip())
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            raise InputError(
                f"weight {key.strip()} is not a number: {text!r}", field="weights"
            ) from None
        if not value.is_finite() or value < 0:
            raise InputError(f"weight {key.strip()} must be zero or more", field="weights")
        found[key.strip()] = value
    return found


def resolve_weights(overrides: Mapping[str, Decimal], *, trade: bool) -> dict[str, Decimal]:
    """Each factor's share of the total (summing to 1) after the user's overrides."""
    weights = default_weights(trade=trade)
    for key, value in overrides.items():
        if get_factor(key).key in TRADE_ONLY and not trade and value:
            raise InputError(f"{key} needs bilateral trade data (--trade-data)", field="weights")
        weights[key] = value
    total = sum(weights.values(), Decimal(0))
    if total <= 0:
        raise InputError("at least one weight must be above zero", field="weights")
    return {key: value / total for key, value in weights.items()}


@dataclass(frozen=True)
class MarketFacts:
    """A rankable market's raw factor values (``None``: no data) and the words behind them."""

    code: str
    values: Mapping[str, Decimal | None]
    facts: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NotRankable:
    """A market the ranking could not score, and why (never silently dropped)."""

    code: str
    reason: str
    error_code: str
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"market": self.code, "reason": self.reason, "error": self.error_code,
                "field": self.field}  # fmt: skip


@dataclass(frozen=True)
class FactorScore:
    key: str
    label: str
    layer: Layer
    raw: Decimal | None
    normalised: Decimal
    share: Decimal
    contribution: Decimal
    fact: str
    missing: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.key, "label": self.label, "layer": self.layer.value,
            "raw": None if self.raw is None else str(self.raw),
            "normalised": str(round(self.normalised, 4)), "weight": str(round(self.share, 4)),
            "contribution": str(round(self.contribution, 2)), "fact": self.fact,
            "missing": self.missing,
        }  # fmt: skip


@dataclass(frozen=True)
class MarketScore:
    code: str
    rank: int
    score: Decimal  # the exact sum of the factor contributions, 0..100
    layers: Mapping[Layer, Decimal | None]  # each layer's own score, 0..100
    factors: tuple[FactorScore, ...]
    explanation: str = ""

    def contribution(self, key: str) -> Decimal:
        return next(f.contribution for f in self.factors if f.key == key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "market": self.code,
            "rank": self.rank,
            "score": str(round(self.score, 2)),
            "layers": {
                k.value: None if v is None else str(round(v, 2)) for k, v in self.layers.items()
            },
            "explanation": self.explanation,
            "factors": [f.to_dict() for f in self.factors if f.share],
        }


def _transform(value: Decimal, log_scale: bool) -> Decimal:
    return (Decimal(1) + max(value, Decimal(0))).log10() if log_scale else value


def normalise(
    values: Sequence[Decimal | None], *, factor: Factor, method: Normalisation
) -> list[Decimal | None]:
    """0..1 per value (1 = best) across the set; ``None`` stays ``None``.

    >>> f = get_factor("distance")
    >>> normalise([Decimal(1000), None, Decimal(3000)], factor=f, method=Normalisation.MINMAX)
    [Decimal('1'), None, Decimal('0')]
    """
    known = [_transform(v, factor.log_scale) for v in values if v is not None]
    scores = _rank_scores(known) if method is Normalisation.RANK else _minmax_scores(known)
    if not factor.higher_is_better:
        scores = [Decimal(1) - s for s in scores]
    it = iter(scores)
    return [None if v is None else next(it) for v in values]


def _minmax_scores(values: list[Decimal]) -> list[Decimal]:
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [NEUTRAL] * len(values)
    return [(v - low) / (high - low) for v in values]


def _rank_scores(values: list[Decimal]) -> list[Decimal]:
    n = len(values)
    if n < 2:
        return [NEUTRAL] * n
    ascending = sorted(values)
    # the average 1-based position of each value, lowest first; higher values score higher
    position = {v: Decimal(sum(i + 1 for i, x in enumerate(ascending) if x == v)) /
                ascending.count(v) for v in set(values)}  # fmt: skip
    return [(position[v] - 1) / (n - 1) for v in values]


def score_markets(
    markets: Sequence[MarketFacts],
    *,
    weights: Mapping[str, Decimal],
    method: Normalisation = Normalisation.MINMAX,
) -> list[MarketScore]:
    """Score, order and explain ``markets``; ``weights`` are shares or raw weights (rescaled)."""
    total = sum(weights.values(), Decimal(0))
    if total <= 0:
        raise InputError("at least one weight must be above zero", field="weights")
    shares = {f.key: weights.get(f.key, Decimal(0)) / total for f in FACTORS}
    columns = {
        f.key: normalise([m.values.get(f.key) for m in markets], factor=f, method=method)
        for f in FACTORS
    }
    scored = [_score(m, i, shares, columns) for i, m in enumerate(markets)]
    ordered = sorted(scored, key=lambda s: (-s.score, s.code))
    ranked = [
        MarketScore(s.code, rank, s.score, s.layers, s.factors)
        for rank, s in enumerate(ordered, start=1)
    ]
    return [
        MarketScore(s.code, s.rank, s.score, s.layers, s.factors, explain(s, total=len(ranked)))
        for s in ranked
    ]


def _score(
    market: MarketFacts, index: int, shares: Mapping[str, Decimal],
    columns: Mapping[str, list[Decimal | None]],
) -> MarketScore:  # fmt: skip
    factors = []
    for f in FACTORS:
        value = columns[f.key][index]
        missing = value is None
        normalised = NEUTRAL if value is None else value
        raw = market.values.get(f.key)
        fact = market.facts.get(f.key) or (f"{f.label} {raw}" if raw is not None else f.label)
        if missing:
            fact = f"{fact}: no data (scored neutral)"
        contribution = shares[f.key] * normalised * HUNDRED if shares[f.key] else Decimal(0)
        factors.append(FactorScore(f.key, f.label, f.layer, raw, normalised, shares[f.key],
                                   contribution, fact, missing))  # fmt: skip
    score = sum((f.contribution for f in factors), Decimal(0))
    return MarketScore(market.code, 0, score, _layers(factors), tuple(factors))


def _layers(factors: Sequence[FactorScore]) -> dict[Layer, Decimal | None]:
    layers: dict[Layer, Decimal | None] = {}
    for layer in Layer:
        mine = [f for f in factors if f.layer is layer and f.share]
        weight = sum((f.share for f in mine), Decimal(0))
        layers[layer] = sum((f.contribution for f in mine), Decimal(0)) / weight if weight else None
    return layers


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``...

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def explain(score: MarketScore, *, total: int, strengths: int = 3) -> str:
    """One sentence a non-specialist reads: the strongest factors, then the weakest one."""
    weighted = [f for f in score.factors if f.share and not f.missing]
    strong = sorted(
        (f for f in weighted if f.normalised >= NEUTRAL),
        key=lambda f: (-f.contribution, f.key),
    )[:strengths]
    weak = sorted(
        (f for f in weighted if f.normalised < NEUTRAL),
        key=lambda f: (-(f.share * (1 - f.normalised)), f.key),
    )
    head = f"{score.code} ranks {ordinal(score.rank)} of {total} (score {round(score.score, 1)})"
    parts = [f.fact for f in strong]
    text = f"{head}: {', '.join(parts)}" if parts else f"{head}: no factor above the middle"
    if weak:
        text += f", but {get_factor(weak[0].key).weak} than most ({weak[0].fact})"
    missing = [f.label for f in score.factors if f.share and f.missing]
    if missing:
        text += f"; no data for {', '.join(missing)} (scored neutral)"
    return text + "."


def great_circle_km(lat1: Decimal, lon1: Decimal, lat2: Decimal, lon2: Decimal) -> Decimal:
    """Haversine distance in whole kilometres (mean Earth radius)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
    return Decimal(round(km))
