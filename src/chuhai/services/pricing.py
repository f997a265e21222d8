"""Prices, margins and price lists of products per market and channel.

For one product sold one order at a time through one channel, this builds the order's
consignment (a B2C parcel whose declared value is the price net of the taxes inside it),
quotes it with :func:`chuhai.services.quoting.quote`, turns the seller's costs into the sale
currency at the rate of the date, resolves the channel's fees from the commerce fee pack, and
runs the domain: :func:`~chuhai.domain.margin.calculate_waterfall` at a given price,
:func:`~chuhai.domain.price_solver.solve_price` for a target margin, break-even CAC and the OEM
comparison. A price list (:mod:`chuhai.services.price_list`) runs the same for a catalogue.

Prices are in the market's currency (the pack's). Where the market shows prices with tax
(EU, GB, JP, AU by default) the price includes the VAT/GST that the quote charges; elsewhere
(US, CA...) sales tax is added at checkout and is not in the price.

Two settings of a channel reach the waterfall as lines of their own: a ``carrier`` whose DDP
surcharge (from the carrier fee pack, or the user's ``carrier_fee``) is due when it advances
duties and taxes for the seller, and an ``fx_buffer`` (a fraction, default 0) set aside on
the payout converted from the sale currency into the seller's (that of the unit cost, CNY).
Every conversion names its rate, date and source; a missing rate names the field ``date``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from chuhai.domain.carrier_fees import CarrierFee
from chuhai.domain.channel_fees import Fee, FeeKind, resolve_fees
from chuhai.domain.consignment import Incoterm, Mode, TaxCollector
from chuhai.domain.countries import normalise_country
from chuhai.domain.fx import FxMethod, FxQuote, FxRates
from chuhai.domain.fx_buffer import FxBuffer
from chuhai.domain.margin import (
    USER,
    BreakEven,
    ComparisonRow,
    CostLine,
    Economics,
    MarginTarget,
    OemDeal,
    Returns,
    Waterfall,
    calculate_break_even,
    calculate_waterfall,
    compare_oem_b2c,
)
from chuhai.domain.money import Money
from chuhai.domain.price_rounding import RoundingPolicy, get_policy
from chuhai.domain.price_solver import PriceSolution, solve_price
from chuhai.domain.quote import ChargeKind, Quote
from chuhai.errors import FXRateNotFoundError, InputError
from chuhai.rules.carrier_store import get_carrier_fee
from chuhai.rules.commerce_store import get_fee_schedule, load_fee_schedules
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack
from chuhai.services.quoting import quote

__all__ = [
    "DIRECT",
    "TAX_INCLUSIVE_MARKETS",
    "PricingResult",
    "Product",
    "SalesChannel",
    "build_economics",
    "compare_with_oem",
    "load_fee_schedules",
    "make_landed",
    "margin_at_price",
    "price_product",
]

DIRECT = "direct"  # an own store: no platform commission, payment fees from the providers
EU_MEMBERS = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip
TAX_INCLUSIVE_MARKETS = frozenset([*EU_MEMBERS, "GB", "JP", "AU"])
"""Markets whose consumer prices are shown with VAT/GST included (override per channel)."""


@dataclass(frozen=True)
class Product:
    """What the factory sells: its cost per unit and what customs needs to know."""

    sku: str
    title: str
    hs_code: str
    unit_cost: Money  # FOB / ex-works, per unit, in any currency
    category: str  # fee category: apparel | footwear | bags | home_goods | umbrellas
    origin: str = "CN"
    unit_weight_kg: Decimal = Decimal(0)
    china_cost: Money | None = None  # per unit: inland logistics, export clearance...


@dataclass(frozen=True)
class SalesChannel:
    """A market and the way the order reaches the buyer there."""

    market: str
    channel_id: str  # a channel of the commerce fee pack (amazon_de, tiktok_shop_gb) or DIRECT
    freight: Money  # the seller's carriage per order, in any currency
    units: Decimal = Decimal(1)  # units per order
    providers: tuple[str, ...] = ()  # payment / payout providers of the fee pack (lianlian...)
    ship_from: str = "CN"
    mode: Mode = Mode.COURIER
    incoterm: Incoterm = Incoterm.DDP
    tax_collector: TaxCollector = TaxCollector.PLATFORM
    tax_inclusive: bool | None = None  # None: the market's custom (TAX_INCLUSIVE_MARKETS)
    shipping_charged: Money | None = None  # to the buyer, per order, in the sale currency
    returns: Returns | None = None
    cac: Money | None = None  # per order, in the sale currency
    fee_overrides: tuple[Fee, ...] = ()
    waive: tuple[FeeKind, ...] = ()
    use_range_upper: bool = False
    carrier: str | None = None  # a carrier of the carrier fee pack (ups) for its DDP surcharge
    carrier_fee: CarrierFee | None = None  # the user's figure, in place of the pack's
    fx_buffer: Decimal = Decimal(0)  # a fraction of the payout converted home, set aside

    def __post_init__(self) -> None:
        object.__setattr__(self, "market", normalise_country(self.market, field="market"))
        if self.units <= 0:
            raise InputError("units per order must be positive", field="units")
        if not Decimal(0) <= self.fx_buffer < 1:
            raise InputError("an FX buffer lies from 0 up to 100 percent", field="fx_buffer_pct")

    @property
    def currency(self) -> str:
        return get_pack(self.market).header.currency

    @property
    def shows_tax(self) -> bool:
        if self.tax_inclusive is not None:
            return self.tax_inclusive
        return self.market in TAX_INCLUSIVE_MARKETS


@dataclass(frozen=True)
class PricingResult:
    product: Product
    channel: SalesChannel
    solution: PriceSolution
    break_even: BreakEven
    notes: tuple[str, ...]


def _rates(channel: SalesChannel, rates: FxRates | None) -> FxRates:
    if rates is not None:
        return rates
    days = get_pack(channel.market).header.fx.max_staleness_days
    return load_shipped_rates(max_staleness_days=days)


def _rate(rates: FxRates, base: str, quote: str, *, as_of: date) -> FxQuote:
    """The daily rate of ``as_of``; none for that date is an error naming the field ``date``."""
    try:
        return rates.get_rate(base, quote, as_of=as_of, method=FxMethod.DAILY)
    except FXRateNotFoundError as exc:
        raise FXRateNotFoundError(exc.message, field=exc.field or "date") from None


def _cost(
    code: str, money: Money, *, label: str, currency: str, as_of: date, rates: FxRates, per: str
) -> CostLine:
    """A seller's cost in the sale currency; the line names the rate, its date and source."""
    if money.currency == currency:
        return CostLine(code, label, money, per=per)
    fx = _rate(rates, money.currency, currency, as_of=as_of)
    source = f"{USER}; {money} at {fx.rate} {fx.quote}/{fx.base} of {fx.rate_date} ({fx.source_id})"
    return CostLine(code, label, fx.convert(money), per=per, source=source)


