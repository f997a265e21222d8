"""Catalogue rows checked and parsed exactly, with a report of every bad row.

A catalogue has one product line per row: ``sku``, ``hs_code``, ``origin``, ``unit_value``
and ``currency``; optionally ``quantity`` (default 1), ``unit_weight_kg``, ``freight`` and
``insurance`` (per row, in its currency), ``claim_preference``, ``unit_price`` (the selling
price per unit, for the margin) and other measures per unit as ``unit_<unit>`` (``unit_pair``,
``unit_l``, ``unit_m2``...). Header names ignore case and surrounding spaces.

Values are read as text and turned into integers at a fixed scale (money at 10^-4, weights
and measures at 10^-6) without passing through floats; a number a spreadsheet or a Parquet
file stores as a float is read as its shortest decimal form ("19.99"). Row numbers count the
header as row 1, as a spreadsheet shows them.

>>> good, bad = validate_rows(pl.DataFrame({"sku": ["A", "B"], "hs_code": ["6601.99", "66"],
...     "origin": ["CN", "CHN"], "unit_value": ["19.99", "x"], "currency": ["usd", "USD"]}),
...     first_row=2)
>>> good["unit_value_e4"].to_list(), [(b.row, b.field) for b in bad]
([199900], [(3, 'hs_code'), (3, 'unit_value')])
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from chuhai.domain.countries import ALPHA2_BY_ALPHA3, ALPHA3_BY_ALPHA2
from chuhai.domain.currency import MINOR_UNITS
from chuhai.domain.duty_units import CANONICAL_UNITS
from chuhai.errors import InputError

__all__ = [
    "MEASURE_UNITS",
    "MONEY_SCALE",
    "QUANTITY_SCALE",
    "BadRow",
    "CatalogueError",
    "validate_rows",
]

MONEY_SCALE = 4  # unit values, freight and insurance: integers of 10^-4
QUANTITY_SCALE = 6  # weights and other measures: integers of 10^-6
REQUIRED = ("sku", "hs_code", "origin", "unit_value", "currency")
MEASURE_UNITS = tuple(unit for unit in CANONICAL_UNITS if unit not in ("item", "kg"))
MAX_LINE_VALUE = 10**11  # units of the row currency: keeps every product exact in Int128
MAX_QUANTITY = 10**7

_COUNTRIES = {
    **{code: code for code in ALPHA3_BY_ALPHA2},
    **ALPHA2_BY_ALPHA3,
    "EL": "GR",
    "UK": "GB",
}


class CatalogueError(InputError):
    """A catalogue with bad rows; ``bad_rows`` lists each one (row, field, reason)."""

    code = "bad_catalogue"

    def __init__(self, bad_rows: list[BadRow], *, file: str | None = None) -> None:
        first = bad_rows[0]
        count = len({bad.row for bad in bad_rows})
        more = f" ({count} bad rows, {len(bad_rows)} problems)" if len(bad_rows) > 1 else ""
        super().__init__(
            f"{first.reason}{more}; nothing was written",
            field=first.field,
            row=first.row,
            file=file,
        )
        self.bad_rows = bad_rows


@dataclass(frozen=True)
class BadRow:
    row: int
    field: str
    reason: str
    value: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason, "value": self.value}


def normalise_header(frame: pl.DataFrame) -> pl.DataFrame:
    """Lower-case, stripped column names; a missing required column raises."""
    renamed = frame.rename({name: name.strip().lower() for name in frame.columns})
    missing = [name for name in REQUIRED if name not in renamed.columns]
    if missing:
        raise InputError(
            f"the catalogue lacks the column(s) {', '.join(missing)}", field=missing[0]
        )
    return renamed


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as text: numbers keep their exact (or shortest) decimal form."""
    return frame.with_columns(
        pl.col(name).cast(pl.Utf8) for name, dtype in frame.schema.items() if dtype != pl.Utf8
    )


def validate_rows(frame: pl.DataFrame, *, first_row: int) -> tuple[pl.DataFrame, list[BadRow]]:
    """The good rows parsed to exact integers, and a report of the bad ones.

    Plain rows take a fast path (one pattern per field, then an exact decimal cast); any row
    it does not accept outright is checked field by field, which also names what is wrong.
    """
    text = as_text(normalise_header(frame)).with_row_index("row", offset=first_row)
    text = text.with_columns(pl.col("row").cast(pl.Int64))
    # lazily, so that what the checks and the values share (a decimal, a code) is worked
    # out once (common subexpressions)
    fast = (
        text.lazy()
        .select(*_fast_columns(text.columns), _fast_ok(text.columns).alias("_ok"))
        .collect()
    )
    plain = fast.get_column("_ok")
    if plain.all():
        return fast.drop("_ok"), []
    good, bad = _checked(text.filter(~plain))
    merged = pl.concat([fast.filter(plain).drop("_ok"), good]).sort("row")
    return merged, bad


