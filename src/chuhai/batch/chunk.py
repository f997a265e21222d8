"""A chunk of validated catalogue rows, its product keys, and its values in each currency.

The goods value, freight and insurance of a row in a market's currency depend only on the
row and the exchange rate, not on the channel or the scenario, so they are worked out once
per chunk and rate and shared by every plan that uses that rate. Conversion is exact (see
:mod:`chuhai.batch.exact`); the rare row whose rounding the integer path cannot settle is
redone with the Decimal code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from chuhai.batch.catalogue import MONEY_SCALE
from chuhai.batch.exact import Conversion, convert_exact, convert_expr, round_div
from chuhai.batch.plan import Plan
from chuhai.batch.profiles import Key
from chuhai.domain.money import Rounding
from chuhai.errors import ChuhaiError

__all__ = ["Chunk", "KeyRegistry", "Values", "convert_column", "prepare_chunk"]

VALUE_COLUMNS = ("value_e4", "freight_e4", "insurance_e4")


@dataclass
class Values:
    """Goods, freight and insurance of each row in one currency (minor units)."""

    frame: pl.DataFrame  # goods, freight, insurance (null where the rate failed), fx_error
    errors: list[ChuhaiError]  # what the fx_error column indexes
    max_value: int  # the largest goods + freight + insurance


class KeyRegistry:
    """Every product key seen so far, numbered once: plans keep per-key arrays across chunks."""

    COLUMNS = ("hs_code", "origin", "claim")

    def __init__(self) -> None:
        self.keys: list[Key] = []
        self._index: dict[Key, int] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def number(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with a column ``k``: the global number of each row's key."""
        columns = list(self.COLUMNS)
        unique = frame.select(columns).unique(maintain_order=True)
        numbers = []
        for hs, origin, claim in unique.iter_rows():
            key = (hs, origin, claim)
            if key not in self._index:
                self._index[key] = len(self.keys)
                self.keys.append(key)
            numbers.append(self._index[key])
        table = unique.with_columns(pl.Series("k", numbers, dtype=pl.Int64))
        return frame.join(table, on=columns, how="left", nulls_equal=True, maintain_order="left")


@dataclass
class Chunk:
    frame: pl.DataFrame
    currencies: list[str]
    _values: dict[tuple[object, ...], Values] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.frame.height

    def values(self, plan: Plan) -> Values:
        """The row values in ``plan``'s currency, computed once per set of rates."""
        conversions = {c: plan.conversion(c, plan.currency) for c in self.currencies}
        cache_key = (plan.currency, *(_identity(c, v) for c, v in conversions.items()))
        if cache_key not in self._values:
            self._values[cache_key] = _values(self.frame, conversions, plan.digits)
        return self._values[cache_key]

    def bound(self, column: str) -> int:
        if column not in self.frame.columns:
            return 0
        found = self.frame.get_column(column).max()
        return int(found) if isinstance(found, int) else 0


def _identity(currency: str, conversion: Conversion | ChuhaiError | None) -> object:
    if isinstance(conversion, Conversion):
        return (currency, conversion.coefficient, conversion.exponent)
    return (currency, None if conversion is None else str(conversion))


def prepare_chunk(good: pl.DataFrame, registry: KeyRegistry) -> Chunk:
    """Number the product keys (code, origin, claimed preference) of validated rows."""
    frame = registry.number(good)
    currencies = sorted(frame.get_column("currency").unique().to_list())
    return Chunk(frame, currencies)


def convert_column(
    frame: pl.DataFrame,
    column: str,
    conversion: Conversion | None,
    *,
    scale: int,
    digits: int,
    where: pl.Expr | None = None,
) -> pl.Series:
    """``column`` (integers at 10^-scale) in minor units at ``digits``, exactly."""
    source = pl.col(column)
    if conversion is None:
        if scale < digits:
            return frame.select(source * 10 ** (digits - scale)).to_series()
        return frame.select(round_div(source, 10 ** (scale - digits), Rounding.HALF_UP)).to_series()
    top = frame.get_column(column).max()
    max_x = int(top) if isinstance(top, int) else 0
    result, doubtful = convert_expr(source, conversion, scale=scale, digits=digits, max_x=max_x)
    if where is not None:
        doubtful = doubtful & where
    out = frame.select(result.alias(column), doubtful.alias("doubtful"))
    redo = out.get_column("doubtful").arg_true()
    values = out.get_column(column)
    if redo.len():
        amounts = frame.get_column(column).gather(redo).to_list()
        fixed = [convert_exact(int(x), conversion, scale=scale) for x in amounts]
        values = values.scatter(redo, pl.Series(fixed, dtype=pl.Int64))
    return values


def _values(
    frame: pl.DataFrame, conversions: dict[str, Conversion | ChuhaiError | None], digits: int
) -> Values:
    errors: list[ChuhaiError] = []
    parts: dict[str, pl.Series] = {}
    error_column = pl.Series("fx_error", [None] * frame.height, dtype=pl.Int32)
    if len(conversions) == 1:
        ((_, conversion),) = conversions.items()
        if isinstance(conversion, ChuhaiError):
            errors.append(conversion)
            error_column = pl.Series("fx_error", [0] * frame.height, dtype=pl.Int32)
            nulls = pl.Series([None] * frame.height, dtype=pl.Int64)
            parts = dict.fromkeys(VALUE_COLUMNS, nulls)
        else:
            for name in VALUE_COLUMNS:
                parts[name] = convert_column(
                    frame, name, conversion, scale=MONEY_SCALE, digits=digits
                )
    else:
        parts = _mixed(frame, conversions, digits, errors)
        failed = {c: errors.index(v) for c, v in conversions.items() if isinstance(v, ChuhaiError)}
        error_column = (
            frame.get_column("currency")
            .replace_strict(failed, default=None, return_dtype=pl.Int32)
            .alias("fx_error")
        )
    values = pl.DataFrame(
        {
            "goods": parts["value_e4"],
            "freight": parts["freight_e4"],
            "insurance": parts["insurance_e4"],
            "fx_error": error_column,
        }
    )
    top = values.select(pl.sum_horizontal("goods", "freight", "insurance").max()).item()
    return Values(values, errors, int(top or 0))


def _mixed(
    frame: pl.DataFrame,
    conversions: dict[str, Conversion | ChuhaiError | None],
    digits: int,
    errors: list[ChuhaiError],
) -> dict[str, pl.Series]:
    """Rows in several currencies: each currency's rows converted at its own rate."""
    parts = {name: pl.Series(name, [None] * frame.height, dtype=pl.Int64) for name in VALUE_COLUMNS}
    for currency, conversion in conversions.items():
        if isinstance(conversion, ChuhaiError):
            errors.append(conversion)
            continue
        mask = frame.get_column("currency") == currency
        subset = frame.filter(mask)
        index = mask.arg_true()
        for name in VALUE_COLUMNS:
            converted = convert_column(subset, name, conversion, scale=MONEY_SCALE, digits=digits)
            parts[name] = parts[name].scatter(index, converted)
    return parts