def build_economics(
    product: Product, channel: SalesChannel, *, as_of: date, rates: FxRates | None = None
) -> tuple[Economics, tuple[str, ...]]:
    """The order's costs and fees in the sale currency, with notes on what was left out."""
    currency = channel.currency
    fx = _rates(channel, rates)
    given: dict[str, Any] = {"currency": currency, "as_of": as_of, "rates": fx}
    costs = [_cost("goods", product.unit_cost, label="goods (FOB/ex-works)", per="unit", **given)]
    if product.china_cost is not None:
        costs.append(
            _cost("china", product.china_cost, label="China-side costs", per="unit", **given)
        )
    costs.append(
        _cost("freight", channel.freight, label="international freight", per="order", **given)
    )
    fees, notes = _channel_fees(product, channel, as_of=as_of, currency=currency, rates=fx)
    economics = Economics(
        currency=currency,
        units=channel.units,
        costs=tuple(costs),
        fees=fees,
        returns=channel.returns,
        cac=channel.cac,
        shipping_charged=channel.shipping_charged,
        carrier_fee=_carrier_fee(channel, as_of=as_of, rates=fx),
        fx_buffer=_fx_buffer(channel, home=product.unit_cost.currency, as_of=as_of, rates=fx),
    )
    return economics, notes


