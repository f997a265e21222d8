"""``chuhai hs``: the HS nomenclature in English and Chinese."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from chuhai.rules.hs_nomenclature import HSEntry, children, get_hs_entry, search

if TYPE_CHECKING:
    from chuhai.hs_suggest.suggest import Suggestion

hs_app = typer.Typer(
    help="HS nomenclature (2022, 2017): look up a code, search descriptions, suggest codes."
)


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


def _print_suggestion(console: Console, suggestion: Suggestion, payload: dict[str, Any]) -> None:
    if suggestion.abstained:
        console.print(f"[yellow]{suggestion.message_en}[/]\n[yellow]{suggestion.message_zh}[/]")
        return
    console.print(f"HS 2022 for {suggestion.title!r}:", highlight=False)
    for candidate, data in zip(suggestion.candidates, payload["candidates"], strict=True):
        console.print(f"[bold]{candidate.dotted}[/]  {candidate.confidence:.0%}")
        for step in candidate.path:
            zh = f"  {step.description_zh}" if step.description_zh else ""
            console.print(f"    {step.code} {step.description_en}{zh}", markup=False)
        for line in data.get("national_lines", ()):
            text = f"      {payload['market']} {line['code']}  {line['mfn']}  ({line['status']})"
            console.print(f"{text}  {line['description']}", markup=False)
    for number, asked in enumerate(suggestion.questions, start=1):
        console.print(f"Q{number}. {asked.question.text_en} / {asked.question.text_zh}")
        for option in asked.options:
            codes = ", ".join(f"{c[:4]}.{c[4:]}" for c in option.codes)
            console.print(f"    - {option.label_en} / {option.label_zh} → {codes}")


@hs_app.command("suggest")
def suggest_command(
    title: Annotated[str, typer.Argument(help="Product title, in Chinese or English.")],
    limit: Annotated[int, typer.Option(help="At most this many candidates.", min=1, max=10)] = 5,
    market: Annotated[
        str | None, typer.Option(help="Also list this market's national lines and MFN rates.")
    ] = None,
    on: Annotated[str | None, typer.Option("--date", help="Date of the rates, YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Suggest HS 2022 subheadings for a product title, or say it is too vague."""
    from chuhai.hs_suggest.suggest import suggest_hs_codes  # loads the index: only here

    suggestion = suggest_hs_codes(title, limit=limit)
    payload = suggestion.to_dict()
    if market is not None:
        from chuhai.services.national_lines import with_national_lines
        from chuhai.services.pricing_input import parse_date

        payload = with_national_lines(payload, market, as_of=parse_date(on))
    if as_json:
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    _print_suggestion(Console(), suggestion, payload)


@hs_app.command("evaluate")
def evaluate_command(
    file: Annotated[Path, typer.Argument(help="UTF-8 CSV with columns title and code.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Accuracy of the suggestions on a labelled file: top-1/top-3 at 2, 4, 6 digits."""
    from chuhai.hs_suggest.evaluation import evaluate, read_labelled
    from chuhai.hs_suggest.suggest import suggest_hs_codes

    labelled = read_labelled(file)
    suggest_hs_codes(labelled[0].title)  # fit the model before the clock starts
    metrics = evaluate(labelled, lambda t: [c.code for c in suggest_hs_codes(t).candidates])
    if as_json:
        typer.echo(json.dumps({"file": str(file), **metrics.to_dict()}, indent=2))
        return
    table = Table(title=f"{file}: N={metrics.n}, answered {metrics.answered}", title_justify="left")
    for column in ("measure", "HS2", "HS4", "HS6"):
        table.add_column(column)
    for label, values in (
        ("top-1", metrics.top1),
        ("top-3", metrics.top3),
        ("top-1 of answered", metrics.answered_top1),
        ("top-3 of answered", metrics.answered_top3),
    ):
        table.add_row(label, *(f"{values[d]:.1%}" for d in (2, 4, 6)))
    console = Console()
    console.print(table)
    console.print(
        f"abstention rate {metrics.abstention_rate:.1%}; latency per title "
        f"median {metrics.median_ms:.1f} ms, p95 {metrics.p95_ms:.1f} ms"
    )
