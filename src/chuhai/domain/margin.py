"""Contribution margin per order, break-even CAC, and OEM beside B2C.

A :class:`Waterfall` splits what the buyer pays (price plus any shipping charged) into the
seller's goods and China-side costs, freight, the duties, taxes and fees of a landed-cost
:class:`~chuhai.domain.quote.Quote` (those the seller pays), the carrier's DDP surcharge, the
channel's fees, the seller's FX buffer, expected returns, acquisition cost and, last, the
contribution margin: the lines sum to the revenue exactly. Amounts stay unrounded;
:meth:`Waterfall.rounded` gives a display that still sums. The price that earns a
:class:`MarginTarget` is found by :mod:`chuhai.domain.price_solver`.

>>> from datetime import date
>>> from chuhai.domain.channel_fees import FeeKind, user_fee
>>> fee = user_fee(FeeKind.PAYMENT, label="payment 2.9%", rate="0.029", as_of=date(2026, 3, 2))
>>> econ = Economics(currency="EUR", fees=(fee,),
...                  costs=(CostLine("goods", "landed cost", Money("16.4205", "EUR")),))
>>> quote = empty_quote("EUR", as_of=date(2026, 3, 2))
>>> w = calculate_waterfall(price=Money("24.99", "EUR"), quote=quote, economics=econ)
>>> quantize(w.contribution_margin), round(w.margin_rate * 100, 2)
(Money('7.84', 'EUR'), Decimal('31.39'))
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from chuhai.domain.carrier_fees import CarrierFee, advanced_at_border
from chuhai.domain.channel_fees import Confidence, Fee, FeeKind, SaleAmounts, calculate_fees
from chuhai.domain.currency import get_minor_units
from chuhai.domain.fx_buffer import FxBuffer
from chuhai.domain.money import Money, quantize
from chuhai.domain.quote import Charge, ChargeKind, Quote
from chuhai.errors import CurrencyMismatchError, InputError

__all__ = [
    "BreakEven",
    "ComparisonRow",
    "CostLine",
    "Economics",
    "MarginTarget",
    "OemDeal",
    "QuoteBasis",
    "Returns",
    "Waterfall",
    "WaterfallLine",
    "calculate_break_even",
    "calculate_waterfall",
    "compare_oem_b2c",
    "empty_quote",
]

USER = "supplied by the user"


class QuoteBasis(enum.StrEnum):
    SALE = "sale"  # a B2C parcel declares the sale: only its duties, taxes and fees are costs
    COST = "cost"  # an import at cost (B2B, overseas warehouse): goods and freight are costs too


@dataclass(frozen=True)
class CostLine:
    """A cost the seller supplies: goods (FOB/ex-works), China-side costs, freight..."""

    code: str
    label: str
    amount: Money
    per: str = "unit"  # "unit" or "order"
    source: str = USER
    confidence: str = Confidence.USER.value


@dataclass(frozen=True)
class Returns:
    """Expected returns: ``rate`` x (``refund_share`` of the revenue + ``return_cost``)."""

    rate: Decimal
    return_cost: Money
    refund_share: Decimal = Decimal(1)
    source: str = USER


@dataclass(frozen=True)
class Economics:
    """Everything about one order except its price and landed cost, in the sale currency."""

    currency: str
    units: Decimal = Decimal(1)
    basis: QuoteBasis = QuoteBasis.SALE
    costs: tuple[CostLine, ...] = ()
    fees: tuple[Fee, ...] = ()
    returns: Returns | None = None
    cac: Money | None = None
    shipping_charged: Money | None = None
    cac_source: str = USER
    carrier_fee: CarrierFee | None = None  # charged when the seller pays duties at the border
    fx_buffer: FxBuffer | None = None  # set aside on the payout converted home


@dataclass(frozen=True)
class WaterfallLine:
    code: str
    label: str
    group: str  # product | landed | carrier | channel | fx | returns | acquisition | margin
    amount: Money
    source: str = USER
    confidence: str = Confidence.USER.value
    rule_ids: tuple[str, ...] = ()

    def to_dict(self, amount: Money | None = None) -> dict[str, Any]:
        shown = self.amount if amount is None else amount
        return {
            "code": self.code,
            "label": self.label,
            "group": self.group,
            "amount": str(shown.amount),
            "currency": shown.currency,
            "source": self.source,
            "confidence": self.confidence,
            "rule_ids": list(self.rule_ids),
        }


@dataclass(frozen=True)
class Waterfall:
    """One order's revenue split into costs and the contribution margin (the last line)."""

    price: Money
    revenue: Money
    units: Decimal
    lines: tuple[WaterfallLine, ...]
    bands: tuple[str, ...] = ()  # the regimes and fee tiers in force: where the price sits
    notes: tuple[str, ...] = ()

    @property
    def contribution_margin(self) -> Money:
        return self.lines[-1].amount

    @property
    def margin_rate(self) -> Decimal:
        return self.contribution_margin.amount / self.revenue.amount

    def total(self, group: str) -> Money:
        zero = Money.zero(self.revenue.currency)
        return sum((line.amount for line in self.lines if line.group == group), zero)

    def rounded(self) -> list[Money]:
        """Line amounts at the minor unit, summing to the revenue; the margin rounds half-up.

        The cost lines share the rest by largest remainder (each within one minor unit).
        """
        digits = get_minor_units(self.revenue.currency)
        margin = quantize(self.contribution_margin)
        rest = (self.revenue - margin).to_minor()
        exact = [line.amount.amount.scaleb(digits) for line in self.lines[:-1]]
        floors = [int(x.to_integral_value(rounding="ROUND_FLOOR")) for x in exact]
        order = sorted(range(len(exact)), key=lambda i: (floors[i] - exact[i], i))
        for i in order[: rest - sum(floors)]:
            floors[i] += 1
        currency = self.revenue.currency
        return [Money.from_minor(m, currency) for m in floors] + [margin]

    def to_dict(self) -> dict[str, Any]:
        shown = self.rounded()
        return {
            "price": str(self.price.amount),
            "revenue": str(self.revenue.amount),
            "currency": self.revenue.currency,
            "units": str(self.units),
            "lines": [line.to_dict(s) for line, s in zip(self.lines, shown, strict=True)],
            "contribution_margin": str(quantize(self.contribution_margin).amount),
            "margin_pct": str(round(self.margin_rate * 100, 2)),
            "bands": list(self.bands),
            "notes": list(self.notes),
        }


