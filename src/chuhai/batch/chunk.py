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

__all__ = ["Chunk", "KeyRegistry", "Values", "convert_column", "convert_columns", "prepare_chunk"]

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

    def any_value(self, column: str) -> bool:
        """Whether ``column`` exists and is not null everywhere."""
        if column not in self.frame.columns:
            return False
        return self.frame.get_column(column).null_count() < self.frame.height

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
) -> pl.Series:
    """``column`` (integers at 10^-scale) in minor units at ``digits``, exactly."""
    return convert_columns(frame, [column], conversion, scale=scale, digits=digits)[column]


def convert_columns(
    frame: pl.DataFrame,
    columns: list[str],
    conversion: Conversion | None,
    *,
    scale: int,
    digits: int,
) -> dict[str, pl.Series]:
    """Each of ``columns`` (integers at 10^-scale) in minor units at ``digits``, exactly.

    One query converts them all; the rare rows the integer path cannot settle are redone
    with the Decimal code.
    """
    if conversion is None:
        if scale < digits:
            exprs = [pl.col(c) * 10 ** (digits - scale) for c in columns]
        else:
            exprs = [
                round_div(pl.col(c), 10 ** (scale - digits), Rounding.HALF_UP) for c in columns
            ]
        out = frame.select(e.alias(c) for e, c in zip(exprs, columns, strict=True))
        return {c: out.get_column(c) for c in columns}
    tops = frame.select(pl.col(columns).max()).row(0)
    converted = []
    for column, top in zip(columns, tops, strict=True):
        max_x = int(top) if isinstance(top, int) else 0
        if max_x == 0:  # zeros (or nulls) stay as they are
            converted += [pl.col(column), pl.lit(False).alias(f"{column}__redo")]
            continue
        result, doubtful = convert_expr(
            pl.col(column), conversion, scale=scale, digits=digits, max_x=max_x
        )
        converted += [result.alias(column), doubtful.alias(f"{column}__redo")]
    out = frame.select(converted)
    parts = {}
    for column in columns:
        values = out.get_column(column)
        redo = out.get_column(f"{column}__redo").arg_true()
        if redo.len():
            amounts = frame.get_column(column).gather(redo).to_list()
            fixed = [convert_exact(int(x), conversion, scale=scale) for x in amounts]
            values = values.scatter(redo, pl.Series(fixed, dtype=pl.Int64))
        parts[column] = values
    return parts


def _values(
    frame: pl.DataFrame, conversions: dict[str, Conversion | ChuhaiError | None], digits: int
) -> Values:
    errors: list[ChuhaiError] = []
    parts: dict[str, pl.Series] = {}
    error_column = _constant("fx_error", None, frame.height, pl.Int32)
    if len(conversions) == 1:
        ((_, conversion),) = conversions.items()
        if isinstance(conversion, ChuhaiError):
            errors.append(conversion)
            error_column = _constant("fx_error", 0, frame.height, pl.Int32)
            nulls = _constant("", None, frame.height, pl.Int64)
            parts = dict.fromkeys(VALUE_COLUMNS, nulls)
        else:
            parts = convert_columns(
                frame, list(VALUE_COLUMNS), conversion, scale=MONEY_SCALE, digits=digits
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
    # an upper bound of goods + freight + insurance: the engine sizes its integers by it
    top = sum(int(m) for m in values.select("goods", "freight", "insurance").max().row(0) if m)
    return Values(values, errors, top)


def _mixed(
    frame: pl.DataFrame,
    conversions: dict[str, Conversion | ChuhaiError | None],
    digits: int,
    errors: list[ChuhaiError],
) -> dict[str, pl.Series]:
    """Rows in several currencies: each currency's rows converted at its own rate."""
    parts = {name: _constant(name, None, frame.height, pl.Int64) for name in VALUE_COLUMNS}
    for currency, conversion in conversions.items():
        if isinstance(conversion, ChuhaiError):
            errors.append(conversion)
            continue
        mask = frame.get_column("currency") == currency
        subset = frame.filter(mask)
        index = mask.arg_true()
        converted = convert_columns(
            subset, list(VALUE_COLUMNS), conversion, scale=MONEY_SCALE, digits=digits
        )
        for name in VALUE_COLUMNS:
            parts[name] = parts[name].scatter(index, converted[name])
    return parts


def _constant(
    name: str, value: int | None, height: int, dtype: type[pl.Int32] | type[pl.Int64]
) -> pl.Series:
    """A column of one value (made in Polars, not from a Python list)."""
    return pl.repeat(value, height, dtype=dtype, eager=True).alias(name)