def _checked(text: pl.DataFrame) -> tuple[pl.DataFrame, list[BadRow]]:
    """Field-by-field checks with a reason for every error (the slow path)."""
    checks = _checks(text.columns)
    checked = text.with_columns(
        *(expr.alias(f"{name}__chk") for name, expr in checks.items())
    ).with_columns(_line_checks())
    fields = [*checks, "line_value", "line_weight", "line_price"]
    bad_mask = pl.any_horizontal(
        pl.col(f"{name}__chk").struct.field("error").is_not_null() for name in fields
    )
    bad = _bad_rows(checked.filter(bad_mask), fields)
    good = checked.filter(~bad_mask).select(_parsed_columns(checks))
    return good, bad


_PLAIN = {
    MONEY_SCALE: r"^\d{1,9}(\.\d{1,4})?$",
    QUANTITY_SCALE: r"^\d{1,9}(\.\d{1,6})?$",
}


def _fast_decimal(name: str, scale: int) -> pl.Expr:
    exact = pl.col(name).cast(pl.Decimal(38, scale), strict=False) * int(10**scale)
    return exact.cast(pl.Int64)


def _fast_ok(columns: list[str]) -> pl.Expr:
    """Rows every field of which is plain: the fast values are then exactly the checked ones."""
    tests = [
        pl.col("sku").str.contains(r"^\S(.*\S)?$"),
        pl.col("hs_code").str.replace_all(".", "", literal=True).str.contains(r"^\d{4,12}$"),
        pl.col("origin").replace_strict(_COUNTRIES, default=None).is_not_null(),
        pl.col("currency").is_in(list(MINOR_UNITS)),
        pl.col("unit_value").str.contains(_PLAIN[MONEY_SCALE]),
    ]
    quantity = pl.lit(1, dtype=pl.Int128)
    if "quantity" in columns:
        tests.append(pl.col("quantity").str.contains(r"^[1-9]\d{0,6}$"))
        quantity = pl.col("quantity").cast(pl.Int128, strict=False)
    line = _fast_decimal("unit_value", MONEY_SCALE).cast(pl.Int128) * quantity
    tests.append(line < MAX_LINE_VALUE * 10**MONEY_SCALE)
    if "unit_weight_kg" in columns:
        weight = _fast_decimal("unit_weight_kg", QUANTITY_SCALE).cast(pl.Int128) * quantity
        tests.append(weight.fill_null(0) < 10**9 * 10**QUANTITY_SCALE)
    if "unit_price" in columns:
        price = _fast_decimal("unit_price", MONEY_SCALE).cast(pl.Int128) * quantity
        tests.append(price.fill_null(0) < MAX_LINE_VALUE * 10**MONEY_SCALE)
    optional = {"unit_weight_kg": QUANTITY_SCALE, "freight": MONEY_SCALE, "insurance": MONEY_SCALE}
    optional |= {"unit_price": MONEY_SCALE}
    optional |= {f"unit_{u}": QUANTITY_SCALE for u in MEASURE_UNITS}
    for name, scale in optional.items():
        if name in columns:
            tests.append(pl.col(name).is_null() | pl.col(name).str.contains(_PLAIN[scale]))
    if "claim_preference" in columns:
        claim = pl.col("claim_preference")
        tests.append(claim.is_null() | claim.str.contains(r"^\S(.*\S)?$"))
    return pl.all_horizontal(tests).fill_null(False)


def _fast_columns(columns: list[str]) -> list[pl.Expr]:
    quantity = (
        pl.col("quantity").cast(pl.Int64, strict=False) if "quantity" in columns else pl.lit(1)
    )

    def optional(name: str, scale: int, fill: int | None = 0) -> pl.Expr:
        if name not in columns:
            return pl.lit(fill, dtype=pl.Int64)
        value = _fast_decimal(name, scale)
        return value if fill is None else value.fill_null(fill)

    result = [
        pl.col("row"),
        pl.col("sku"),
        pl.col("hs_code").str.replace_all(".", "", literal=True),
        pl.col("origin").replace_strict(_COUNTRIES, default=None).alias("origin"),
        pl.col("currency"),
        (
            pl.col("claim_preference") if "claim_preference" in columns else pl.lit(None, pl.Utf8)
        ).alias("claim"),
        quantity.cast(pl.Int64).alias("quantity"),
        _fast_decimal("unit_value", MONEY_SCALE).alias("unit_value_e4"),
        (_fast_decimal("unit_value", MONEY_SCALE) * quantity).alias("value_e4"),
        (optional("unit_weight_kg", QUANTITY_SCALE) * quantity).alias("weight_e6"),
        optional("freight", MONEY_SCALE).alias("freight_e4"),
        optional("insurance", MONEY_SCALE).alias("insurance_e4"),
        optional("unit_price", MONEY_SCALE, fill=None).alias("unit_price_e4"),
    ]
    for unit in MEASURE_UNITS:
        name = f"unit_{unit}"
        if name in columns:
            result.append((optional(name, QUANTITY_SCALE, fill=None) * quantity).alias(f"m_{unit}"))
    return result


