"""The row expressions of a plan, step by step as the itemised engine works.

Each catalogue row is a one-line consignment. :class:`RowExpressions` builds, for one plan,
the Polars expressions that value the line, choose its regime, work out the duty, measures,
per-item duty, fees and taxes on their bases, and the landed total, all in integer minor
units with exact rounding. Errors the itemised engine would raise for a row are checked in
its order: the first one found is the row's error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from chuhai.batch.exact import round_div
from chuhai.batch.keycolumns import KeyColumns
from chuhai.batch.plan import FeePlan, Plan, RegimePlan, TaxPlan, ThresholdPlan
from chuhai.batch.slots import Slot, build_slot
from chuhai.domain.money import Rounding
from chuhai.errors import ChuhaiError, DutyExpressionError, RuleNotFoundError

__all__ = ["RowErrors", "RowExpressions"]

INT64_ROOM = 2**62  # products, sums and rounding steps below this stay exact in Int64


@dataclass
class RowErrors:
    """Errors the rows may carry, in the itemised engine's order: the first one wins."""

    errors: list[ChuhaiError] = field(default_factory=list)
    checks: list[pl.Expr] = field(default_factory=list)

    def add(self, error: ChuhaiError) -> int:
        self.errors.append(error)
        return len(self.errors) - 1

    def when(self, condition: pl.Expr, error: ChuhaiError) -> None:
        index = self.add(error)
        self.checks.append(pl.when(condition).then(pl.lit(index, dtype=pl.Int32)))

    def extend(self, errors: list[ChuhaiError]) -> int:
        """Add a list that an index column refers to; its indices move by the offset."""
        offset = len(self.errors)
        self.errors.extend(errors)
        return offset

    def column(self, name: str, offset: int, guard: pl.Expr | None = None) -> None:
        indexed = pl.col(name) + offset
        self.checks.append(indexed if guard is None else pl.when(guard).then(indexed))

    def first(self) -> pl.Expr:
        if not self.checks:
            return pl.lit(None, dtype=pl.Int32)
        if len(self.checks) == 1:
            return self.checks[0].cast(pl.Int32)
        return pl.coalesce(self.checks).cast(pl.Int32)


