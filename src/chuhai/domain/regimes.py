"""Pick the regime each line enters under: de minimis, IOSS, LVG, courier flat rate, standard.

Regimes are tried by priority (lowest first); the first whose conditions and threshold hold
wins. Threshold semantics come from the rule: which value (goods, customs value, CIF, goods
plus freight), per consignment or per item, in the threshold's own currency converted at
the quote's rate, with ``max`` inclusive or not.
"""

from __future__ import annotations

from decimal import Decimal

from chuhai.domain.conditions import consignment_matches, hs_matches
from chuhai.domain.consignment import Consignment
from chuhai.domain.conversion import Converter
from chuhai.domain.money import Money
from chuhai.domain.quote import QuoteWarning
from chuhai.domain.rule_schema import RegimeRule, Threshold
from chuhai.errors import RuleNotFoundError

NEAR = Decimal("0.10")  # warn when a value lies within 10% of a threshold


class LineValues:
    """The values a threshold may compare, per line, in the destination currency."""

    def __init__(
        self, goods: list[Money], freight: list[Money], insurance: list[Money], customs: list[Money]
    ) -> None:
        self.goods, self.freight, self.insurance, self.customs = goods, freight, insurance, customs

    def of(self, basis: str, index: int) -> Money:
        parts = {
            "goods": (self.goods,),
            "customs_value": (self.customs,),
            "cif": (self.goods, self.freight, self.insurance),
            "goods_plus_freight": (self.goods, self.freight),
        }[basis]
        return sum((part[index] for part in parts), Money.zero(self.goods[index].currency))

    def total(self, basis: str) -> Money:
        return sum((self.of(basis, i) for i in range(len(self.goods))), Money.zero(self.currency))

    @property
    def currency(self) -> str:
        return self.goods[0].currency


def choose_regimes(
    consignment: Consignment,
    regimes: list[RegimeRule],
    values: LineValues,
    *,
    convert: Converter,
    warnings: list[QuoteWarning],
) -> list[RegimeRule]:
    """The regime of each line, in line order."""
    candidates = [
        r
        for r in sorted(regimes, key=lambda r: r.priority)
        if consignment_matches(r.when, consignment)
    ]
    chosen = []
    for index, line in enumerate(consignment.lines):
        for regime in candidates:
            if not _covers_code(regime, line.hs_code):
                continue
            threshold = regime.threshold
            if threshold is None:
                chosen.append(regime)
                break
            value = _compared_value(threshold, values, index, line.quantity)
            compared = convert(value, threshold.currency)
            _warn_if_near(regime, threshold, compared, warnings)
            if _within(threshold, compared.amount):
                chosen.append(regime)
                break
        else:
            raise RuleNotFoundError(
                f"no import regime of {consignment.destination} matches line {index + 1} "
                f"({consignment.mode.value}, {consignment.sale_model.value}) on {consignment.date}"
            )
    return chosen


def _covers_code(regime: RegimeRule, hs_code: str) -> bool:
    if regime.hs and not hs_matches(hs_code, regime.hs):
        return False
    return not hs_matches(hs_code, regime.hs_except)


def _compared_value(
    threshold: Threshold, values: LineValues, index: int, quantity: Decimal
) -> Money:
    if threshold.scope == "item":
        return values.of(threshold.basis, index) / quantity
    return values.total(threshold.basis)


def threshold_holds(threshold: Threshold, value: Money, *, convert: Converter) -> bool:
    """Whether ``value`` (in any currency) falls inside the threshold's band."""
    return _within(threshold, convert(value, threshold.currency).amount)


def _within(threshold: Threshold, amount: Decimal) -> bool:
    if threshold.min is not None and amount <= threshold.min:
        return False
    if threshold.max is None:
        return True
    return amount <= threshold.max if threshold.max_inclusive else amount < threshold.max


def _warn_if_near(
    regime: RegimeRule, threshold: Threshold, compared: Money, warnings: list[QuoteWarning]
) -> None:
    for bound in (threshold.max, threshold.min):
        if bound is None or bound == 0:
            continue
        if abs(compared.amount - bound) <= bound * NEAR:
            message = (
                f"{threshold.scope} value {threshold.currency} {compared.amount:.2f} "
                f"({threshold.basis}) is within 10% of the {threshold.currency} {bound} "
                f"threshold of '{regime.label}'"
            )
            warning = QuoteWarning("threshold_near", message)
            if warning not in warnings:
                warnings.append(warning)
