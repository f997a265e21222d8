"""``chuhai hs``: the HS nomenclature in English and Chinese."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from chuhai.rules.hs_nomenclature import HSEntry, children, get_hs_entry, search

hs_app = typer.Typer(help="HS nomenclature (2022, 2017): look up a code or search descriptions.")


def _row(entry: HSEntry) -> dict[str, Any]:
    data = dataclasses.asdict(entry)
    data["zh_status"] = entry.zh_status.value if entry.zh_status else None
    return data


def _table(title: str, entries: list[HSEntry]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("code", "level", "description", "中文", "status"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        table.add_row(
            entry.code,
            str(entry.level),
            entry.description_en,
            entry.description_zh or "",
            entry.zh_status.value if entry.zh_status else "",
        )
    return table


@hs_app.command("show")
def show_command(
    code: Annotated[str, typer.Argument(help="An HS code (2, 4 or 6 digits; dots allowed).")],
    edition: Annotated[str, typer.Option(help="HS edition: 2022 or 2017.")] = "2022",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A code with its ancestors and children."""
    entry = get_hs_entry(code, edition=edition)
    below = list(children(code, edition=edition))
    if as_json:
        payload = {"entry": _row(entry), "children": [_row(child) for child in below]}
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    path = [get_hs_entry(ancestor, edition=edition) for ancestor in entry.path]
    Console().print(_table(f"HS {edition} {entry.code}", [*path, entry, *below]))


@hs_app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Words to find, in English or Chinese.")],
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    edition: Annotated[str, typer.Option(help="HS edition: 2022 or 2017.")] = "2022",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Codes whose English or Chinese description contains the text."""
    found = search(text, limit=limit, edition=edition)
    if as_json:
        typer.echo(json.dumps([_row(entry) for entry in found], indent=2, ensure_ascii=False))
        return
    Console().print(_table(f"HS {edition} matching {text!r}", found))
