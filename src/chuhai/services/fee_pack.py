"""The commerce fee pack for people: channels with the status of their figures, one
channel's dated fees with the original text, confidence and as-of date, and the carriers'
DDP surcharges (with the carriers left out for want of a sourced figure).

Filters narrow the fees (a category keeps its own figures and the site-wide ones; a date keeps
those in force that day); a channel with no fee left drops out of the list.

>>> [row.channel_id for row in list_fee_channels(market="DE", category="umbrellas")][:3]
['airwallex', 'aliexpress', 'amazon_de']
>>> show_fees("amazon_de", category="umbrellas", as_of=date(2026, 11, 29))[0].rate
Decimal('0.15')
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from chuhai.domain.carrier_fees import CarrierFee
from chuhai.domain.channel_fees import Fee, FeeSchedule, FeeStatus
from chuhai.domain.countries import normalise_country
from chuhai.errors import InputError
from chuhai.rules.carrier_store import CarrierPack, load_carrier_pack
from chuhai.rules.commerce_store import (
    channel_markets,
    get_fee_schedule,
    load_fee_schedules,
    payment_provider_ids,
)

__all__ = [
    "FeeChannel",
    "carrier_fee_to_dict",
    "carrier_pack_to_dict",
    "fee_to_dict",
    "list_carrier_fees",
    "list_fee_channels",
    "show_fees",
]


@dataclass(frozen=True)
class FeeChannel:
    """One channel or payment provider of the pack and the fees the filters kept."""

    channel_id: str
    kind: str  # "channel" or "provider"
    platform: str
    site: str
    markets: tuple[str, ...]  # empty: sells anywhere (or a payment provider)
    confidence: str
    by_status: dict[str, int]
    as_of: str  # the newest "as of" among the kept fees

    def to_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel_id,
            "kind": self.kind,
            "platform": self.platform,
            "site": self.site,
            "markets": list(self.markets),
            "confidence": self.confidence,
            "fees_by_status": self.by_status,
            "as_of": self.as_of,
        }


def _status(text: str | None) -> FeeStatus | None:
    if text is None:
        return None
    try:
        return FeeStatus(text.strip().lower())
    except ValueError:
        options = ", ".join(s.value for s in FeeStatus)
        raise InputError(f"unknown status {text!r}: one of {options}", field="status") from None


def _kept(
    fees: tuple[Fee, ...],
    *,
    category: str | None,
    status: FeeStatus | None,
    as_of: date | None,
    market: str | None = None,
) -> list[Fee]:
    return [
        fee
        for fee in fees
        if (category is None or fee.category in (category, "*"))
        and (status is None or fee.status is status)
        and (as_of is None or fee.active_on(as_of))
        and (market is None or not fee.markets or market in fee.markets)
    ]


def list_fee_channels(
    *,
    market: str | None = None,
    status: str | None = None,
    category: str | None = None,
    as_of: date | None = None,
) -> list[FeeChannel]:
    """Channels (and providers) with fees matching the filters, by id.

    With ``market``, only channels selling there and those not tied to a market.
    """
    code = None if market is None else normalise_country(market, field="market")
    wanted = _status(status)
    providers = payment_provider_ids()
    found = []
    for schedule in sorted(load_fee_schedules().values(), key=lambda s: s.channel_id):
        markets = channel_markets(schedule)
        if code is not None and markets and code not in markets:
            continue
        fees = _kept(schedule.fees, category=category, status=wanted, as_of=as_of, market=code)
        if fees:
            found.append(_summary(schedule, fees, markets, providers))
    return found


def _summary(
    schedule: FeeSchedule, fees: list[Fee], markets: tuple[str, ...], providers: frozenset[str]
) -> FeeChannel:
    counts = Counter(fee.status.value for fee in fees)
    newest = max(fees, key=lambda f: f.as_of or date.min)
    return FeeChannel(
        channel_id=schedule.channel_id,
        kind="provider" if schedule.channel_id in providers else "channel",
        platform=schedule.platform,
        site=schedule.site,
        markets=markets,
        confidence=schedule.confidence.value,
        by_status=dict(sorted(counts.items())),
        as_of=newest.as_of_text or str(newest.as_of or ""),
    )


def show_fees(
    channel_id: str,
    *,
    category: str | None = None,
    market: str | None = None,
    as_of: date | None = None,
) -> list[Fee]:
    """The fees of one channel or provider, every dated figure unless ``as_of`` is given."""
    schedule = get_fee_schedule(channel_id.strip().lower())
    code = None if market is None else normalise_country(market, field="market")
    return _kept(schedule.fees, category=category, status=None, as_of=as_of, market=code)


def fee_to_dict(fee: Fee) -> dict[str, Any]:
    """A fee as JSON: its figure, dates, status, confidence and provenance."""

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        "fee_id": fee.fee_id,
        "kind": fee.kind.value,
        "category": fee.category,
        "markets": list(fee.markets),
        "currencies": list(fee.currencies),
        "status": fee.status.value,
        "rate": text(fee.rate),
        "rate_range": None if fee.rate_range is None else [str(r) for r in fee.rate_range],
        "tiers": [
            {
                "up_to": text(t.up_to),
                "inclusive": t.inclusive,
                "rate": str(t.rate),
                "fixed": str(t.fixed),
            }
            for t in fee.tiers
        ],
        "fixed": text(None if fee.fixed is None else fee.fixed.amount),
        "minimum": text(None if fee.minimum is None else fee.minimum.amount),
        "currency": fee.currency,
        "per": fee.per,
        "includes_shipping": fee.includes_shipping,
        "valid_from": text(fee.valid_from),
        "valid_to": text(fee.valid_to),
        "as_of": text(fee.as_of),
        "as_of_text": fee.as_of_text,
        "confidence": fee.confidence.value,
        "approximate": fee.approximate,
        "original_text": fee.original_text,
        "note": fee.note,
        "source_id": fee.source_id,
        "source": fee.source,
    }


def list_carrier_fees(*, as_of: date | None = None) -> CarrierPack:
    """The carrier fee pack; with ``as_of``, only the figures in force that day."""
    pack = load_carrier_pack()
    if as_of is None:
        return pack
    kept = tuple(
        f
        for f in pack.fees
        if (f.valid_from is None or f.valid_from <= as_of)
        and (f.valid_to is None or as_of < f.valid_to)
    )
    return CarrierPack(pack.version, kept, pack.left_out, pack.sources)


def carrier_fee_to_dict(fee: CarrierFee) -> dict[str, Any]:
    """A carrier's DDP surcharge as JSON: figure, lanes, dates, confidence and provenance."""

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        "fee_id": fee.fee_id,
        "carrier": fee.carrier,
        "carrier_name": fee.carrier_name,
        "label": fee.label,
        "fixed": text(None if fee.fixed is None else fee.fixed.amount),
        "rate": text(fee.rate),
        "minimum": text(None if fee.minimum is None else fee.minimum.amount),
        "currency": fee.currency,
        "ship_from": list(fee.ship_from),
        "destinations": list(fee.destinations),
        "valid_from": text(fee.valid_from),
        "valid_to": text(fee.valid_to),
        "as_of": text(fee.as_of),
        "as_of_text": fee.as_of_text,
        "confidence": fee.confidence.value,
        "original_text": fee.original_text,
        "note": fee.note,
        "source": fee.source,
    }


def carrier_pack_to_dict(pack: CarrierPack) -> dict[str, Any]:
    """The carrier pack as JSON: its figures and the carriers left out, with why."""
    return {
        "version": pack.version,
        "fees": [carrier_fee_to_dict(f) for f in pack.fees],
        "not_included": [{"carrier": c, "reason": r} for c, r in sorted(pack.left_out.items())],
    }
