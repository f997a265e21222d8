"""``chuhai quote``: the itemised landed cost of a consignment, from flags or a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from chuhai.cli.input import load_document
from chuhai.cli.render import render_quote
from chuhai.errors import InputError
from chuhai.rules.scenario_loader import load_scenario
from chuhai.services.demo import DEMO_DESTINATIONS, demo_consignment
from chuhai.services.quoting import quote


def quote_command(
    file: Annotated[
        Path | None, typer.Argument(help="A consignment as JSON or YAML (see docs/cli.md).")
    ] = None,
    to: Annotated[
        list[str] | None, typer.Option("--to", help="Destination ISO code; repeat for several.")
    ] = None,
    ship_from: Annotated[str, typer.Option("--from", help="Country the parcel leaves.")] = "CN",
    origin: Annotated[str, typer.Option(help="Country of origin of the goods.")] = "CN",
    hs: Annotated[str | None, typer.Option("--hs", help="HS or national tariff code.")] = None,
    quantity: Annotated[str, typer.Option("--qty", help="Units.")] = "1",
    value: Annotated[str | None, typer.Option(help="Unit value in --currency.")] = None,
    currency: Annotated[str, typer.Option(help="Currency of the values.")] = "CNY",
    weight: Annotated[str, typer.Option(help="Unit weight in kg.")] = "0",
    date: Annotated[str | None, typer.Option(help="Date of import, YYYY-MM-DD.")] = None,
    mode: Annotated[str, typer.Option(help="postal, courier or freight.")] = "courier",
    sale_model: Annotated[
        str, typer.Option(help="b2c_direct, b2b2c_warehouse or b2b.")
    ] = "b2c_direct",
    incoterm: Annotated[str, typer.Option(help="DDP or DAP.")] = "DDP",
    tax_collector: Annotated[str, typer.Option(help="platform, seller or border.")] = "border",
    freight: Annotated[str, typer.Option(help="Freight to the border, in --currency.")] = "0",
    claim: Annotated[
        str | None, typer.Option(help="Preferential scheme claimed with proof (e.g. RCEP).")
    ] = None,
    fx_rate: Annotated[
        list[str] | None,
        typer.Option("--fx-rate", help="A rate you want used, e.g. CNY:PHP=8.05; repeatable."),
    ] = None,
    scenario: Annotated[
        Path | None, typer.Option(help="A scenario YAML file: quote under its rule changes.")
    ] = None,
    demo: Annotated[
        bool, typer.Option(help="Quote the demo umbrella parcel (PH, US, DE).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Itemised landed cost: every duty, tax and fee with its base, rate, rule and source."""
    if demo:
        documents = [demo_consignment(code) for code in (to or DEMO_DESTINATIONS)]
    elif file is not None:
        documents = _from_file(file, to)
    else:
        documents = [_from_flags(**locals_for_flags(locals()))]
    for document in documents:
        if fx_rate:
            document.setdefault("fx_rates", []).extend(_parse_rate(r) for r in fx_rate)
    what_if = load_scenario(scenario) if scenario is not None else None
    quotes = [quote(document, scenario=what_if) for document in documents]
    if as_json:
        payload: Any = [q.to_dict() for q in quotes]
        typer.echo(
            json.dumps(payload if len(payload) > 1 else payload[0], indent=2, ensure_ascii=False)
        )
        return
    console = Console()
    for q in quotes:
        render_quote(console, q)
        console.print()


def locals_for_flags(scope: dict[str, Any]) -> dict[str, Any]:
    names = (
        "to", "ship_from", "origin", "hs", "quantity", "value", "currency", "weight", "date",
        "mode", "sale_model", "incoterm", "tax_collector", "freight", "claim",
    )  # fmt: skip
    return {name: scope[name] for name in names}


def _from_file(path: Path, to: list[str] | None) -> list[dict[str, Any]]:
    data = load_document(path)
    if not isinstance(data, dict):
        raise InputError("a consignment must be a mapping", file=str(path))
    if not to:
        return [data]
    return [{**data, "destination": code} for code in to]


def _from_flags(**flags: Any) -> dict[str, Any]:
    for required in ("to", "hs", "value", "date"):
        if not flags[required]:
            raise InputError(f"--{required} is required without a FILE or --demo", field=required)
    if len(flags["to"]) > 1:
        raise InputError("with flags, give one --to (or use a FILE)", field="to")
    return {
        "destination": flags["to"][0],
        "ship_from": flags["ship_from"],
        "date": flags["date"],
        "currency": flags["currency"],
        "mode": flags["mode"],
        "sale_model": flags["sale_model"],
        "incoterm": flags["incoterm"],
        "tax_collector": flags["tax_collector"],
        "freight": flags["freight"],
        "lines": [
            {
                "hs_code": flags["hs"],
                "origin": flags["origin"],
                "quantity": flags["quantity"],
                "unit_value": flags["value"],
                "unit_weight_kg": flags["weight"],
                "claim_preference": flags["claim"],
            }
        ],
    }


def _parse_rate(text: str) -> dict[str, str]:
    try:
        pair, rate = text.split("=")
        base, quote_currency = pair.split(":")
    except ValueError:
        raise InputError(
            f"--fx-rate must look like CNY:PHP=8.05, got {text!r}", field="fx_rate"
        ) from None
    return {"base": base, "quote": quote_currency, "rate": rate, "source_label": "--fx-rate"}
