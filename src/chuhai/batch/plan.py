"""Compile a rule pack, a date, a scenario and a channel into flat tables for the batch engine.

A :class:`Plan` is everything about one market x channel x scenario on one date that does
not depend on the goods: the currency and its minor digits, the valuation basis, the
candidate regimes in priority order with their thresholds as integer cuts, the measures in
the order the itemised engine tries them, the taxes with their bases and exact rates, and
the fees with their amounts already converted and quantized. What depends on the goods (the
tariff line of a code, the measures that hit a code and origin) is looked up per distinct
code by :mod:`chuhai.batch.profiles`.

The plan follows :mod:`chuhai.domain.landed_cost` step by step and uses the same converter,
so every constant is the itemised engine's own figure. A rule it cannot evaluate exactly
raises :class:`UnsupportedRuleError` naming the rule; nothing is approximated.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from chuhai.batch.channels import Channel
from chuhai.batch.exact import Conversion, upper_cut
from chuhai.batch.forms import Shape, UnsupportedExpression, compile_expression
from chuhai.domain.conditions import route_matches
from chuhai.domain.consignment import Consignment, Line
from chuhai.domain.conversion import Converter
from chuhai.domain.currency import get_minor_units
from chuhai.domain.fx import FxMethod, FxRates
from chuhai.domain.money import Money, Rounding, quantize
from chuhai.domain.pack import Pack
from chuhai.domain.rule_schema import (
    Condition,
    FeeRule,
    MeasureRule,
    PreferenceRule,
    RegimeRule,
    TaxRule,
    Threshold,
    ValuationRule,
)
from chuhai.errors import ChuhaiError, PackError, RuleNotFoundError

__all__ = [
    "FeePlan",
    "MeasurePlan",
    "Plan",
    "RegimePlan",
    "TaxPlan",
    "ThresholdPlan",
    "UnsupportedRuleError",
    "compile_plan",
]

VALUE_COMPONENTS = ("goods", "freight", "insurance", "customs_value")
TAX_COMPONENTS = (*VALUE_COMPONENTS, "duties", "fees", "post_entry_freight")


class UnsupportedRuleError(ChuhaiError, NotImplementedError):
    """A rule the batch engine cannot evaluate exactly; quote such lines one by one."""

    code = "batch_unsupported"


@dataclass(frozen=True)
class ThresholdPlan:
    """A value band as integer tests on a value in minor units of the pack currency.

    Per consignment: ``low < V <= high``. Per item (``per_item``): the same on V / quantity,
    written ``V * den > low_num * quantity`` and ``V * den <= high_num * quantity``.
    ``error`` is the exchange-rate failure the itemised engine would raise on reaching it.
    """

    basis: str
    per_item: bool
    high: int | None = None
    low: int | None = None
    high_inclusive: bool = True
    den: int = 1
    error: ChuhaiError | None = None


@dataclass(frozen=True)
class RegimePlan:
    index: int
    rule: RegimeRule
    threshold: ThresholdPlan | None
    flat: Shape | None = None
    flat_error: ChuhaiError | None = None
    per_hs6_minor: int = 0
    skip_groups: frozenset[str] = frozenset()
    measure_set: tuple[int, ...] = ()  # the measures this regime's lines may take, in order
    brackets: tuple[tuple[Fraction | None, int], ...] = ()
    bracket_error: ChuhaiError | None = None

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def duty(self) -> str:
        return self.rule.duty

    @property
    def applies_measures(self) -> bool:
        """Measures apply unless the regime exempts them or relieves the duty entirely."""
        return self.rule.measures == "apply" and self.rule.duty != "exempt"


@dataclass(frozen=True)
class MeasurePlan:
    index: int
    rule: MeasureRule
    shape: Shape | None  # None: "unknown" or an unparseable rate
    error: ChuhaiError | None = None

    @property
    def rounding(self) -> Rounding:
        return self.rule.rounding.mode


@dataclass(frozen=True)
class TaxPlan:
    index: int
    rule: TaxRule
    rate: Fraction  # the factor on the base: rate, or rate / (1 - rate) when inclusive

    @property
    def code(self) -> str:
        return self.rule.code


@dataclass(frozen=True)
class FeePlan:
    index: int
    rule: FeeRule
    threshold: ThresholdPlan | None
    fixed_minor: int | None = None
    rate: Fraction | None = None
    minimum_minor: int | None = None
    maximum_minor: int | None = None
    error: ChuhaiError | None = None
    regimes: tuple[bool, ...] = ()  # per candidate regime: whether the fee applies


@dataclass
class Plan:
    """One market x channel x scenario on one date, ready for the row expressions."""

    market: str
    channel: Channel
    scenario: str
    as_of: date
    pack: Pack
    currency: str
    digits: int
    converter: Converter
    proto: Consignment
    error: ChuhaiError | None = None
    valuation: ValuationRule | None = None
    regimes: list[RegimePlan] = field(default_factory=list)
    measures: list[MeasurePlan] = field(default_factory=list)
    taxes: list[TaxPlan] = field(default_factory=list)
    fees: list[FeePlan] = field(default_factory=list)
    _conversions: dict[tuple[str, str], Conversion | ChuhaiError] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.market, self.channel.name, self.scenario)

    def signature(self) -> tuple[object, ...]:
        """What the figures depend on besides the labels: plans with equal signatures (two
        channels the rules do not tell apart, a scenario that leaves this market alone)
        give equal figures for every row."""
        preferences = self.pack.active(PreferenceRule, self.as_of) if self.error is None else []
        by_sale_model = any(p.sale_models for p in preferences)
        valuation = self.valuation
        personal = (
            valuation is not None
            and valuation.personal_use_factor is not None
            and routes(self, valuation.personal_use_when)
        )
        try:
            tariff = id(self.pack.tariff_pack().tariff)
        except ChuhaiError:
            tariff = 0
        return (
            self.market,
            self.as_of,
            str(self.error),
            id(valuation),
            personal,
            tuple(id(r.rule) for r in self.regimes),
            tuple(id(m.rule) for m in self.measures),
            tuple(id(t.rule) for t in self.taxes),
            tuple(id(f.rule) for f in self.fees),
            tariff,
            tuple(id(p) for p in preferences),
            self.channel.sale_model if by_sale_model else None,
        )

    def conversion(self, base: str, quote: str) -> Conversion | ChuhaiError | None:
        """The exact rate base -> quote, None for one currency, or the lookup's error."""
        if base == quote:
            return None
        if (base, quote) not in self._conversions:  # the converter keeps its rates too
            self._conversions[(base, quote)] = _conversion(self.converter, base, quote)
        return self._conversions[(base, quote)]

    def minor(self, amount: Decimal, currency: str) -> int:
        """``amount`` in ``currency`` converted and quantized, as the itemised engine does."""
        return quantize(self.converter(Money(amount, currency), self.currency)).to_minor()

    def convert_exact(self, amount: Decimal, currency: str) -> Decimal:
        return self.converter(Money(amount, currency), self.currency).amount


