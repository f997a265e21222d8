"""Customs processing, handling and per-line fees: fixed, or a rate held between a minimum
and a maximum, counted per consignment, per declaration line or per tariff subheading."""

from __future__ import annotations

from decimal import Decimal

from chuhai.domain.conditions import consignment_matches
from chuhai.domain.context import QuoteContext
from chuhai.domain.money import Money, quantize
from chuhai.domain.quote import Charge, ChargeKind, ValuedLine, format_rate
from chuhai.domain.regimes import LineValues, threshold_holds
from chuhai.domain.rule_schema import FeeRule, RegimeRule


def add_fees(
    ctx: QuoteContext, valued: list[ValuedLine], regimes: list[RegimeRule], values: LineValues
) -> Money:
    """Append fee charges; return the part of them that belongs in a tax base."""
    in_base = ctx.zero()
    for rule in ctx.pack.active(FeeRule, ctx.as_of):
        lines = _lines_charged(ctx, rule, valued, regimes, values)
        if not lines:
            continue
        charge = _charge(ctx, rule, lines)
        ctx.charges.append(charge)
        if rule.in_tax_base:
            in_base += charge.amount
    return in_base


def _lines_charged(
    ctx: QuoteContext,
    rule: FeeRule,
    valued: list[ValuedLine],
    regimes: list[RegimeRule],
    values: LineValues,
) -> list[ValuedLine]:
    if not consignment_matches(rule.when, ctx.consignment):
        return []
    if rule.threshold is not None and not threshold_holds(
        rule.threshold, values.total(rule.threshold.basis), convert=ctx.convert
    ):
        return []
    return [
        line
        for line, regime in zip(valued, regimes, strict=True)
        if regime.fees == "apply" and (not rule.regimes or regime.id in rule.regimes)
    ]


def _charge(ctx: QuoteContext, rule: FeeRule, lines: list[ValuedLine]) -> Charge:
    count = {
        "consignment": 1,
        "line": len(lines),
        "hs6": len({line.hs_code[:6] for line in lines}),
    }[rule.per]
    base: Money | None = None
    if rule.rate is not None:
        base = sum((_base(line, rule.base) for line in lines), ctx.zero())
        amount = _clamp(ctx, rule, base * rule.rate)
        rate = format_rate(rule.rate) + _bounds(rule)
    else:
        fixed = Money(rule.amount or Decimal(0), rule.currency)
        amount = ctx.convert(fixed, ctx.currency) * count
        rate = f"{rule.currency} {rule.amount} per {rule.per}" + (
            f" x {count}" if count > 1 else ""
        )
    return Charge(
        kind=ChargeKind.FEE,
        code=rule.code,
        label=rule.label,
        amount=quantize(amount),
        rate=rate,
        base=base,
        rule_id=rule.id,
        status=rule.status,
        source=ctx.source_of(rule, rule.label),
        collected_by=rule.collected_by,
        payer=ctx.payer(rule.collected_by),
        note=rule.note,
    )


def _base(line: ValuedLine, components: list[str]) -> Money:
    parts = {
        "goods": line.goods,
        "customs_value": line.customs_value,
        "freight": line.freight,
        "insurance": line.insurance,
    }
    return sum((parts[c] for c in components), Money.zero(line.goods.currency))


def _clamp(ctx: QuoteContext, rule: FeeRule, amount: Money) -> Money:
    if rule.minimum is not None:
        amount = max(amount, ctx.convert(Money(rule.minimum, rule.currency), ctx.currency))
    if rule.maximum is not None:
        amount = min(amount, ctx.convert(Money(rule.maximum, rule.currency), ctx.currency))
    return amount


def _bounds(rule: FeeRule) -> str:
    bounds = []
    if rule.minimum is not None:
        bounds.append(f"min {rule.currency} {rule.minimum}")
    if rule.maximum is not None:
        bounds.append(f"max {rule.currency} {rule.maximum}")
    return f" ({', '.join(bounds)})" if bounds else ""