def _checks(columns: list[str]) -> dict[str, pl.Expr]:
    """For each field, a struct expression of its parsed value and its error (or null)."""
    checks: dict[str, pl.Expr] = {
        "sku": _required_text("sku"),
        "hs_code": _hs_code(),
        "origin": _origin(),
        "currency": _currency(),
        "unit_value": _decimal("unit_value", MONEY_SCALE, required=True, top=10**9),
        "quantity": _quantity(columns),
        "unit_weight_kg": _optional_decimal(columns, "unit_weight_kg", QUANTITY_SCALE),
        "freight": _optional_decimal(columns, "freight", MONEY_SCALE),
        "insurance": _optional_decimal(columns, "insurance", MONEY_SCALE),
        "unit_price": _optional_decimal(columns, "unit_price", MONEY_SCALE, fill=None),
        "claim_preference": _claim(columns),
    }
    for unit in MEASURE_UNITS:
        name = f"unit_{unit}"
        if name in columns:
            checks[name] = _decimal(name, QUANTITY_SCALE, required=False, top=10**9)
    return checks


def _text(name: str) -> pl.Expr:
    return pl.col(name).str.strip_chars()


def _missing(name: str) -> pl.Expr:
    return pl.col(name).is_null() | (_text(name) == "")


def _result(value: pl.Expr, error: pl.Expr) -> pl.Expr:
    return pl.struct(value.alias("value"), error.alias("error"))


def _required_text(name: str) -> pl.Expr:
    error = pl.when(_missing(name)).then(pl.lit("is empty"))
    return _result(_text(name), error)


def _hs_code() -> pl.Expr:
    digits = _text("hs_code").str.replace_all(r"[.\s]", "")
    valid = digits.str.contains(r"^\d{4,12}$")
    error = (
        pl.when(_missing("hs_code"))
        .then(pl.lit("is empty"))
        .when(~valid)
        .then(pl.lit("HS code must have 4 to 12 digits"))
    )
    return _result(digits, error)


def _origin() -> pl.Expr:
    code = _text("origin").str.to_uppercase().replace_strict(_COUNTRIES, default=None)
    error = (
        pl.when(_missing("origin"))
        .then(pl.lit("is empty"))
        .when(code.is_null())
        .then(pl.lit("unknown country code"))
    )
    return _result(code, error)


def _currency() -> pl.Expr:
    code = _text("currency").str.to_uppercase()
    error = (
        pl.when(_missing("currency"))
        .then(pl.lit("is empty"))
        .when(~code.is_in(list(MINOR_UNITS)))
        .then(pl.lit("unknown ISO 4217 currency code"))
    )
    return _result(code, error)


def _claim(columns: list[str]) -> pl.Expr:
    if "claim_preference" not in columns:
        return _result(pl.lit(None, dtype=pl.Utf8), pl.lit(None, dtype=pl.Utf8))
    value = pl.when(_missing("claim_preference")).then(None).otherwise(_text("claim_preference"))
    return _result(value, pl.lit(None, dtype=pl.Utf8))


def _quantity(columns: list[str]) -> pl.Expr:
    if "quantity" not in columns:
        return _result(pl.lit(1, dtype=pl.Int64), pl.lit(None, dtype=pl.Utf8))
    text = _text("quantity")
    whole = text.str.contains(r"^\+?\d{1,12}(\.0*)?$")
    value = text.str.extract(r"^\+?(\d+)", 1).cast(pl.Int64, strict=False)
    error = (
        pl.when(_missing("quantity"))
        .then(None)
        .when(~whole)
        .then(pl.lit("quantity must be a whole number of units"))
        .when(value <= 0)
        .then(pl.lit("quantity must be positive"))
        .when(value > MAX_QUANTITY)
        .then(pl.lit(f"quantity above {MAX_QUANTITY:,}"))
    )
    return _result(pl.when(_missing("quantity")).then(1).otherwise(value), error)