def empty_quote(currency: str, *, as_of: date) -> Quote:
    """A quote with nothing in it, for a waterfall whose landed costs are all cost lines."""
    return Quote("", as_of, currency, [], [], [], Money.zero(currency), Decimal(1), {})


def calculate_waterfall(*, price: Money, quote: Quote, economics: Economics) -> Waterfall:
    """The contribution margin of one order at ``price`` (what the buyer pays for the goods)."""
    for money, what in ((price, "price"), (Money.zero(quote.currency), "quote")):
        if money.currency != economics.currency:
            raise CurrencyMismatchError(
                f"the {what} is in {money.currency}, the economics in {economics.currency}",
                field=what,
            )
    units = economics.units
    lines = [_cost_line(cost, units) for cost in economics.costs]
    lines += _landed_lines(quote, share=units / quote.units, basis=economics.basis)
    seller = [c for c in quote.charges if c.payer == "seller"]
    zero = Money.zero(price.currency)
    taxes = sum((c.amount for c in seller if c.kind is ChargeKind.TAX), zero)
    withheld = sum((c.amount for c in seller if c.collected_by == "platform"), zero)
    share = units / quote.units
    sale = SaleAmounts(
        price=price,
        shipping=economics.shipping_charged,
        tax_in_price=taxes * share if economics.basis is QuoteBasis.SALE else None,
        withheld=withheld * share,
        units=units,
    )
    carrier = _carrier_line(economics.carrier_fee, quote, share=share)
    lines += carrier
    fees = [
        WaterfallLine(a.fee.kind.value, a.fee.label, "channel", a.amount, a.fee.describe(),
                      a.fee.confidence.value, (a.fee.fee_id,))
        for a in calculate_fees(economics.fees, sale=sale)
    ]  # fmt: skip
    lines += fees
    if economics.fx_buffer is not None:
        buffer = economics.fx_buffer
        payout = sale.paid - (sale.withheld or zero) - sum((f.amount for f in fees), zero)
        lines.append(WaterfallLine("fx_buffer", buffer.label, "fx", buffer.amount_on(payout),
                                   buffer.describe()))  # fmt: skip
    if economics.returns is not None:
        r = economics.returns
        expected = (sale.paid * r.refund_share + r.return_cost) * r.rate
        lines.append(WaterfallLine("returns", "expected returns", "returns", expected, r.source))
    if economics.cac is not None:
        lines.append(
            WaterfallLine("cac", "customer acquisition", "acquisition", economics.cac,
                          economics.cac_source)
        )  # fmt: skip
    margin = sale.paid - sum((line.amount for line in lines), Money.zero(price.currency))
    lines.append(WaterfallLine("margin", "contribution margin", "margin", margin, "remainder"))
    bands = tuple(r.rule_id for r in quote.regimes) + _fee_bands(economics.fees, sale)
    bands += tuple(line.rule_ids[0] for line in carrier)  # the surcharge starts a band
    return Waterfall(price, sale.paid, units, tuple(lines), bands, _notes(quote))


