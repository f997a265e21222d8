"""The ``chuhai`` command line: Typer commands over the services, Rich output, ``--json``."""

from __future__ import annotations

import sys

import typer

from chuhai.cli.batch_cmd import batch_command
from chuhai.cli.command_cmd import exports_app, livestream_app
from chuhai.cli.compliance_cmd import compliance_command
from chuhai.cli.data_cmd import data_app
from chuhai.cli.errors import exit_on_user_error
from chuhai.cli.fees_cmd import fees_app
from chuhai.cli.hs_cmd import hs_app
from chuhai.cli.markets_cmd import markets_app
from chuhai.cli.packs_cmd import packs_app
from chuhai.cli.platforms_cmd import platforms_app
from chuhai.cli.price_cmd import price_app
from chuhai.cli.quote_cmd import quote_command
from chuhai.cli.serve_cmd import serve_command

app = typer.Typer(
    name="chuhai",
    help="出海 chuhai: landed cost, prices, markets and compliance for cross-border e-commerce.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("quote")(quote_command)
app.command("batch")(batch_command)
app.add_typer(packs_app, name="packs")
app.add_typer(data_app, name="data")
app.add_typer(hs_app, name="hs")
app.add_typer(price_app, name="price")
app.add_typer(fees_app, name="fees")
app.command("serve")(serve_command)
app.add_typer(markets_app, name="markets")
app.add_typer(platforms_app, name="platforms")
app.command("compliance")(compliance_command)
app.add_typer(exports_app, name="exports")
app.add_typer(livestream_app, name="livestream")


def main() -> None:
    """Entry point of the ``chuhai`` script."""
    with exit_on_user_error():
        app()
    sys.exit(0)