def _optional_decimal(
    columns: list[str], name: str, scale: int, *, fill: int | None = 0
) -> pl.Expr:
    if name not in columns:
        return _result(pl.lit(fill, dtype=pl.Int64), pl.lit(None, dtype=pl.Utf8))
    parsed = _decimal(name, scale, required=False, top=MAX_LINE_VALUE)
    if fill is None:
        return parsed
    value = parsed.struct.field("value").fill_null(fill)
    return _result(value, parsed.struct.field("error"))


def _decimal(name: str, scale: int, *, required: bool, top: int) -> pl.Expr:
    """A non-negative decimal as an integer of 10^-scale, exactly; errors say why not."""
    text = _text(name)
    plain = text.str.contains(r"^\+?\d{1,15}(\.\d*)?$|^\+?\.\d+$")
    whole = text.str.extract(r"^\+?(\d*)", 1).str.replace(r"^$", "0").cast(pl.Int64, strict=False)
    fraction = text.str.extract(r"\.(\d*)$", 1).fill_null("").str.strip_chars_end("0")
    digits = fraction.str.pad_end(scale, "0").str.replace(r"^$", "0").cast(pl.Int64, strict=False)
    value = whole * 10**scale + digits
    negative = text.str.starts_with("-")
    missing = pl.lit("is empty") if required else pl.lit(None, dtype=pl.Utf8)
    error = (
        pl.when(_missing(name))
        .then(missing)
        .when(negative)
        .then(pl.lit("must not be negative"))
        .when(~plain)
        .then(pl.lit("not a plain decimal number"))
        .when(fraction.str.len_chars() > scale)
        .then(pl.lit(f"more than {scale} decimal places"))
        .when(whole >= top)
        .then(pl.lit(f"above {top:,}"))
    )
    return _result(pl.when(_missing(name) | error.is_not_null()).then(None).otherwise(value), error)


def _line_checks() -> list[pl.Expr]:
    """Whole-line bounds: value, weight and selling price times quantity stay exact in Int64."""
    quantity = pl.col("quantity__chk").struct.field("value")
    value = pl.col("unit_value__chk").struct.field("value").cast(pl.Int128) * quantity
    weight = pl.col("unit_weight_kg__chk").struct.field("value").cast(pl.Int128) * quantity
    price = pl.col("unit_price__chk").struct.field("value").cast(pl.Int128) * quantity
    limit = MAX_LINE_VALUE * 10**MONEY_SCALE
    value_error = pl.when(value >= limit).then(
        pl.lit(f"unit_value x quantity above {MAX_LINE_VALUE:,}")
    )
    price_error = pl.when(price.fill_null(0) >= limit).then(
        pl.lit(f"unit_price x quantity above {MAX_LINE_VALUE:,}")
    )
    weight_error = pl.when(weight >= 10**9 * 10**QUANTITY_SCALE).then(
        pl.lit("unit_weight_kg x quantity above 1,000,000,000 kg")
    )
    return [
        _result(pl.lit(None, dtype=pl.Int64), value_error).alias("line_value__chk"),
        _result(pl.lit(None, dtype=pl.Int64), weight_error).alias("line_weight__chk"),
        _result(pl.lit(None, dtype=pl.Int64), price_error).alias("line_price__chk"),
    ]


def _bad_rows(frame: pl.DataFrame, fields: list[str]) -> list[BadRow]:
    bad = []
    for record in frame.iter_rows(named=True):
        for name in fields:
            error = record[f"{name}__chk"]["error"]
            if error is not None:
                field = _FIELDS.get(name, name)
                raw = record.get(field)
                bad.append(BadRow(record["row"], field, error, "" if raw is None else str(raw)))
    return bad


_FIELDS = {"line_value": "unit_value", "line_weight": "unit_weight_kg", "line_price": "unit_price"}


def _value(name: str) -> pl.Expr:
    return pl.col(f"{name}__chk").struct.field("value")


def _parsed_columns(checks: dict[str, pl.Expr]) -> list[pl.Expr]:
    value = _value

    quantity = value("quantity")
    columns = [
        pl.col("row"),
        value("sku").alias("sku"),
        value("hs_code").alias("hs_code"),
        value("origin").alias("origin"),
        value("currency").alias("currency"),
        value("claim_preference").alias("claim"),
        quantity.alias("quantity"),
        value("unit_value").alias("unit_value_e4"),
        (value("unit_value") * quantity).alias("value_e4"),
        (value("unit_weight_kg") * quantity).alias("weight_e6"),
        value("freight").alias("freight_e4"),
        value("insurance").alias("insurance_e4"),
        value("unit_price").alias("unit_price_e4"),
    ]
    for unit in MEASURE_UNITS:
        name = f"unit_{unit}"
        if name in checks:
            columns.append((value(name) * quantity).alias(f"m_{unit}"))
    return columns
