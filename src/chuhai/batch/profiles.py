"""What a plan's rules say about one product key: its tariff line, measures, taxes, fees.

A key is a distinct (HS code, origin, claimed preference) of the catalogue. Its profile is
worked out once per plan with the itemised engine's own tests (route is fixed by the plan,
so only the origin and the code are checked here) and cached: a catalogue of thousands of
SKUs has far fewer keys. Errors the itemised engine would raise for such a line (an unknown
code, a measure whose rate the pack does not know) are kept and become row errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from chuhai.batch.forms import Shape, parse
from chuhai.batch.plan import MeasurePlan, Plan, RegimePlan, TaxPlan, routes, shape_of
from chuhai.domain.conditions import hs_matches, origin_matches
from chuhai.domain.pack import Pack, TariffMatch
from chuhai.domain.rule_schema import PreferenceRule
from chuhai.errors import ChuhaiError, OutOfCoverage, RuleNotFoundError, UnknownHSCodeError

__all__ = ["Key", "KeyProfile", "MeasureSet", "TariffCache", "TariffDuty", "profile"]

Key = tuple[str, str, str | None]  # (hs_code, origin, claimed preference)


@dataclass(frozen=True)
class TariffDuty:
    shape: Shape | None
    units: frozenset[str] = frozenset()
    error: ChuhaiError | None = None


@dataclass(frozen=True)
class MeasureSet:
    """Measures applied in order (plan indices) and the units they need, then any error."""

    applied: tuple[int, ...] = ()
    units: frozenset[str] = frozenset()
    error: ChuhaiError | None = None


@dataclass(frozen=True)
class KeyProfile:
    regimes: tuple[bool, ...]  # origin fits each candidate regime
    personal_use: bool
    tariff: TariffDuty | None  # None when no candidate regime charges the tariff
    measures: dict[tuple[int, ...], MeasureSet]  # by the measures a regime allows
    per_item: dict[int, tuple[int | None, ChuhaiError | None]]  # regime -> bracket amount
    taxes: tuple[bool, ...]
    fees: tuple[bool, ...]


class TariffCache:
    """Tariff look-ups shared by all plans: the same code in the same tariff on one date."""

    def __init__(self) -> None:
        self.duties: dict[tuple[int, str, Key], TariffDuty] = {}
        self.lines: dict[tuple[int, str, str, date], TariffMatch | ChuhaiError | None] = {}

    def find(self, pack: Pack, hs: str, column: str, as_of: date) -> TariffMatch | None:
        """``pack.find_duty``, remembered (the tariff dict is kept alive by its pack)."""
        tariff = pack.tariff_pack().tariff
        key = (id(tariff), column, hs, as_of)
        if key not in self.lines:
            try:
                self.lines[key] = pack.find_duty(hs, column=column, as_of=as_of)
            except ChuhaiError as error:
                self.lines[key] = error
        found = self.lines[key]
        if isinstance(found, ChuhaiError):
            raise found
        return found


def profile(plan: Plan, key: Key, tariffs: TariffCache) -> KeyProfile:
    """The profile of ``key`` under ``plan``; ``tariffs`` shares tariff look-ups between
    plans of one pack (channels differ only in the preference's sale-model condition)."""
    hs, origin, _ = key
    valuation = plan.valuation
    personal = (
        valuation is not None
        and valuation.personal_use_factor is not None
        and routes(plan, valuation.personal_use_when)
        and origin_matches(valuation.personal_use_when, origin)
    )
    normal = any(r.duty == "normal" for r in plan.regimes)
    variants = {r.measure_set for r in plan.regimes if r.applies_measures}
    return KeyProfile(
        regimes=tuple(_regime_fits(r, hs, origin) for r in plan.regimes),
        personal_use=personal,
        tariff=_cached_tariff(plan, key, tariffs) if normal else None,
        measures={allowed: _measures(plan, hs, origin, allowed) for allowed in variants},
        per_item={r.index: _per_item(plan, r, hs, origin) for r in plan.regimes if r.brackets},
        taxes=tuple(_tax_applies(plan, t, hs, origin) for t in plan.taxes),
        fees=tuple(origin_matches(f.rule.when, origin) for f in plan.fees),
    )


def _cached_tariff(plan: Plan, key: Key, tariffs: TariffCache) -> TariffDuty:
    # the plan keeps its pack alive, so the pack's id names it for the cache's lifetime
    cache_key = (id(plan.pack), plan.channel.sale_model.value, key)
    if cache_key not in tariffs.duties:
        tariffs.duties[cache_key] = _tariff(plan, key, tariffs)
    return tariffs.duties[cache_key]


def _tariff(plan: Plan, key: Key, tariffs: TariffCache) -> TariffDuty:
    hs, origin, claim = key
    try:
        column = _column(plan, hs, origin, claim, tariffs)
        shape = _line_shape(plan, hs, column, tariffs)
        # The MFN alternative beside a preference is only a note in the itemised quote: its
        # rate must parse, but a quantity it needs and the row lacks stops nothing.
        if column != "mfn":
            _mfn_alternative(plan, hs, tariffs)
        return TariffDuty(shape, shape.units)
    except ChuhaiError as error:
        if error.code == "batch_unsupported":
            raise
        return TariffDuty(None, error=error)


def _line_shape(plan: Plan, hs: str, column: str, tariffs: TariffCache) -> Shape:
    match = tariffs.find(plan.pack, hs, column, plan.as_of)
    if match is None:
        raise UnknownHSCodeError(
            f"{hs} has no {column} rate in the {plan.pack.code} tariff on {plan.as_of}",
            field="hs_code",
        )
    return shape_of(plan, match.line.expression, f"tariff {column} {match.line.hs}")


def _mfn_alternative(plan: Plan, hs: str, tariffs: TariffCache) -> Shape | None:
    match = tariffs.find(plan.pack, hs, "mfn", plan.as_of)
    if match is None:
        return None
    return shape_of(plan, match.line.expression, f"tariff mfn {match.line.hs}")


def _column(plan: Plan, hs: str, origin: str, scheme: str | None, tariffs: TariffCache) -> str:
    """As :func:`chuhai.domain.duties._column`: a claimed preference where allowed, else MFN."""
    if not scheme:
        return "mfn"
    for rule in plan.pack.active(PreferenceRule, plan.as_of):
        if rule.scheme.lower() != scheme.lower():
            continue
        if origin not in rule.origins:
            return "mfn"
        if rule.sale_models and plan.channel.sale_model not in rule.sale_models:
            return "mfn"
        if tariffs.find(plan.pack, hs, rule.scheme, plan.as_of) is None:
            return "mfn"
        return rule.scheme
    return "mfn"


def _hits(plan: Plan, measure: MeasurePlan, hs: str, origin: str) -> bool:
    rule = measure.rule
    if not origin_matches(rule.when, origin) or hs_matches(hs, rule.hs_except):
        return False
    if rule.hs_list is not None:
        return _on_list(plan, rule.hs_list, hs)
    return not rule.hs or hs_matches(hs, rule.hs)


def _on_list(plan: Plan, name: str, hs: str) -> bool:
    codes = plan.pack.hs_list(name)
    width = len(next(iter(codes))) if codes else 8
    if len(hs) >= width:
        return hs[:width] in codes
    return any(code.startswith(hs) for code in codes)


def _unknown(plan: Plan, measure: MeasurePlan, hs: str, origin: str) -> OutOfCoverage:
    rule = measure.rule
    return OutOfCoverage(
        f"{rule.label} for origin {origin}, code {hs} on {plan.as_of} is not known to the "
        f"{plan.pack.code} pack ({rule.note or rule.id}); supply it as a scenario",
        field="lines.origin",
    )


def _regime_fits(regime: RegimePlan, hs: str, origin: str) -> bool:
    """The origin fits and the regime covers the code (its ``hs`` and ``hs_except``)."""
    rule = regime.rule
    if not origin_matches(rule.when, origin):
        return False
    if rule.hs and not hs_matches(hs, rule.hs):
        return False
    return not hs_matches(hs, rule.hs_except)


def _measures(plan: Plan, hs: str, origin: str, allowed: tuple[int, ...]) -> MeasureSet:
    groups: set[str] = set()
    applied: list[int] = []
    units: set[str] = set()
    for measure in plan.measures:
        rule = measure.rule
        if measure.index not in allowed or not _hits(plan, measure, hs, origin):
            continue
        if groups.intersection(rule.not_with):
            continue
        if measure.shape is None:
            error = measure.error or _unknown(plan, measure, hs, origin)
            return MeasureSet(tuple(applied), frozenset(units), error)
        groups.add(rule.group)
        applied.append(measure.index)
        units |= measure.shape.units
    return MeasureSet(tuple(applied), frozenset(units))


def _per_item(
    plan: Plan, regime: RegimePlan, hs: str, origin: str
) -> tuple[int | None, ChuhaiError | None]:
    """The bracket amount of a per-item duty, sized by the replaced groups' rates."""
    total = Fraction(0)
    try:
        for measure in plan.measures:
            if measure.rule.group not in regime.skip_groups:
                continue
            if not _hits(plan, measure, hs, origin):
                continue
            if measure.rule.expression.strip().lower() == "unknown":
                raise _unknown(plan, measure, hs, origin)
            rate = parse(measure.rule.expression).ad_valorem_rate
            if rate is None:
                raise RuleNotFoundError(
                    f"{measure.rule.id} has no ad valorem rate to size a postal duty"
                )
            total += Fraction(rate)
    except ChuhaiError as error:
        return None, error
    for max_rate, amount in regime.brackets:
        if max_rate is None or total <= max_rate:
            return amount, None
    return None, RuleNotFoundError(f"no bracket of {regime.id} fits a rate of {total}")


def _tax_applies(plan: Plan, tax: TaxPlan, hs: str, origin: str) -> bool:
    """As :func:`chuhai.domain.taxes._applies`: an HS-specific rate beats the general one."""
    rule = tax.rule
    if not origin_matches(rule.when, origin):
        return False
    if rule.hs:
        return hs_matches(hs, rule.hs)
    return not any(
        other.code == rule.code
        and other.rule.hs
        and hs_matches(hs, other.rule.hs)
        and origin_matches(other.rule.when, origin)
        for other in plan.taxes
    )
