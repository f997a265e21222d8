"""Per-key columns of a plan: profiles laid out as arrays and gathered onto the rows.

Everything that depends on a row's product key (tariff coefficients, the measures that hit
it, which taxes and fees apply, the errors the itemised engine would raise for it) becomes
a column of one value per key; a gather by the key index puts it beside each row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from chuhai.batch.plan import Plan
from chuhai.batch.profiles import Key, KeyProfile, MeasureSet, TariffCache, profile
from chuhai.batch.slots import Slot, build_slot
from chuhai.domain.money import Rounding
from chuhai.errors import ChuhaiError

__all__ = ["KeyColumns", "MeasureSlots", "key_columns"]


@dataclass
class MeasureSlots:
    """The measures of one regime variant: slots by rounding mode, units and errors."""

    allowed: tuple[int, ...]
    slots: list[tuple[Slot, Rounding]]
    units: dict[str, str]  # unit -> Boolean column: the key's measures need it
    error: str | None  # Int32 column of error indices, or None when no key errs


@dataclass
class KeyColumns:
    """Columns per key (``frame``) and how the engine reads them."""

    frame: pl.DataFrame
    errors: list[ChuhaiError] = field(default_factory=list)
    tariff: Slot | None = None
    tariff_units: dict[str, str] = field(default_factory=dict)
    tariff_error: str | None = None
    measures: dict[tuple[int, ...], MeasureSlots] = field(default_factory=dict)
    per_item_errors: dict[int, str | None] = field(default_factory=dict)
    constant: dict[str, bool] = field(default_factory=dict)  # Boolean columns with one value

    def flag(self, name: str) -> pl.Expr:
        """A Boolean per-key column, or its literal when every key has the same value."""
        if name in self.constant:
            return pl.lit(self.constant[name])
        return pl.col(name)


class _Builder:
    def __init__(self, plan: Plan, profiles: list[KeyProfile]) -> None:
        self.plan = plan
        self.profiles = profiles
        self.series: list[pl.Series] = []
        self.result = KeyColumns(pl.DataFrame())
        self._error_index: dict[int, int] = {}

    def error_index(self, error: ChuhaiError | None) -> int | None:
        if error is None:
            return None
        if id(error) not in self._error_index:
            self._error_index[id(error)] = len(self.result.errors)
            self.result.errors.append(error)
        return self._error_index[id(error)]

    def flags(self, name: str, values: list[bool]) -> None:
        if len(set(values)) <= 1:
            self.result.constant[name] = bool(values[0]) if values else False
        else:
            self.series.append(pl.Series(name, values, dtype=pl.Boolean))

    def error_column(self, name: str, errors: list[ChuhaiError | None]) -> str | None:
        indices = [self.error_index(error) for error in errors]
        if all(index is None for index in indices):
            return None
        self.series.append(pl.Series(name, indices, dtype=pl.Int32))
        return name

    def units(self, prefix: str, needed: list[frozenset[str]]) -> dict[str, str]:
        found: dict[str, str] = {}
        for unit in sorted(set().union(*needed)) if needed else []:
            if unit in ("item", "kg"):
                continue
            name = f"{prefix}_needs_{unit}"
            self.series.append(pl.Series(name, [unit in n for n in needed], dtype=pl.Boolean))
            found[unit] = name
        return found

    def slot(self, slot: Slot) -> Slot:
        self.series.extend(slot.series())
        self.series.extend(slot.unit_series())
        return slot


def key_columns(
    plan: Plan,
    keys: list[Key],
    cache: dict[Key, KeyProfile],
    tariffs: TariffCache,
) -> KeyColumns:
    """The per-key columns of ``plan`` for ``keys`` (profiles cached in ``cache``)."""
    profiles = []
    for key in keys:
        if key not in cache:
            cache[key] = profile(plan, key, tariffs)
        profiles.append(cache[key])
    builder = _Builder(plan, profiles)
    for regime in plan.regimes:
        builder.flags(f"regime_ok_{regime.index}", [p.regimes[regime.index] for p in profiles])
    builder.flags("personal_use", [p.personal_use for p in profiles])
    for tax in plan.taxes:
        builder.flags(f"tax_ok_{tax.index}", [p.taxes[tax.index] for p in profiles])
    for fee in plan.fees:
        builder.flags(f"fee_ok_{fee.index}", [p.fees[fee.index] for p in profiles])
    _tariff(builder)
    _measures(builder)
    _per_item(builder)
    result = builder.result
    result.frame = pl.DataFrame(builder.series) if builder.series else pl.DataFrame()
    return result


def _tariff(builder: _Builder) -> None:
    duties = [p.tariff for p in builder.profiles]
    if not duties or duties[0] is None:
        return
    shapes = [d.shape if d is not None else None for d in duties]
    result = builder.result
    result.tariff = builder.slot(build_slot("tariff", shapes, digits=builder.plan.digits))
    result.tariff_units = builder.units(
        "tariff", [d.units if d is not None else frozenset() for d in duties]
    )
    result.tariff_error = builder.error_column(
        "tariff_error", [d.error if d is not None else None for d in duties]
    )


def _measures(builder: _Builder) -> None:
    plan = builder.plan
    for number, allowed in enumerate(sorted({r.measure_set for r in plan.regimes})):
        sets = [p.measures.get(allowed, MeasureSet()) for p in builder.profiles]
        depth = max((len(s.applied) for s in sets), default=0)
        slots: list[tuple[Slot, Rounding]] = []
        for position in range(depth):
            chosen = [s.applied[position] if len(s.applied) > position else None for s in sets]
            modes = {plan.measures[i].rounding for i in chosen if i is not None}
            for mode in sorted(modes):
                shapes = [
                    plan.measures[i].shape
                    if i is not None and plan.measures[i].rounding is mode
                    else None
                    for i in chosen
                ]
                name = f"m{number}_{position}_{mode.value}"
                slot = builder.slot(build_slot(name, shapes, digits=plan.digits))
                slots.append((slot, mode))
        builder.result.measures[allowed] = MeasureSlots(
            allowed=allowed,
            slots=slots,
            units=builder.units(f"m{number}", [s.units for s in sets]),
            error=builder.error_column(f"m{number}_error", [s.error for s in sets]),
        )


def _per_item(builder: _Builder) -> None:
    for regime in builder.plan.regimes:
        if not regime.brackets:
            continue
        pairs = [p.per_item[regime.index] for p in builder.profiles]
        builder.series.append(
            pl.Series(f"per_item_{regime.index}", [a for a, _ in pairs], dtype=pl.Int64)
        )
        name = f"per_item_error_{regime.index}"
        builder.result.per_item_errors[regime.index] = builder.error_column(
            name, [e for _, e in pairs]
        )
