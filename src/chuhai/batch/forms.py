"""Duty expressions compiled to exact linear forms the batch engine evaluates per row.

A parsed duty (:mod:`chuhai.domain.duty_expression`) becomes a :class:`Shape`: the lowest,
over groups, of the highest, over linear forms in a group, of
``rate x customs value + amount per unit x quantity + constant``. Every duty the parser
reads fits: a sum of leaves is one form, "MIN"/"but not less than" is a highest,
"MAX"/"but not over" a lowest, and "60% - 20 USD" the highest of the difference and zero.
A fixed amount in another currency is converted once (the same rate the itemised engine
uses); a specific amount in another currency would need a conversion per row and is
refused.

>>> shape = compile_expression("8.30% MIN 1.50 EUR / 100 kg", currency="EUR")
>>> [[(str(f.rate), f.per_unit) for f in group] for group in shape.groups]
[[('83/1000', ()), ('0', (('kg', Fraction(3, 200)),))]]
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from chuhai.domain.duty_expression import DutyExpression, parse_duty_expression
from chuhai.domain.duty_terms import (
    AdValorem,
    Compound,
    Deduction,
    FixedAmount,
    Higher,
    Lower,
    Specific,
    Term,
)

__all__ = ["Linear", "Shape", "UnsupportedExpression", "compile_expression", "parse"]

ZERO = Fraction(0)
ConvertFixed = Callable[[Decimal, str], Decimal]


class UnsupportedExpression(ValueError):
    """An expression the batch engine cannot evaluate exactly; the plan names its rule."""


@dataclass(frozen=True)
class Linear:
    """``rate`` x customs value + sum of amount per unit x quantity + ``constant``."""

    rate: Fraction = ZERO
    per_unit: tuple[tuple[str, Fraction], ...] = ()  # (unit, major units per unit), by unit
    constant: Fraction = ZERO  # major units of the pack currency

    def plus(self, other: Linear) -> Linear:
        merged = dict(self.per_unit)
        for unit, amount in other.per_unit:
            merged[unit] = merged.get(unit, ZERO) + amount
        terms = tuple(sorted((u, a) for u, a in merged.items() if a))
        return Linear(self.rate + other.rate, terms, self.constant + other.constant)

    def minus(self, other: Linear) -> Linear:
        negated = tuple((unit, -amount) for unit, amount in other.per_unit)
        return self.plus(Linear(-other.rate, negated, -other.constant))


@dataclass(frozen=True)
class Shape:
    """min over ``groups`` of (max over the forms of a group); ``units`` it needs."""

    groups: tuple[tuple[Linear, ...], ...]
    units: frozenset[str] = frozenset()

    @property
    def is_linear(self) -> bool:
        return len(self.groups) == 1 and len(self.groups[0]) == 1


FREE = Shape(((Linear(),),))


@functools.lru_cache(maxsize=8192)
def parse(text: str) -> DutyExpression:
    return parse_duty_expression(text)


def compile_expression(
    text: str, *, currency: str, convert_fixed: ConvertFixed | None = None
) -> Shape:
    """The shape of the duty ``text`` on a customs value in ``currency``."""
    duty = parse(text)
    if duty.is_free:
        return FREE
    compiler = _Compiler(currency, convert_fixed)
    groups = compiler.shape(duty.term)
    return Shape(groups, frozenset(compiler.units))


class _Compiler:
    def __init__(self, currency: str, convert_fixed: ConvertFixed | None) -> None:
        self.currency = currency
        self.convert_fixed = convert_fixed
        self.units: set[str] = set()

    def shape(self, term: Term) -> tuple[tuple[Linear, ...], ...]:
        if isinstance(term, Higher):
            result: tuple[tuple[Linear, ...], ...] = ((),)
            for part in term.parts:
                result = tuple(a + b for a in result for b in self.shape(part))
            return result
        if isinstance(term, Lower):
            return tuple(group for part in term.parts for group in self.shape(part))
        if isinstance(term, Deduction):
            return ((self.linear(term.base).minus(self.linear(term.less)), Linear()),)
        return ((self.linear(term),),)

    def linear(self, term: Term) -> Linear:
        if isinstance(term, AdValorem):
            return Linear(rate=Fraction(term.rate_fraction))
        if isinstance(term, Specific):
            return self.specific(term)
        if isinstance(term, FixedAmount):
            return Linear(constant=Fraction(self.fixed(term)))
        if isinstance(term, Compound):
            total = Linear()
            for part in term.parts:
                total = total.plus(self.linear(part))
            return total
        raise UnsupportedExpression(f"a {type(term).__name__} inside a sum")

    def specific(self, term: Specific) -> Linear:
        if term.is_zero():
            return Linear()
        if term.currency != self.currency:
            raise UnsupportedExpression(
                f"a specific amount in {term.currency} on a value in {self.currency} needs a "
                "conversion per row"
            )
        self.units.add(term.unit)
        return Linear(per_unit=((term.unit, Fraction(term.amount) / Fraction(term.per)),))

    def fixed(self, term: FixedAmount) -> Decimal:
        if term.currency == self.currency:
            return term.amount
        if self.convert_fixed is None:
            raise UnsupportedExpression(f"a fixed amount in {term.currency} without a rate")
        return self.convert_fixed(term.amount, term.currency)
