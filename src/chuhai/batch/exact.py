"""Integer-exact money arithmetic as Polars expressions, equal to the Decimal engine.

Amounts are integers in minor units; rates are exact fractions. Rounding is integer
division with the remainder compared exactly, so ``round_div(n, d, HALF_UP)`` is what
``Decimal.quantize(ROUND_HALF_UP)`` gives for ``n / d``.

Currency conversion follows :meth:`chuhai.domain.fx.FxQuote.convert`: the product of the
amount and a rate of up to 28 significant digits, rounded to 28 significant digits
(half-even), then quantized half-up. :func:`convert_expr` computes the exact product in
Int128 limbs and decides the rounding from its remainder; the one case where the 28-digit
rounding could change the result (a remainder just under one half, within the width of
that rounding) is flagged, and :func:`convert_exact` redoes those rows with the Decimal
code itself. Threshold tests after a conversion become integer cuts (:func:`upper_cut`).

>>> import polars as pl
>>> df = pl.DataFrame({"x": [1_250, 1_350, 1_251]})  # 12.50, 13.50 and 12.51 hundredths
>>> df.select(round_div(pl.col("x"), 100, Rounding.HALF_EVEN)).to_series().to_list()
[12, 14, 13]
>>> df.select(round_div(pl.col("x"), 100, Rounding.HALF_UP)).to_series().to_list()
[13, 14, 13]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import polars as pl

from chuhai.domain.fx import FxQuote
from chuhai.domain.money import Money, Rounding, quantize

__all__ = [
    "Conversion",
    "convert_exact",
    "convert_expr",
    "fraction_round",
    "lit128",
    "round_div",
    "upper_cut",
]

I128 = pl.Int128
_SPLIT = 10**14
_RATE_DIGITS = 28


def lit128(value: int) -> pl.Expr:
    """An Int128 literal (Polars would otherwise pick a narrower type or a float)."""
    return pl.lit(value, dtype=I128)


def round_div(num: pl.Expr, den: int, mode: Rounding) -> pl.Expr:
    """``num / den`` rounded to an integer by ``mode``; ``num >= 0``, ``den > 0``."""
    if den == 1:
        return num
    if mode is Rounding.DOWN:
        return num // den
    if mode is Rounding.UP:
        return (num + (den - 1)) // den
    twice = num * 2 + den
    rounded = twice // (2 * den)
    if mode is Rounding.HALF_UP:
        return rounded
    tie = (twice % (2 * den)) == 0
    odd = (rounded % 2) == 1
    return rounded - (tie & odd).cast(pl.Int64)


def fraction_round(value: Fraction, mode: Rounding = Rounding.HALF_UP) -> int:
    """A non-negative fraction rounded to an integer by ``mode``.

    >>> fraction_round(Fraction(5, 2)), fraction_round(Fraction(5, 2), Rounding.HALF_EVEN)
    (3, 2)
    """
    if value < 0:
        raise ValueError("fraction_round() expects a non-negative value")
    floor = value.numerator // value.denominator
    rest = value - floor
    if mode is Rounding.DOWN or rest == 0:
        return floor
    if mode is Rounding.UP:
        return floor + 1
    half = Fraction(1, 2)
    if rest != half:
        return floor + (rest > half)
    return floor + 1 if mode is Rounding.HALF_UP else floor + (floor % 2)


@dataclass(frozen=True)
class Conversion:
    """One exchange rate as an exact integer: 1 base = ``coefficient`` x 10^``exponent`` quote."""

    quote: FxQuote
    coefficient: int  # exactly 28 digits
    exponent: int

    @classmethod
    def of(cls, quote: FxQuote) -> Conversion:
        sign, digits, exponent = quote.rate.as_tuple()
        if sign or not isinstance(exponent, int):
            raise ValueError(f"not a positive finite rate: {quote.rate}")
        coefficient = int("".join(map(str, digits)))
        width = len(str(coefficient))
        if width > _RATE_DIGITS:
            raise ValueError(f"rate {quote.rate} has more than {_RATE_DIGITS} digits")
        pad = _RATE_DIGITS - width
        return cls(quote, coefficient * 10**pad, exponent - pad)

    def shift(self, *, scale: int, digits: int) -> int:
        """Digits dropped when an amount at ``scale`` becomes minor units at ``digits``."""
        return scale - digits - self.exponent


def convert_expr(
    x: pl.Expr, conversion: Conversion, *, scale: int, digits: int, max_x: int
) -> tuple[pl.Expr, pl.Expr]:
    """``x`` (an integer amount at 10^-scale) converted and quantized half-up to ``digits``.

    Returns the Int64 result and a Boolean expression that marks the rows to redo with
    :func:`convert_exact`: those whose exact product lies within the 28-digit rounding width
    below a half (a superset, so rare that it costs nothing). ``max_x`` bounds ``x`` and must
    stay below 10^16.
    """
    if max_x >= 10**16:
        raise ValueError("amounts above 10^16 units of their scale cannot be converted exactly")
    shift = conversion.shift(scale=scale, digits=digits)
    if not 15 <= shift <= 37:
        raise ValueError(f"rate {conversion.quote.rate} is outside the range the engine handles")
    high, low = divmod(conversion.coefficient, _SPLIT)
    wide = x.cast(I128)
    # floor((x*rate + half) / 10^shift) with rate = high*10^14 + low and half = 5*10^(shift-1):
    # the low product's last 14 digits cannot carry into the quotient.
    top = wide * lit128(high) + lit128(5 * 10 ** (shift - 15)) + (wide * lit128(low)) // _SPLIT
    cut = 10 ** (shift - 14)
    result = (top // lit128(cut)).cast(pl.Int64)
    width = 5 * 10 ** max(len(str(max(max_x, 1) * conversion.coefficient)) - 29, 0)
    margin = width // _SPLIT + 1
    doubtful = (top % lit128(cut)) >= lit128(cut - 1 - margin)
    return result, doubtful


def convert_exact(x: int, conversion: Conversion, *, scale: int) -> int:
    """The Decimal engine's own conversion of one amount, in minor units of the quote."""
    money = Money(Decimal(x).scaleb(-scale), conversion.quote.base)
    return quantize(conversion.quote.convert(money)).to_minor()