def _conversion(converter: Converter, base: str, quote: str) -> Conversion | ChuhaiError:
    try:
        return Conversion.of(converter.rate(base, quote))
    except ChuhaiError as error:
        return error


def compile_plan(
    pack: Pack,
    *,
    market: str,
    channel: Channel,
    scenario: str,
    as_of: date,
    ship_from: str,
    rates: FxRates,
) -> Plan:
    """The plan of ``pack`` (already under its scenario) for one channel on ``as_of``."""
    header = pack.header
    converter = Converter(rates, as_of=as_of, method=FxMethod(header.fx.method))
    plan = Plan(
        market=market,
        channel=channel,
        scenario=scenario,
        as_of=as_of,
        pack=pack,
        currency=header.currency,
        digits=get_minor_units(header.currency),
        converter=converter,
        proto=_proto(market, channel, as_of, ship_from),
    )
    try:
        pack.check_coverage(as_of)
        plan.valuation = _valuation(pack, as_of)
    except ChuhaiError as error:
        plan.error = error
        return plan
    plan.regimes = _regimes(plan)
    plan.measures = _measures(plan)
    plan.regimes = [_with_measures(regime, plan.measures) for regime in plan.regimes]
    plan.taxes = _taxes(plan)
    plan.fees = _fees(plan)
    return plan


def _proto(market: str, channel: Channel, as_of: date, ship_from: str) -> Consignment:
    """A stand-in consignment that carries the route; its one line is never quoted."""
    line = Line(hs_code="0000", origin="CN", quantity=Decimal(1), unit_value=Decimal(0))
    return Consignment(
        destination=market,
        ship_from=ship_from,
        date=as_of,
        currency="USD",
        lines=[line],
        mode=channel.mode,
        transport=channel.transport,
        sale_model=channel.sale_model,
        incoterm=channel.incoterm,
        tax_collector=channel.tax_collector,
    )


