"""The platform directory with its fees, and matching products or firms to platform sites.

Sites come from ``chuhai/data/platforms``; their fees from the commerce fee pack
(:func:`chuhai.rules.commerce_store.load_fee_schedules`), joined by the research row id (a fee's
``source_id`` is ``platforms:<id>``). Without a date, fees are the newest figures in the
pack (the schedule as of its latest change); with ``as_of``, those in force that day.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from chuhai.domain.channel_fees import Fee, FeeKind, FeeSchedule, FeeStatus
from chuhai.domain.countries import normalise_country
from chuhai.domain.platform_matching import (
    CATEGORIES,
    CommissionView,
    Exclusion,
    MatchQuery,
    PlatformMatch,
    PlatformSite,
    category_for_hs,
    filter_sites,
    match_platforms,
)
from chuhai.errors import InputError, UnknownHSCodeError
from chuhai.rules.commerce_store import load_fee_schedules
from chuhai.rules.hs_nomenclature import get_hs_entry
from chuhai.rules.platforms import list_platform_sites

__all__ = [
    "MODELS",
    "DirectoryEntry",
    "FirmProfile",
    "PlatformMatching",
    "channel_for_site",
    "check_hs_code",
    "commission_view",
    "match_firm",
    "match_product",
    "platform_directory",
]

MODELS = ("marketplace", "social_commerce", "full_managed", "semi_managed", "supplier",
          "independent_store", "b2b_wholesale")  # fmt: skip


def check_hs_code(code: str, *, field: str = "hs_code") -> str:
    """Digits of an HS or national code whose 6 (or 4) first digits are in HS 2022.

    >>> check_hs_code("6601.99")
    '660199'
    """
    digits = code.replace(".", "").replace(" ", "").strip()
    if not (digits.isascii() and digits.isdigit() and 4 <= len(digits) <= 12):
        raise UnknownHSCodeError(f"an HS code has 4 to 12 digits, got {code!r}", field=field)
    try:
        get_hs_entry(digits[:6] if len(digits) >= 6 else digits)
    except UnknownHSCodeError:
        raise UnknownHSCodeError(f"{code!r} is not an HS 2022 code", field=field) from None
    return digits


@functools.cache
def _channels() -> dict[int, FeeSchedule]:
    """Directory id -> the fee schedule researched on that row."""
    found: dict[int, FeeSchedule] = {}
    for schedule in load_fee_schedules().values():
        for fee in schedule.fees:
            if fee.source_id.startswith("platforms:"):
                found.setdefault(int(fee.source_id.split(":")[1]), schedule)
    return found


def channel_for_site(site_id: int) -> str | None:
    """The commerce fee pack's channel id for a directory site, if it has fees."""
    schedule = _channels().get(site_id)
    return schedule.channel_id if schedule else None


def _newest_day(schedule: FeeSchedule) -> date:
    starts = [fee.valid_from for fee in schedule.fees if fee.valid_from is not None]
    return max(starts, default=date(2000, 1, 1))


def commission_view(
    site: PlatformSite, *, category: str | None, market: str | None = None,
    as_of: date | None = None, price: Decimal | None = None,
) -> CommissionView:  # fmt: skip
    """What the fee pack says ``site`` charges on ``category`` in ``market``.

    ``price`` (in the sale currency) picks the tier of a tiered commission; without it the
    highest tier counts.
    """
    schedule = _channels().get(site.id)
    if schedule is None:
        return CommissionView("none")
    day = as_of or _newest_day(schedule)
    fees = schedule.select(category=category or "*", as_of=day, market=market)
    extra = sum(
        (f.rate for f in fees if f.kind in (FeeKind.TRANSACTION, FeeKind.PAYMENT)
         and f.status is FeeStatus.PARSED and f.rate is not None),
        Decimal(0),
    )  # fmt: skip
    commission = next((f for f in fees if f.kind is FeeKind.COMMISSION), None)
    if commission is None or category is None:
        return CommissionView("unparsed", None, extra, "no commission for this category",
                              schedule.confidence.value, site.fee_as_of, schedule.channel_id)  # fmt: skip
    return CommissionView(
        commission.status.value, _rate(commission, price), extra, commission.original_text,
        commission.confidence.value, commission.as_of_text, schedule.channel_id,
    )  # fmt: skip


def _rate(fee: Fee, price: Decimal | None) -> Decimal | None:
    if fee.status is FeeStatus.RANGE and fee.rate_range is not None:
        return fee.rate_range[1]
    if fee.status is not FeeStatus.PARSED:
        return None
    if fee.tiers:
        if price is not None:
            return next((t.rate for t in fee.tiers if t.covers(price)), fee.tiers[-1].rate)
        return max(t.rate for t in fee.tiers)
    return fee.rate


