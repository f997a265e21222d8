"""``chuhai data``: what the shipped data covers."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chuhai.services.coverage import data_coverage

data_app = typer.Typer(help="Shipped data: coverage per destination.")


@data_app.command("coverage")
def coverage_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Per destination: tariff lines, deepest digit level, counts by status, dates, sources."""
    rows = data_coverage()
    if as_json:
        typer.echo(json.dumps([row.to_dict() for row in rows], indent=2, ensure_ascii=False))
        return
    table = Table(title="What chuhai knows, per destination")
    for column in (
        "pack", "covers", "tariff lines", "digits", "rules", "by status", "sources", "last update",
    ):  # fmt: skip
        table.add_column(column, overflow="fold")
    for row in rows:
        lines = ", ".join(f"{column} {count:,}" for column, count in row.tariff_lines.items())
        inherited = f" (via {row.parent})" if row.parent and lines else ""
        table.add_row(
            f"{row.code} {row.name}",
            f"{row.coverage_from} to {row.coverage_to}",
            (lines or "none") + inherited,
            f"{row.deepest_digits}/{row.national_digits}",
            str(row.rules),
            ", ".join(f"{status} {count:,}" for status, count in row.by_status.items()),
            str(row.sources),
            str(row.last_update or ""),
        )
    Console().print(table)
