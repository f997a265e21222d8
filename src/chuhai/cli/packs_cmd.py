"""``chuhai packs``: validate every shipped pack, or list one pack's rules with their sources."""

from __future__ import annotations

import json
import sys
from datetime import date as Date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chuhai.cli.errors import USER_ERROR
from chuhai.errors import ChuhaiError
from chuhai.services.packs import PackSummary, list_pack_rules, validate_all_packs

packs_app = typer.Typer(
    help="Rule packs: validate them, or show one with dates, status and sources."
)


@packs_app.command("validate")
def validate_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Load and validate every shipped pack; exit 2 if any fails."""
    results = validate_all_packs()
    failed = [r for r in results if r.error]
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        _print_summary(results)
    if failed:
        sys.exit(USER_ERROR)


def _print_summary(results: list[PackSummary]) -> None:
    table = Table(title="Rule packs")
    for column in ("pack", "version", "covers", "rules", "tariff lines", "sources", "result"):
        table.add_column(column)
    for r in results:
        table.add_row(
            r.code,
            r.version,
            r.coverage,
            str(r.rules),
            str(r.tariff_lines),
            str(r.sources),
            f"[red]{r.error}[/]" if r.error else "[green]ok[/]",
        )
    Console().print(table)


@packs_app.command("show")
def show_command(
    code: Annotated[str, typer.Argument(help="ISO code of the pack (US, DE, DEU, EU...).")],
    on: Annotated[
        str | None, typer.Option("--date", help="Only rules in force on this date (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List a pack's rules with their dates, status and sources."""
    as_of = _date(on) if on else None
    rows = list_pack_rules(code, as_of=as_of)
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Rules of {code.upper()}" + (f" in force on {as_of}" if as_of else ""))
    for column in ("pack", "rule", "kind", "valid from", "valid to", "status", "source"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["pack"],
            f"{row['id']}\n[dim]{row['label']}[/]",
            row["kind"],
            row["valid_from"],
            row["valid_to"] or "open",
            row["status"],
            f"{row['source_title']}\n[dim]{row['source_url']}[/]",
        )
    Console().print(table)


def _date(text: str) -> Date:
    try:
        return Date.fromisoformat(text)
    except ValueError:
        raise ChuhaiError(f"not a date (YYYY-MM-DD): {text!r}", field="date") from None
