"""The platform directory's shape, its filters, and matching a product or firm to platform sites.

A match is scored out of 100 from five published parts, each explained in words:

==================  ==================================================================
access (40)         takes China-based sellers directly: yes 40, limited 20
market (20)         the wanted market is one the site names: 20; it only sells worldwide: 8
cost (20)           commission + transaction rate r on the category: 20 x (1 - r / 25%),
                    floored at 0; a published range counts at its upper end; unknown: 5;
                    no commission (supply-price model): 10
livestream (10)     yes 10, limited 5
confidence (10)     of the research row: high 10 ... low 2
==================  ==================================================================

Ties go by site id. Sites that fail a filter (closed to China-based sellers, another model,
a commission above the ceiling) are listed as excluded, with the reason.

>>> category_for_hs("6601.99"), category_for_hs("640411"), category_for_hs("0101")
('umbrellas', 'footwear', None)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = [
    "CATEGORIES",
    "CommissionView",
    "Exclusion",
    "MatchQuery",
    "PlatformMatch",
    "PlatformSite",
    "category_for_hs",
    "filter_sites",
    "match_platforms",
]

CATEGORIES = ("apparel", "footwear", "bags", "home_goods", "umbrellas")
_HS_CATEGORIES = (
    ("6601", "umbrellas"), ("4202", "bags"), ("64", "footwear"), ("61", "apparel"),
    ("62", "apparel"), ("63", "home_goods"), ("69", "home_goods"), ("94", "home_goods"),
    ("3924", "home_goods"), ("7323", "home_goods"), ("7013", "home_goods"),
)  # fmt: skip
CONFIDENCE_POINTS = {"high": 10, "medium-high": 8, "medium": 6, "low-medium": 4, "low": 2}
COST_CEILING = Decimal("0.25")


def category_for_hs(hs_code: str) -> str | None:
    """The fee category of the commerce fee pack for an HS code, if it has one."""
    digits = hs_code.replace(".", "").replace(" ", "")
    return next((cat for prefix, cat in _HS_CATEGORIES if digits.startswith(prefix)), None)


@dataclass(frozen=True)
class PlatformSite:
    """One platform site or program of the directory (see ``chuhai/data/platforms``)."""

    id: int
    platform: str
    site: str
    markets: tuple[str, ...]
    global_reach: bool
    markets_text: str
    region: str
    model: str
    business_model: str
    accepts_cn: str  # yes | limited | no | closed
    cn_onboarding_notes: str
    fulfilment_options: str
    livestream: str  # yes | limited | no
    livestream_notes: str
    languages: str
    listing_api: str
    status_notes: str
    confidence: str
    confidence_text: str
    source_status: str
    sources: str
    fee_as_of: str

    def reaches(self, market: str) -> bool:
        return market in self.markets or self.global_reach

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["markets"] = list(self.markets)
        return data


@dataclass(frozen=True)
class CommissionView:
    """What the commerce fee pack says a site charges on a category's sale."""

    status: str  # parsed | range | unparsed | not_applicable | none
    rate: Decimal | None = None  # the commission, or the upper end of a range
    extra_rate: Decimal = Decimal(0)  # transaction / payment fees charged as a share
    text: str = ""  # the original research text
    confidence: str = ""
    as_of: str = ""
    channel_id: str = ""

    @property
    def total_rate(self) -> Decimal | None:
        return None if self.rate is None else self.rate + self.extra_rate

    def describe(self, category: str | None) -> str:
        what = f"for {category}" if category else "(no fee category for this product)"
        if self.status == "none":
            return "no fee figures in the commerce fee pack"
        if self.status == "not_applicable":
            return f"no commission {what}: the platform buys at a supply price"
        if self.rate is None:
            return f"commission {what} not published ({self.text or 'unparsed'})"
        extra = f" + {_pct(self.extra_rate)} transaction fees" if self.extra_rate else ""
        upper = "up to " if self.status == "range" else ""
        return f"commission {what} {upper}{_pct(self.rate)}{extra}"


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).quantize(Decimal('0.01')).normalize():f}%"


@dataclass(frozen=True)
class MatchQuery:
    """What the firm wants: markets, a fee category, models, livestream and a cost ceiling."""

    markets: tuple[str, ...] = ()  # empty: any market
    category: str | None = None
    models: tuple[str, ...] = ()  # empty: any model
    accepts_cn_only: bool = True
    livestream: bool = False  # require livestream selling (yes or limited)
    max_commission: Decimal | None = None  # commission + transaction, as a fraction