def _carrier_line(fee: CarrierFee | None, quote: Quote, *, share: Decimal) -> list[WaterfallLine]:
    """The DDP surcharge when the carrier advances duties or taxes for the seller."""
    advanced = advanced_at_border(quote) * share
    if fee is None or not advanced:
        return []
    amount = fee.amount_on(advanced)
    return [WaterfallLine("carrier_ddp", fee.name, "carrier", amount, fee.describe(),
                          fee.confidence.value, (fee.fee_id,))]  # fmt: skip


def _cost_line(cost: CostLine, units: Decimal) -> WaterfallLine:
    amount = cost.amount * units if cost.per == "unit" else cost.amount
    return WaterfallLine(cost.code, cost.label, "product", amount, cost.source, cost.confidence)


def _landed_lines(quote: Quote, *, share: Decimal, basis: QuoteBasis) -> list[WaterfallLine]:
    lines = []
    if basis is QuoteBasis.COST:
        for code, label, money in (
            ("goods", "goods (customs value basis)", quote.goods),
            ("freight", "freight and insurance", quote.freight_and_insurance),
            ("post_entry_freight", "freight after entry", quote.post_entry_freight),
        ):
            if money:
                lines.append(WaterfallLine(code, label, "product", money * share, "the quote"))
    grouped: dict[tuple[str, str], list[Charge]] = {}
    for charge in quote.charges:
        if charge.payer == "seller" and charge.amount:
            grouped.setdefault((charge.kind.value, charge.code), []).append(charge)
    for (kind, code), charges in grouped.items():
        first = charges[0]
        source = f"{first.source.title} ({first.source.url})" if first.source else first.note
        total = sum((c.amount for c in charges), Money.zero(quote.currency))
        rule_ids = tuple(dict.fromkeys(c.rule_id for c in charges))
        group = "product" if kind == ChargeKind.COST.value else "landed"
        line = WaterfallLine(code, first.label, group, total * share, source or "user",
                             first.status.value, rule_ids)  # fmt: skip
        lines.append(line)
    return lines


def _fee_bands(fees: Sequence[Fee], sale: SaleAmounts) -> tuple[str, ...]:
    bands = []
    for fee in fees:
        if fee.tiers:
            total = sale.commission_base(fee) if fee.kind is FeeKind.COMMISSION else sale.paid
            base = total.amount / (sale.units if fee.per == "unit" else 1)
            index = next((i for i, t in enumerate(fee.tiers) if t.covers(base)), -1)
            bands.append(f"{fee.fee_id}#tier{index}")
    return tuple(bands)


def _notes(quote: Quote) -> tuple[str, ...]:
    buyer = [c for c in quote.charges if c.payer == "buyer" and c.amount]
    notes = [w.message for w in quote.warnings]
    if buyer:
        total = sum((c.amount for c in buyer), Money.zero(quote.currency))
        notes.append(f"the buyer pays {quantize(total)} more on delivery (DAP)")
    return tuple(notes)


