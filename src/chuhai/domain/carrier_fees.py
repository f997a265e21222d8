"""Carriers' fees for advancing duties and taxes on a DDP shipment, as dated data.

A courier that pays the import duties and taxes for the shipper bills a surcharge for it (a
"duty and tax forwarding" or disbursement fee): a fixed amount and/or a rate of the duties and
taxes advanced, with a minimum. A :class:`CarrierFee` is one such figure: where it applies
(ship-from countries and destinations; empty means any), its ``valid_from`` (inclusive) and
``valid_to`` (exclusive), its source, confidence and as-of date. It is charged only when the
carrier actually advances something: :func:`advanced_at_border` is what the seller pays at the
border, and nothing advanced means no surcharge.

>>> ups = CarrierFee(fee_id="ups:ddp:1", carrier="ups", carrier_name="UPS",
...                  label="duty and tax forwarding surcharge", confidence=Confidence.MEDIUM,
...                  fixed=Money("15", "USD"), ship_from=("US",))
>>> ups.applies(ship_from="US", destination="GB", day=date(2026, 11, 29))
True
>>> ups.applies(ship_from="CN", destination="GB", day=date(2026, 11, 29))
False
>>> ups.amount_on(Money("12.40", "USD"))
Money('15.00', 'USD')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from chuhai.domain.channel_fees import Confidence
from chuhai.domain.fx import FxQuote
from chuhai.domain.money import Money
from chuhai.domain.quote import ChargeKind, Quote
from chuhai.errors import CurrencyMismatchError, InputError, RuleNotFoundError

__all__ = ["BORDER_COLLECTORS", "CarrierFee", "advanced_at_border", "select_carrier_fee"]

BORDER_COLLECTORS = frozenset({"border", "carrier", "customs"})
"""Who collects a charge at import that a courier advances on a DDP shipment (not the post)."""


@dataclass(frozen=True)
class CarrierFee:
    """One dated DDP surcharge of a carrier, with its provenance."""

    fee_id: str
    carrier: str  # the id used to choose it: ups
    carrier_name: str
    label: str
    confidence: Confidence
    fixed: Money | None = None
    rate: Decimal | None = None  # a fraction of the duties and taxes advanced
    minimum: Money | None = None
    ship_from: tuple[str, ...] = ()  # empty: from anywhere
    destinations: tuple[str, ...] = ()  # empty: to anywhere (but the ship-from country)
    valid_from: date | None = None
    valid_to: date | None = None
    as_of: date | None = None
    as_of_text: str = ""
    source: str = ""
    original_text: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.fixed is None and self.rate is None:
            raise InputError(f"{self.fee_id}: give a fixed amount or a rate", field="fixed")
        if self.rate is not None and not Decimal(0) <= self.rate < 1:
            raise InputError(f"{self.fee_id}: a rate is a fraction, not {self.rate}", field="rate")
        money = [m for m in (self.fixed, self.minimum) if m is not None]
        if len({m.currency for m in money}) > 1:
            raise CurrencyMismatchError(f"{self.fee_id}: one currency per fee", field="currency")
        start, end = self.valid_from, self.valid_to
        if start is not None and end is not None and end <= start:
            raise InputError(f"{self.fee_id}: valid_to must follow valid_from", field="valid_to")

    @property
    def name(self) -> str:
        return f"{self.carrier_name}: {self.label}"

    def applies(self, *, ship_from: str, destination: str, day: date) -> bool:
        """Whether the figure covers this lane on ``day`` (a domestic lane never)."""
        lane = ship_from != destination
        lane = lane and (not self.ship_from or ship_from in self.ship_from)
        lane = lane and (not self.destinations or destination in self.destinations)
        after = self.valid_from is None or self.valid_from <= day
        return lane and after and (self.valid_to is None or day < self.valid_to)

    def amount_on(self, advanced: Money) -> Money:
        """The surcharge on ``advanced`` (duties and taxes paid for the shipper), unrounded."""
        zero = Money.zero(advanced.currency)
        amount = advanced * self.rate if self.rate is not None else zero
        if self.fixed is not None:
            amount = amount + self.fixed
        if self.minimum is not None and amount < self.minimum:
            amount = self.minimum
        return amount

    def converted(self, quote: FxQuote) -> CarrierFee:
        """Fixed amounts in ``quote.quote``; the note records the rate, its date and source."""
        if self.fixed is None and self.minimum is None:
            return self

        def money(m: Money | None) -> Money | None:
            return None if m is None else quote.convert(m)

        how = (
            f"{quote.base} amounts at {quote.rate} {quote.quote}/{quote.base} of "
            f"{quote.rate_date} ({quote.source_id})"
        )
        note = f"{self.note}; {how}" if self.note else how
        return replace(self, fixed=money(self.fixed), minimum=money(self.minimum), note=note)

    @property
    def currency(self) -> str | None:
        money = self.fixed or self.minimum
        return None if money is None else money.currency

    def describe(self) -> str:
        """Where the figure comes from, in one line for a waterfall."""
        parts = [self.source or "user"]
        if self.as_of_text or self.as_of:
            parts.append(f"as of {self.as_of_text or self.as_of}")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)


def select_carrier_fee(
    fees: Iterable[CarrierFee], *, carrier: str, ship_from: str, destination: str, day: date
) -> CarrierFee:
    """The carrier's figure for this lane on ``day``; one for the destination beats a general one.

    Raises :class:`RuleNotFoundError` (field ``carrier``) when no figure covers the lane.
    """
    found = [
        f
        for f in fees
        if f.carrier == carrier and f.applies(ship_from=ship_from, destination=destination, day=day)
    ]
    found.sort(key=lambda f: (not f.destinations, not f.ship_from))
    if not found:
        raise RuleNotFoundError(
            f"no sourced DDP fee of {carrier} for {ship_from} -> {destination} on {day}; "
            "supply your figure (--carrier-fee)",
            field="carrier",
        )
    return found[0]


def advanced_at_border(quote: Quote) -> Money:
    """The duties, taxes and fees the seller pays at import: what a DDP carrier advances."""
    charges = [
        c.amount
        for c in quote.charges
        if c.payer == "seller"
        and c.collected_by in BORDER_COLLECTORS
        and c.kind is not ChargeKind.COST
    ]
    return sum(charges, Money.zero(quote.currency))