@dataclass(frozen=True)
class DirectoryEntry:
    """A site with its commission per fee category."""

    site: PlatformSite
    channel_id: str | None
    fees: dict[str, CommissionView] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fees = {
            category: {"status": v.status, "rate": None if v.rate is None else str(v.rate),
                       "extra_rate": str(v.extra_rate), "text": v.text,
                       "confidence": v.confidence, "as_of": v.as_of}
            for category, v in self.fees.items()
        }  # fmt: skip
        return {**self.site.to_dict(), "channel_id": self.channel_id, "fees": fees}


def _market(code: str | None, field_name: str = "market") -> str | None:
    return None if code is None else normalise_country(code, field=field_name)


def platform_directory(
    *, market: str | None = None, accepts_cn: bool = False, livestream: bool = False,
    model: str | None = None, search: str | None = None, as_of: date | None = None,
) -> list[DirectoryEntry]:  # fmt: skip
    """The directory, filtered; each entry with its commissions for the five fee categories."""
    if model is not None and model not in (*MODELS, "closed"):
        raise InputError(f"unknown model {model!r}; known: {', '.join(MODELS)}", field="model")
    code = _market(market)
    sites = filter_sites(list_platform_sites(), market=code, accepts_cn=accepts_cn,
                         livestream=livestream, model=model, text=search)  # fmt: skip
    return [
        DirectoryEntry(
            site,
            channel_for_site(site.id),
            {c: commission_view(site, category=c, market=code, as_of=as_of) for c in CATEGORIES},
        )
        for site in sites
    ]


@dataclass(frozen=True)
class PlatformMatching:
    """Matches and exclusions for one product (or one category of a firm)."""

    category: str | None
    query: MatchQuery
    matches: list[PlatformMatch]
    excluded: list[Exclusion]

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "markets": list(self.query.markets),
            "matches": [m.to_dict() for m in self.matches],
            "excluded": [e.to_dict() for e in self.excluded],
        }


def _matching(query: MatchQuery, *, as_of: date | None, price: Decimal | None) -> PlatformMatching:
    sites = list_platform_sites()
    views = {
        (site.id, market): commission_view(site, category=query.category, market=market,
                                           as_of=as_of, price=price)
        for market in query.markets or (None,)
        for site in sites
        if market is None or site.reaches(market)
    }  # fmt: skip
    matches, excluded = match_platforms(sites, query, views)
    return PlatformMatching(query.category, query, matches, excluded)


def match_product(
    *, hs_code: str, markets: Sequence[str] = (), as_of: date | None = None,
    models: Sequence[str] = (), livestream: bool = False,
    max_commission: Decimal | None = None, price: Decimal | None = None,
) -> PlatformMatching:  # fmt: skip
    """Platform sites for one product (by HS code) in ``markets``, each match explained."""
    check_hs_code(hs_code)
    for model in models:
        if model not in MODELS:
            raise InputError(f"unknown model {model!r}; known: {', '.join(MODELS)}", field="model")
    query = MatchQuery(
        markets=tuple(dict.fromkeys(normalise_country(m, field="markets") for m in markets)),
        category=category_for_hs(hs_code), models=tuple(models), livestream=livestream,
        max_commission=max_commission,
    )  # fmt: skip
    return _matching(query, as_of=as_of, price=price)


@dataclass(frozen=True)
class FirmProfile:
    """A firm: what it makes (HS codes), where it wants to sell, how, and at what cost."""

    hs_codes: tuple[str, ...]
    markets: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    livestream: bool = False  # the firm runs livestream selling
    max_commission: Decimal | None = None


def match_firm(profile: FirmProfile, *, as_of: date | None = None) -> list[PlatformMatching]:
    """One matching per fee category of the firm's products (products without one: 'other')."""
    if not profile.hs_codes:
        raise InputError("a firm needs at least one HS code", field="hs_codes")
    categories = list(dict.fromkeys(_category(code) for code in profile.hs_codes))
    return [
        _matching(
            MatchQuery(
                markets=tuple(normalise_country(m, field="markets") for m in profile.markets),
                category=category, models=profile.models, livestream=profile.livestream,
                max_commission=profile.max_commission,
            ),
            as_of=as_of, price=None,
        )
        for category in categories
    ]  # fmt: skip


def _category(code: str) -> str | None:
    check_hs_code(code, field="hs_codes")
    return category_for_hs(code)


def accepting_sites(market: str, sites: Iterable[PlatformSite] | None = None) -> list[PlatformSite]:
    """Sites naming ``market`` that take China-based sellers (yes or limited)."""
    return [
        s
        for s in (list_platform_sites() if sites is None else sites)
        if market in s.markets and s.accepts_cn in ("yes", "limited")
    ]