@dataclass(frozen=True)
class PlatformMatch:
    site: PlatformSite
    market: str | None
    score: int
    parts: Mapping[str, int]
    commission: CommissionView
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.site.id, "platform": self.site.platform, "site": self.site.site,
            "market": self.market, "score": self.score, "parts": dict(self.parts),
            "model": self.site.model, "accepts_cn": self.site.accepts_cn,
            "livestream": self.site.livestream,
            "commission": {
                "status": self.commission.status,
                "rate": None if self.commission.rate is None else str(self.commission.rate),
                "extra_rate": str(self.commission.extra_rate), "text": self.commission.text,
                "confidence": self.commission.confidence, "as_of": self.commission.as_of,
            },
            "confidence": self.site.confidence, "fee_as_of": self.site.fee_as_of,
            "sources": self.site.sources, "explanation": self.explanation,
        }  # fmt: skip


@dataclass(frozen=True)
class Exclusion:
    site: PlatformSite
    market: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.site.id, "site": self.site.site, "market": self.market,
                "reason": self.reason}  # fmt: skip


def filter_sites(
    sites: Iterable[PlatformSite],
    *,
    market: str | None = None,
    accepts_cn: bool = False,
    livestream: bool = False,
    model: str | None = None,
    text: str | None = None,
) -> list[PlatformSite]:
    """Sites that reach ``market``, take China-based sellers (yes or limited), sell by
    livestream (yes or limited), follow ``model`` or mention ``text`` (any case)."""
    needle = (text or "").lower()
    return [
        s
        for s in sites
        if (market is None or s.reaches(market))
        and (not accepts_cn or s.accepts_cn in ("yes", "limited"))
        and (not livestream or s.livestream in ("yes", "limited"))
        and (model is None or s.model == model)
        and (not needle or needle in f"{s.platform} {s.site} {s.markets_text}".lower())
    ]


def match_platforms(
    sites: Sequence[PlatformSite],
    query: MatchQuery,
    commissions: Mapping[tuple[int, str | None], CommissionView],
) -> tuple[list[PlatformMatch], list[Exclusion]]:
    """Matches (best first) and exclusions for each wanted market (or any market).

    ``commissions`` maps (site id, market) to the fee pack's view of the category there.
    """
    matches: list[PlatformMatch] = []
    excluded: list[Exclusion] = []
    for market in query.markets or (None,):
        for site in sites:
            if market is not None and not site.reaches(market):
                continue
            view = commissions.get((site.id, market), CommissionView("none"))
            reason = _excluded(site, query, view)
            if reason:
                excluded.append(Exclusion(site, market, reason))
            else:
                matches.append(_match(site, market, query, view))
    matches.sort(key=lambda m: (m.market or "", -m.score, m.site.id))
    return matches, excluded


def _excluded(site: PlatformSite, query: MatchQuery, view: CommissionView) -> str:
    if site.accepts_cn == "closed":
        return "closed"
    if query.accepts_cn_only and site.accepts_cn == "no":
        return "needs a local entity or warehouse: does not take China-based sellers directly"
    if query.models and site.model not in query.models:
        return f"model {site.model} is not among {', '.join(query.models)}"
    if query.livestream and site.livestream == "no":
        return "no livestream selling"
    total = view.total_rate
    if query.max_commission is not None and total is not None and total > query.max_commission:
        return f"commission and fees {_pct(total)} above the ceiling {_pct(query.max_commission)}"
    return ""


def _cost_points(view: CommissionView) -> int:
    if view.status == "not_applicable":
        return 10
    total = view.total_rate
    if total is None:
        return 5
    return max(0, int((20 * (1 - total / COST_CEILING)).to_integral_value()))


def _match(
    site: PlatformSite, market: str | None, query: MatchQuery, view: CommissionView
) -> PlatformMatch:
    parts = {
        "access": {"yes": 40, "limited": 20}.get(site.accepts_cn, 0),
        "market": 20 if market is None or market in site.markets else 8,
        "cost": _cost_points(view),
        "livestream": {"yes": 10, "limited": 5}.get(site.livestream, 0),
        "confidence": CONFIDENCE_POINTS.get(site.confidence, 0),
    }
    return PlatformMatch(site, market, sum(parts.values()), parts, view,
                         _explain(site, market, query, view))  # fmt: skip


def _explain(
    site: PlatformSite, market: str | None, query: MatchQuery, view: CommissionView
) -> str:
    access = {
        "yes": "takes China-based sellers directly",
        "limited": "takes China-based sellers with limits",
    }.get(site.accepts_cn, "does not take China-based sellers directly")
    where = (
        f"sells in {market}" if market is None or market in site.markets
        else f"sells worldwide ({site.markets_text}), {market} not named"
    )  # fmt: skip
    live = {"yes": "livestream selling", "limited": "limited livestream selling"}.get(
        site.livestream, "no livestream selling"
    )
    words = [access, where, live, view.describe(query.category)]
    trust = f"research confidence {site.confidence}, fees as of {view.as_of or site.fee_as_of}"
    return f"{site.site} ({site.platform}): {'; '.join(words)}; {trust}."
