"""``chuhai data``: what the shipped data covers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from chuhai.services.coverage import data_coverage
from chuhai.services.data_import import SOURCES, default_data_dir, import_sources

data_app = typer.Typer(help="Shipped data: rebuild it from upstream files; what it covers.")


@data_app.command("import")
def import_command(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help=f"Sources to import (default all): {', '.join(SOURCES)}."),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Upstream data folder (default $CHUHAI_SHARED_DATA or ../shared/data)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Data folder to write into (default: the package's).")
    ] = None,
) -> None:
    """Rebuild packs, the HS nomenclature and FX rates from the published upstream files."""
    reports = import_sources(sources or [], data_dir=data_dir or default_data_dir(), data_root=out)
    for report in reports:
        typer.echo(report.summary())


@data_app.command("coverage")
def coverage_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Per destination: tariff lines, HS 2022 codes without a line, digit level, statuses, dates."""
    rows = data_coverage()
    if as_json:
        typer.echo(json.dumps([row.to_dict() for row in rows], indent=2, ensure_ascii=False))
        return
    table = Table(title="What chuhai knows, per destination")
    for column in (
        "pack", "covers", "tariff lines", "HS 2022 unmapped", "digits", "rules", "by status",
        "sources", "last update",
    ):  # fmt: skip
        table.add_column(column, overflow="fold")
    for row in rows:
        lines = ", ".join(f"{column} {count:,}" for column, count in row.tariff_lines.items())
        inherited = f" (via {row.parent})" if row.parent and lines else ""
        table.add_row(
            f"{row.code} {row.name}",
            f"{row.coverage_from} to {row.coverage_to}",
            (lines or "none") + inherited,
            f"{row.unmapped_hs2022:,}" if row.unmapped_hs2022 else "",
            f"{row.deepest_digits}/{row.national_digits}",
            str(row.rules),
            ", ".join(f"{status} {count:,}" for status, count in row.by_status.items()),
            str(row.sources),
            str(row.last_update or ""),
        )
    Console().print(table)
