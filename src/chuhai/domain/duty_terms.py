"""The terms of a duty rate: ad valorem, specific, fixed amounts and their combinations
(compound, the higher or lower of, a deduction), each evaluated on one customs line.

:mod:`chuhai.domain.duty_expression` parses schedule texts into these terms. Rates are
fractions and nothing rounds; a quantity the term needs and the line lacks raises
:class:`~chuhai.errors.DutyExpressionError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from chuhai.domain.money import Money, to_decimal
from chuhai.errors import DutyExpressionError

__all__ = [
    "FIELD",
    "AdValorem",
    "Compound",
    "Convert",
    "Deduction",
    "DutyLine",
    "FixedAmount",
    "Higher",
    "Lower",
    "Specific",
    "Term",
    "walk",
]

FIELD = "duty_expression"
Convert = Callable[[Money, str], Money]


@dataclass(frozen=True)
class DutyLine:
    """What one customs line offers to a duty: its value, quantities and a converter."""

    value: Money
    quantities: Mapping[str, Decimal]
    convert: Convert | None
    text: str

    def quantity(self, unit: str) -> Decimal:
        if unit not in self.quantities:
            raise DutyExpressionError(f"duty {self.text!r} needs quantity in {unit}", field=FIELD)
        return to_decimal(self.quantities[unit], field=f"quantities[{unit!r}]")

    def in_value_currency(self, amount: Decimal, currency: str) -> Decimal:
        target = self.value.currency
        if currency == target:
            return amount
        if self.convert is None:
            raise DutyExpressionError(
                f"duty {self.text!r} is in {currency} but the value is in {target}; pass convert",
                field=FIELD,
            )
        converted = self.convert(Money(amount, currency), target)
        if converted.currency != target:
            raise DutyExpressionError(f"convert() returned {converted!r}, not {target}")
        return converted.amount


class Term:
    """A node of a parsed duty; subclasses say how much duty they levy on a line."""

    def duty(self, line: DutyLine) -> Decimal:
        """The duty in the line's value currency, unrounded."""
        raise NotImplementedError

    def rate(self) -> Decimal | None:
        """The ad valorem rate if the duty depends on the value alone, else None."""
        raise NotImplementedError

    def is_zero(self) -> bool:
        raise NotImplementedError

    def children(self) -> tuple[Term, ...]:
        return ()


@dataclass(frozen=True)
class AdValorem(Term):
    """A fraction of the customs value: 6.5% is ``AdValorem(Decimal("0.065"))``."""

    rate_fraction: Decimal

    def duty(self, line: DutyLine) -> Decimal:
        return line.value.amount * self.rate_fraction

    def rate(self) -> Decimal | None:
        return self.rate_fraction

    def is_zero(self) -> bool:
        return self.rate_fraction == 0


@dataclass(frozen=True)
class Specific(Term):
    """``amount`` of ``currency`` per ``per`` canonical ``unit`` ("35.10 GBP / 100 kg")."""

    amount: Decimal
    currency: str
    unit: str
    per: Decimal

    def duty(self, line: DutyLine) -> Decimal:
        if self.is_zero():
            return Decimal(0)
        own = self.amount * line.quantity(self.unit) / self.per
        return line.in_value_currency(own, self.currency)

    def rate(self) -> Decimal | None:
        return Decimal(0) if self.is_zero() else None

    def is_zero(self) -> bool:
        return self.amount == 0


@dataclass(frozen=True)
class FixedAmount(Term):
    """A flat amount per line; only ever subtracted ("60% - 20 USD")."""

    amount: Decimal
    currency: str

    def duty(self, line: DutyLine) -> Decimal:
        return line.in_value_currency(self.amount, self.currency)

    def rate(self) -> Decimal | None:
        return Decimal(0) if self.is_zero() else None

    def is_zero(self) -> bool:
        return self.amount == 0


@dataclass(frozen=True)
class _Combination(Term):
    """Parts combined by :meth:`combine`: a sum, the highest or the lowest."""

    parts: tuple[Term, ...]

    @staticmethod
    def combine(values: list[Decimal]) -> Decimal:
        raise NotImplementedError

    def duty(self, line: DutyLine) -> Decimal:
        return self.combine([part.duty(line) for part in self.parts])

    def rate(self) -> Decimal | None:
        rates = [part.rate() for part in self.parts]
        return None if None in rates else self.combine([r for r in rates if r is not None])

    def is_zero(self) -> bool:
        return all(part.is_zero() for part in self.parts)

    def children(self) -> tuple[Term, ...]:
        return self.parts


class Compound(_Combination):
    """The sum of its parts ("$0.9/kg + 6%")."""

    @staticmethod
    def combine(values: list[Decimal]) -> Decimal:
        return sum(values, Decimal(0))


class Higher(_Combination):
    """The highest of its parts: EU "MIN", US "but not less than", JP "いずれか高い"."""

    @staticmethod
    def combine(values: list[Decimal]) -> Decimal:
        return max(values)


class Lower(_Combination):
    """The lowest of its parts: EU "MAX", US "but not over", JP "いずれか低い"."""

    @staticmethod
    def combine(values: list[Decimal]) -> Decimal:
        return min(values)

    def is_zero(self) -> bool:
        return any(part.is_zero() for part in self.parts)  # duties are never negative


@dataclass(frozen=True)
class Deduction(Term):
    """``base`` less ``less``, never below zero ("60% - 20 USD")."""

    base: Term
    less: Term

    def duty(self, line: DutyLine) -> Decimal:
        return max(Decimal(0), self.base.duty(line) - self.less.duty(line))

    def rate(self) -> Decimal | None:
        return self.base.rate() if self.less.is_zero() else None

    def is_zero(self) -> bool:
        return self.base.is_zero()

    def children(self) -> tuple[Term, ...]:
        return (self.base, self.less)


def walk(term: Term) -> Iterator[Term]:
    """The term and all its descendants that levy something."""
    if not term.is_zero():
        yield term
        for child in term.children():
            yield from walk(child)
