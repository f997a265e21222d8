"""``chuhai exports`` and ``chuhai livestream``: the command centre from the command line.

The commands work on the database the web app uses (``CHUHAI_DATABASE_URL`` or the SQLite file
in ``CHUHAI_DATA_DIR``), migrated first, as the system: no sign-in, the whole city.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from chuhai.domain import livestream as planner
from chuhai.errors import InputError
from chuhai.services.command_ports import CommandUnitOfWork
from chuhai.services.pricing_input import parse_date

exports_app = typer.Typer(help="Export statistics: import, dashboard, tariff exposure, demo.")
livestream_app = typer.Typer(help="Livestreams: the buyers' prime time in local and China time.")


def _uow() -> CommandUnitOfWork:
    # Imported here so that other commands do not pay for the database stack.
    from chuhai.api.settings import Settings
    from chuhai.storage.engine import make_engine, make_session_factory
    from chuhai.storage.migrations import upgrade_to_head
    from chuhai.storage.unit_of_work import SqlUnitOfWork

    engine = make_engine(Settings.from_env().database_url)
    upgrade_to_head(engine)
    return SqlUnitOfWork(make_session_factory(engine))


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@exports_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file of customs-style records.")],
    dataset: Annotated[str, typer.Option("--dataset", help="Name of the dataset to fill.")],
    synthetic: Annotated[
        bool, typer.Option("--synthetic", help="Flag the data as synthetic.")
    ] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace the dataset's records.")
    ] = False,
    description: Annotated[str, typer.Option("--description", help="What the data is.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Import export statistics: every row, or none (each bad row and field listed)."""
    from chuhai.services.export_import import import_exports

    try:
        content = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(file)) from None
    report = import_exports(_uow(), None, filename=file.name, content=content, dataset=dataset,
                            synthetic=synthetic, replace=replace, description=description)  # fmt: skip
    if as_json:
        _print_json(report.to_dict())
        return
    replaced = f", {report.replaced} replaced" if report.replaced else ""
    typer.echo(f"{report.rows} rows imported into {report.dataset}{replaced}")


def _money(value: dict[str, str] | None) -> str:
    return "" if value is None else f"{value['currency']} {Decimal(value['amount']):,.2f}"


@exports_app.command("dashboard")
def dashboard_command(
    year: Annotated[int | None, typer.Option("--year", help="Year (default: the latest).")] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", help="Only this dataset.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The city's exports by destination, region, industry, trade mode, firm; HHI; movers."""
    from chuhai.services.export_stats import get_dashboard

    board = get_dashboard(_uow(), None, year=year, dataset=dataset).to_dict()
    if as_json:
        _print_json(board)
        return
    console = Console()
    if board["synthetic"]:
        console.print("[yellow]SYNTHETIC demo data: not real customs statistics[/]")
    if board["total"] is None:
        console.print("no export statistics yet")
        return
    total, hhi = board["total"], board["concentration"]
    console.print(f"{board['year']}: {_money(total['value'])} ({total['yoy_pct']}% on {board['previous_year']}); "
                  f"HHI over destinations {hhi['hhi']} ({hhi['level']})")  # fmt: skip
    for name in ("region", "industry", "trade_mode", "destination"):
        table = Table(title=f"by {name}", title_justify="left")
        for column in (name, "value", "share %", "previous", "yoy %"):
            table.add_column(column)
        for line in board[f"by_{name}"][:15]:
            table.add_row(line["key"], _money(line["value"]), line["share_pct"] or "",
                          _money(line["previous"]), line["yoy_pct"] or "")  # fmt: skip
        console.print(table)


@exports_app.command("exposure")
def exposure_command(
    on: Annotated[
        str | None, typer.Option("--date", help="Date of the current rules, YYYY-MM-DD.")
    ] = None,
    scenario: Annotated[
        Path | None, typer.Option("--scenario", help="A scenario YAML file.")
    ] = None,
    sample: Annotated[
        str, typer.Option("--sample", help="A shipped sample scenario.")
    ] = "us-cn-54",
    year: Annotated[
        int | None, typer.Option("--year", help="Export year (default: the latest).")
    ] = None,
    scenario_date: Annotated[
        str | None, typer.Option("--scenario-date", help="When the scenario applies.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Duties on the city's exports now and under a scenario; value at risk; diversification."""
    from chuhai.rules.scenario_loader import load_scenario
    from chuhai.services.exposure import get_exposure, sample_scenario

    chosen = load_scenario(scenario) if scenario else sample_scenario(sample)
    when = parse_date(scenario_date, field="scenario_date") if scenario_date else None
    result = get_exposure(_uow(), None, as_of=parse_date(on), scenario=chosen, year=year,
                          scenario_date=when).to_dict()  # fmt: skip
    if as_json:
        _print_json(result)
        return
    console = Console()
    if result["synthetic"]:
        console.print("[yellow]SYNTHETIC demo data: not real customs statistics[/]")
    total = result["total"]
    console.print(f"{result['scenario']['name']} from {result['scenario_date']} on {result['year']} exports: "
                  f"duties {_money(total['duty_baseline'])} -> {_money(total['duty_scenario'])}; "
                  f"value at risk {_money(total['value_at_risk'])} ({total['value_at_risk_pct']}%); "
                  f"assessed {total['assessed_pct']}% of the value")  # fmt: skip
    table = Table(title="by destination", title_justify="left")
    for column in (
        "market",
        "exports",
        "rate now %",
        "rate scenario %",
        "extra duty",
        "assessed %",
    ):
        table.add_column(column)
    for g in result["by_destination"][:20]:
        table.add_row(g["key"], _money(g["value"]), g["rate_baseline_pct"] or "", g["rate_scenario_pct"] or "",
                      _money(g["extra_duty"]), g["assessed_pct"] or "")  # fmt: skip
    console.print(table)
    for industry, markets in result["diversification"].items():
        names = ", ".join(m.get("market", "?") for m in markets)
        console.print(f"diversify {industry}: {names}")


@exports_app.command("demo")
def demo_command() -> None:
    """Load the SYNTHETIC command-centre demo (exports, network, matches, livestreams)."""
    from chuhai.services.command_demo import load_command_demo

    loaded = load_command_demo(_uow())
    typer.echo(f"synthetic command-centre demo: {loaded.export_rows} export rows, {loaded.associations} "
               f"associations, {loaded.buyers} buyers, {loaded.events} events, {loaded.matches} matches, "
               f"{loaded.sessions} livestream sessions added")  # fmt: skip


@livestream_app.command("prime-time")
def prime_time_command(
    market: Annotated[str, typer.Option("--market", help="Market, ISO code.")],
    on: Annotated[str | None, typer.Option("--date", help="Local date, YYYY-MM-DD.")] = None,
    zone: Annotated[
        str | None, typer.Option("--time-zone", help="IANA zone (default: the market's).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A market's prime time on a date, in local and China time."""
    window = planner.prime_time(market, parse_date(on), zone=zone)
    data = {"market": window.market, "time_zone": window.zone, "start": window.start.isoformat(),
            "end": window.end.isoformat(), "china_start": window.start_china.isoformat(),
            "china_end": window.end_china.isoformat()}  # fmt: skip
    if as_json:
        _print_json(data)
        return
    typer.echo(f"{window.market} {window.start:%Y-%m-%d %H:%M}-{window.end:%H:%M} {window.zone} = "
               f"{window.start_china:%Y-%m-%d %H:%M}-{window.end_china:%H:%M} China time")  # fmt: skip
