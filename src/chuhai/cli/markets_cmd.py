"""``chuhai markets rank``: destination markets for a product, ranked, each score explained."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from chuhai.domain.currency import normalise_currency
from chuhai.domain.money import Money, to_decimal
from chuhai.domain.ranking import Layer, parse_weights
from chuhai.errors import InputError
from chuhai.services.pricing_input import parse_date

if TYPE_CHECKING:
    from chuhai.services.markets import MarketRanking

markets_app = typer.Typer(help="Destination markets: rank them for a product, with reasons.")


def parse_money(text: str | None, currency: str, *, field: str) -> Money | None:
    """An amount in ``currency`` from the command line, or ``None``; never negative."""
    if text is None:
        return None
    amount = to_decimal(text, field=field)
    if amount < 0:
        raise InputError(f"{field} cannot be negative", field=field)
    return Money(amount, normalise_currency(currency, field="currency"))


def split_codes(values: list[str] | None) -> list[str]:
    """``["PH,US", "DE"]`` -> ``["PH", "US", "DE"]``."""
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


@markets_app.command("rank")
def rank_command(
    hs: Annotated[str, typer.Option("--hs", help="HS or national tariff code of the product.")],
    price: Annotated[str, typer.Option(help="Consumer price per unit, in --currency.")],
    currency: Annotated[str, typer.Option(help="Currency of the price.")] = "CNY",
    markets: Annotated[
        list[str] | None,
        typer.Option("--markets", help="Markets to rank, comma-separated (default: 12 markets)."),
    ] = None,
    sale_model: Annotated[
        str, typer.Option(help="b2c_direct, b2b2c_warehouse or b2b.")
    ] = "b2c_direct",
    weights: Annotated[
        list[str] | None, typer.Option("--weights", help="A factor weight, key=value; repeatable.")
    ] = None,
    trade_data: Annotated[
        Path | None, typer.Option("--trade-data", help="CSV: exporter,importer,hs6,year,value.")
    ] = None,
    exporter: Annotated[str, typer.Option(help="Exporter in the trade data.")] = "CN",
    normalisation: Annotated[str, typer.Option(help="minmax or rank.")] = "minmax",
    unit_cost: Annotated[
        str | None, typer.Option("--unit-cost", help="Product cost per unit, in --currency.")
    ] = None,
    freight: Annotated[
        str | None, typer.Option(help="International freight per order, in --currency.")
    ] = None,
    on: Annotated[str | None, typer.Option("--date", help="Date of sale, YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rank markets for one product: demand and readiness beside this product's economics."""
    as_of = parse_date(on)
    amount = parse_money(price, currency, field="price") or Money.zero(currency)
    if not amount.amount > 0:
        raise InputError("the price must be above zero", field="price")
    # Imported here: the ranking pulls in pricing and the country pack, which other
    # commands need not load.
    from chuhai.services.markets import DEFAULT_MARKETS, load_trade_data, rank_markets

    ranking = rank_markets(
        hs_code=hs,
        price=amount,
        as_of=as_of,
        markets=split_codes(markets) or DEFAULT_MARKETS,
        sale_model=sale_model,
        weights=parse_weights(split_codes(weights)),
        method=normalisation,
        unit_cost=parse_money(unit_cost, currency, field="unit_cost"),
        freight=parse_money(freight, currency, field="freight"),
        trade_flows=load_trade_data(trade_data) if trade_data else None,
        exporter=exporter,
    )
    if as_json:
        typer.echo(json.dumps(ranking.to_dict(), indent=2, ensure_ascii=False))
        return
    render_ranking(Console(), ranking)


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f"{round(value * 100, 1)}%"


def render_ranking(console: Console, ranking: MarketRanking) -> None:
    """The ranking table, the explanations, the markets left out, the method and weights."""
    trade = ranking.export_potential is not None
    title = (f"Markets for HS {ranking.hs_code} at {ranking.price.currency} {ranking.price.amount} "
             f"({ranking.sale_model}) on {ranking.as_of}")  # fmt: skip
    table = Table(title=title, title_justify="left")
    columns = ["#", "market", "score", "demand", "economics", *(["trade"] if trade else []),
               "duty+tax", "fees", "margin", "channel"]  # fmt: skip
    for column in columns:
        table.add_column(column, overflow="fold")
    for m in ranking.markets:
        e = ranking.economics[m.code]
        layers = [Layer.DEMAND, Layer.ECONOMICS, *([Layer.TRADE] if trade else [])]
        table.add_row(
            str(m.rank), m.code, f"{round(m.score, 1)}",
            *("" if m.layers[layer] is None else f"{round(m.layers[layer] or 0, 1)}" for layer in layers),
            _pct(e.landed_share), _pct(e.fee_share), _pct(e.margin.amount / e.price.amount), e.channel,
        )  # fmt: skip
    console.print(table)
    for m in ranking.markets:
        console.print(f"{m.rank}. {m.explanation}")
    for n in ranking.not_rankable:
        console.print(f"[yellow]not rankable[/] {n.code}: {n.reason} ({n.error_code})")
    weights = ", ".join(f"{k} {round(v, 3)}" for k, v in ranking.weights.items() if v)
    console.print(
        f"normalisation: {ranking.method.value}; weights (shares): {weights}", style="dim"
    )
    for note in ranking.notes:
        console.print(f"note: {note}", style="dim")
