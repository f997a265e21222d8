"""Customs value per line on the destination's basis (FOB or CIF), in its currency.

Freight and insurance are allocated over lines by goods value, with the rounding remainder
handed out so the shares sum to the whole. A personal-use factor (Japan's 60% of the
retail price) scales the goods part where the valuation rule says so.
"""

from __future__ import annotations

from chuhai.domain.conditions import consignment_matches
from chuhai.domain.consignment import Consignment
from chuhai.domain.conversion import Converter
from chuhai.domain.money import Money, allocate, quantize
from chuhai.domain.rule_schema import ValuationRule


def value_lines(
    consignment: Consignment, *, rule: ValuationRule, currency: str, convert: Converter
) -> list[tuple[Money, Money, Money, Money]]:
    """(goods, freight share, insurance share, customs value) for each line, rounded."""
    goods = [
        quantize(convert(consignment.money(line.value), currency)) for line in consignment.lines
    ]
    weights = [g.amount for g in goods]
    freight = _spread(consignment.charge(consignment.freight), weights, currency, convert)
    insurance = _spread(consignment.charge(consignment.insurance), weights, currency, convert)
    factor = rule.personal_use_factor
    scale = factor is not None and consignment_matches(rule.personal_use_when, consignment)
    rows = []
    for g, f, i in zip(goods, freight, insurance, strict=True):
        base = quantize(g * factor) if scale and factor is not None else g
        customs = base + f + i if rule.basis == "CIF" else base
        rows.append((g, f, i, customs))
    return rows


def _spread(amount: Money, weights: list, currency: str, convert: Converter) -> list[Money]:  # type: ignore[type-arg]
    total = quantize(convert(amount, currency))
    if not total or not any(weights):
        return [Money.zero(currency)] * len(weights)
    return allocate(total, weights)
