"""Price lists: a catalogue priced for a target margin per market and channel, and its export.

A catalogue (:func:`read_catalogue`) is read whole or refused. Each row of the list is
:func:`~chuhai.services.pricing.price_product` for one product on one channel; a row that
cannot be priced (a fee the pack could not read, a date outside a pack) keeps its reason in
``error`` instead of a price. The list is written as CSV or Excel (.xlsx), whole or not at all.

>>> names = list(PriceListRow.__dataclass_fields__)
>>> names[:5], names[-1]
(['sku', 'market', 'channel', 'currency', 'units'], 'error')
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from chuhai.domain.fx import FxRates
from chuhai.domain.margin import MarginTarget
from chuhai.domain.money import quantize
from chuhai.domain.price_rounding import RoundingPolicy
from chuhai.errors import ChuhaiError, ImportRejected, InputError
from chuhai.services.pricing import PricingResult, Product, SalesChannel, price_product
from chuhai.services.pricing_input import product_from_dict
from chuhai.services.spreadsheets import read_table

__all__ = [
    "CATALOGUE_COLUMNS",
    "NUMERIC_COLUMNS",
    "PriceListRow",
    "build_price_list",
    "check_output",
    "export_price_list",
    "read_catalogue",
    "write_price_list_csv",
]

NUMERIC_COLUMNS = frozenset(
    ["units", "price", "exact_price", "contribution_margin", "margin_pct", "landed_charges",
     "carrier_fees", "channel_fees", "fx_buffer", "break_even_cac"]
)  # fmt: skip
"""Columns written as numbers in Excel (exact decimals, never floats)."""


@dataclass(frozen=True)
class PriceListRow:
    sku: str
    market: str
    channel: str
    currency: str
    units: str = ""
    price: str = ""  # per order: units x the localised unit price
    exact_price: str = ""
    contribution_margin: str = ""
    margin_pct: str = ""
    landed_charges: str = ""  # duties, taxes and fees the seller pays, per order
    carrier_fees: str = ""  # the carrier's DDP surcharge
    channel_fees: str = ""
    fx_buffer: str = ""  # set aside on the payout converted home
    break_even_cac: str = ""
    regime: str = ""
    notes: str = ""
    error: str = ""

    def to_dict(self) -> dict[str, str]:
        return dict(zip(PriceListRow.__dataclass_fields__, astuple(self), strict=True))


CATALOGUE_COLUMNS = ("sku", "hs_code", "unit_cost")
"""Columns a catalogue must have; optional: ``title`` (or ``name``), ``category``, ``currency``,
``origin``, ``unit_weight_kg`` (or ``unit_weight_g``), ``china_cost``."""


def read_catalogue(filename: str, content: bytes) -> list[Product]:
    """Products from a .csv or .xlsx catalogue: every row, or :class:`ImportRejected` naming
    each bad row and field."""
    table = read_table(filename, content)
    missing = [name for name in CATALOGUE_COLUMNS if name not in table.header]
    problems: list[ChuhaiError] = [InputError("missing column", field=n, row=1) for n in missing]
    if problems:
        raise ImportRejected(problems, file=filename)
    products: list[Product] = []
    seen: dict[str, int] = {}
    for number, values in table.rows:
        try:
            product = product_from_dict(values, row=number)
        except InputError as exc:
            problems.append(exc)
            continue
        if product.sku in seen:
            message = f"SKU {product.sku} repeats row {seen[product.sku]}"
            problems.append(InputError(message, field="sku", row=number))
        seen.setdefault(product.sku, number)
        products.append(product)
    if not table.rows:
        problems.append(InputError("no products below the header", row=2))
    if problems:
        raise ImportRejected(problems, file=filename)
    return products


def build_price_list(
    products: Iterable[Product],
    channels: Sequence[SalesChannel],
    *,
    as_of: date,
    target: MarginTarget,
    rates: FxRates | None = None,
    rounding: Mapping[str, RoundingPolicy] | None = None,
) -> list[PriceListRow]:
    """One row per product, market and channel; a row that cannot be priced says why.

    ``rounding`` maps a currency to the policy that localises its prices (default: the
    currency's own, see :func:`~chuhai.domain.price_rounding.get_policy`).
    """
    rows = []
    for product in products:
        for channel in channels:
            head = (product.sku, channel.market, channel.channel_id)
            policy = (rounding or {}).get(channel.currency)
            try:
                result = price_product(
                    product, channel, as_of=as_of, target=target, rates=rates, policy=policy
                )
            except ChuhaiError as exc:
                rows.append(PriceListRow(*head, currency="", error=str(exc)))
                continue
            rows.append(_row(head, result))
    return rows


def _row(head: tuple[str, str, str], result: PricingResult) -> PriceListRow:
    w = result.solution.waterfall
    return PriceListRow(
        *head,
        currency=w.price.currency,
        units=str(w.units),
        price=str(result.solution.price.amount),
        exact_price=str(result.solution.exact_price.amount),
        contribution_margin=str(quantize(w.contribution_margin).amount),
        margin_pct=str(round(w.margin_rate * 100, 2)),
        landed_charges=str(quantize(w.total("landed")).amount),
        carrier_fees=str(quantize(w.total("carrier")).amount),
        channel_fees=str(quantize(w.total("channel")).amount),
        fx_buffer=str(quantize(w.total("fx")).amount),
        break_even_cac=str(quantize(result.break_even.cac).amount),
        regime="+".join(b for b in w.bands if "#" not in b),
        notes=" | ".join(dict.fromkeys(result.notes + w.notes)),
    )


def write_price_list_csv(rows: Iterable[PriceListRow], out: TextIO) -> None:
    """CSV with a header row; money as plain decimals with a currency column."""
    names = list(PriceListRow.__dataclass_fields__)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(astuple(row))


def _write_xlsx(rows: Iterable[PriceListRow], path: Path) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # no stubs; lazy import

    book = Workbook(write_only=True)
    sheet = book.create_sheet("prices")
    names = list(PriceListRow.__dataclass_fields__)
    sheet.append(names)
    for row in rows:
        sheet.append([_cell(name, value) for name, value in zip(names, astuple(row), strict=True)])
    book.save(path)


def _cell(name: str, value: str) -> str | Decimal | None:
    if value == "":
        return None
    return Decimal(value) if name in NUMERIC_COLUMNS else value


def check_output(path: Path) -> None:
    """Refuse, before any work, a file the list cannot be written to."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(
            f"cannot write {suffix or 'a file without a suffix'}: use .csv or .xlsx",
            field="output",
            file=str(path),
        )
    if not path.parent.is_dir():
        raise InputError("no such folder", field="output", file=str(path))


def export_price_list(rows: Iterable[PriceListRow], path: Path) -> None:
    """Write ``path`` as .csv or .xlsx; a failed write leaves no file behind."""
    check_output(path)
    rows = list(rows)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")  # same folder: rename is atomic
    try:
        if path.suffix.lower() == ".csv":
            with partial.open("w", encoding="utf-8", newline="") as out:
                write_price_list_csv(rows, out)
        else:
            _write_xlsx(rows, partial)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", field="output", file=str(path)) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