@dataclass(frozen=True)
class MarginTarget:
    """A margin as a fraction of the revenue (``rate``) or an amount per order."""

    rate: Decimal | None = None
    amount: Money | None = None

    def __post_init__(self) -> None:
        if (self.rate is None) == (self.amount is None):
            raise InputError("give a target margin rate or amount, not both", field="target")
        if self.rate is not None and not Decimal(-1) < self.rate < 1:
            raise InputError(f"a margin rate is a fraction below 1: {self.rate}", field="target")

    def required(self, revenue: Money) -> Money:
        if self.rate is not None:
            return revenue * self.rate
        assert self.amount is not None  # one of the two, checked above
        return self.amount


@dataclass(frozen=True)
class BreakEven:
    cac: Money  # the most one order may cost to acquire (0 when nothing is left for it)
    roas: Decimal | None  # revenue per unit of ad spend at that CAC; None when no CAC is affordable
    margin_before_cac: Money


def calculate_break_even(waterfall: Waterfall, *, target: MarginTarget | None = None) -> BreakEven:
    """The CAC at which the margin falls to zero (or to ``target``) and the matching ROAS.

    >>> w = Waterfall(Money("30", "EUR"), Money("30", "EUR"), Decimal(1), (
    ...     WaterfallLine("goods", "goods", "product", Money("18", "EUR")),
    ...     WaterfallLine("cac", "ads", "acquisition", Money("4", "EUR")),
    ...     WaterfallLine("margin", "margin", "margin", Money("8", "EUR"))))
    >>> be = calculate_break_even(w)
    >>> be.cac, be.roas
    (Money('12.00', 'EUR'), Decimal('2.5'))
    """
    before = waterfall.contribution_margin + waterfall.total("acquisition")
    keep = target.required(waterfall.revenue) if target is not None else before * 0
    allowed = before - keep
    if allowed.amount <= 0:
        return BreakEven(Money.zero(before.currency), None, before)
    return BreakEven(allowed, waterfall.revenue.amount / allowed.amount, before)


@dataclass(frozen=True)
class OemDeal:
    """Selling to a brand owner at an FOB price: no channel, no landed cost, volume agreed."""

    fob_price: Money  # per unit
    oem_cost: Money  # per unit, to make the goods and bring them to the FOB port
    volume: Decimal  # units per period


@dataclass(frozen=True)
class ComparisonRow:
    model: str
    market: str
    channel: str
    price_per_unit: Money  # in the report currency
    margin_per_unit: Money
    margin_rate: Decimal
    volume: Decimal
    total_margin: Money
    local_price: Money | None = None  # the B2C price in the buyer's currency


def compare_oem_b2c(
    *,
    oem: OemDeal,
    options: Sequence[tuple[str, str, Waterfall, Decimal, Decimal]],
    currency: str,
) -> list[ComparisonRow]:
    """OEM beside each B2C market and channel: margin per unit and in total, one currency.

    ``options`` are (market, channel, waterfall, volume in units, rate to ``currency``), the
    rate being what one unit of the waterfall's currency is worth in ``currency``.
    """
    for money in (oem.fob_price, oem.oem_cost):
        if money.currency != currency:
            raise CurrencyMismatchError(f"OEM figures must be in {currency}", field="oem")
    unit_margin = oem.fob_price - oem.oem_cost
    rows = [
        ComparisonRow("OEM", "", "FOB", oem.fob_price, unit_margin,
                      unit_margin.amount / oem.fob_price.amount, oem.volume,
                      unit_margin * oem.volume)
    ]  # fmt: skip
    for market, channel, waterfall, volume, rate in options:
        per_unit = waterfall.contribution_margin / waterfall.units
        margin = Money(per_unit.amount * rate, currency)
        price = Money(waterfall.revenue.amount / waterfall.units * rate, currency)
        rows.append(
            ComparisonRow("B2C", market, channel, price, margin, waterfall.margin_rate, volume,
                          margin * volume, waterfall.price / waterfall.units)
        )  # fmt: skip
    return rows
