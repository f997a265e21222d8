"""``chuhai platforms list`` and ``chuhai platforms match``: the platform directory and matching."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chuhai.cli.markets_cmd import split_codes
from chuhai.domain.money import to_decimal
from chuhai.domain.platform_matching import CATEGORIES
from chuhai.errors import InputError
from chuhai.services.platforms import PlatformMatching, match_product, platform_directory
from chuhai.services.pricing_input import parse_date

platforms_app = typer.Typer(help="Platform directory (100 sites) and platform matching.")


@platforms_app.command("find")
@platforms_app.command("list")
def list_command(
    market: Annotated[str | None, typer.Option(help="Only sites selling in this market.")] = None,
    accepts_cn: Annotated[
        bool, typer.Option("--accepts-cn", help="Only sites taking China-based sellers.")
    ] = False,
    livestream: Annotated[
        bool, typer.Option("--livestream", help="Only sites with livestream selling.")
    ] = False,
    model: Annotated[
        str | None, typer.Option(help="marketplace, social_commerce, full_managed...")
    ] = None,
    search: Annotated[str | None, typer.Option(help="Text in the platform or site name.")] = None,
    category: Annotated[
        str | None, typer.Option(help="Show the commission of this fee category.")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Fees in force that day (default: newest).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The platform directory, filtered; fees with their confidence and as-of date."""
    if category is not None and category not in CATEGORIES:
        raise InputError(f"category is one of {', '.join(CATEGORIES)}", field="category")
    entries = platform_directory(
        market=market, accepts_cn=accepts_cn, livestream=livestream, model=model, search=search,
        as_of=parse_date(on) if on else None,
    )  # fmt: skip
    if as_json:
        typer.echo(json.dumps([e.to_dict() for e in entries], indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{len(entries)} platform sites", title_justify="left")
    columns = ["id", "site", "markets", "model", "takes CN", "live", "confidence", "fees as of"]
    for column in columns + ([f"{category} commission"] if category else []):
        table.add_column(column, overflow="fold")
    for e in entries:
        s = e.site
        markets = " ".join(s.markets) + (" +global" if s.global_reach else "")
        row = [str(s.id), s.site, markets, s.model, s.accepts_cn, s.livestream, s.confidence,
               s.fee_as_of]  # fmt: skip
        if category:
            view = e.fees[category]
            row.append(
                f"{view.describe(category)} [{view.confidence or 'n/a'}, {view.as_of or 'n/a'}]"
            )
        table.add_row(*row)
    Console().print(table)


@platforms_app.command("match")
def match_command(
    hs: Annotated[str, typer.Option("--hs", help="HS code of the product.")],
    markets: Annotated[
        list[str] | None, typer.Option("--markets", help="Markets, comma-separated (default any).")
    ] = None,
    model: Annotated[
        list[str] | None, typer.Option("--model", help="Wanted business model; repeatable.")
    ] = None,
    livestream: Annotated[
        bool, typer.Option("--livestream", help="Only sites with livestream selling.")
    ] = False,
    max_commission_pct: Annotated[
        str | None, typer.Option("--max-commission-pct", help="Ceiling on commission + fees, %.")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Fees in force that day (default: newest).")
    ] = None,
    top: Annotated[int, typer.Option(help="At most this many matches per market.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Platform sites for a product in each market, scored and explained."""
    ceiling = None
    if max_commission_pct is not None:
        ceiling = to_decimal(max_commission_pct, field="max_commission_pct") / Decimal(100)
        if ceiling < 0:
            raise InputError("the ceiling cannot be negative", field="max_commission_pct")
    result = match_product(
        hs_code=hs, markets=split_codes(markets), models=split_codes(model), livestream=livestream,
        max_commission=ceiling, as_of=parse_date(on) if on else None,
    )  # fmt: skip
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    render_matching(Console(), result, top=top)


def render_matching(console: Console, result: PlatformMatching, *, top: int) -> None:
    """Matches per market (best first), with parts and explanations, then exclusions."""
    table = Table(title=f"Platforms for {result.category or 'this product'}", title_justify="left")
    for column in ("market", "score", "site", "access/market/cost/live/conf", "why"):
        table.add_column(column, overflow="fold")
    shown: dict[str | None, int] = {}
    for m in result.matches:
        shown[m.market] = shown.get(m.market, 0) + 1
        if shown[m.market] <= top:
            parts = "/".join(str(v) for v in m.parts.values())
            table.add_row(m.market or "any", str(m.score), m.site.site, parts, m.explanation)
    console.print(table)
    for e in result.excluded:
        console.print(f"[dim]excluded in {e.market or 'any'}: {e.site.site}: {e.reason}[/]")
