"""An FX buffer: the seller's cushion against the sale currency falling before payout.

A seller paid in EUR who counts in CNY converts the payout days or weeks after the sale. A
buffer ``rate`` (a fraction: 0.02 for 2%) prices that risk in: the payout is taken to be worth
``1 - rate`` of its value at the reference rate, so ``rate`` x the payout converted home is
set aside as its own waterfall line. It is the seller's setting, not a charge: a provider's
FX markup (:class:`~chuhai.domain.channel_fees.FeeKind.FX_MARKUP`) stays a fee of its own.
The reference rate (its value, date and source) is recorded beside the buffer.

>>> buffer = FxBuffer(rate=Decimal("0.02"), sale_currency="EUR", home_currency="CNY")
>>> buffer.label
'FX buffer 2% on EUR→CNY'
>>> buffer.amount_on(Money("20.00", "EUR"))
Money('0.4000', 'EUR')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chuhai.domain.fx import RATE_CONTEXT, FxQuote
from chuhai.domain.money import Money
from chuhai.errors import CurrencyMismatchError, InputError

__all__ = ["FxBuffer"]


@dataclass(frozen=True)
class FxBuffer:
    """A fraction of the payout set aside for the conversion from the sale currency home."""

    rate: Decimal
    sale_currency: str
    home_currency: str
    reference: FxQuote | None = None  # today's rate, sale -> home, with its date and source
    source: str = "supplied by the user"

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.rate < 1:
            raise InputError(
                f"an FX buffer is a fraction from 0 up to 1 (0.02 for 2%), not {self.rate}",
                field="fx_buffer_pct",
            )

    @property
    def label(self) -> str:
        pct = f"{(self.rate * 100).normalize():f}%"
        return f"FX buffer {pct} on {self.sale_currency}→{self.home_currency}"

    def describe(self) -> str:
        """The setting and the conversion it worsens, in one line for a waterfall.

        >>> from datetime import date
        >>> from chuhai.domain.fx import FxMethod
        >>> ref = FxQuote("EUR", "CNY", Decimal("8"), date(2026, 10, 30), "ecb_eurofxref",
        ...               "official", FxMethod.DAILY)
        >>> FxBuffer(rate=Decimal("0.02"), sale_currency="EUR", home_currency="CNY",
        ...          reference=ref).describe()
        'supplied by the user; reference 8 CNY/EUR of 2026-10-30 (ecb_eurofxref), priced at 7.84'
        """
        if self.reference is None:
            return self.source
        ref = self.reference
        worse = RATE_CONTEXT.multiply(ref.rate, 1 - self.rate)
        return (
            f"{self.source}; reference {ref.rate} {ref.quote}/{ref.base} of {ref.rate_date} "
            f"({ref.source_id}), priced at {worse}"
        )

    def amount_on(self, payout: Money) -> Money:
        """What is set aside on ``payout`` (in the sale currency), unrounded; none on a loss."""
        if payout.currency != self.sale_currency:
            raise CurrencyMismatchError(
                f"the buffer is on {self.sale_currency}, the payout in {payout.currency}",
                field="fx_buffer_pct",
            )
        return payout * self.rate if payout.amount > 0 else Money.zero(payout.currency)
