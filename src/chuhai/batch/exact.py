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
_INT64_ROOM = 2**62  # Int64 sums stay below this
_FLAG_DIGITS = 6  # the Int64 path flags about one row in a million for the Decimal code


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
    narrow = _convert_int64(x, conversion.coefficient, shift, max_x)
    if narrow is not None:
        return narrow
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


def _convert_int64(
    x: pl.Expr, coefficient: int, shift: int, max_x: int
) -> tuple[pl.Expr, pl.Expr] | None:
    """:func:`convert_expr` in Int64 limbs, when ``max_x`` leaves room (else None).

    With ``P = x * coefficient`` and ``e = shift - k``, ``floor(P / 10^e)`` is
    ``x * (coefficient // 10^e)`` plus the carry of ``x * (coefficient % 10^e)``, which is
    worked out limb by limb (each limb narrow enough that ``x * limb`` fits in Int64). The
    coefficient's last ``t`` digits are left out when ``max_x * 10^t`` is a small share of
    10^e: the floor is then at most ``error`` short, and the flag widens by as much. Adding
    half of 10^shift and splitting at 10^k gives the rounded result and the top k digits of
    the remainder: the same result as the Int128 path, with a flag on every row within the
    28-digit rounding width (or the left-out digits) below a half, redone by
    :func:`convert_exact`; a few Int64 operations instead of Int128 ones, which Polars does
    several times slower.
    """
    top = max(max_x, 1)
    width = 0  # digits of the widest limb
    while top * (10 ** (width + 1) + 1) < _INT64_ROOM:
        width += 1
    digits = 0  # digits of the remainder kept beside the result
    for keep in range(min(shift, 18), 3, -1):
        if top * (coefficient // 10 ** (shift - keep) + 1) + 5 * 10**keep < _INT64_ROOM:
            digits = keep
            break
    if width < 1 or digits == 0:
        return None
    e = shift - digits
    dropped = 0  # the coefficient's last digits left out
    if digits > _FLAG_DIGITS:
        allowed = 10 ** (digits - _FLAG_DIGITS)  # flags at most a 10^-_FLAG_DIGITS share
        while dropped < e and top * 10 ** (dropped + 1) // 10**e + 1 <= allowed:
            dropped += 1
    error = top * 10**dropped // 10**e + 1 if dropped else 0
    low = coefficient % 10**e // 10**dropped
    e -= dropped
    count = -(-e // width)
    carry: pl.Expr | None = None
    position = 0
    for index in range(count):
        size = e // count + (1 if index < e % count else 0)
        limb = (low // 10**position) % 10**size
        position += size
        part = x * limb if limb else None
        if carry is not None:
            part = carry if part is None else part + carry
        carry = None if part is None else part // 10**size
    upper = x * (coefficient // 10 ** (e + dropped)) + 5 * 10 ** (digits - 1)
    if carry is not None:
        upper = upper + carry
    cut = 10**digits
    rounding = 5 * 10 ** max(len(str(top * coefficient)) - 29, 0)
    margin = rounding // 10 ** (e + dropped) + 1 + error
    result = upper // cut
    rest = upper - result * cut  # the remainder, without a second division
    return result, rest >= cut - 1 - margin


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
