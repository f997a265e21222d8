"""Rich rendering of quotes and packs for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from chuhai.domain.money import Money
from chuhai.domain.quote import Quote


def money(value: Money | None) -> str:
    return "" if value is None else f"{value.currency} {value.amount:,}"


def render_quote(console: Console, quote: Quote) -> None:
    """A quote as a table of lines (base, rate, amount, rule, status, source) and totals."""
    title = f"{quote.destination} · {quote.as_of} · packs {_versions(quote)}"
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in ("line", "charge", "base", "rate", "amount", "paid by", "status", "rule / source"):
        table.add_column(column, overflow="fold")
    for line in quote.lines:
        table.add_row(
            str(line.number),
            f"goods {line.hs_code} × {line.quantity} (origin {line.origin})",
            "",
            "",
            money(line.goods),
            "",
            "",
            f"customs value {money(line.customs_value)}",
        )
    for charge in quote.charges:
        source = charge.source.title if charge.source else charge.note
        table.add_row(
            "" if charge.line is None else str(charge.line),
            f"{charge.kind.value}: {charge.label}",
            money(charge.base),
            charge.rate,
            money(charge.amount),
            f"{charge.payer} ({charge.collected_by})",
            charge.status.value,
            f"{charge.rule_id}\n{source}" + (f"\n{charge.source.url}" if charge.source else ""),
        )
    console.print(table)
    for regime in quote.regimes:
        console.print(f"regime: {regime.label} [dim]({regime.rule_id}, {regime.status.value})[/]")
    _totals(console, quote)
    for use in quote.fx:
        console.print(
            f"[dim]fx: 1 {use.base} = {use.rate:.6f} {use.quote} on {use.rate_date} "
            f"({use.source_id}, {use.status}) {use.note}[/]"
        )
    for warning in quote.warnings:
        console.print(f"[yellow]! {warning.code}[/]: {warning.message}")


def _totals(console: Console, quote: Quote) -> None:
    from chuhai.domain.quote import ChargeKind

    parts = [
        f"goods {money(quote.goods)}",
        f"freight+insurance {money(quote.freight_and_insurance)}",
        f"duties {money(quote.total(ChargeKind.DUTY, ChargeKind.MEASURE))}",
        f"taxes {money(quote.total(ChargeKind.TAX))}",
        f"fees {money(quote.total(ChargeKind.FEE))}",
    ]
    console.print(" · ".join(parts))
    seller = f" = {money(quote.landed_total_seller)}" if quote.landed_total_seller else ""
    console.print(
        f"[bold]landed total {money(quote.landed_total)}{seller}; "
        f"per unit {money(quote.landed_per_unit)}[/]"
    )


def _versions(quote: Quote) -> str:
    return ", ".join(f"{code} {version}" for code, version in quote.pack_versions.items())
