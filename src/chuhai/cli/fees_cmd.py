"""``chuhai fees``: the commerce fee pack's channels and their dated figures, with sources,
and the carriers' DDP surcharges."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from chuhai.cli.price_render import render_carrier_fees, render_fee_channels, render_fees
from chuhai.services.fee_pack import (
    carrier_pack_to_dict,
    fee_to_dict,
    list_carrier_fees,
    list_fee_channels,
    show_fees,
)
from chuhai.services.pricing_input import parse_date

fees_app = typer.Typer(
    help="Platform and payment fees: dated figures with original text, confidence and as-of."
)

Category = Annotated[
    str | None, typer.Option(help="Only this category's figures and the site-wide ones.")
]
Market = Annotated[str | None, typer.Option(help="Only figures (and channels) for this market.")]
Day = Annotated[
    str | None, typer.Option("--date", help="Only figures in force on this date (YYYY-MM-DD).")
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@fees_app.command("show")
def show_command(
    channel: Annotated[str, typer.Argument(help="A channel or provider id (amazon_de...).")],
    category: Category = None,
    market: Market = None,
    date: Day = None,
    as_json: Json = False,
) -> None:
    """Every figure of one channel with its dates, status, original text and source."""
    as_of = None if date is None else parse_date(date)
    fees = show_fees(channel, category=category, market=market, as_of=as_of)
    if as_json:
        typer.echo(json.dumps([fee_to_dict(f) for f in fees], indent=2, ensure_ascii=False))
        return
    scope = ", ".join(x for x in (category, market, date) if x)
    title = f"Fees of {channel}" + (f" ({scope})" if scope else "")
    render_fees(Console(), fees, title=title)


@fees_app.command("list")
def list_command(
    market: Market = None,
    status: Annotated[
        str | None,
        typer.Option(help="Only figures with this status: parsed, range, unparsed..."),
    ] = None,
    category: Category = None,
    date: Day = None,
    as_json: Json = False,
) -> None:
    """The channels and providers of the fee pack, with how many figures were read."""
    as_of = None if date is None else parse_date(date)
    channels = list_fee_channels(market=market, status=status, category=category, as_of=as_of)
    if as_json:
        typer.echo(json.dumps([c.to_dict() for c in channels], indent=2, ensure_ascii=False))
        return
    render_fee_channels(Console(), channels)


@fees_app.command("carriers")
def carriers_command(date: Day = None, as_json: Json = False) -> None:
    """Carriers' DDP surcharges with dates, confidence and sources, and who is left out."""
    pack = list_carrier_fees(as_of=None if date is None else parse_date(date))
    if as_json:
        typer.echo(json.dumps(carrier_pack_to_dict(pack), indent=2, ensure_ascii=False))
        return
    render_carrier_fees(Console(), pack)
