"""Run a plan (one market x channel x scenario) over chunks of catalogue rows.

:class:`PlanRunner` keeps what a plan reuses between chunks (key profiles, key columns, the
compiled row expressions of :mod:`chuhai.batch.rows`), evaluates a chunk in one Polars query,
converts the landed total into the seller's currency exactly and lays out the public columns
(:data:`OUTPUT_SCHEMA`). Every amount equals the itemised quote's to the minor unit; a row
the itemised engine would refuse (unknown code, a measure whose rate is not known, no
regime...) carries that error's code and message instead of amounts.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from chuhai.batch.chunk import Chunk
from chuhai.batch.exact import Conversion, convert_exact, convert_expr, round_div
from chuhai.batch.keycolumns import KeyColumns, key_columns
from chuhai.batch.plan import Plan, UnsupportedRuleError
from chuhai.batch.profiles import Key, KeyProfile, TariffCache
from chuhai.batch.rows import RowExpressions
from chuhai.domain.currency import get_minor_units
from chuhai.domain.money import Rounding
from chuhai.errors import ChuhaiError

__all__ = ["AMOUNTS", "OUTPUT_SCHEMA", "Pending", "PlanRunner"]

AMOUNTS = (
    "goods",
    "freight",
    "insurance",
    "customs_value",
    "duty",
    "measures",
    "tax",
    "fees",
    "landed_total",
    "landed_per_unit",
)

MAX_LANDED = 10**16 - 1  # minor units: the largest landed total converted exactly

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "sku": pl.Utf8(),
    "hs_code": pl.Utf8(),
    "origin": pl.Utf8(),
    "quantity": pl.Int64(),
    "market": pl.Utf8(),
    "channel": pl.Utf8(),
    "scenario": pl.Utf8(),
    "date": pl.Date(),
    "currency": pl.Utf8(),
    "regime": pl.Utf8(),
    **{f"{name}_amount_minor": pl.Int64() for name in AMOUNTS},
    "seller_currency": pl.Utf8(),
    "landed_total_seller_amount_minor": pl.Int64(),
    "margin_seller_amount_minor": pl.Int64(),
    "status": pl.Utf8(),
    "error": pl.Utf8(),
}


@dataclass
class Pending:
    """A plan's query over a chunk; :meth:`complete` finishes the collected frame."""

    plan: Plan
    query: pl.LazyFrame
    max_landed: int = MAX_LANDED  # the bound the seller-currency conversion was sized for

    def complete(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The collected query as the public table: the rare inexact conversions redone."""
        return _redo_doubtful(self.plan, frame, self.max_landed)


@dataclass
class _Query:
    """The cached row expressions of a plan for one shape of chunk."""

    stages: list[list[pl.Expr]]
    errors: list[ChuhaiError]
    landed_bound: int  # the largest landed total the stages can give


class PlanRunner:
    """One plan with what it keeps between chunks: key profiles, key columns, expressions."""

    def __init__(self, plan: Plan, tariffs: TariffCache | None = None) -> None:
        self.plan = plan
        self.tariffs = tariffs if tariffs is not None else TariffCache()
        self.profiles: dict[Key, KeyProfile] = {}
        self._keys: KeyColumns | None = None
        self._key_count = -1
        self._queries: dict[tuple[object, ...], _Query] = {}

    def key_columns(self, keys: list[Key]) -> KeyColumns:
        if self._keys is None or self._key_count != len(keys):
            self._keys = key_columns(self.plan, keys, self.profiles, self.tariffs)
            self._key_count = len(keys)
            self._queries.clear()
        return self._keys

    def run(self, chunk: Chunk, keys: list[Key]) -> pl.DataFrame:
        """The landed cost of every row of ``chunk`` (see :data:`OUTPUT_SCHEMA`)."""
        pending = self.prepare(chunk, keys)
        return pending.complete(pending.query.collect(engine="streaming"))

    def prepare(self, chunk: Chunk, keys: list[Key]) -> Pending:
        """The plan's query over ``chunk``, to collect (alone or with others) and complete."""
        plan = self.plan
        if plan.error is not None:
            return _failed(plan, chunk, plan.error)
        values = chunk.values(plan)
        columns = self.key_columns(keys)
        lazy = pl.concat([chunk.frame, values.frame], how="horizontal").lazy()
        if columns.frame.width:  # each key's values beside its rows, gathered in the query
            key = pl.col("k")
            lazy = lazy.with_columns(
                pl.lit(column).gather(key).alias(column.name)
                for column in columns.frame.get_columns()
            )
        query = self._query(chunk, columns, values.max_value)
        for stage in query.stages:
            lazy = lazy.with_columns(stage)
        return _finish(plan, lazy, chunk, values.errors, query)

    def _query(self, chunk: Chunk, columns: KeyColumns, max_value: int) -> _Query:
        measures = tuple(sorted(c for c in chunk.frame.columns if c.startswith("m_")))
        max_quantity = max(
            chunk.bound("quantity") * 10**6,
            chunk.bound("weight_e6"),
            *(chunk.bound(c) for c in measures),
        )
        # Chunks whose bounds have as many bytes share the expressions, which are therefore
        # built for the largest value of that many bytes (integer widths depend on it).
        value_top, quantity_top = _ceiling(max_value), _ceiling(max_quantity)
        signature = (measures, value_top, quantity_top)
        if signature not in self._queries:
            rows = RowExpressions(self.plan, columns, set(measures), value_top, quantity_top)
            stages = rows.stages()
            self._queries[signature] = _Query(stages, rows.errors.errors, rows.landed_bound)
        return self._queries[signature]


def _ceiling(bound: int) -> int:
    """The largest integer with as many bytes as ``bound``."""
    return (1 << (8 * (bound.bit_length() // 8 + 1))) - 1


def _finish(
    plan: Plan,
    lazy: pl.LazyFrame,
    chunk: Chunk,
    fx_errors: list[ChuhaiError],
    query: _Query,
) -> Pending:
    """Seller-currency totals and the first error of each row, on top of the row query."""
    max_landed = min(query.landed_bound, MAX_LANDED)
    seller, doubtful, seller_errors = _seller(plan, chunk.currencies, max_landed)
    errors = [*fx_errors, *query.errors, *seller_errors.values()]
    checks = [pl.col("_plan_error") + len(fx_errors) if fx_errors else pl.col("_plan_error")]
    if fx_errors:
        checks.insert(0, pl.col("fx_error"))
    for offset, currency in enumerate(seller_errors, start=len(fx_errors) + len(query.errors)):
        checks.append(pl.when(pl.col("currency") == currency).then(pl.lit(offset, dtype=pl.Int32)))
    error = pl.coalesce(checks).cast(pl.Int32) if len(checks) > 1 else checks[0]
    lazy = lazy.with_columns(seller.alias("_seller"), doubtful.alias("_doubtful"))
    return Pending(plan, _output(plan, lazy, chunk, error, errors), max_landed)


def _seller(
    plan: Plan, currencies: list[str], max_landed: int
) -> tuple[pl.Expr, pl.Expr, dict[str, ChuhaiError]]:
    """The landed total in each row's own currency, exactly; rows to redo; rates missing.

    ``max_landed`` bounds the landed totals (from the bounds of every charge), which lets
    :func:`convert_expr` work in Int64; a larger total stops the run (see
    :func:`_redo_doubtful`).
    """
    failed: dict[str, ChuhaiError] = {}
    seller: pl.Expr = pl.lit(None, dtype=pl.Int64)
    doubtful: pl.Expr = pl.lit(False)
    for currency in currencies:
        conversion = plan.conversion(plan.currency, currency)
        if isinstance(conversion, ChuhaiError):
            failed[currency] = conversion
            continue
        digits = get_minor_units(currency)
        if conversion is None:
            value, doubt = _rescale(pl.col("_landed"), plan.digits, digits), pl.lit(False)
        else:
            value, doubt = convert_expr(
                pl.col("_landed"), conversion, scale=plan.digits, digits=digits, max_x=max_landed
            )
        if len(currencies) == 1:
            return value, doubt, failed
        inside = pl.col("currency") == currency
        seller = pl.when(inside).then(value).otherwise(seller)
        doubtful = pl.when(inside).then(doubt).otherwise(doubtful)
    return seller, doubtful, failed


def _rescale(value: pl.Expr, scale: int, digits: int) -> pl.Expr:
    if digits >= scale:
        return value * int(10 ** (digits - scale))
    return round_div(value, int(10 ** (scale - digits)), Rounding.HALF_UP)


def _redo_doubtful(plan: Plan, frame: pl.DataFrame, max_landed: int) -> pl.DataFrame:
    """Rows whose conversion the integer path could not settle, redone with Decimal code."""
    landed = frame.get_column("landed_total_amount_minor")
    top = landed.max()
    if isinstance(top, int) and top >= MAX_LANDED:
        raise UnsupportedRuleError(
            f"a landed total in {plan.market} exceeds {MAX_LANDED:,} minor units of "
            f"{plan.currency}: too large to convert exactly",
            field="unit_value",
        )
    if isinstance(top, int) and top > max_landed:  # never: the bounds are upper bounds
        raise RuntimeError(f"{plan.key}: a landed total above its bound {max_landed:,}")
    redo = frame.get_column("_doubtful").arg_true()
    frame = frame.drop("_doubtful")
    if not redo.len():
        return frame
    seller = frame.get_column("landed_total_seller_amount_minor")
    margin = frame.get_column("margin_seller_amount_minor")
    rows = zip(
        landed.gather(redo).to_list(),
        frame.get_column("seller_currency").gather(redo).to_list(),
        seller.gather(redo).to_list(),
        margin.gather(redo).to_list(),
        strict=True,
    )
    exact_seller, exact_margin = [], []
    for total, currency, approximate, old_margin in rows:
        conversion = plan.conversion(plan.currency, currency)
        if total is None or not isinstance(conversion, Conversion):
            exact_seller.append(approximate)
            exact_margin.append(old_margin)
            continue
        exact = convert_exact(int(total), conversion, scale=plan.digits)
        exact_seller.append(exact)
        exact_margin.append(None if old_margin is None else old_margin + approximate - exact)
    for column, values in ((seller, exact_seller), (margin, exact_margin)):
        fixed = column.scatter(redo, pl.Series(values, dtype=pl.Int64))
        frame.replace_column(frame.get_column_index(column.name), fixed)
    return frame


_INTERNAL = {
    "goods_amount_minor": pl.col("goods"),
    "freight_amount_minor": pl.col("_freight"),
    "insurance_amount_minor": pl.col("_insurance"),
    "customs_value_amount_minor": pl.col("_customs"),
    "duty_amount_minor": pl.col("_duty"),
    "measures_amount_minor": pl.col("_measures") + pl.col("_per_item"),
    "tax_amount_minor": pl.col("_taxes"),
    "fees_amount_minor": pl.col("_fees"),
    "landed_total_amount_minor": pl.col("_landed"),
    "landed_per_unit_amount_minor": pl.col("_per_unit"),
}


def _output(
    plan: Plan,
    lazy: pl.LazyFrame,
    chunk: Chunk,
    error: pl.Expr,
    errors: list[ChuhaiError],
) -> pl.LazyFrame:
    """The public columns; amounts are null and status names the error where a row failed.

    Values the plan fixes (market, channel, scenario, date, currency) stay literals, which
    Polars keeps as one value per column until something reads them row by row.
    """
    ids = pl.Series([r.id for r in plan.regimes] or [""], dtype=pl.Utf8)
    regime = pl.lit(ids).gather(pl.col("_regime").clip(0, None))
    lazy = lazy.with_columns(error.alias("_error"))
    ok = pl.col("_error").is_null()
    status, message = _status(errors)
    seller = {
        "landed_total_seller_amount_minor": pl.col("_seller"),
        "margin_seller_amount_minor": (
            _price_minor(chunk.currencies) - pl.col("_seller")
            if chunk.any_value("unit_price_e4")  # no selling price in the chunk: no margin
            else pl.lit(None, dtype=pl.Int64)
        ),
    }
    return lazy.select(
        pl.col("row", "sku", "hs_code", "origin", "quantity"),
        pl.lit(plan.market).alias("market"),
        pl.lit(plan.channel.name).alias("channel"),
        pl.lit(plan.scenario).alias("scenario"),
        pl.lit(plan.as_of).alias("date"),
        pl.lit(plan.currency).alias("currency"),
        pl.when(ok).then(regime).alias("regime"),
        *(pl.when(ok).then(expr).cast(pl.Int64).alias(name) for name, expr in _INTERNAL.items()),
        pl.col("currency").alias("seller_currency"),
        *(pl.when(ok).then(expr).cast(pl.Int64).alias(name) for name, expr in seller.items()),
        status.alias("status"),
        message.alias("error"),
        pl.col("_doubtful"),
    )


def _status(errors: list[ChuhaiError]) -> tuple[pl.Expr, pl.Expr]:
    """``status`` ("ok" or the error code) and ``error`` (its message) from the error index."""
    if not errors:
        return pl.lit("ok", dtype=pl.Utf8), pl.lit(None, dtype=pl.Utf8)
    index = pl.col("_error")
    codes = pl.Series([e.code for e in errors], dtype=pl.Utf8)
    messages = pl.Series([str(e) for e in errors], dtype=pl.Utf8)
    return pl.lit(codes).gather(index).fill_null("ok"), pl.lit(messages).gather(index)


def _price_minor(currencies: list[str]) -> pl.Expr:
    """The selling price x quantity in minor units of the seller's currency, half-up."""
    divisors = {c: 10 ** (4 - get_minor_units(c)) for c in currencies}
    divisor = (
        pl.lit(divisors[currencies[0]], dtype=pl.Int64)
        if len(divisors) == 1
        else pl.col("currency").replace_strict(divisors, return_dtype=pl.Int64)
    )
    scaled = pl.col("unit_price_e4") * pl.col("quantity")
    return (scaled * 2 + divisor) // (divisor * 2)


def _failed(plan: Plan, chunk: Chunk, error: ChuhaiError) -> Pending:
    internal = ("goods", "_freight", "_insurance", "_customs", "_duty", "_measures")
    more = ("_per_item", "_taxes", "_fees", "_landed", "_per_unit", "_seller")
    lazy = chunk.frame.lazy().with_columns(
        *(pl.lit(None, dtype=pl.Int64).alias(name) for name in (*internal, *more)),
        pl.lit(-1, dtype=pl.Int32).alias("_regime"),
        pl.lit(False).alias("_doubtful"),
    )
    query = _output(plan, lazy, chunk, pl.lit(0, dtype=pl.Int32), [error])
    return Pending(plan, query)
