"""``chuhai compliance``: what to do to sell a product in a market, each item with its source.

A single command (no sub-commands), registered like ``chuhai quote``.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chuhai.domain.compliance import Checklist
from chuhai.services.compliance import compliance_checklist
from chuhai.services.pricing_input import parse_date


def compliance_command(
    market: Annotated[str, typer.Option(help="Market, ISO alpha-2 or alpha-3.")],
    hs: Annotated[str, typer.Option("--hs", help="HS code of the product.")],
    sale_model: Annotated[
        str, typer.Option(help="b2c_direct, b2b2c_warehouse or b2b.")
    ] = "b2c_direct",
    on: Annotated[str | None, typer.Option("--date", help="Date, YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Registrations, thresholds, labelling, certification and restrictions, each sourced."""
    checklist = compliance_checklist(
        market=market, hs_code=hs, as_of=parse_date(on), sale_model=sale_model
    )
    if as_json:
        typer.echo(json.dumps(checklist.to_dict(), indent=2, ensure_ascii=False))
        return
    render_checklist(Console(), checklist)


def render_checklist(console: Console, checklist: Checklist) -> None:
    """Items by kind with their status and source; then the regime thresholds of the packs."""
    families = ", ".join(checklist.families) or "no specific family"
    title = (f"Compliance in {checklist.market} ({'+'.join(checklist.markets)}) for {families}, "
             f"{checklist.sale_model}, on {checklist.as_of}")  # fmt: skip
    table = Table(title=title, title_justify="left")
    for column in ("kind", "item", "what to do", "status", "source"):
        table.add_column(column, overflow="fold")
    for entry in checklist.entries:
        item = entry.item
        what = item.requirement
        if item.threshold:
            what += f" Threshold: {item.threshold}."
        for t in entry.thresholds:
            what += f" Pack rule {t.rule_id}: {t.threshold} ({t.status.value})."
        table.add_row(item.kind.value, item.title, what, item.status.value, entry.url)
    console.print(table)
    for t in checklist.thresholds:
        console.print(f"threshold {t.rule_id}: {t.label}: {t.threshold} ({t.status.value}) {t.source_url}",
                      highlight=False)  # fmt: skip
    counts = ", ".join(f"{n} {status}" for status, n in checklist.by_status().items())
    console.print(f"{len(checklist.entries)} items ({counts or 'none'})", style="dim")
    for note in checklist.notes:
        console.print(f"note: {note}", style="dim")
