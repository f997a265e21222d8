"""Platform and payment fees as dated data, and what each costs on a sale.

A :class:`Fee` is one figure of a channel's schedule: a commission, a fixed fee per order or
per unit, a transaction or payment fee, a withdrawal fee or an FX markup. Each carries its
``valid_from`` (inclusive) and ``valid_to`` (exclusive), where it comes from, how far to trust
it (``confidence``) and when it was last known true (``as_of``), beside the original text.

A fee whose text could not be read into a figure stays ``unparsed`` (or ``range`` when only a
range was given): :func:`resolve_fees` refuses it unless the user supplies the figure, because
a missing fee must never cost a silent zero. Rates are fractions; fixed amounts are money in
the fee's currency, which must match the sale's (convert with :meth:`Fee.converted`).

>>> fee = user_fee(FeeKind.PAYMENT, label="Stripe", rate="0.029", fixed=Money("0.30", "USD"),
...                as_of=date(2026, 1, 1))
>>> sale = SaleAmounts(price=Money("24.99", "USD"))
>>> [(a.fee.label, a.amount) for a in calculate_fees([fee], sale=sale)]
[('Stripe', Money('1.02471', 'USD'))]
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from chuhai.domain.money import Money, to_decimal
from chuhai.errors import InputError, RuleNotFoundError

__all__ = [
    "Confidence",
    "Fee",
    "FeeAmount",
    "FeeKind",
    "FeeSchedule",
    "FeeStatus",
    "SaleAmounts",
    "Tier",
    "calculate_fees",
    "resolve_fees",
    "user_fee",
]


class FeeKind(enum.StrEnum):
    COMMISSION = "commission"  # referral / commission on the sale price
    ORDER_FEE = "order_fee"  # fixed per order
    UNIT_FEE = "unit_fee"  # fixed per unit sold (e.g. a listing fee renewed at each sale)
    TRANSACTION = "transaction"  # the platform's transaction / payment-processing fee
    PAYMENT = "payment"  # a payment gateway's fee (Stripe, PayPal) on what the buyer pays
    WITHDRAWAL = "withdrawal"  # payout / settlement to a bank account, on the payout
    FX_MARKUP = "fx_markup"  # the margin over the reference rate when the payout is converted
    OTHER = "other"  # listed beside the fees but not a per-sale figure; shown, never summed


ON_PAYOUT = (FeeKind.WITHDRAWAL, FeeKind.FX_MARKUP)


class FeeStatus(enum.StrEnum):
    PARSED = "parsed"
    RANGE = "range"
    UNPARSED = "unparsed"
    NOT_APPLICABLE = "not_applicable"  # e.g. a supply-price (full-managed) channel


class Confidence(enum.StrEnum):
    HIGH = "high"
    MEDIUM_HIGH = "medium-high"
    MEDIUM = "medium"
    LOW_MEDIUM = "low-medium"
    LOW = "low"
    USER = "user"  # a figure the user supplied

    @classmethod
    def parse(cls, text: str) -> Confidence:
        """Read a confidence word; ``medium-low`` is ``low-medium``.

        >>> Confidence.parse("Medium-Low")
        <Confidence.LOW_MEDIUM: 'low-medium'>
        """
        key = text.strip().lower().replace("_", "-")
        try:
            return cls({"medium-low": "low-medium"}.get(key, key))
        except ValueError:
            raise InputError(f"unknown confidence {text!r}", field="confidence") from None


@dataclass(frozen=True)
class Tier:
    """A rate (and fixed amount) for bases up to ``up_to`` (``None``: no upper end)."""

    up_to: Decimal | None
    rate: Decimal
    fixed: Decimal = Decimal(0)
    inclusive: bool = True

    def covers(self, base: Decimal) -> bool:
        if self.up_to is None:
            return True
        return base <= self.up_to if self.inclusive else base < self.up_to


@dataclass(frozen=True)
class Fee:
    """One dated fee figure of a channel or payment provider, with its provenance."""

    fee_id: str
    kind: FeeKind
    label: str
    status: FeeStatus
    confidence: Confidence
    rate: Decimal | None = None
    tiers: tuple[Tier, ...] = ()
    fixed: Money | None = None
    minimum: Money | None = None
    maximum: Money | None = None
    rate_range: tuple[Decimal, Decimal] | None = None
    per: str = "order"  # "order" or "unit": what the fixed amount, minimum and tiers apply to
    includes_shipping: bool | None = None  # None: unknown, counted in (the larger fee)
    includes_tax: bool | None = None
    currency: str | None = None  # currency of fixed, minimum, maximum and tier bounds
    valid_from: date | None = None
    valid_to: date | None = None
    as_of: date | None = None
    as_of_text: str = ""
    source_id: str = ""
    source: str = ""
    original_text: str = ""
    note: str = ""
    approximate: bool = False
    category: str = "*"
    markets: tuple[str, ...] = ()  # only in these markets (empty: every market of the channel)
    currencies: tuple[str, ...] = ()  # only for sales in these currencies (empty: any)

    def __post_init__(self) -> None:
        if self.per not in ("order", "unit"):
            raise InputError(f"per must be 'order' or 'unit', not {self.per!r}", field="per")
        start, end = self.valid_from, self.valid_to
        if start is not None and end is not None and end <= start:
            raise InputError("valid_to must come after valid_from", field="valid_to")

    def active_on(self, day: date) -> bool:
        after = self.valid_from is None or self.valid_from <= day
        return after and (self.valid_to is None or day < self.valid_to)

    @property
    def usable(self) -> bool:
        return self.status is FeeStatus.PARSED and self.kind is not FeeKind.OTHER

    def describe(self) -> str:
        """Where the figure comes from, in one line for a waterfall."""
        parts = [self.source or self.source_id or "user"]
        if self.as_of_text or self.as_of:
            parts.append(f"as of {self.as_of_text or self.as_of}")
        if self.approximate:
            parts.append("approximate")
        return "; ".join(parts)

    def at_upper_bound(self) -> Fee:
        """A range read at its upper end: the cautious figure when the user allows it."""
        if self.status is not FeeStatus.RANGE or self.rate_range is None:
            raise InputError(f"fee {self.fee_id} is not a range", field="fee")
        return replace(
            self,
            status=FeeStatus.PARSED,
            rate=self.rate_range[1],
            approximate=True,
            confidence=Confidence.LOW,
            note=(self.note + "; " if self.note else "") + "upper end of the published range",
        )

    def converted(self, to: str, *, rate: Decimal) -> Fee:
        """Fixed amounts and tier bounds in currency ``to`` (1 fee currency = ``rate`` ``to``)."""
        if self.currency is None or self.currency == to:
            return self

        def money(m: Money | None) -> Money | None:
            return None if m is None else Money(m.amount * rate, to)

        tiers = tuple(
            replace(t, up_to=None if t.up_to is None else t.up_to * rate, fixed=t.fixed * rate)
            for t in self.tiers
        )
        note = f"{self.currency} amounts converted at {rate}"
        return replace(
            self,
            fixed=money(self.fixed),
            minimum=money(self.minimum),
            maximum=money(self.maximum),
            tiers=tiers,
            currency=to,
            note=(self.note + "; " if self.note else "") + note,
        )

    def amount_on(self, base: Money, *, units: Decimal = Decimal(1)) -> Money:
        """The fee on ``base`` (per unit when ``per`` is "unit"), unrounded."""
        if not self.usable:
            raise RuleNotFoundError(_refusal(self), field=self.kind.value)
        count = units if self.per == "unit" else Decimal(1)
        each = base / count if count else base
        rate, tier_fixed = self._rate_for(each.amount)
        amount = each * rate + Money(tier_fixed, base.currency)
        if self.fixed is not None:
            amount = amount + self.fixed
        if self.minimum is not None and amount < self.minimum:
            amount = self.minimum
        if self.maximum is not None and amount > self.maximum:
            amount = self.maximum
        return amount * count

    def _rate_for(self, base: Decimal) -> tuple[Decimal, Decimal]:
        if not self.tiers:
            return self.rate or Decimal(0), Decimal(0)
        for tier in self.tiers:
            if tier.covers(base):
                return tier.rate, tier.fixed
        raise RuleNotFoundError(
            f"{self.label}: no published rate for a base of {base} "
            f"(the figure covers only up to {self.tiers[-1].up_to}); supply the rate",
            field=self.kind.value,
        )


def _refusal(fee: Fee) -> str:
    what = {
        FeeStatus.UNPARSED: "could not be read into a figure",
        FeeStatus.RANGE: "is only a range",
        FeeStatus.NOT_APPLICABLE: "does not apply (this channel works another way)",
        FeeStatus.PARSED: "is not a per-sale figure",
    }[fee.status]
    return (
        f"{fee.label} ({fee.fee_id}) {what}: {fee.original_text!r}; "
        "supply the figure to use this channel"
    )


def user_fee(
    kind: FeeKind,
    *,
    label: str,
    as_of: date,
    rate: Decimal | str | None = None,
    fixed: Money | None = None,
    per: str = "order",
    includes_shipping: bool | None = None,
    includes_tax: bool | None = None,
) -> Fee:
    """A figure the user supplies; it takes the place of the schedule's fee of that kind."""
    return Fee(
        fee_id=f"user:{kind.value}",
        kind=kind,
        label=label,
        status=FeeStatus.PARSED,
        confidence=Confidence.USER,
        rate=None if rate is None else to_decimal(rate, field="rate"),
        fixed=fixed,
        per=per,
        includes_shipping=includes_shipping,
        includes_tax=includes_tax,
        currency=None if fixed is None else fixed.currency,
        valid_from=as_of,
        as_of=as_of,
        source="supplied by the user",
        source_id="user",
    )


