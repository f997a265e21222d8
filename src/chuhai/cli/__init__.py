"""The ``chuhai`` command line: Typer commands over the services, Rich output, ``--json``.

Each command lives in its own module, imported only when it runs: ``chuhai data coverage``
loads the data commands and their services, not the web app or the pricing engine.
``chuhai.cli.app`` is the whole Typer app (``chuhai --help`` and the docs test use it).
"""

from __future__ import annotations

import importlib
import sys
from functools import cache
from typing import Any

import typer

from chuhai.cli.errors import exit_on_user_error

__all__ = ["COMMANDS", "app", "build_app", "main"]

COMMANDS: dict[str, tuple[str, str]] = {
    "quote": ("chuhai.cli.quote_cmd", "quote_command"),
    "batch": ("chuhai.cli.batch_cmd", "batch_command"),
    "packs": ("chuhai.cli.packs_cmd", "packs_app"),
    "data": ("chuhai.cli.data_cmd", "data_app"),
    "hs": ("chuhai.cli.hs_cmd", "hs_app"),
    "price": ("chuhai.cli.price_cmd", "price_app"),
    "fees": ("chuhai.cli.fees_cmd", "fees_app"),
    "serve": ("chuhai.cli.serve_cmd", "serve_command"),
    "markets": ("chuhai.cli.markets_cmd", "markets_app"),
    "platforms": ("chuhai.cli.platforms_cmd", "platforms_app"),
    "compliance": ("chuhai.cli.compliance_cmd", "compliance_command"),
    "exports": ("chuhai.cli.command_cmd", "exports_app"),
    "livestream": ("chuhai.cli.command_cmd", "livestream_app"),
}
"""Top-level name -> (module, attribute): a Typer sub-app or a command function."""

HELP = "出海 chuhai: landed cost, prices, markets and compliance for cross-border e-commerce."


def build_app(names: tuple[str, ...] = tuple(COMMANDS)) -> typer.Typer:
    """A Typer app with the named top-level commands (importing only their modules)."""
    built = typer.Typer(
        name="chuhai",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    if len(names) == 1:
        built.callback()(_group)  # a lone command stays a sub-command, as in the whole app
    for name in names:
        module, attribute = COMMANDS[name]
        target = getattr(importlib.import_module(module), attribute)
        if isinstance(target, typer.Typer):
            built.add_typer(target, name=name)
        else:
            built.command(name)(target)
    return built


def _group() -> None:
    """出海 chuhai."""


@cache
def _whole_app() -> typer.Typer:
    return build_app()


def __getattr__(name: str) -> Any:
    if name == "app":
        return _whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the ``chuhai`` script: loads only the command asked for."""
    asked = sys.argv[1] if len(sys.argv) > 1 else ""
    with exit_on_user_error():
        if asked in COMMANDS:
            build_app((asked,))(prog_name="chuhai")
        else:
            _whole_app()(prog_name="chuhai")
    sys.exit(0)
