"""Taxes on imports and on low-value sales: VAT, GST, sales tax, ICMS and border surcharges.

A tax rule names its base as components added up per line: ``goods``, ``freight``,
``insurance``, ``customs_value``, ``duties`` (tariff duty and measures), ``fees`` (those
marked as part of the tax base), ``post_entry_freight`` and ``tax:<code>`` (an earlier tax).
Whether the import base or the sale base applies follows the line's regime: ``border``
uses the import base, ``at_sale`` the sale base (the platform or seller collects it).
A "por dentro" tax (Brazil's ICMS) is part of its own base: rate / (1 - rate) of the rest.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from chuhai.domain.conditions import hs_matches, line_matches
from chuhai.domain.context import QuoteContext
from chuhai.domain.money import Money, RoundingLevel, allocate, quantize
from chuhai.domain.quote import Charge, ChargeKind, ValuedLine, format_rate
from chuhai.domain.rule_schema import RegimeRule, TaxRule
from chuhai.errors import PackError


def add_taxes(
    ctx: QuoteContext, valued: list[ValuedLine], regimes: list[RegimeRule], fees_in_base: Money
) -> None:
    """Append the tax charges (and tax relief notes) of every line to ``ctx.charges``."""
    parts = _LineParts(ctx, valued, fees_in_base)
    by_rule: dict[tuple[str, str], list[tuple[int, Decimal, Decimal]]] = defaultdict(list)
    rules = {rule.id: rule for rule in ctx.pack.active(TaxRule, ctx.as_of)}
    for regime in {r.id: r for r in regimes}.values():
        if regime.tax == "exempt":
            _relief(
                ctx,
                regime,
                [v.number for v, r in zip(valued, regimes, strict=True) if r.id == regime.id],
            )
    for rule in sorted(rules.values(), key=lambda r: r.order):
        for index, (value, regime) in enumerate(zip(valued, regimes, strict=True)):
            if regime.tax not in ("border", "at_sale") or not _applies(ctx, rule, rules, index):
                continue
            if rule.regimes and regime.id not in rule.regimes:
                continue
            components = rule.import_base if regime.tax == "border" else rule.sale_base
            if components is None:
                continue
            base = sum((parts.of(c, index) for c in components), Decimal(0))
            tax = base * rule.rate / (1 - rule.rate) if rule.inclusive else base * rule.rate
            parts.taxes[(rule.code, index)] = tax
            by_rule[(rule.id, regime.tax)].append((value.number, base, tax))
    for (rule_id, context), amounts in by_rule.items():
        _emit(ctx, rules[rule_id], context, amounts)


def _applies(ctx: QuoteContext, rule: TaxRule, rules: dict[str, TaxRule], index: int) -> bool:
    """The most specific rule of a tax code covers a line: an HS-specific rate beats the general."""
    line = ctx.consignment.lines[index]
    if not line_matches(rule.when, ctx.consignment, line):
        return False
    if rule.hs:
        return hs_matches(line.hs_code, rule.hs)
    return not any(
        other.code == rule.code
        and other.hs
        and hs_matches(line.hs_code, other.hs)
        and line_matches(other.when, ctx.consignment, line)
        for other in rules.values()
    )


class _LineParts:
    """The base components of each line, as exact decimals in the quote currency."""

    def __init__(self, ctx: QuoteContext, valued: list[ValuedLine], fees_in_base: Money) -> None:
        self.valued = valued
        self.duties = [Decimal(0)] * len(valued)
        for charge in ctx.charges:
            if charge.kind in (ChargeKind.DUTY, ChargeKind.MEASURE) and charge.line is not None:
                self.duties[charge.line - 1] += charge.amount.amount
        weights = [v.customs_value.amount for v in valued]
        goods = [v.goods.amount for v in valued]
        self.fees = _share(fees_in_base, weights)
        post_entry = quantize(
            ctx.convert(ctx.consignment.charge(ctx.consignment.post_entry_freight), ctx.currency)
        )
        self.post_entry = _share(post_entry, goods)
        self.taxes: dict[tuple[str, int], Decimal] = {}

    def of(self, component: str, index: int) -> Decimal:
        line = self.valued[index]
        simple = {
            "goods": line.goods.amount,
            "freight": line.freight.amount,
            "insurance": line.insurance.amount,
            "customs_value": line.customs_value.amount,
            "duties": self.duties[index],
            "fees": self.fees[index],
            "post_entry_freight": self.post_entry[index],
        }
        if component in simple:
            return simple[component]
        if component.startswith("tax:"):
            return self.taxes.get((component[4:], index), Decimal(0))
        raise PackError(f"unknown tax base component {component!r}", field="import_base")


def _share(total: Money, weights: list[Decimal]) -> list[Decimal]:
    if not total or not any(weights):
        return [Decimal(0)] * len(weights)
    return [part.amount for part in allocate(total, weights)]


def _emit(
    ctx: QuoteContext, rule: TaxRule, context: str, amounts: list[tuple[int, Decimal, Decimal]]
) -> None:
    collected = "border" if context == "border" else ctx.sale_collector()
    rate = format_rate(rule.rate) + (" (tax-inclusive)" if rule.inclusive else "")
    groups: list[tuple[int | None, list[tuple[int, Decimal, Decimal]]]]
    if rule.rounding.level is RoundingLevel.LINE:
        groups = [(number, [(number, base, tax)]) for number, base, tax in amounts]
    else:
        groups = [(None, amounts)]
    for line, items in groups:
        base = Money(sum((b for _, b, _ in items), Decimal(0)), ctx.currency)
        tax = Money(sum((t for _, _, t in items), Decimal(0)), ctx.currency)
        ctx.charges.append(
            Charge(
                kind=ChargeKind.TAX,
                code=rule.code,
                label=rule.label + ("" if context == "border" else " (collected at sale)"),
                amount=quantize(tax, rounding=rule.rounding.mode),
                rate=rate,
                base=quantize(base),
                rule_id=rule.id,
                status=rule.status,
                source=ctx.source_of(rule, rule.label),
                line=line,
                collected_by=collected,
                payer=ctx.payer(collected),
                note=rule.note,
            )
        )


def _relief(ctx: QuoteContext, regime: RegimeRule, lines: list[int]) -> None:
    ctx.charges.append(
        Charge(
            kind=ChargeKind.TAX,
            code="relief",
            label=f"Tax relief: {regime.label}",
            amount=ctx.zero(),
            rate="relief",
            base=None,
            rule_id=regime.id,
            status=regime.status,
            source=ctx.source_of(regime, regime.label),
            note=f"lines {', '.join(map(str, lines))}",
        )
    )
