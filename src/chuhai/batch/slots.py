"""Evaluate one duty per row when each row's key has its own compiled shape.

A :class:`Slot` holds, per key, the integer coefficients of its shape over one common
denominator (the rates of all keys, the pack's minor units and the 10^-6 quantity scale),
padded to the same number of groups and forms by repeating a form or a group, which leaves
a highest or a lowest unchanged. :meth:`Slot.amount` is then a handful of integer column
operations per row, the same for every key, and rounds once with the rule's mode.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from chuhai.batch.exact import round_div
from chuhai.batch.forms import FREE, Linear, Shape
from chuhai.domain.money import Rounding

__all__ = ["Slot", "build_slot"]

QUANTITY_SCALE = 6
INT64_SAFE = 2**60


@dataclass
class Slot:
    """Coefficients of one duty for every key, ready to gather onto rows."""

    name: str
    den: int
    groups: int
    forms: int
    columns: dict[str, list[int]] = field(default_factory=dict)
    units: dict[tuple[int, int, int], list[str | None]] = field(default_factory=dict)
    unit_terms: dict[tuple[int, int], int] = field(default_factory=dict)
    bound: int = 0  # the largest coefficient, to choose the integer width

    def put(self, name: str, values: list[int]) -> None:
        if any(values):
            self.columns[name] = values
            self.bound = max(self.bound, *(abs(v) for v in values))

    def coefficient(self, kind: str, group: int, form: int) -> str:
        return f"{self.name}_{kind}{group}_{form}"

    def series(self) -> list[pl.Series]:
        """Coefficient columns that differ between keys (the others become literals)."""
        return [
            pl.Series(name, values, dtype=pl.Int64)
            for name, values in self.columns.items()
            if len(set(values)) > 1
        ]

    def _coefficient(self, name: str, width: type[pl.Int64] | type[pl.Int128]) -> pl.Expr:
        values = self.columns[name]
        if len(set(values)) == 1:
            return pl.lit(values[0], dtype=width)
        return pl.col(name).cast(width)

    def max_amount(self, max_value: int, max_quantity: int) -> int:
        """An upper bound of :meth:`amount` on values up to ``max_value`` and quantities up
        to ``max_quantity`` (a form sums at most ``terms`` coefficient products)."""
        terms = 2 + max(self.unit_terms.values(), default=0)
        top = (max(max_value, max_quantity, 1) + 1) * (self.bound + 1) * terms
        return top // self.den + 1

    def amount(
        self,
        value: pl.Expr,
        quantity: Callable[[str], pl.Expr],
        *,
        mode: Rounding,
        max_value: int,
        max_quantity: int,
    ) -> pl.Expr:
        """The rounded duty in minor units on the customs value ``value`` of each row."""
        top = (max(max_value, max_quantity, 1) + 1) * (self.bound + 1) * 8
        wide = top >= INT64_SAFE or self.den * 4 >= INT64_SAFE
        width = pl.Int128 if wide else pl.Int64
        groups = []
        for g in range(self.groups):
            forms = [self._form(g, f, value, quantity, width) for f in range(self.forms)]
            groups.append(forms[0] if len(forms) == 1 else pl.max_horizontal(forms))
        total = groups[0] if len(groups) == 1 else pl.min_horizontal(groups)
        return round_div(total, self.den, mode).cast(pl.Int64)

    def _form(
        self,
        g: int,
        f: int,
        value: pl.Expr,
        quantity: Callable[[str], pl.Expr],
        width: type[pl.Int64] | type[pl.Int128],
    ) -> pl.Expr:
        terms = []
        rate = self.coefficient("r", g, f)
        if rate in self.columns:
            terms.append(value.cast(width) * self._coefficient(rate, width))
        for t in range(self.unit_terms.get((g, f), 0)):
            amount = self.coefficient(f"s{t}_", g, f)
            if amount in self.columns:
                quantities = self._quantity(g, f, t, quantity).cast(width)
                terms.append(quantities * self._coefficient(amount, width))
        constant = self.coefficient("c", g, f)
        if constant in self.columns:
            terms.append(self._coefficient(constant, width))
        if not terms:
            return pl.lit(0, dtype=width)
        return terms[0] if len(terms) == 1 else pl.sum_horizontal(terms)

    def _quantity(self, g: int, f: int, t: int, quantity: Callable[[str], pl.Expr]) -> pl.Expr:
        units = sorted({u for u in self.units[(g, f, t)] if u is not None})
        if len(units) == 1:
            return quantity(units[0])
        name = self.coefficient(f"u{t}_", g, f)
        chosen = pl.lit(0, dtype=pl.Int64)
        for unit in units:
            chosen = pl.when(pl.col(name) == unit).then(quantity(unit)).otherwise(chosen)
        return chosen

    def unit_series(self) -> list[pl.Series]:
        return [
            pl.Series(self.coefficient(f"u{t}_", g, f), values, dtype=pl.Utf8)
            for (g, f, t), values in self.units.items()
            if len({u for u in values if u is not None}) > 1
        ]


def build_slot(name: str, shapes: Sequence[Shape | None], *, digits: int) -> Slot:
    """The slot of ``shapes`` (one per key; None is free) on values in minor units at ``digits``.

    Plans of one tariff (the members of a customs union, the channels and scenarios of a
    market) have equal shapes for the same keys: their slot is built once and shared (a
    slot is not changed once built).
    """
    return _built(name, tuple(shapes), digits)


@functools.lru_cache(maxsize=256)
def _built(name: str, shapes: tuple[Shape | None, ...], digits: int) -> Slot:
    grids = [(shape or FREE).groups for shape in shapes]
    groups = max(len(grid) for grid in grids)
    forms = max(len(group) for grid in grids for group in grid)
    padded = [_pad(grid, groups, forms) for grid in grids]
    minor = Fraction(10) ** digits
    per_micro = minor / 10**QUANTITY_SCALE
    den = 1
    for grid in padded:
        for group in grid:
            for lin in group:
                numbers = [lin.rate, lin.constant * minor]
                numbers += [amount * per_micro for _, amount in lin.per_unit]
                den = math.lcm(den, *(n.denominator for n in numbers))
    slot = Slot(name, den, groups, forms)
    for g in range(groups):
        for f in range(forms):
            _fill(slot, g, f, [grid[g][f] for grid in padded], minor, per_micro)
    return slot


def _fill(
    slot: Slot, g: int, f: int, forms: list[Linear], minor: Fraction, per_micro: Fraction
) -> None:
    slot.put(slot.coefficient("r", g, f), [int(lin.rate * slot.den) for lin in forms])
    slot.put(slot.coefficient("c", g, f), [int(lin.constant * minor * slot.den) for lin in forms])
    depth = max(len(lin.per_unit) for lin in forms)
    slot.unit_terms[(g, f)] = depth
    for t in range(depth):
        terms = [lin.per_unit[t] if len(lin.per_unit) > t else None for lin in forms]
        amounts = [0 if term is None else int(term[1] * per_micro * slot.den) for term in terms]
        slot.put(slot.coefficient(f"s{t}_", g, f), amounts)
        slot.units[(g, f, t)] = [None if term is None else term[0] for term in terms]


def _pad(grid: tuple[tuple[Linear, ...], ...], groups: int, forms: int) -> list[list[Linear]]:
    rows = [list(group) + [group[-1]] * (forms - len(group)) for group in grid]
    return rows + [rows[-1]] * (groups - len(rows))