def _carrier_fee(channel: SalesChannel, *, as_of: date, rates: FxRates) -> CarrierFee | None:
    """The chosen carrier's DDP surcharge in the sale currency (none when the buyer pays, DAP)."""
    if channel.incoterm is Incoterm.DAP or not (channel.carrier or channel.carrier_fee):
        return None
    fee = channel.carrier_fee or get_carrier_fee(
        channel.carrier or "", ship_from=channel.ship_from, destination=channel.market, day=as_of
    )
    if fee.currency in (None, channel.currency):
        return fee
    return fee.converted(_rate(rates, fee.currency or "", channel.currency, as_of=as_of))


def _fx_buffer(channel: SalesChannel, *, home: str, as_of: date, rates: FxRates) -> FxBuffer | None:
    """The buffer on converting the sale currency home, with today's reference rate."""
    if not channel.fx_buffer or channel.currency == home:
        return None
    reference = _rate(rates, channel.currency, home, as_of=as_of)
    return FxBuffer(channel.fx_buffer, channel.currency, home, reference)


def _channel_fees(
    product: Product, channel: SalesChannel, *, as_of: date, currency: str, rates: FxRates
) -> tuple[tuple[Fee, ...], tuple[str, ...]]:
    options: dict[str, Any] = {
        "category": product.category,
        "as_of": as_of,
        "market": channel.market,
        "currency": currency,
        "waive": channel.waive,
        "use_range_upper": channel.use_range_upper,
    }
    schedules = [get_fee_schedule(p, field="provider") for p in channel.providers]
    if channel.channel_id != DIRECT:
        schedules.insert(0, get_fee_schedule(channel.channel_id))
    found = {fee.fee_id: fee for fee in channel.fee_overrides}
    notes: list[str] = []
    for index, schedule in enumerate(schedules):
        platform = index == 0 and channel.channel_id != DIRECT
        resolved = resolve_fees(
            schedule, overrides=channel.fee_overrides, require_commission=platform, **options
        )
        found.update({fee.fee_id: fee for fee in resolved.fees})  # user figures appear once
        notes += resolved.notes
    converted = []
    for fee in found.values():
        if fee.currency not in (None, currency):
            fx = _rate(rates, fee.currency or "", currency, as_of=as_of)
            how = f"{fx.base} amounts at {fx.rate} {currency}/{fx.base} of {fx.rate_date}"
            fee = fee.converted(currency, rate=fx.rate)
            fee = replace(fee, source=f"{fee.source or 'user'}; {how} ({fx.source_id})")
        converted.append(fee)
    return tuple(converted), tuple(notes)


def make_landed(
    product: Product, channel: SalesChannel, *, as_of: date, rates: FxRates | None = None
) -> Callable[[Money], Quote]:
    """``landed(price) -> Quote`` for one order at ``price`` (what the buyer pays for the goods).

    Where prices show tax, the declared value is the largest amount (in minor units) whose
    value plus the taxes the quote charges on it fits in the price.
    """
    fx = _rates(channel, rates)
    currency = channel.currency

    @functools.cache
    def at_declared(minor: int) -> Quote:
        declared = Money.from_minor(minor, currency)
        try:
            return quote(_consignment(product, channel, declared=declared, as_of=as_of), rates=fx)
        except FXRateNotFoundError as exc:
            raise FXRateNotFoundError(exc.message, field=exc.field or "date") from None

    def landed(price: Money) -> Quote:
        if price.currency != currency:
            raise InputError(f"price a {channel.market} sale in {currency}", field="price")
        total = price.to_minor()
        if not channel.shows_tax:
            return at_declared(total)
        return at_declared(_declared_value(total, lambda v: _taxes(at_declared(v))))

    return landed