def _valuation(pack: Pack, as_of: date) -> ValuationRule:
    found = pack.active(ValuationRule, as_of)
    if not found:
        raise RuleNotFoundError(f"pack {pack.code} has no customs valuation basis on {as_of}")
    return found[0]


def routes(plan: Plan, condition: Condition) -> bool:
    return route_matches(condition, plan.proto)


def unsupported(rule_id: str, market: str, why: str) -> UnsupportedRuleError:
    return UnsupportedRuleError(
        f"rule {rule_id} of {market}: {why}; the batch engine does not approximate it "
        "(quote these lines with `chuhai quote`, or change the rule with a scenario)",
        field="rule",
    )


def shape_of(plan: Plan, text: str, rule_id: str) -> Shape:
    """The compiled duty ``text``; a rate the engine cannot do exactly raises."""
    try:
        return compile_expression(text, currency=plan.currency, convert_fixed=plan.convert_exact)
    except UnsupportedExpression as exc:
        raise unsupported(rule_id, plan.market, f"duty {text!r}: {exc}") from None


def threshold_plan(plan: Plan, threshold: Threshold, *, per_item: bool) -> ThresholdPlan:
    conversion = plan.conversion(plan.currency, threshold.currency)
    if isinstance(conversion, ChuhaiError):
        return ThresholdPlan(threshold.basis, per_item, error=conversion)
    if per_item:
        if conversion is not None:
            raise unsupported(
                "threshold",
                plan.market,
                f"a per-item threshold in {threshold.currency} on values in {plan.currency}",
            )
        return _item_threshold(threshold, plan.digits)
    high = None
    if threshold.max is not None:
        high = upper_cut(
            threshold.max,
            inclusive=threshold.max_inclusive,
            digits=plan.digits,
            conversion=conversion,
        )
    low = None
    if threshold.min is not None:
        low = upper_cut(threshold.min, inclusive=True, digits=plan.digits, conversion=conversion)
    return ThresholdPlan(threshold.basis, False, high=high, low=low)


def _item_threshold(threshold: Threshold, digits: int) -> ThresholdPlan:
    bounds = [b for b in (threshold.max, threshold.min) if b is not None]
    den = 1
    for bound in bounds:
        den = den * (Fraction(bound) * 10**digits).denominator
    return ThresholdPlan(
        threshold.basis,
        True,
        high=_scaled(threshold.max, digits, den),
        low=_scaled(threshold.min, digits, den),
        high_inclusive=threshold.max_inclusive,
        den=den,
    )


def _scaled(bound: Decimal | None, digits: int, den: int) -> int | None:
    return None if bound is None else int(Fraction(bound) * 10**digits * den)


def _regimes(plan: Plan) -> list[RegimePlan]:
    active = sorted(plan.pack.active(RegimeRule, plan.as_of), key=lambda r: r.priority)
    candidates = [rule for rule in active if routes(plan, rule.when)]
    return [_regime(plan, index, rule) for index, rule in enumerate(candidates)]


def _regime(plan: Plan, index: int, rule: RegimeRule) -> RegimePlan:
    threshold = None
    if rule.threshold is not None:
        threshold = threshold_plan(plan, rule.threshold, per_item=rule.threshold.scope == "item")
    flat, flat_error = None, None
    if rule.duty == "flat":
        flat, flat_error = _flat(plan, rule)
    per_hs6 = 0
    if rule.duty == "per_hs6":
        per_hs6 = _exact_minor(plan, rule.per_hs6_amount or Decimal(0), rule.id)
    skip: frozenset[str] = frozenset()
    brackets: tuple[tuple[Fraction | None, int], ...] = ()
    bracket_error = None
    if rule.per_item_duty is not None:
        spec = rule.per_item_duty
        skip = frozenset(spec.replaces_groups)
        try:
            brackets = tuple(
                (
                    None if b.max_rate is None else Fraction(b.max_rate),
                    plan.minor(b.amount, spec.currency),
                )
                for b in spec.brackets
            )
        except ChuhaiError as error:
            bracket_error = error
    return RegimePlan(
        index=index,
        rule=rule,
        threshold=threshold,
        flat=flat,
        flat_error=flat_error,
        per_hs6_minor=per_hs6,
        skip_groups=skip,
        brackets=brackets,
        bracket_error=bracket_error,
    )


