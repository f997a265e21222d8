"""Exact money: an immutable Decimal amount with its ISO 4217 currency.

Arithmetic never rounds; :func:`quantize` is the one place that does, with the mode a rule
asks for. :func:`allocate` splits a total over parts so that the parts sum to the whole.

>>> a = Money("10.10", "EUR") + Money("0.205", "EUR")
>>> a, quantize(a), quantize(a, rounding=Rounding.HALF_EVEN)
(Money('10.305', 'EUR'), Money('10.31', 'EUR'), Money('10.30', 'EUR'))
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from chuhai.domain.currency import get_minor_units, normalise_currency
from chuhai.errors import CurrencyMismatchError, InputError

__all__ = [
    "Money",
    "Rounding",
    "RoundingLevel",
    "allocate",
    "quantize",
    "to_decimal",
]


class Rounding(enum.StrEnum):
    """Rounding modes a rule may demand."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"
    UP = "up"

    @property
    def decimal_mode(self) -> str:
        return _DECIMAL_MODES[self]


_DECIMAL_MODES = {
    Rounding.HALF_UP: decimal.ROUND_HALF_UP,
    Rounding.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    Rounding.DOWN: decimal.ROUND_DOWN,
    Rounding.UP: decimal.ROUND_UP,
}


class RoundingLevel(enum.StrEnum):
    """Where a rule rounds: each line before summing, or only the consignment total."""

    LINE = "line"
    CONSIGNMENT = "consignment"


def to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """Turn a str, int or Decimal into a finite Decimal; floats are refused.

    >>> to_decimal("1.10")
    Decimal('1.10')
    """
    if isinstance(value, (bool, float)):
        raise TypeError(f"{field}: use a string or Decimal, not {type(value).__name__} ({value!r})")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(value.strip() if isinstance(value, str) else value)
        except decimal.InvalidOperation:
            raise InputError(f"not a number: {value!r}", field=field) from None
    else:
        raise TypeError(f"{field}: expected str, int or Decimal, got {type(value).__name__}")
    if not result.is_finite():
        raise InputError(f"not a finite number: {value!r}", field=field)
    return result


class Money:
    """An exact amount of one currency. Immutable, hashable, summable.

    >>> sum([Money("1.10", "USD"), Money("2", "USD")])
    Money('3.10', 'USD')
    >>> Money("1", "USD") + Money("1", "EUR")
    Traceback (most recent call last):
    ...
    chuhai.errors.CurrencyMismatchError: cannot combine USD and EUR
    """

    __slots__ = ("amount", "currency")
    amount: Decimal
    currency: str

    def __init__(self, amount: object, currency: str) -> None:
        object.__setattr__(self, "amount", to_decimal(amount))
        object.__setattr__(self, "currency", normalise_currency(currency))

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero at the currency's minor unit (``EUR 0.00``, ``JPY 0``)."""
        return cls.from_minor(0, currency)

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        """Build from an integer count of minor units (cents, fen, yen).

        >>> Money.from_minor(1999, "USD"), Money.from_minor(1999, "JPY")
        (Money('19.99', 'USD'), Money('1999', 'JPY'))
        """
        if not isinstance(minor, int) or isinstance(minor, bool):
            raise TypeError("minor units must be an int")
        return cls(Decimal(minor).scaleb(-get_minor_units(currency)), currency)

    def to_minor(self) -> int:
        """The amount in minor units; the amount must already be quantized.

        >>> Money("19.99", "USD").to_minor()
        1999
        """
        scaled = self.amount.scaleb(get_minor_units(self.currency))
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{self!r} has sub-minor precision; quantize() it first")
        return int(scaled)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Money is immutable")

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.currency} {self.amount}"

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def _same(self, other: Money) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} and {other.currency}")
        return other

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __radd__(self, other: object) -> Money:
        if other == 0:  # lets sum() start from its int 0
            return self
        if isinstance(other, Money):
            return other.__add__(self)
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(self.amount * to_decimal(factor, field="factor"), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int) -> Money:
        return Money(self.amount / to_decimal(divisor, field="divisor"), self.currency)

    def __bool__(self) -> bool:
        return bool(self.amount)

    def is_negative(self) -> bool:
        return self.amount < 0


def quantize(
    money: Money, *, rounding: Rounding = Rounding.HALF_UP, places: int | None = None
) -> Money:
    """Round to the currency's minor unit (or to ``places``): the one rounding choke point.

    >>> quantize(Money("2.5", "JPY")), quantize(Money("2.5", "JPY"), rounding=Rounding.HALF_EVEN)
    (Money('3', 'JPY'), Money('2', 'JPY'))
    """
    digits = get_minor_units(money.currency) if places is None else places
    exponent = Decimal(1).scaleb(-digits)
    return Money(money.amount.quantize(exponent, rounding=rounding.decimal_mode), money.currency)


def allocate(total: Money, weights: Sequence[Decimal | int]) -> list[Money]:
    """Split a quantized ``total`` in proportion to ``weights``; the parts sum to the total.

    The remainder left by rounding each part down goes one minor unit at a time to the parts
    with the largest dropped fractions (ties to the earliest), so no part moves by more than
    one minor unit from its exact share.

    >>> allocate(Money("10.00", "EUR"), [1, 1, 1])
    [Money('3.34', 'EUR'), Money('3.33', 'EUR'), Money('3.33', 'EUR')]
    """
    if not weights:
        raise ValueError("allocate() needs at least one weight")
    exact = [to_decimal(w, field="weight") for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("allocation weights must not be negative")
    whole = sum(exact, Decimal(0))
    if whole == 0:
        raise ValueError("allocation weights must not all be zero")
    total_minor = quantize(total, rounding=Rounding.HALF_UP).to_minor()
    if Decimal(total_minor).scaleb(-get_minor_units(total.currency)) != total.amount:
        raise ValueError(f"{total!r} has sub-minor precision; quantize() it first")
    shares = [Decimal(total_minor) * w / whole for w in exact]
    floors = [int(s.to_integral_value(rounding=decimal.ROUND_FLOOR)) for s in shares]
    remainder = total_minor - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:remainder]:
        floors[i] += 1
    return [Money.from_minor(m, total.currency) for m in floors]