def _taxes(q: Quote) -> int:
    taxes = [c.amount for c in q.charges if c.kind is ChargeKind.TAX and c.payer == "seller"]
    return sum(taxes, Money.zero(q.currency)).to_minor()


def _declared_value(price: int, taxes: Callable[[int], int]) -> int:
    """The largest v with v + taxes(v) <= price (taxes grow with v)."""
    lo, hi = price - taxes(price), price
    if lo == hi:
        return lo
    gap_lo, gap_hi = lo + taxes(lo) - price, taxes(price)
    for _ in range(64):
        if hi - lo <= 1:
            break
        step = (-gap_lo * (hi - lo)) // max(gap_hi - gap_lo, 1)
        guess = min(max(lo + step, lo + 1), hi - 1)
        gap = guess + taxes(guess) - price
        lo, gap_lo, hi, gap_hi = (guess, gap, hi, gap_hi) if gap <= 0 else (lo, gap_lo, guess, gap)
    return lo


def _consignment(
    product: Product, channel: SalesChannel, *, declared: Money, as_of: date
) -> dict[str, Any]:
    charged = channel.shipping_charged
    return {
        "destination": channel.market,
        "ship_from": channel.ship_from,
        "date": as_of.isoformat(),
        "currency": declared.currency,
        "mode": channel.mode.value,
        "sale_model": "b2c_direct",
        "incoterm": channel.incoterm.value,
        "tax_collector": channel.tax_collector.value,
        "freight": str(charged.amount) if charged is not None else "0",
        "lines": [
            {
                "hs_code": product.hs_code,
                "origin": product.origin,
                "description": product.title,
                "quantity": str(channel.units),
                "unit_value": str(declared.amount / channel.units),
                "unit_weight_kg": str(product.unit_weight_kg),
            }
        ],
    }


def margin_at_price(
    product: Product,
    channel: SalesChannel,
    *,
    price: Money,
    as_of: date,
    rates: FxRates | None = None,
) -> Waterfall:
    """The contribution margin of one order at ``price`` (in the market's currency)."""
    economics, notes = build_economics(product, channel, as_of=as_of, rates=rates)
    landed = make_landed(product, channel, as_of=as_of, rates=rates)
    waterfall = calculate_waterfall(price=price, quote=landed(price), economics=economics)
    return replace(waterfall, notes=waterfall.notes + notes)


def price_product(
    product: Product,
    channel: SalesChannel,
    *,
    as_of: date,
    target: MarginTarget,
    rates: FxRates | None = None,
    policy: RoundingPolicy | None = None,
) -> PricingResult:
    """The local price that earns ``target`` on this channel, and its margin waterfall."""
    economics, notes = build_economics(product, channel, as_of=as_of, rates=rates)
    solution = solve_price(
        landed=make_landed(product, channel, as_of=as_of, rates=rates),
        economics=economics,
        target=target,
        policy=policy or get_policy(channel.currency),
    )
    return PricingResult(
        product, channel, solution, calculate_break_even(solution.waterfall), notes
    )


def compare_with_oem(
    product: Product,
    channels: Sequence[tuple[SalesChannel, Decimal]],
    *,
    oem: OemDeal,
    as_of: date,
    target: MarginTarget,
    rates: FxRates | None = None,
) -> list[ComparisonRow]:
    """OEM (FOB) beside each channel priced for ``target``, in the OEM's currency.

    ``channels`` pairs each channel with its expected volume in units per period.
    """
    options = []
    for channel, volume in channels:
        result = price_product(product, channel, as_of=as_of, target=target, rates=rates)
        fx = _rate(_rates(channel, rates), channel.currency, oem.fob_price.currency, as_of=as_of)
        options.append(
            (channel.market, channel.channel_id, result.solution.waterfall, volume, fx.rate)
        )
    return compare_oem_b2c(oem=oem, options=options, currency=oem.fob_price.currency)
