"""Prices and fees for the terminal (Rich tables) and as JSON: waterfalls, solved prices,
price lists, OEM comparisons, price points and fee tables.

Low-confidence figures (a fee read as ``low`` or ``low-medium``, a provisional or estimated
rule) are highlighted; sources are numbered under each table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from chuhai.domain.channel_fees import Fee
from chuhai.domain.margin import BreakEven, ComparisonRow, Waterfall
from chuhai.domain.money import Money, quantize
from chuhai.rules.carrier_store import CarrierPack
from chuhai.services.fee_pack import FeeChannel
from chuhai.services.price_list import PriceListRow
from chuhai.services.price_points import PricePoint
from chuhai.services.pricing import PricingResult, Product

LOW = {"low", "low-medium", "provisional", "estimated"}
STYLES = {"high": "green", "official": "green", "user": "cyan", "low": "bold red"}


def confidence(text: str) -> str:
    """A confidence or status word, coloured: low ones stand out."""
    style = STYLES.get(text, "bold yellow" if text in LOW else "")
    return f"[{style}]{escape(text)}[/]" if style else escape(text)


def percent(rate: Decimal) -> str:
    """A fraction as a percentage, without trailing zeros.

    >>> percent(Decimal("0.150")), percent(Decimal("0.2185"))
    ('15%', '21.85%')
    """
    return f"{(rate * 100).normalize():f}%"


def money(value: Money) -> str:
    return f"{value.currency} {value.amount:,}"


def describe_figure(fee: Fee) -> str:
    """A fee's figure in one line: rate or tiers or range, fixed part, minimum, per what."""
    parts = []
    if fee.tiers:
        parts.append("; ".join(
            ("else" if t.up_to is None else f"{'≤' if t.inclusive else '<'}{t.up_to}")
            + f" {percent(t.rate)}" + (f" + {t.fixed}" if t.fixed else "")
            for t in fee.tiers
        ))  # fmt: skip
    elif fee.rate is not None:
        parts.append(percent(fee.rate))
    elif fee.rate_range is not None:
        parts.append(f"{percent(fee.rate_range[0])} to {percent(fee.rate_range[1])}")
    for label, value in (("+", fee.fixed), ("min", fee.minimum), ("max", fee.maximum)):
        if value is not None:
            parts.append(f"{label} {value}")
    if parts and fee.per == "unit":
        parts.append("per unit")
    return " ".join(parts) or "—"


