"""Rich rendering of quotes for the terminal: a table of lines, then numbered sources."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from chuhai.domain.money import Money
from chuhai.domain.quote import ChargeKind, Quote
from chuhai.domain.rule_schema import Source


def money(value: Money | None) -> str:
    return "" if value is None else f"{value.currency} {value.amount:,}"


def render_quote(console: Console, quote: Quote) -> None:
    """A quote as a table of lines (base, rate, amount, payer, status, source) and totals."""
    sources: dict[str, tuple[int, Source]] = {}
    table = Table(title=_title(quote), title_justify="left")
    for column in ("#", "charge", "base", "rate", "amount", "paid by", "status", "rule [source]"):
        table.add_column(column, overflow="fold")
    for line in quote.lines:
        table.add_row(
            str(line.number),
            f"goods {line.hs_code} × {line.quantity}, origin {line.origin}",
            "",
            f"customs value {money(line.customs_value)}",
            money(line.goods),
            "",
            "",
            "",
        )
    for charge in quote.charges:
        table.add_row(
            "" if charge.line is None else str(charge.line),
            f"{charge.kind.value}: {charge.label}",
            money(charge.base),
            charge.rate,
            money(charge.amount),
            f"{charge.payer} via {charge.collected_by}",
            charge.status.value,
            f"{charge.rule_id} {_cite(sources, charge.source)}".strip(),
        )
    console.print(table)
    for regime in quote.regimes:
        ref = _cite(sources, regime.source)
        console.print(f"regime: {regime.label} ({regime.rule_id}, {regime.status.value}) {ref}")
    _totals(console, quote)
    for use in quote.fx:
        console.print(
            f"fx: 1 {use.base} = {use.rate:.6f} {use.quote}, rate of {use.rate_date} "
            f"({use.source_id}, {use.status}) {use.note}",
            style="dim",
        )
    for warning in quote.warnings:
        console.print(f"[yellow]! {warning.code}[/]: {warning.message}")
    for number, source in sorted(sources.values(), key=lambda item: item[0]):
        console.print(
            f"[{number}] {source.title}. {source.publisher}, retrieved {source.retrieved_on}. "
            f"{source.url} ({source.licence})",
            style="dim",
            highlight=False,
            markup=False,
        )


def _cite(sources: dict[str, tuple[int, Source]], source: Source | None) -> str:
    if source is None:
        return "[user]"
    if source.source_id not in sources:
        sources[source.source_id] = (len(sources) + 1, source)
    return f"[{sources[source.source_id][0]}]"


def _title(quote: Quote) -> str:
    versions = ", ".join(f"{code} {version}" for code, version in quote.pack_versions.items())
    return f"Landed cost in {quote.destination} on {quote.as_of} (packs {versions})"


def _totals(console: Console, quote: Quote) -> None:
    parts = [
        f"goods {money(quote.goods)}",
        f"freight and insurance {money(quote.freight_and_insurance)}",
        f"duties {money(quote.total(ChargeKind.DUTY, ChargeKind.MEASURE))}",
        f"taxes {money(quote.total(ChargeKind.TAX))}",
        f"fees {money(quote.total(ChargeKind.FEE))}",
        f"own costs {money(quote.total(ChargeKind.COST))}",
    ]
    console.print(" · ".join(parts))
    seller = ""
    if quote.landed_total_seller and quote.landed_total_seller.currency != quote.currency:
        seller = f" ({money(quote.landed_total_seller)})"
    console.print(
        f"[bold]landed total {money(quote.landed_total)}{seller}; "
        f"per unit {money(quote.landed_per_unit)}[/]"
    )
