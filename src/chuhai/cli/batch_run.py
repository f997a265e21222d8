"""``chuhai batch``: a catalogue x markets x channels x scenarios, streamed to a file."""

from __future__ import annotations

import json
import sys
from datetime import date as Date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chuhai.batch import BatchReport, BatchRequest, CatalogueError, get_channel, run_batch
from chuhai.batch.io import count_rows
from chuhai.cli.errors import USER_ERROR
from chuhai.domain.consignment import GivenRate
from chuhai.domain.currency import get_minor_units
from chuhai.errors import InputError
from chuhai.rules.scenario_loader import load_scenario


def run_batch_command(
    *,
    catalogue: Path,
    markets: list[str],
    output: Path,
    date: str,
    channels: list[str] | None,
    scenario: list[Path] | None,
    diff: Path | None,
    ship_from: str,
    chunk_size: int,
    skip_bad_rows: bool,
    no_baseline: bool,
    fx_rate: list[str] | None,
    as_json: bool,
) -> None:
    """Run ``chuhai batch`` (see :func:`chuhai.cli.batch_cmd.batch_command`)."""
    request = BatchRequest(
        markets=_split(markets),
        channels=[get_channel(c) for c in _split(channels or ["courier_b2c_platform"])],
        as_of=_date(date),
        scenarios=[load_scenario(path) for path in scenario or []],
        ship_from=ship_from,
        baseline=not no_baseline,
        fx_rates=[_rate(text) for text in fx_rate or []],
    )
    console = Console(stderr=True)
    try:
        report = _run(request, catalogue, output, diff, chunk_size, skip_bad_rows, as_json)
    except CatalogueError as error:
        _print_bad_rows(console, error, as_json)
        sys.exit(USER_ERROR)
    if as_json:
        typer.echo(json.dumps(_json(report), indent=2, ensure_ascii=False))
        return
    _print_report(Console(), report)


def _run(
    request: BatchRequest,
    catalogue: Path,
    output: Path,
    diff: Path | None,
    chunk_size: int,
    skip_bad_rows: bool,
    quiet: bool,
) -> BatchReport:
    total = count_rows(catalogue)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} rows · {task.fields[out]:,} results"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), disable=quiet) as progress:
        task = progress.add_task("landed cost", total=total, out=0)

        def advance(rows_in: int, rows_out: int) -> None:
            progress.update(task, completed=rows_in, out=rows_out)

        return run_batch(
            catalogue,
            output,
            request,
            chunk_size=chunk_size,
            skip_bad_rows=skip_bad_rows,
            diff=diff,
            progress=advance,
        )


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _date(text: str) -> Date:
    try:
        return Date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {text!r}", field="date") from None


def _rate(text: str) -> GivenRate:
    try:
        pair, rate = text.split("=")
        base, quote = pair.split(":")
        return GivenRate(base=base, quote=quote, rate=Decimal(rate), source_label="--fx-rate")
    except (ValueError, ArithmeticError):
        raise InputError(
            f"--fx-rate must look like CNY:USD=0.14, got {text!r}", field="fx_rate"
        ) from None


def _money(minor: int | None, currency: str) -> str:
    if minor is None:
        return ""
    return f"{currency} {Decimal(minor).scaleb(-get_minor_units(currency)):,}"


def _percent(change: int | None, base: int | None) -> str:
    if change is None or not base:
        return ""
    return f"{Decimal(change * 100) / Decimal(base):+.2f}%"


def _print_report(console: Console, report: BatchReport) -> None:
    table = Table(title="Landed cost by market and scenario", title_justify="left")
    for column in ("market", "scenario", "rows", "failed", "landed total", "change", "change %",
                   "landed total (seller)", "change (seller)"):  # fmt: skip
        table.add_column(
            column, justify="right" if column not in ("market", "scenario") else "left"
        )
    summary = report.summary
    for row in _ordered(summary).iter_rows(named=True):
        currency, seller = row["currency"], row["seller_currency"]
        scenario = row["scenario"] != "baseline"
        change = row.get("change") if scenario else None
        table.add_row(
            row["market"],
            row["scenario"],
            f"{row['rows']:,}",
            f"{row['failed']:,}",
            _money(row["landed_total"], currency),
            _money(change, currency),
            _percent(change, row.get("baseline_landed_total")),
            _money(row["landed_total_seller"], seller),
            _money(row.get("change_seller") if scenario else None, seller),
        )
    console.print(table)
    speed = report.rows_out / report.seconds if report.seconds else 0
    console.print(
        f"{report.rows_in:,} catalogue rows → {report.rows_out:,} results in "
        f"{report.seconds:.1f} s ({speed:,.0f} rows/s): {report.output}"
    )
    if report.diff:
        console.print(f"baseline vs scenario per row: {report.diff}")
    if report.bad_rows:
        rows = len({bad.row for bad in report.bad_rows})
        console.print(
            f"[yellow]{rows:,} bad rows skipped[/] ({len(report.bad_rows):,} problems): "
            f"listed in {report.bad_rows_file}"
        )


def _ordered(summary: pl.DataFrame) -> pl.DataFrame:
    """Baseline first, then each scenario's markets from the smallest relative change."""
    if summary.is_empty() or "change" not in summary.columns:
        return summary
    relative = pl.col("change").cast(pl.Float64) / pl.col("baseline_landed_total").cast(pl.Float64)
    return summary.with_columns(
        (pl.col("scenario") != "baseline").alias("_is_scenario"), relative.alias("_relative")
    ).sort(["_is_scenario", "scenario", "_relative", "market"], nulls_last=True)


def _print_bad_rows(console: Console, error: CatalogueError, as_json: bool) -> None:
    if as_json:
        payload = {**error.to_dict(), "bad_rows": [b.to_dict() for b in error.bad_rows]}
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Bad rows in {error.file or 'the catalogue'}: nothing was written")
    for column in ("row", "field", "reason", "value"):
        table.add_column(column)
    for bad in error.bad_rows[:200]:
        table.add_row(str(bad.row), bad.field, bad.reason, bad.value)
    console.print(table)
    if len(error.bad_rows) > 200:
        console.print(f"... and {len(error.bad_rows) - 200:,} more")
    console.print(
        f"[bold red]error[/]: {len({b.row for b in error.bad_rows}):,} bad rows "
        f"({len(error.bad_rows):,} problems), nothing was written; "
        "fix them or pass --skip-bad-rows"
    )


def _json(report: BatchReport) -> dict[str, Any]:
    return {
        "rows_in": report.rows_in,
        "rows_out": report.rows_out,
        "seconds": round(report.seconds, 3),
        "output": str(report.output),
        "diff": str(report.diff) if report.diff else None,
        "bad_rows_file": str(report.bad_rows_file) if report.bad_rows_file else None,
        "bad_rows": [b.to_dict() for b in report.bad_rows],
        "summary": [_json_row(row) for row in report.summary.iter_rows(named=True)],
    }


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    amounts = {"landed_total", "change", "baseline_landed_total", "duty", "measures", "tax", "fees"}
    seller = {"landed_total_seller", "change_seller", "baseline_landed_total_seller"}
    result: dict[str, Any] = {}
    for key, value in row.items():
        if key in amounts:
            result[key] = _plain(value, row["currency"])
        elif key in seller:
            result[key] = _plain(value, row["seller_currency"])
        else:
            result[key] = value
    return result


def _plain(minor: int | None, currency: str) -> str | None:
    return None if minor is None else str(Decimal(minor).scaleb(-get_minor_units(currency)))