@dataclass(frozen=True)
class FeeSchedule:
    """The fees of one channel (a platform site or program) across categories and dates."""

    channel_id: str
    platform: str
    site: str
    markets: tuple[str, ...]
    fees: tuple[Fee, ...]
    confidence: Confidence = Confidence.LOW

    def select(
        self,
        *,
        category: str,
        as_of: date,
        market: str | None = None,
        currency: str | None = None,
    ) -> list[Fee]:
        """The fees in force on ``as_of`` for ``category`` (and for every category).

        A figure for the market (or the sale currency) beats one for the whole channel.
        """
        found = [
            fee
            for fee in self.fees
            if fee.category in (category, "*")
            and fee.active_on(as_of)
            and (not fee.markets or market is None or market in fee.markets)
            and (not fee.currencies or currency is None or currency in fee.currencies)
        ]
        for attribute in ("markets", "currencies"):
            keys = {(f.kind, f.category) for f in found if getattr(f, attribute)}
            found = [f for f in found if getattr(f, attribute) or (f.kind, f.category) not in keys]
        return found


@dataclass(frozen=True)
class ResolvedFees:
    fees: tuple[Fee, ...]
    notes: tuple[str, ...] = ()


def resolve_fees(
    schedule: FeeSchedule,
    *,
    category: str,
    as_of: date,
    market: str | None = None,
    currency: str | None = None,
    overrides: Iterable[Fee] = (),
    waive: Iterable[FeeKind] = (),
    use_range_upper: bool = False,
    require_commission: bool = True,
) -> ResolvedFees:
    """The usable fees of a channel (or payment provider) for one sale, the user's first.

    Every fee the schedule lists for the sale must be usable: an unparsed or range figure
    raises :class:`RuleNotFoundError` unless the user supplies that kind (``overrides``),
    waives it knowingly (``waive``: reported in the notes) or, for a range, accepts its upper
    end (``use_range_upper``). Listed non-fees (kind "other") only become notes.
    """
    given = {fee.kind: fee for fee in overrides}
    waived = set(waive)
    found = schedule.select(category=category, as_of=as_of, market=market, currency=currency)
    commissions = sum(f.kind is FeeKind.COMMISSION for f in found)
    if require_commission and FeeKind.COMMISSION not in given and commissions != 1:
        raise RuleNotFoundError(
            f"{schedule.channel_id} has {commissions or 'no'} commission figures for "
            f"{category!r} in {market or 'every market'} on {as_of}; supply the figure",
            field="commission",
        )
    chosen: list[Fee] = list(given.values())
    notes: list[str] = []
    for fee in found:
        if fee.kind in given:
            continue
        if fee.kind is FeeKind.OTHER:
            notes.append(
                f"not included: {fee.original_text}" + (f" ({fee.note})" if fee.note else "")
            )
        elif fee.usable:
            chosen.append(fee)
        elif fee.status is FeeStatus.RANGE and use_range_upper:
            chosen.append(fee.at_upper_bound())
        elif fee.kind in waived:
            notes.append(
                f"waived by the user ({fee.status.value}): {fee.label}: {fee.original_text}"
            )
        else:
            raise RuleNotFoundError(_refusal(fee), field=fee.kind.value)
    for fee in chosen:
        if fee.as_of is not None and (as_of - fee.as_of).days > 730:
            notes.append(f"{fee.label} was last confirmed {fee.as_of_text or fee.as_of}")
    return ResolvedFees(tuple(chosen), tuple(notes))


