"""Exchange rates that say where they come from: the rate, its date, source and status.

Every lookup takes an explicit ``as_of`` date; nothing here defaults to today. A provider
(:mod:`chuhai.domain.fx_providers`) answers ``get_rate(base, quote, as_of=..., method=...)``
with an :class:`FxQuote` (1 base = rate quote) or raises
:class:`~chuhai.errors.FXRateNotFoundError` naming the pair, the date and what it knows.

All rate arithmetic uses one explicit ``decimal`` context, :data:`RATE_CONTEXT`: 28 significant
digits, half-even, whatever context the caller has set.

>>> peg = FxQuote("USD", "SAR", Decimal("3.75"), date(2026, 1, 1), "peg_sama", "official",
...               FxMethod.DAILY)
>>> convert(Money("100", "USD"), "SAR", as_of=date(2026, 10, 30), rates=_Fixed(peg))[0]
Money('375.00', 'SAR')
"""

from __future__ import annotations

import calendar
import decimal
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from chuhai.domain.currency import normalise_currency
from chuhai.domain.money import Money
from chuhai.errors import CurrencyMismatchError, FXRateNotFoundError, InputError

__all__ = [
    "METHOD_COARSENESS",
    "RATE_CONTEXT",
    "STATUSES",
    "FxMethod",
    "FxQuote",
    "FxRates",
    "convert",
    "currency_pair",
    "eu_customs_reference_date",
    "identity_quote",
    "rate_not_found",
    "worse_status",
]

RATE_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)
"""28 significant digits, half-even: the one context for every rate product and quotient."""

STATUSES = ("official", "provisional", "estimated")
"""Quote statuses from best to worst."""

ESTIMATED_AFTER_DAYS = 3
"""A daily rate more than this many days older than the date asked for is only an estimate."""


class FxMethod(StrEnum):
    """Which rate a lookup wants for its ``as_of`` date."""

    DAILY = "daily"
    """The reference rate of the date, or of the latest publication before it."""
    MONTHLY_PENULTIMATE_WEDNESDAY = "monthly_penultimate_wednesday"
    """EU customs (UCC IA Art. 146): the rate of the penultimate Wednesday of the previous month."""
    ANNUAL = "annual"
    """An annual average (World Bank), for currencies without a daily source."""


METHOD_COARSENESS = {
    FxMethod.DAILY: 0,
    FxMethod.MONTHLY_PENULTIMATE_WEDNESDAY: 1,
    FxMethod.ANNUAL: 2,
}


def worse_status(*statuses: str) -> str:
    """The worst of several statuses.

    >>> worse_status("official", "estimated", "provisional")
    'estimated'
    """
    return max(statuses, key=STATUSES.index)


@dataclass(frozen=True, slots=True)
class FxQuote:
    """One exchange rate with its provenance: 1 ``base`` = ``rate`` ``quote``."""

    base: str
    quote: str
    rate: Decimal
    rate_date: date
    source_id: str
    status: str
    method: FxMethod
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.rate, Decimal) or not self.rate.is_finite() or self.rate <= 0:
            raise InputError(f"an exchange rate must be a positive Decimal: {self.rate!r}")
        if self.status not in STATUSES:
            raise InputError(f"status must be one of {STATUSES}: {self.status!r}", field="status")

    def inverse(self) -> FxQuote:
        """The same quote the other way round (1 / rate, 28 significant digits).

        >>> peg = FxQuote("USD", "SAR", Decimal("3.75"), date(2026, 1, 1), "peg", "official",
        ...               FxMethod.DAILY)
        >>> peg.inverse().rate
        Decimal('0.2666666666666666666666666667')
        """
        note = f"inverse of {self.base}->{self.quote}" + (f"; {self.note}" if self.note else "")
        rate = RATE_CONTEXT.divide(Decimal(1), self.rate)
        return replace(self, base=self.quote, quote=self.base, rate=rate, note=note)

    def convert(self, money: Money) -> Money:
        """``money`` (in ``base``) expressed in ``quote``, unrounded.

        >>> peg = FxQuote("USD", "SAR", Decimal("3.75"), date(2026, 1, 1), "peg", "official",
        ...               FxMethod.DAILY)
        >>> peg.convert(Money("10", "USD"))
        Money('37.50', 'SAR')
        """
        if money.currency != self.base:
            raise CurrencyMismatchError(f"quote is for {self.base}, money is in {money.currency}")
        return Money(RATE_CONTEXT.multiply(money.amount, self.rate), self.quote)


class FxRates(Protocol):
    """Anything that answers an exchange rate for a pair on a date."""

    def get_rate(
        self, base: str, quote: str, *, as_of: date, method: FxMethod = FxMethod.DAILY
    ) -> FxQuote: ...


def currency_pair(base: str, quote: str) -> tuple[str, str]:
    return normalise_currency(base, field="base"), normalise_currency(quote, field="quote")


def identity_quote(currency: str, as_of: date, method: FxMethod) -> FxQuote:
    return FxQuote(
        currency, currency, Decimal(1), as_of, "identity", "official", method, "same currency"
    )


def rate_not_found(
    base: str, quote: str, as_of: date, method: FxMethod, why: str
) -> FXRateNotFoundError:
    return FXRateNotFoundError(f"no {base}->{quote} rate for {as_of} ({method}): {why}")


def convert(
    money: Money, to: str, *, as_of: date, rates: FxRates, method: FxMethod = FxMethod.DAILY
) -> tuple[Money, FxQuote]:
    """Convert ``money`` into ``to`` with the rate ``rates`` gives for ``as_of``; unrounded.

    >>> money, quote = convert(Money("5", "EUR"), "eur", as_of=date(2026, 1, 1),
    ...                        rates=_Fixed(None))
    >>> money, quote.rate, quote.source_id
    (Money('5', 'EUR'), Decimal('1'), 'identity')
    """
    target = normalise_currency(to, field="to")
    if money.currency == target:
        return money, identity_quote(target, as_of, method)
    quote = rates.get_rate(money.currency, target, as_of=as_of, method=method)
    return quote.convert(money), quote


def _penultimate_wednesday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    last_wednesday = last - timedelta(days=(last.weekday() - calendar.WEDNESDAY) % 7)
    return last_wednesday - timedelta(days=7)


def eu_customs_reference_date(as_of: date) -> date:
    """The penultimate Wednesday of the month before ``as_of`` (UCC IA Art. 146).

    >>> eu_customs_reference_date(date(2026, 11, 29))
    datetime.date(2026, 10, 21)
    """
    previous = as_of.replace(day=1) - timedelta(days=1)
    return _penultimate_wednesday(previous.year, previous.month)


@dataclass(frozen=True, slots=True)
class _Fixed:
    """One quote for any date (for the examples above)."""

    quote: FxQuote | None

    def get_rate(
        self, base: str, quote: str, *, as_of: date, method: FxMethod = FxMethod.DAILY
    ) -> FxQuote:
        if self.quote is None:
            raise rate_not_found(base, quote, as_of, method, "no rate")
        return self.quote