def upper_cut(
    bound: Decimal, *, inclusive: bool, digits: int, conversion: Conversion | None
) -> int:
    """The largest value V (minor units at ``digits``) that stays within ``bound``.

    Without a conversion V itself is compared; with one, the Decimal engine compares the
    28-digit product ``V x rate`` with the bound, and the cut accounts for that rounding.

    >>> upper_cut(Decimal("150"), inclusive=True, digits=2, conversion=None)
    15000
    >>> upper_cut(Decimal("150"), inclusive=False, digits=2, conversion=None)
    14999
    """
    scaled = Fraction(bound) * _power(digits)
    if conversion is None:
        if inclusive:
            return math.floor(scaled)
        return math.ceil(scaled) - 1
    rate = conversion.coefficient * _power(conversion.exponent)
    if bound == 0:
        return 0 if inclusive else -1
    top = bound.adjusted()
    if inclusive:
        edge = Fraction(bound) + 5 * _power(top - _RATE_DIGITS)
        return math.floor(edge * _power(digits) / rate)
    power_of_ten = bound.normalize().as_tuple().digits == (1,)
    below = top - 1 if power_of_ten else top
    edge = Fraction(bound) - 5 * _power(below - _RATE_DIGITS)
    return math.ceil(edge * _power(digits) / rate) - 1


def _power(exponent: int) -> Fraction:
    """10 to ``exponent`` as an exact fraction."""
    return Fraction(10**exponent) if exponent >= 0 else Fraction(1, 10**-exponent)
