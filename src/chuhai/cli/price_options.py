"""The options the ``chuhai price`` commands share, and the products and channels they build.

A product comes from a YAML/JSON file (``PRODUCT``) and/or flags (flags win); a channel from
``--market``, ``--channel`` and the order options. Every value is read exactly.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from chuhai.cli.input import load_document
from chuhai.domain.price_rounding import RoundingPolicy
from chuhai.errors import InputError
from chuhai.services.pricing import Product, SalesChannel
from chuhai.services.pricing_input import (
    parse_date,
    parse_fx_buffers,
    product_from_dict,
    rounding_policies,
)
from chuhai.services.sales_channels import channel_from_dict

ProductFile = Annotated[
    Path | None,
    typer.Argument(
        metavar="PRODUCT",
        help="A product as YAML or JSON (keys as in docs/cli.md); flags override it.",
    ),
]
Hs = Annotated[str | None, typer.Option("--hs", help="HS or national tariff code.")]
Origin = Annotated[str | None, typer.Option(help="Country of origin (default CN).")]
UnitCost = Annotated[
    str | None, typer.Option(help="FOB/ex-works cost per unit: 68 (in --currency) or '68 CNY'.")
]
Currency = Annotated[str | None, typer.Option(help="Currency of --unit-cost (default CNY).")]
Weight = Annotated[str | None, typer.Option(help="Unit weight in kg.")]
Category = Annotated[
    str | None, typer.Option(help="Fee category (umbrellas, apparel...); default from the HS code.")
]
ChinaCost = Annotated[
    str | None, typer.Option(help="China-side costs per unit (inland freight, export clearance).")
]
Market = Annotated[str, typer.Option(help="Market ISO code (DE, US, PH...).")]
Channel = Annotated[
    str, typer.Option(help="Channel of the fee pack (amazon_de...) or 'direct' (own store).")
]
Provider = Annotated[
    list[str] | None,
    typer.Option("--provider", help="Payment or payout provider (airwallex...); repeatable."),
]
Freight = Annotated[
    str | None, typer.Option(help="Your carriage per order, e.g. '45 CNY' (default 0).")
]
Units = Annotated[str | None, typer.Option(help="Units per order (default 1).")]
Dap = Annotated[bool, typer.Option("--dap", help="The buyer pays duties and taxes on delivery.")]
TaxInclusive = Annotated[
    bool | None,
    typer.Option(
        "--tax-inclusive/--tax-exclusive",
        help="Whether the price includes VAT/GST (default: the market's custom).",
    ),
]
Cac = Annotated[str | None, typer.Option(help="Customer acquisition cost per order.")]
ReturnRatePct = Annotated[str | None, typer.Option(help="Expected returns, percent of orders.")]
ReturnCost = Annotated[str | None, typer.Option(help="Cost of one return, beyond the refund.")]
FeeFigure = Annotated[
    list[str] | None,
    typer.Option("--fee", help="Your figure for a fee: commission=0.09, order_fee='0.30 EUR'."),
]
Waive = Annotated[
    list[str] | None,
    typer.Option(help="Leave out a fee the pack could not read (transaction...); repeatable."),
]
UseRangeUpper = Annotated[
    bool,
    typer.Option("--use-range-upper", help="Use the upper end of a fee given only as a range."),
]
ShipFrom = Annotated[str | None, typer.Option(help="Country the order ships from (default CN).")]
Carrier = Annotated[
    str | None,
    typer.Option(help="Courier whose DDP surcharge applies (ups...: see `chuhai fees carriers`)."),
]
CarrierFeeFigure = Annotated[
    str | None,
    typer.Option(help="Your carrier DDP fee: '15 USD', '0.02' of duties and taxes, or both."),
]
FxBufferPct = Annotated[
    list[str] | None,
    typer.Option(
        "--fx-buffer-pct",
        help="Percent set aside on the payout converted home: 2, or per currency EUR=3.",
    ),
]
Day = Annotated[str, typer.Option("--date", help="Date of the sale, YYYY-MM-DD (required).")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
TargetPct = Annotated[
    str | None, typer.Option(help="Target contribution margin, percent of the revenue.")
]
Target = Annotated[str | None, typer.Option(help="Target contribution margin per order.")]
Rounding = Annotated[
    list[str] | None,
    typer.Option(help="A rounding variant per currency: EUR=95; repeatable."),
]
RoundingFile = Annotated[
    Path | None, typer.Option(help="Rounding ranges per currency, as YAML or JSON.")
]

PRODUCT_FLAGS = ("hs", "origin", "unit_cost", "currency", "weight", "category", "china_cost")
CHANNEL_FLAGS = (
    "freight", "provider", "units", "dap", "tax_inclusive", "cac", "return_rate_pct",
    "return_cost", "fee", "waive", "use_range_upper", "ship_from", "carrier", "carrier_fee",
    "fx_buffer_pct",
)  # fmt: skip


def product_from_options(file: Path | None, options: dict[str, Any]) -> Product:
    """The product of the file (if any) with the flags given on top."""
    values: dict[str, Any] = {}
    if file is not None:
        data = load_document(file)
        if not isinstance(data, dict):
            raise InputError("a product file is a mapping (hs_code, unit_cost...)", file=str(file))
        values.update(data)
    names = {"hs": "hs_code", "weight": "unit_weight_kg"}
    for flag in PRODUCT_FLAGS:
        if options.get(flag) is not None:
            values[names.get(flag, flag)] = options[flag]
    if "hs_code" not in values or "unit_cost" not in values:
        raise InputError("give --hs and --unit-cost, or a PRODUCT file", field="hs_code")
    try:
        return product_from_dict(values)
    except InputError as exc:
        exc.file = None if file is None else str(file)
        raise


def channel_values(options: dict[str, Any]) -> dict[str, Any]:
    """The order options as a channel document (as in a channels file)."""
    return {
        "freight": options["freight"],
        "providers": options["provider"] or [],
        "units": options["units"],
        "incoterm": "DAP" if options["dap"] else None,
        "tax_inclusive": options["tax_inclusive"],
        "cac": options["cac"],
        "return_rate_pct": options["return_rate_pct"],
        "return_cost": options["return_cost"],
        "fees": options["fee"] or [],
        "waive": options["waive"] or [],
        "use_range_upper": options["use_range_upper"],
        "ship_from": options["ship_from"],
        "carrier": options["carrier"],
        "carrier_fee": options["carrier_fee"],
    }


def channel_from_options(options: dict[str, Any]) -> SalesChannel:
    """The channel of ``--market`` and ``--channel`` with the order options."""
    values = {"market": options["market"], "channel": options["channel"]}
    return channel_from_dict(
        {**channel_values(options), **values}, as_of=day(options), fx_buffers=fx_buffers(options)
    )


def fx_buffers(options: dict[str, Any]) -> dict[str, Decimal]:
    """The ``--fx-buffer-pct`` settings as fractions by currency (``"*"``: every currency)."""
    return parse_fx_buffers(options.get("fx_buffer_pct") or [])


def day(options: dict[str, Any]) -> date:
    """The ``--date`` of the command."""
    return parse_date(options["date"])


def policies(options: dict[str, Any]) -> dict[str, RoundingPolicy]:
    """Rounding policies by currency from ``--rounding-file`` and ``--rounding``."""
    file: Path | None = options.get("rounding_file")
    document = None if file is None else load_document(file)
    return rounding_policies(
        options.get("rounding") or [], document=document, file=None if file is None else str(file)
    )
