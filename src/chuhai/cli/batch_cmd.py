"""``chuhai batch``: the command's options; the work (Polars, the batch engine) is imported
only when the command runs, so that other commands start fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def batch_command(
    catalogue: Annotated[
        Path, typer.Argument(help="Catalogue file: .csv, .parquet or .xlsx (see docs/cli.md).")
    ],
    markets: Annotated[
        list[str], typer.Option("--markets", help="Destination ISO codes, comma-separated.")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Results file: .parquet, .csv or .xlsx.")
    ],
    date: Annotated[str, typer.Option("--date", help="Date of import, YYYY-MM-DD.")],
    channels: Annotated[
        list[str] | None,
        typer.Option("--channels", help="Channel names or mode:sale_model:collector:incoterm."),
    ] = None,
    scenario: Annotated[
        list[Path] | None, typer.Option("--scenario", help="A scenario YAML file; repeatable.")
    ] = None,
    diff: Annotated[
        Path | None, typer.Option("--diff", help="Write baseline vs scenario per row here.")
    ] = None,
    ship_from: Annotated[str, typer.Option("--from", help="Country the goods leave.")] = "CN",
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", min=1, help="Catalogue rows per chunk (memory bound).")
    ] = 50_000,
    skip_bad_rows: Annotated[
        bool,
        typer.Option("--skip-bad-rows", help="Write the good rows; list bad ones beside them."),
    ] = False,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Only the scenarios, without the baseline.")
    ] = False,
    fx_rate: Annotated[
        list[str] | None,
        typer.Option("--fx-rate", help="A rate you want used, e.g. CNY:USD=0.14; repeatable."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Landed cost of every catalogue row in every market, channel and scenario."""
    from chuhai.cli.batch_run import run_batch_command

    run_batch_command(
        catalogue=catalogue, markets=markets, output=output, date=date, channels=channels,
        scenario=scenario, diff=diff, ship_from=ship_from, chunk_size=chunk_size,
        skip_bad_rows=skip_bad_rows, no_baseline=no_baseline, fx_rate=fx_rate, as_json=as_json,
    )  # fmt: skip