@dataclass(frozen=True)
class SaleAmounts:
    """What one order brings in, in the sale currency.

    ``price`` is what the buyer pays for the goods as displayed (tax included where the
    market shows it so); ``tax_in_price`` the tax inside price and shipping; ``withheld`` what
    the platform keeps and remits (taxes it collects), which never reaches the payout.
    """

    price: Money
    shipping: Money | None = None
    tax_in_price: Money | None = None
    withheld: Money | None = None
    units: Decimal = Decimal(1)

    def _or_zero(self, money: Money | None) -> Money:
        return money if money is not None else Money.zero(self.price.currency)

    @property
    def paid(self) -> Money:
        """Everything the buyer pays: goods and shipping."""
        return self.price + self._or_zero(self.shipping)

    def commission_base(self, fee: Fee) -> Money:
        base = self.price
        if fee.includes_shipping is not False:
            base = base + self._or_zero(self.shipping)
        if fee.includes_tax is False:
            base = base - self._or_zero(self.tax_in_price)
        return base


@dataclass(frozen=True)
class FeeAmount:
    fee: Fee
    base: Money | None
    amount: Money


def calculate_fees(fees: Sequence[Fee], *, sale: SaleAmounts) -> list[FeeAmount]:
    """Each usable fee on ``sale``, unrounded: sale fees first, then fees on the payout.

    The payout is what the buyer paid less what the platform withholds and the sale fees.
    """
    results: list[FeeAmount] = []
    for fee in fees:
        if fee.kind in ON_PAYOUT:
            continue
        # fixed fees take the order's total only to find their tier (eBay: by order value)
        base = sale.commission_base(fee) if fee.kind is FeeKind.COMMISSION else sale.paid
        results.append(FeeAmount(fee, base, fee.amount_on(base, units=sale.units)))
    payout = sale.paid - (sale.withheld or Money.zero(sale.price.currency))
    payout = payout - sum((r.amount for r in results), Money.zero(sale.price.currency))
    for fee in fees:
        if fee.kind in ON_PAYOUT:
            results.append(FeeAmount(fee, payout, fee.amount_on(payout)))
    return results
