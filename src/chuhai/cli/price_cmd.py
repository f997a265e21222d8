"""``chuhai price``: margins, the price for a target margin, price lists, OEM vs B2C, rounding."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from chuhai.cli import price_render as render
from chuhai.cli.input import load_document
from chuhai.cli.price_options import (
    Cac,
    Carrier,
    CarrierFeeFigure,
    Category,
    Channel,
    ChinaCost,
    Currency,
    Dap,
    Day,
    FeeFigure,
    Freight,
    FxBufferPct,
    Hs,
    Json,
    Market,
    Origin,
    ProductFile,
    Provider,
    ReturnCost,
    ReturnRatePct,
    Rounding,
    RoundingFile,
    ShipFrom,
    Target,
    TargetPct,
    TaxInclusive,
    UnitCost,
    Units,
    UseRangeUpper,
    Waive,
    Weight,
    channel_from_options,
    channel_values,
    day,
    fx_buffers,
    policies,
    product_from_options,
)
from chuhai.domain.currency import normalise_currency
from chuhai.domain.margin import OemDeal, calculate_break_even
from chuhai.domain.price_rounding import Behaviour
from chuhai.errors import InputError
from chuhai.services.price_list import (
    build_price_list,
    check_output,
    export_price_list,
    read_catalogue,
)
from chuhai.services.price_points import round_price
from chuhai.services.pricing import (
    Product,
    SalesChannel,
    compare_with_oem,
    margin_at_price,
    price_product,
)
from chuhai.services.pricing_input import parse_date, parse_decimal, parse_money, parse_target
from chuhai.services.sales_channels import channel_from_dict, channels_from_document

price_app = typer.Typer(
    help="Prices and margins per market and channel: waterfalls, target prices, price lists."
)


def _echo_json(payload: Any) -> None:
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))


def _name(product: Product) -> str:
    if product.title:
        return product.title
    return product.sku if product.sku != product.hs_code else "product"


def _title(what: str, product: Product, channel: SalesChannel, options: dict[str, Any]) -> str:
    units = f"{channel.units} × " if channel.units != 1 else ""
    return (
        f"{what}: {units}{_name(product)} (HS {product.hs_code}, {product.category}) on "
        f"{channel.channel_id} in {channel.market}, {options['date']}"
    )


@price_app.command("margin")
def margin_command(
    market: Market,
    channel: Channel,
    price: Annotated[str, typer.Option(help="The price the buyer pays for the goods.")],
    date: Day,
    file: ProductFile = None,
    hs: Hs = None,
    origin: Origin = None,
    unit_cost: UnitCost = None,
    currency: Currency = None,
    weight: Weight = None,
    category: Category = None,
    china_cost: ChinaCost = None,
    freight: Freight = None,
    provider: Provider = None,
    units: Units = None,
    dap: Dap = False,
    tax_inclusive: TaxInclusive = None,
    cac: Cac = None,
    return_rate_pct: ReturnRatePct = None,
    return_cost: ReturnCost = None,
    fee: FeeFigure = None,
    waive: Waive = None,
    use_range_upper: UseRangeUpper = False,
    ship_from: ShipFrom = None,
    carrier: Carrier = None,
    carrier_fee: CarrierFeeFigure = None,
    fx_buffer_pct: FxBufferPct = None,
    as_json: Json = False,
) -> None:
    """The margin waterfall of one order at --price: every cost with its source, then the margin."""
    options = dict(locals())
    product = product_from_options(file, options)
    sale = channel_from_options(options)
    amount = parse_money(price, field="price", currency=sale.currency)
    waterfall = margin_at_price(product, sale, price=amount, as_of=day(options))
    break_even = calculate_break_even(waterfall)
    if as_json:
        _echo_json(
            {
                "date": date,
                "market": sale.market,
                "channel": sale.channel_id,
                "product": render.product_dict(product),
                "waterfall": waterfall.to_dict(),
                "break_even": render.break_even_dict(break_even),
            }
        )
        return
    console = Console()
    render.render_waterfall(console, waterfall, title=_title("Margin", product, sale, options))
    render.render_break_even(console, break_even)


@price_app.command("solve")
def solve_command(
    market: Market,
    channel: Channel,
    date: Day,
    file: ProductFile = None,
    target_margin_pct: TargetPct = None,
    target_margin: Target = None,
    rounding: Rounding = None,
    rounding_file: RoundingFile = None,
    hs: Hs = None,
    origin: Origin = None,
    unit_cost: UnitCost = None,
    currency: Currency = None,
    weight: Weight = None,
    category: Category = None,
    china_cost: ChinaCost = None,
    freight: Freight = None,
    provider: Provider = None,
    units: Units = None,
    dap: Dap = False,
    tax_inclusive: TaxInclusive = None,
    cac: Cac = None,
    return_rate_pct: ReturnRatePct = None,
    return_cost: ReturnCost = None,
    fee: FeeFigure = None,
    waive: Waive = None,
    use_range_upper: UseRangeUpper = False,
    ship_from: ShipFrom = None,
    carrier: Carrier = None,
    carrier_fee: CarrierFeeFigure = None,
    fx_buffer_pct: FxBufferPct = None,
    as_json: Json = False,
) -> None:
    """The lowest price meeting a target margin, its local price point and the waterfall there."""
    options = dict(locals())
    product = product_from_options(file, options)
    sale = channel_from_options(options)
    target = parse_target(pct=target_margin_pct, amount=target_margin, currency=sale.currency)
    policy = policies(options).get(sale.currency)
    result = price_product(product, sale, as_of=day(options), target=target, policy=policy)
    if as_json:
        _echo_json(render.solution_dict(result, options))
        return
    title = _title("Margin at the local price", product, sale, options)
    render.render_solution(Console(), result, title=title)


@price_app.command("list")
def list_command(
    catalogue: Annotated[Path, typer.Argument(help="Products as .csv or .xlsx (see docs).")],
    channels: Annotated[Path, typer.Option(help="The markets and channels, as YAML or JSON.")],
    date: Day,
    target_margin_pct: TargetPct = None,
    target_margin: Target = None,
    rounding: Rounding = None,
    rounding_file: RoundingFile = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the list to .csv or .xlsx.")
    ] = None,
    fx_buffer_pct: FxBufferPct = None,
    as_json: Json = False,
) -> None:
    """The price list of a catalogue for every market and channel; nothing written on a bad row."""
    options = dict(locals())
    as_of = parse_date(date)
    if output is not None:
        check_output(output)
    try:
        content = catalogue.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(catalogue)) from None
    products = read_catalogue(str(catalogue), content)
    sales = channels_from_document(
        load_document(channels), as_of=as_of, file=str(channels), fx_buffers=fx_buffers(options)
    )
    currency = sales[0].currency  # an amount target is per order in each market's currency
    if target_margin is not None and any(s.currency != currency for s in sales):
        raise InputError(
            "an amount target needs one currency: use --target-margin-pct", field="target_margin"
        )
    target = parse_target(pct=target_margin_pct, amount=target_margin, currency=currency)
    rows = build_price_list(products, sales, as_of=as_of, target=target, rounding=policies(options))
    if output is not None:
        export_price_list(rows, output)
    if as_json:
        _echo_json([row.to_dict() for row in rows])
        return
    console = Console()
    if output is None:
        render.render_price_list(console, rows)
        return
    failed = sum(1 for row in rows if row.error)
    console.print(
        f"wrote {len(rows)} rows to {output} ({failed} could not be priced)", markup=False
    )


@price_app.command("compare")
def compare_command(
    oem_fob: Annotated[str, typer.Option(help="OEM price per unit, FOB: '60 CNY'.")],
    oem_cost: Annotated[str, typer.Option(help="Your cost per unit for OEM: '52 CNY'.")],
    oem_volume: Annotated[str, typer.Option(help="OEM units per period.")],
    channel: Annotated[
        list[str],
        typer.Option("--channel", help="MARKET:CHANNEL:VOLUME (DE:amazon_de:800); repeatable."),
    ],
    date: Day,
    file: ProductFile = None,
    target_margin_pct: TargetPct = None,
    target_margin: Target = None,
    hs: Hs = None,
    origin: Origin = None,
    unit_cost: UnitCost = None,
    currency: Currency = None,
    weight: Weight = None,
    category: Category = None,
    china_cost: ChinaCost = None,
    freight: Freight = None,
    provider: Provider = None,
    units: Units = None,
    dap: Dap = False,
    tax_inclusive: TaxInclusive = None,
    cac: Cac = None,
    return_rate_pct: ReturnRatePct = None,
    return_cost: ReturnCost = None,
    fee: FeeFigure = None,
    waive: Waive = None,
    use_range_upper: UseRangeUpper = False,
    ship_from: ShipFrom = None,
    carrier: Carrier = None,
    carrier_fee: CarrierFeeFigure = None,
    fx_buffer_pct: FxBufferPct = None,
    as_json: Json = False,
) -> None:
    """OEM (FOB to a brand owner) beside B2C on each market and channel, priced for the target."""
    options = dict(locals())
    as_of = day(options)
    product = product_from_options(file, options)
    fob = parse_money(oem_fob, field="oem_fob")
    oem = OemDeal(
        fob_price=fob,
        oem_cost=parse_money(oem_cost, field="oem_cost", currency=fob.currency),
        volume=_volume(oem_volume, field="oem_volume"),
    )
    pairs = [_channel_volume(spec, options, index=i) for i, spec in enumerate(channel)]
    target = parse_target(
        pct=target_margin_pct, amount=target_margin, currency=pairs[0][0].currency
    )
    rows = compare_with_oem(product, pairs, oem=oem, as_of=as_of, target=target)
    if as_json:
        _echo_json([render.comparison_dict(row) for row in rows])
        return
    title = f"OEM vs B2C: {_name(product)} (HS {product.hs_code}), {date}, in {fob.currency}"
    render.render_comparison(Console(), rows, title=title)


def _channel_volume(
    spec: str, options: dict[str, Any], *, index: int
) -> tuple[SalesChannel, Decimal]:
    parts = spec.split(":")
    if len(parts) != 3:
        raise InputError(
            f"write MARKET:CHANNEL:VOLUME (DE:amazon_de:800), not {spec!r}", field="channel"
        )
    market, channel_id, volume = parts
    values = {**channel_values(options), "market": market, "channel": channel_id}
    sale = channel_from_dict(values, as_of=day(options), fx_buffers=fx_buffers(options))
    return sale, _volume(volume, field=f"channel.{index}.volume")


def _volume(text: str, *, field: str) -> Decimal:
    volume = parse_decimal(text, field=field)
    if volume <= 0:
        raise InputError(f"a volume must be positive, not {text!r}", field=field)
    return volume


@price_app.command("round")
def round_command(
    price: Annotated[
        list[str],
        typer.Argument(
            help="Amount and currency (12.34 EUR); only the currency with --mirror-from and --rate.",
        ),
    ],
    behaviour: Annotated[
        Behaviour | None, typer.Option(help="up, nearest or down (default: the policy's).")
    ] = None,
    floor: Annotated[str | None, typer.Option(help="Never below this amount.")] = None,
    mirror_from: Annotated[
        str | None, typer.Option(help="Keep the ending of this price: '9.99 USD'.")
    ] = None,
    rate: Annotated[
        str | None, typer.Option(help="1 unit of --mirror-from's currency in PRICE's currency.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Date of the shipped exchange rate (without --rate)."),
    ] = None,
    rounding: Rounding = None,
    rounding_file: RoundingFile = None,
    as_json: Json = False,
) -> None:
    """A price on the currency's grid of price points, or with another price's ending (T18)."""
    options = dict(locals())
    text = " ".join(price)
    amount = None
    if mirror_from is not None and text.strip().isalpha():
        currency = normalise_currency(text, field="price")
    else:
        amount = parse_money(text, field="price")
        currency = amount.currency
    point = round_price(
        amount,
        currency=currency,
        policy=policies(options).get(currency),
        behaviour=behaviour,
        floor=None if floor is None else parse_money(floor, field="floor", currency=currency),
        mirror_from=None if mirror_from is None else parse_money(mirror_from, field="mirror_from"),
        rate=None if rate is None else parse_decimal(rate, field="rate"),
        as_of=None if date is None else parse_date(date),
    )
    if as_json:
        _echo_json(point.to_dict())
        return
    render.render_price_point(Console(), point)