class _Sources:
    """Numbers each distinct source text once, for a list under the table."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, text: str) -> str:
        if not text:
            return ""
        return f"[{self.numbers.setdefault(text, len(self.numbers) + 1)}]"

    def print(self, console: Console) -> None:
        for text, number in self.numbers.items():
            console.print(f"[{number}] {text}", style="dim", markup=False, highlight=False)


def render_waterfall(console: Console, waterfall: Waterfall, *, title: str) -> None:
    """The waterfall as a table whose amounts sum to the revenue, then the margin and notes."""
    sources = _Sources()
    table = Table(title=escape(title), title_justify="left")
    for column in ("line", "group", "amount", "share", "confidence", "source"):
        table.add_column(column, justify="right" if column in ("amount", "share") else "left")
    revenue = waterfall.revenue.amount
    for line, shown in zip(waterfall.lines, waterfall.rounded(), strict=True):
        last = line.group == "margin"
        share = percent(round(line.amount.amount / revenue, 4)) if revenue else ""
        rules = f" {', '.join(line.rule_ids)}" if line.rule_ids and line.group == "landed" else ""
        table.add_row(
            f"[bold]{escape(line.label)}[/]" if last else escape(line.label),
            line.group,
            f"[bold]{money(shown)}[/]" if last else money(shown),
            share,
            "" if last else confidence(line.confidence),
            "" if last else escape(sources.cite(line.source) + rules),
            end_section=line.group != "margin" and waterfall.lines[-2] is line,
        )
    table.add_row("what the buyer pays", "", money(waterfall.revenue), "100%", "", "")
    console.print(table)
    margin = quantize(waterfall.contribution_margin)
    console.print(
        f"[bold]contribution margin {money(margin)} "
        f"({percent(round(waterfall.margin_rate, 4))} of {money(waterfall.revenue)})[/]"
    )
    _bands_and_notes(console, waterfall.bands, waterfall.notes)
    sources.print(console)


def _bands_and_notes(console: Console, bands: tuple[str, ...], notes: tuple[str, ...]) -> None:
    if bands:
        console.print(f"bands: {escape(', '.join(bands))}", style="dim")
    for note in dict.fromkeys(notes):
        console.print(f"[yellow]![/] {escape(note)}", highlight=False)


def render_break_even(console: Console, break_even: BreakEven) -> None:
    roas = "none affordable" if break_even.roas is None else f"{round(break_even.roas, 2)}"
    console.print(
        f"break-even CAC {money(quantize(break_even.cac))} per order (ROAS {roas}); "
        f"margin before acquisition {money(quantize(break_even.margin_before_cac))}"
    )


def render_solution(console: Console, result: PricingResult, *, title: str) -> None:
    """The exact and localised prices, the waterfall at the local price, how bands were walked."""
    s = result.solution
    console.print(
        f"[bold]lowest price meeting the target {money(s.exact_price)}; "
        f"local price {money(s.price)}[/] ({s.evaluations} prices tried)"
    )
    for step in s.steps:
        console.print(f"  {escape(step)}", style="dim")
    render_waterfall(console, s.waterfall, title=title)
    render_break_even(console, result.break_even)
    _bands_and_notes(console, (), result.notes)


def render_price_list(console: Console, rows: list[PriceListRow]) -> None:
    table = Table(title="Price list", title_justify="left")
    columns = ("sku", "market", "channel", "price", "margin", "landed", "fees", "regime", "error")
    for column in columns:
        table.add_column(column, overflow="fold")
    for r in rows:
        price = f"{r.currency} {r.price}" if r.price else ""
        margin = f"{r.contribution_margin} ({r.margin_pct}%)" if r.price else ""
        table.add_row(
            *(escape(x) for x in (r.sku, r.market, r.channel, price, margin, r.landed_charges)),
            escape(r.channel_fees),
            escape(r.regime),
            f"[red]{escape(r.error)}[/]" if r.error else "",
        )
    console.print(table)


def render_comparison(console: Console, rows: list[ComparisonRow], *, title: str) -> None:
    table = Table(title=escape(title), title_justify="left")
    for column in ("model", "market", "channel", "price/unit", "local price", "margin/unit",
                   "margin", "volume", "total margin"):  # fmt: skip
        table.add_column(
            column, justify="left" if column in ("model", "market", "channel") else "right"
        )
    for r in rows:
        table.add_row(
            r.model, r.market, escape(r.channel), money(quantize(r.price_per_unit)),
            "" if r.local_price is None else money(quantize(r.local_price)),
            money(quantize(r.margin_per_unit)), percent(round(r.margin_rate, 4)),
            f"{r.volume:,}", f"[bold]{money(quantize(r.total_margin))}[/]",
        )  # fmt: skip
    console.print(table)


def _short(value: Decimal) -> str:
    """An exact figure shown to at most 6 decimals (≈ when cut).

    >>> _short(Decimal("0.8539")), _short(Decimal("8.9509488005"))
    ('0.8539', '≈8.950949')
    """
    shown = value.quantize(Decimal("0.000001")).normalize()
    return f"{value:f}" if shown == value else f"≈{shown:f}"


def render_price_point(console: Console, point: PricePoint) -> None:
    how = f"{point.rule}; {point.behaviour.value}" if point.behaviour else point.rule
    given = f"{point.given.currency} {_short(point.given.amount)}"
    console.print(f"[bold]{given} → {money(point.price)}[/] ({escape(how)})")
    if point.rate is not None:
        console.print(f"rate {_short(point.rate)} ({escape(point.rate_source)})", style="dim")
    if point.floor is not None:
        console.print(f"never below {money(point.floor)}", style="dim")


def render_fees(console: Console, fees: list[Fee], *, title: str) -> None:
    """Each dated figure with its original text, confidence and as-of date."""
    sources = _Sources()
    table = Table(title=escape(title), title_justify="left")
    for column in ("fee", "category", "status", "figure", "valid", "confidence", "as of",
                   "original text", "source"):  # fmt: skip
        table.add_column(column, overflow="fold")
    for fee in fees:
        valid = f"{fee.valid_from or '…'} to {fee.valid_to or '…'}"
        status = fee.status.value
        table.add_row(
            escape(fee.kind.value + (f" ({' '.join(fee.markets)})" if fee.markets else "")),
            escape(fee.category),
            status if status == "parsed" else f"[bold yellow]{status}[/]",
            escape(describe_figure(fee)),
            valid if fee.valid_from or fee.valid_to else "",
            confidence(fee.confidence.value) + (" ~" if fee.approximate else ""),
            escape(fee.as_of_text or str(fee.as_of or "")),
            escape(fee.original_text),
            sources.cite(fee.source),
        )
    console.print(table)
    sources.print(console)


def render_carrier_fees(console: Console, pack: CarrierPack) -> None:
    """The carriers' DDP surcharges, then the carriers without a sourced figure."""
    sources = _Sources()
    table = Table(title=f"Carrier DDP surcharges ({pack.version})", title_justify="left")
    for column in ("carrier", "fee", "figure", "lanes", "valid", "confidence", "as of",
                   "original text", "source"):  # fmt: skip
        table.add_column(column, overflow="fold")
    for fee in pack.fees:
        figure = " + ".join(
            x for x in (fee.rate is not None and f"{percent(fee.rate)} of duties and taxes",
                        fee.fixed is not None and str(fee.fixed)) if x
        ) + (f" min {fee.minimum}" if fee.minimum is not None else "")  # fmt: skip
        lanes = f"{' '.join(fee.ship_from) or 'any'} → {' '.join(fee.destinations) or 'any'}"
        table.add_row(
            escape(fee.carrier_name), escape(fee.label), escape(figure), lanes,
            f"{fee.valid_from or '…'} to {fee.valid_to or '…'}", confidence(fee.confidence.value),
            escape(fee.as_of_text or str(fee.as_of or "")), escape(fee.original_text),
            sources.cite(fee.source),
        )  # fmt: skip
    console.print(table)
    for carrier, reason in sorted(pack.left_out.items()):
        console.print(f"[yellow]![/] not included: {escape(carrier)}: {escape(reason)}")
    sources.print(console)