class RowExpressions:
    def __init__(
        self,
        plan: Plan,
        keys: KeyColumns,
        measures: set[str],
        max_value: int,
        max_quantity: int,
    ) -> None:
        self.plan, self.keys, self.measure_columns = plan, keys, measures
        self.errors = RowErrors()
        self.max_value = max_value
        self.max_quantity = max_quantity
        self.regime = pl.col("_regime")
        self.key_errors = self.errors.extend(keys.errors)
        # Upper bounds of the amount columns (minor units), worked out from the chunk's
        # largest value and quantity: where a rate's product stays below INT64_ROOM the
        # exact arithmetic runs in Int64, which Polars does several times faster than Int128.
        self.bounds: dict[str, int] = {}
        self.wide: set[str] = set()  # the exact tax values kept in Int128
        self.landed_bound = 0  # of the landed total, once the stages are built

    def width(self, bound: int) -> type[pl.Int64] | type[pl.Int128]:
        return pl.Int64 if bound < INT64_ROOM else pl.Int128

    def stages(self) -> list[list[pl.Expr]]:
        """Column stages, each depending on the ones before."""
        stages = [self._values(), [self._choose_regime()]]
        stages.append(
            [
                self._duty().alias("_duty"),
                self._measures().alias("_measures"),
                self._per_item().alias("_per_item"),
                *self._fees(),
            ]
        )
        stages.append(
            [
                self._fee_total(in_base=False).alias("_fees"),
                self._fee_total(in_base=True).alias("_fees_in_base"),
            ]
        )
        stages.extend(self._taxes())
        stages.append(self._totals())
        stages.append([self.errors.first().alias("_plan_error")])
        return stages

    def quantity(self, unit: str) -> pl.Expr:
        if unit == "item":
            return pl.col("quantity") * 10**6
        if unit == "kg":
            return pl.col("weight_e6")
        name = f"m_{unit}"
        if name in self.measure_columns:
            return pl.col(name).fill_null(0)
        return pl.lit(0, dtype=pl.Int64)

    def missing(self, unit: str) -> pl.Expr:
        name = f"m_{unit}"
        if name in self.measure_columns:
            return pl.col(name).is_null()
        return pl.lit(True)

    # -- valuation -----------------------------------------------------------------------
    def _values(self) -> list[pl.Expr]:
        goods = pl.col("goods")
        freight = pl.when(goods == 0).then(0).otherwise(pl.col("freight"))
        insurance = pl.when(goods == 0).then(0).otherwise(pl.col("insurance"))
        base = goods
        rule = self.plan.valuation
        if rule is not None and rule.personal_use_factor is not None:
            factor = Fraction(rule.personal_use_factor)
            scaled = round_div(goods * factor.numerator, factor.denominator, Rounding.HALF_UP)
            base = pl.when(self.keys.flag("personal_use")).then(scaled).otherwise(goods)
        customs = base + freight + insurance if rule and rule.basis == "CIF" else base
        top = self.max_value
        factor_top = top
        if rule is not None and rule.personal_use_factor is not None:
            factor = Fraction(rule.personal_use_factor)
            factor_top = max(top, -(-top * factor.numerator // factor.denominator))
        for name in ("goods", "_freight", "_insurance"):
            self.bounds[name] = top
        self.bounds["_customs"] = factor_top + 2 * top
        return [
            freight.alias("_freight"),
            insurance.alias("_insurance"),
            customs.alias("_customs"),
        ]

    def value(self, basis: str) -> pl.Expr:
        goods, freight, insurance = pl.col("goods"), pl.col("_freight"), pl.col("_insurance")
        return {
            "goods": goods,
            "customs_value": pl.col("_customs"),
            "cif": goods + freight + insurance,
            "goods_plus_freight": goods + freight,
        }[basis]

    def value_bound(self, basis: str) -> int:
        bounds = self.bounds
        return {
            "goods": bounds["goods"],
            "customs_value": bounds["_customs"],
            "cif": bounds["goods"] + bounds["_freight"] + bounds["_insurance"],
            "goods_plus_freight": bounds["goods"] + bounds["_freight"],
        }[basis]

    def within(self, threshold: ThresholdPlan) -> pl.Expr:
        if threshold.error is not None:
            return pl.lit(True)  # reaching it raises: the error check marks the row
        value = self.value(threshold.basis)
        tests = []
        if threshold.per_item:
            items = self.max_quantity // 10**6 + 1
            cuts = [c for c in (threshold.high, threshold.low) if c is not None]
            bound = max(
                self.value_bound(threshold.basis) * threshold.den, *(items * abs(c) for c in cuts)
            )
            width = self.width(bound)
            scaled = value.cast(width) * threshold.den
            units = pl.col("quantity").cast(width)
            if threshold.high is not None:
                top = units * threshold.high
                tests.append(scaled <= top if threshold.high_inclusive else scaled < top)
            if threshold.low is not None:
                tests.append(scaled > units * threshold.low)
        else:
            if threshold.high is not None:
                tests.append(value <= threshold.high)
            if threshold.low is not None:
                tests.append(value > threshold.low)
        return pl.all_horizontal(tests) if tests else pl.lit(True)

    # -- regime --------------------------------------------------------------------------
    def _choose_regime(self) -> pl.Expr:
        chosen: pl.Expr = pl.lit(-1, dtype=pl.Int32)
        always = False  # a regime that every row may take: none is left without one
        for regime in reversed(self.plan.regimes):
            name = f"regime_ok_{regime.index}"
            if regime.threshold is None and self.keys.constant.get(name) is True:
                chosen, always = pl.lit(regime.index, dtype=pl.Int32), True
                continue
            ok = self.keys.flag(name)
            if regime.threshold is not None:
                ok = ok & self.within(regime.threshold)
            chosen = pl.when(ok).then(pl.lit(regime.index, dtype=pl.Int32)).otherwise(chosen)
        plan = self.plan
        if not always:
            self.errors.when(
                self.regime == -1,
                RuleNotFoundError(
                    f"no import regime of {plan.market} matches line 1 "
                    f"({plan.channel.mode.value}, {plan.channel.sale_model.value}) on {plan.as_of}"
                ),
            )
        for regime in plan.regimes:
            if regime.threshold is not None and regime.threshold.error is not None:
                self.errors.when(self.regime == regime.index, regime.threshold.error)
        return chosen.alias("_regime")

    def _select(self, amounts: dict[int, pl.Expr]) -> pl.Expr:
        result: pl.Expr = pl.lit(0, dtype=pl.Int64)
        for index, amount in amounts.items():
            result = pl.when(self.regime == index).then(amount).otherwise(result)
        return result

    def _in(self, regimes: list[RegimePlan]) -> pl.Expr:
        if not regimes:
            return pl.lit(False)
        return self.regime.is_in([r.index for r in regimes])

    def slot_bound(self, slot: Slot) -> int:
        return slot.max_amount(self.bounds["_customs"], self.max_quantity)

    def slot_amount(self, slot_mode: tuple[Slot, Rounding]) -> pl.Expr:
        slot, mode = slot_mode
        return slot.amount(
            pl.col("_customs"),
            self.quantity,
            mode=mode,
            max_value=self.max_value,
            max_quantity=self.max_quantity,
        )

    # -- duties and measures -------------------------------------------------------------
    def _duty(self) -> pl.Expr:
        amounts: dict[int, pl.Expr] = {}
        keys = self.keys
        tariff = None
        bounds = [0]
        if keys.tariff is not None:
            tariff = self.slot_amount((keys.tariff, Rounding.HALF_UP))
            bounds.append(self.slot_bound(keys.tariff))
        normal = [r for r in self.plan.regimes if r.duty == "normal"]
        for regime in self.plan.regimes:
            if regime.duty == "flat":
                amounts[regime.index] = self._flat(regime, bounds)
            elif regime.duty == "per_hs6":
                amounts[regime.index] = pl.lit(regime.per_hs6_minor, dtype=pl.Int64)
                bounds.append(regime.per_hs6_minor)
            elif regime.duty == "normal" and tariff is not None:
                amounts[regime.index] = tariff
        self.bounds["_duty"] = max(bounds)
        if normal and keys.tariff_error is not None:
            self.errors.column(keys.tariff_error, self.key_errors, guard=self._in(normal))
        for unit, name in keys.tariff_units.items():
            self.errors.when(
                self._in(normal) & pl.col(name) & self.missing(unit),
                _needs(unit, "the tariff duty"),
            )
        return self._select(amounts)

    def _flat(self, regime: RegimePlan, bounds: list[int]) -> pl.Expr:
        inside = self.regime == regime.index
        if regime.flat is None:
            error = regime.flat_error or DutyExpressionError("flat duty without a rate")
            self.errors.when(inside, error)
            return pl.lit(0, dtype=pl.Int64)
        for unit in sorted(regime.flat.units - {"item", "kg"}):
            self.errors.when(inside & self.missing(unit), _needs(unit, regime.id))
        slot = build_slot(f"flat{regime.index}", [regime.flat], digits=self.plan.digits)
        bounds.append(self.slot_bound(slot))
        return self.slot_amount((slot, Rounding.HALF_UP))

    def _measures(self) -> pl.Expr:
        amounts: dict[int, pl.Expr] = {}
        bounds = [0]
        for regime in self.plan.regimes:
            if not regime.applies_measures:
                continue
            slots = self.keys.measures[regime.measure_set]
            inside = self.regime == regime.index
            for unit, name in slots.units.items():
                self.errors.when(
                    inside & pl.col(name) & self.missing(unit), _needs(unit, "a measure")
                )
            if slots.error is not None:
                self.errors.column(slots.error, self.key_errors, guard=inside)
            if slots.slots:
                parts = [self.slot_amount(slot) for slot in slots.slots]
                amounts[regime.index] = parts[0] if len(parts) == 1 else pl.sum_horizontal(parts)
                bounds.append(sum(self.slot_bound(slot) for slot, _ in slots.slots))
        self.bounds["_measures"] = max(bounds)
        return self._select(amounts)

    def _per_item(self) -> pl.Expr:
        amounts: dict[int, pl.Expr] = {}
        self.bounds["_per_item"] = max(
            (abs(amount) for regime in self.plan.regimes for _, amount in regime.brackets),
            default=0,
        )
        for regime in self.plan.regimes:
            if not regime.brackets and regime.bracket_error is None:
                continue
            inside = self.regime == regime.index
            name = self.keys.per_item_errors.get(regime.index)
            if name is not None:
                self.errors.column(name, self.key_errors, guard=inside)
            if regime.bracket_error is not None:
                self.errors.when(inside, regime.bracket_error)
                continue
            amounts[regime.index] = pl.col(f"per_item_{regime.index}").fill_null(0)
        return self._select(amounts)

    # -- fees ----------------------------------------------------------------------------
    def _fees(self) -> list[pl.Expr]:
        fees = [self._fee(fee).alias(f"_fee_{fee.index}") for fee in self.plan.fees]
        bounds = self.bounds
        in_base = [f for f in self.plan.fees if f.rule.in_tax_base]
        bounds["_fees_in_base"] = sum(bounds[f"_fee_{f.index}"] for f in in_base)
        bounds["_fees"] = sum(bounds[f"_fee_{f.index}"] for f in self.plan.fees)
        return fees

    def _fee_names(self, *, in_base: bool) -> list[pl.Expr]:
        names = [
            pl.col(f"_fee_{fee.index}")
            for fee in self.plan.fees
            if fee.rule.in_tax_base or not in_base
        ]
        return names or [pl.lit(0, dtype=pl.Int64)]

    def _fee_total(self, *, in_base: bool) -> pl.Expr:
        names = self._fee_names(in_base=in_base)
        return names[0] if len(names) == 1 else pl.sum_horizontal(names)

    def _fee(self, fee: FeePlan) -> pl.Expr:
        origin = self.keys.flag(f"fee_ok_{fee.index}")
        regimes = [r for r, ok in zip(self.plan.regimes, fee.regimes, strict=True) if ok]
        applies = origin & self._in(regimes)
        if fee.threshold is not None:
            if fee.threshold.error is not None:
                self.errors.when(origin, fee.threshold.error)
            applies = applies & self.within(fee.threshold)
        if fee.error is not None:
            self.errors.when(applies, fee.error)
            self.bounds[f"_fee_{fee.index}"] = 0
            return pl.lit(0, dtype=pl.Int64)
        return pl.when(applies).then(self._fee_amount(fee)).otherwise(0)

    def _fee_amount(self, fee: FeePlan) -> pl.Expr:
        name = f"_fee_{fee.index}"
        if fee.rate is None:
            self.bounds[name] = abs(fee.fixed_minor or 0)
            return pl.lit(fee.fixed_minor or 0, dtype=pl.Int64)
        base = pl.sum_horizontal([self._component(c) for c in fee.rule.base])
        top = sum(self._component_bound(c) for c in fee.rule.base) * abs(fee.rate.numerator)
        self.bounds[name] = max(
            top // fee.rate.denominator + 1,
            abs(fee.minimum_minor or 0),
            abs(fee.maximum_minor or 0),
        )
        width = self.width(top * 2 + fee.rate.denominator * 2)
        amount = round_div(
            base.cast(width) * fee.rate.numerator, fee.rate.denominator, Rounding.HALF_UP
        ).cast(pl.Int64)
        if fee.minimum_minor is not None:
            amount = pl.max_horizontal(amount, pl.lit(fee.minimum_minor, dtype=pl.Int64))
        if fee.maximum_minor is not None:
            amount = pl.min_horizontal(amount, pl.lit(fee.maximum_minor, dtype=pl.Int64))
        return amount

    def _component_bound(self, name: str) -> int:
        columns = {
            "goods": ["goods"],
            "freight": ["_freight"],
            "insurance": ["_insurance"],
            "customs_value": ["_customs"],
            "duties": ["_duty", "_measures"],
            "fees": ["_fees_in_base"],
            "post_entry_freight": [],
        }[name]
        return sum(self.bounds[column] for column in columns)

    def _component(self, name: str) -> pl.Expr:
        return {
            "goods": pl.col("goods"),
            "freight": pl.col("_freight"),
            "insurance": pl.col("_insurance"),
            "customs_value": pl.col("_customs"),
            "duties": pl.col("_duty") + pl.col("_measures"),
            "fees": pl.when(pl.col("_customs") != 0).then(pl.col("_fees_in_base")).otherwise(0),
            "post_entry_freight": pl.lit(0, dtype=pl.Int64),
        }[name]

    # -- taxes ---------------------------------------------------------------------------
    def _taxes(self) -> list[list[pl.Expr]]:
        plan = self.plan
        border = [r for r in plan.regimes if r.rule.tax == "border"]
        at_sale = [r for r in plan.regimes if r.rule.tax == "at_sale"]
        dens = _tax_denominators(plan.taxes)
        current: dict[str, str] = {}
        names = []
        stages = []
        for tax in plan.taxes:
            stages.append(self._tax(tax, dens, current, self._in(border), self._in(at_sale)))
            current[tax.code] = f"_tax_value_{tax.index}"
            names.append(pl.col(f"_tax_{tax.index}"))
        self.bounds["_taxes"] = sum(self.bounds[f"_tax_{tax.index}"] for tax in plan.taxes)
        total = names[0] if len(names) == 1 else pl.sum_horizontal(names) if names else pl.lit(0)
        return [*stages, [total.cast(pl.Int64).alias("_taxes")]]

    def _tax(
        self,
        tax: TaxPlan,
        dens: dict[str, int],
        current: dict[str, str],
        is_border: pl.Expr,
        is_sale: pl.Expr,
    ) -> list[pl.Expr]:
        rule = tax.rule
        contexts = [
            (is_border, rule.import_base),
            (is_sale, rule.sale_base),
        ]
        usable = [(where, base) for where, base in contexts if base is not None]
        code_den = dens[tax.code]
        applies = self.keys.flag(f"tax_ok_{tax.index}") & pl.any_horizontal(
            [where for where, _ in usable] or [pl.lit(False)]
        )
        if rule.regimes:  # a tax limited to some regimes (e.g. only under the standard one)
            applies = applies & self._in([r for r in self.plan.regimes if r.id in rule.regimes])
        limits = [self._tax_base_bound(base or [], tax, dens, current) for _, base in usable]
        den = math.lcm(1, *(d for _, d, _ in limits))
        top = max((bound * (den // d) for bound, d, _ in limits), default=0)
        previous_name = current.get(tax.code)
        name = f"_tax_value_{tax.index}"
        self.bounds[name] = max(top * (code_den // den), self.bounds.get(previous_name or "", 0))
        wide = (
            any(refs_wide for _, _, refs_wide in limits)
            or previous_name in self.wide
            or self.width(top * 2 + den * 2) is pl.Int128
            or self.width(self.bounds[name]) is pl.Int128
        )
        width = pl.Int128 if wide else pl.Int64
        if wide:
            self.wide.add(name)
        self.bounds[f"_tax_{tax.index}"] = top // den + 1
        bases = [
            (where, *self._tax_base(base or [], tax, dens, current, width))
            for where, base in usable
        ]
        numerator: pl.Expr = pl.lit(0, dtype=width)
        for where, num, base_den in reversed(bases):
            numerator = pl.when(where).then(_times(num, den // base_den)).otherwise(numerator)
        amount = round_div(numerator, den, rule.rounding.mode).cast(pl.Int64)
        previous = pl.col(previous_name) if previous_name else pl.lit(0, dtype=width)
        scaled = _times(numerator, code_den // den)
        return [
            pl.when(applies).then(amount).otherwise(0).alias(f"_tax_{tax.index}"),
            pl.when(applies).then(scaled).otherwise(previous).alias(f"_tax_value_{tax.index}"),
        ]

    def _tax_base_bound(
        self, components: list[str], tax: TaxPlan, dens: dict[str, int], current: dict[str, str]
    ) -> tuple[int, int, bool]:
        """Bound of the base's numerator, its denominator, and whether a tax it adds is wide."""
        refs = [c[4:] for c in components if c.startswith("tax:") and c[4:] in current]
        base_den = math.lcm(1, *(dens[code] for code in refs))
        plain = [self._component_bound(c) for c in components if not c.startswith("tax:")]
        total = sum(plain) * base_den
        for code in refs:
            total += self.bounds[current[code]] * (base_den // dens[code])
        factor = tax.rate
        wide = any(current[code] in self.wide for code in refs)
        return total * abs(factor.numerator), base_den * factor.denominator, wide

    def _tax_base(
        self,
        components: list[str],
        tax: TaxPlan,
        dens: dict[str, int],
        current: dict[str, str],
        width: type[pl.Int64] | type[pl.Int128],
    ) -> tuple[pl.Expr, int]:
        refs = [c[4:] for c in components if c.startswith("tax:") and c[4:] in current]
        base_den = math.lcm(1, *(dens[code] for code in refs))
        plain = [self._component(c) for c in components if not c.startswith("tax:")]
        summed = plain[0] if len(plain) == 1 else pl.sum_horizontal(plain)
        total = _times(summed.cast(width), base_den) if plain else pl.lit(0, width)
        for code in refs:
            total = total + _times(pl.col(current[code]).cast(width), base_den // dens[code])
        factor = tax.rate
        return _times(total.cast(width), factor.numerator), base_den * factor.denominator

    # -- totals --------------------------------------------------------------------------
    def _totals(self) -> list[pl.Expr]:
        parts = ("goods", "_freight", "_insurance", "_duty", "_measures", "_per_item", "_taxes")
        self.landed_bound = sum(self.bounds[name] for name in (*parts, "_fees"))
        landed = pl.sum_horizontal(*parts, "_fees")
        units = pl.col("quantity")
        per_unit = (landed * 2 + units) // (units * 2)
        return [landed.alias("_landed"), per_unit.alias("_per_unit")]


def _times(expr: pl.Expr, factor: int) -> pl.Expr:
    """``expr * factor``, without the multiplication when the factor is one."""
    return expr if factor == 1 else expr * factor


def _needs(unit: str, what: str) -> DutyExpressionError:
    return DutyExpressionError(
        f"{what} needs a quantity in {unit}: give it per unit in column unit_{unit}",
        field=f"unit_{unit}",
    )


def _tax_denominators(taxes: list[TaxPlan]) -> dict[str, int]:
    """Per tax code, one denominator over which its exact (unrounded) values are kept."""
    dens: dict[str, int] = {tax.code: 1 for tax in taxes}
    for _ in range(len(taxes) + 1):
        seen: set[str] = set()
        changed = False
        for tax in taxes:
            components = (tax.rule.import_base or []) + (tax.rule.sale_base or [])
            refs = [c[4:] for c in components if c.startswith("tax:") and c[4:] in seen]
            den = math.lcm(1, *(dens[code] for code in refs)) * tax.rate.denominator
            merged = math.lcm(dens[tax.code], den)
            changed = changed or merged != dens[tax.code]
            dens[tax.code] = merged
            seen.add(tax.code)
        if not changed:
            break
    return dens