def _flat(plan: Plan, rule: RegimeRule) -> tuple[Shape | None, ChuhaiError | None]:
    try:
        return shape_of(plan, rule.duty_expression or "", rule.id), None
    except UnsupportedRuleError:
        raise
    except ChuhaiError as error:
        return None, error


def _exact_minor(plan: Plan, amount: Decimal, rule_id: str) -> int:
    scaled = amount.scaleb(plan.digits)
    if scaled != scaled.to_integral_value():
        raise unsupported(rule_id, plan.market, f"amount {amount} is finer than a minor unit")
    return int(scaled)


def _measures(plan: Plan) -> list[MeasurePlan]:
    ordered = sorted(plan.pack.active(MeasureRule, plan.as_of), key=lambda m: bool(m.not_with))
    return [
        _measure(plan, index, rule)
        for index, rule in enumerate(r for r in ordered if routes(plan, r.when))
    ]


def _with_measures(regime: RegimePlan, measures: list[MeasurePlan]) -> RegimePlan:
    """As :func:`chuhai.domain.duties.add_duties`: measures not replaced by the regime's
    per-item duty and not limited to other regimes."""
    allowed = tuple(
        m.index
        for m in measures
        if m.rule.group not in regime.skip_groups
        and (not m.rule.regimes or regime.id in m.rule.regimes)
    )
    return dataclasses.replace(regime, measure_set=allowed)


def _measure(plan: Plan, index: int, rule: MeasureRule) -> MeasurePlan:
    if rule.expression.strip().lower() == "unknown":
        return MeasurePlan(index, rule, None)
    try:
        return MeasurePlan(index, rule, shape_of(plan, rule.expression, rule.id))
    except UnsupportedRuleError:
        raise
    except ChuhaiError as error:
        return MeasurePlan(index, rule, None, error)


def _taxes(plan: Plan) -> list[TaxPlan]:
    rules = {rule.id: rule for rule in plan.pack.active(TaxRule, plan.as_of)}
    ordered = sorted(rules.values(), key=lambda r: r.order)
    taxes: list[TaxPlan] = []
    for rule in ordered:
        if not routes(plan, rule.when):
            continue
        for component in (rule.import_base or []) + (rule.sale_base or []):
            if component not in TAX_COMPONENTS and not component.startswith("tax:"):
                raise PackError(f"unknown tax base component {component!r}", field="import_base")
        rate = Fraction(rule.rate)
        factor = rate / (1 - rate) if rule.inclusive else rate
        taxes.append(TaxPlan(len(taxes), rule, factor))
    return taxes


def _fees(plan: Plan) -> list[FeePlan]:
    fees: list[FeePlan] = []
    for rule in plan.pack.active(FeeRule, plan.as_of):
        if not routes(plan, rule.when):
            continue
        regimes = tuple(
            r.rule.fees == "apply" and (not rule.regimes or r.id in rule.regimes)
            for r in plan.regimes
        )
        if not any(regimes):
            continue
        fees.append(_fee(plan, len(fees), rule, regimes))
    return fees


def _fee(plan: Plan, index: int, rule: FeeRule, regimes: tuple[bool, ...]) -> FeePlan:
    threshold = None
    if rule.threshold is not None:
        threshold = threshold_plan(plan, rule.threshold, per_item=False)
    for component in rule.base:
        if component not in VALUE_COMPONENTS:
            raise unsupported(rule.id, plan.market, f"fee base component {component!r}")
    try:
        if rule.rate is None:
            fixed = plan.minor(rule.amount or Decimal(0), rule.currency)
            return FeePlan(index, rule, threshold, fixed_minor=fixed, regimes=regimes)
        return FeePlan(
            index,
            rule,
            threshold,
            rate=Fraction(rule.rate),
            minimum_minor=_bound(plan, rule.minimum, rule.currency),
            maximum_minor=_bound(plan, rule.maximum, rule.currency),
            regimes=regimes,
        )
    except ChuhaiError as error:
        return FeePlan(index, rule, threshold, error=error, regimes=regimes)


def _bound(plan: Plan, amount: Decimal | None, currency: str) -> int | None:
    return None if amount is None else plan.minor(amount, currency)