def render_fee_channels(console: Console, channels: list[FeeChannel]) -> None:
    table = Table(title=f"Fee pack: {len(channels)} channels and providers", title_justify="left")
    for column in ("channel", "kind", "platform", "site", "markets", "confidence", "fees",
                   "as of"):  # fmt: skip
        table.add_column(column, overflow="fold")
    for c in channels:
        counts = ", ".join(f"{n} {status}" for status, n in c.by_status.items())
        table.add_row(
            escape(c.channel_id), c.kind, escape(c.platform), escape(c.site),
            " ".join(c.markets) or "any", confidence(c.confidence), counts, escape(c.as_of),
        )  # fmt: skip
    console.print(table)


def money_dict(value: Money | None) -> dict[str, str] | None:
    """Money as JSON: exact decimal text and the currency."""
    return None if value is None else {"amount": str(value.amount), "currency": value.currency}


def product_dict(product: Product) -> dict[str, Any]:
    """The product a price was computed for, as JSON."""
    return {
        "sku": product.sku,
        "title": product.title,
        "hs_code": product.hs_code,
        "category": product.category,
        "origin": product.origin,
        "unit_cost": money_dict(product.unit_cost),
        "unit_weight_kg": str(product.unit_weight_kg),
        "china_cost": money_dict(product.china_cost),
    }


def break_even_dict(be: BreakEven) -> dict[str, Any]:
    """Break-even CAC and ROAS as JSON (amounts unrounded)."""
    return {
        "cac": str(be.cac.amount),
        "roas": None if be.roas is None else str(round(be.roas, 4)),
        "margin_before_cac": str(be.margin_before_cac.amount),
    }


def solution_dict(result: PricingResult, options: dict[str, Any]) -> dict[str, Any]:
    """A solved price as JSON: both prices, both waterfalls, the steps and the break-even."""
    s = result.solution
    return {
        "date": options["date"],
        "market": result.channel.market,
        "channel": result.channel.channel_id,
        "product": product_dict(result.product),
        "target": {"margin_pct": options["target_margin_pct"], "margin": options["target_margin"]},
        "exact_price": money_dict(s.exact_price),
        "price": money_dict(s.price),
        "waterfall": s.waterfall.to_dict(),
        "exact_waterfall": s.exact_waterfall.to_dict(),
        "steps": list(s.steps),
        "evaluations": s.evaluations,
        "break_even": break_even_dict(result.break_even),
        "notes": list(result.notes),
    }


def comparison_dict(row: ComparisonRow) -> dict[str, Any]:
    """One OEM or B2C row as JSON."""
    return {
        "model": row.model,
        "market": row.market,
        "channel": row.channel,
        "price_per_unit": money_dict(row.price_per_unit),
        "local_price": money_dict(row.local_price),
        "margin_per_unit": money_dict(row.margin_per_unit),
        "margin_pct": str(round(row.margin_rate * 100, 2)),
        "volume": str(row.volume),
        "total_margin": money_dict(row.total_margin),
    }
