"""Tariff exposure of the city's export portfolio: the duties its exports face per destination
under current rules and under a scenario, the value at risk, and where each industry could
diversify.

- **Current rules** are the packs on ``as_of``; the **scenario** applies from
  ``scenario_date`` (default: the day its first operation starts, or ``as_of`` if later).
- **Value at risk** is the export value of the lines whose duty the scenario raises; the
  **extra duty** is what those lines would pay on top, a year, at the year's volumes.
- **Diversification**: for each industry, its largest HS subheading is ranked across
  candidate markets with :func:`chuhai.services.markets.rank_markets` (B2B, at the portfolio's
  average unit value) leaving out the markets the scenario hits; the top three are suggested.

See :mod:`chuhai.services.exposure_engine` for how each line is quoted.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from chuhai.domain.export_stats import ExportFact, ExportIndustry
from chuhai.domain.money import Money, quantize
from chuhai.domain.scenario import Scenario
from chuhai.errors import ChuhaiError, InputError
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.scenario_loader import parse_scenario
from chuhai.services.command_access import firm_scope
from chuhai.services.command_ports import CommandUnitOfWork
from chuhai.services.command_records import ExportDataset
from chuhai.services.export_stats import dataset_dicts, load_facts, pct
from chuhai.services.exposure_engine import (
    LineDuty,
    PortfolioLine,
    build_portfolio,
    evaluate_destination,
)
from chuhai.services.markets import DEFAULT_MARKETS, rank_markets
from chuhai.services.records import User

__all__ = ["SAMPLE_SCENARIOS", "Exposure", "calculate_exposure", "get_exposure", "sample_scenario"]

CANDIDATES = (*DEFAULT_MARKETS, "AE", "SA", "MX", "BR", "CL", "ZA", "NG", "CA")
SUGGESTIONS = 3
FX_STALENESS_DAYS = 45

SAMPLE_SCENARIOS: dict[str, dict[str, Any]] = {
    "us-cn-54": {
        "name": "us-cn-54",
        "description": "US additional duty on CN origin 54% from 2027-01-01",
        "coverage_to": "2027-07-01",
        "operations": [{
            "op": "add", "pack": "US", "from": "2027-01-01",
            "rule": {"id": "us_cn_extra_54", "kind": "measure", "measure": "cn_extra",
                     "group": "cn_extra", "label": "Additional duty on CN origin (scenario)",
                     "expression": "54%", "when": {"origins": ["CN"]}},
        }],
    },
    "us-cn-24": {
        "name": "us-cn-24",
        "description": "US additional duty on CN origin 24% from 2027-01-01",
        "coverage_to": "2027-07-01",
        "operations": [{
            "op": "add", "pack": "US", "from": "2027-01-01",
            "rule": {"id": "us_cn_extra_24", "kind": "measure", "measure": "cn_extra",
                     "group": "cn_extra", "label": "Additional duty on CN origin (scenario)",
                     "expression": "24%", "when": {"origins": ["CN"]}},
        }],
    },
}  # fmt: skip


def sample_scenario(name: str) -> Scenario:
    """One of the shipped sample scenarios, by name."""
    if name not in SAMPLE_SCENARIOS:
        raise InputError(f"unknown sample scenario {name!r}; one of {', '.join(SAMPLE_SCENARIOS)}",
                         field="scenario")  # fmt: skip
    return parse_scenario(SAMPLE_SCENARIOS[name])


@dataclass(frozen=True)
class Group:
    """Duties of a group of lines (a destination, an industry, the whole portfolio), in CNY."""

    key: str
    value: int = 0  # fen
    assessed: int = 0  # fen of value whose duties are known
    baseline: Decimal = Decimal(0)
    scenario: Decimal = Decimal(0)
    at_risk: int = 0  # fen of value whose duty rises
    reasons: tuple[str, ...] = ()

    def add(self, duty: LineDuty) -> Group:
        line = duty.line
        if not duty.assessed:
            reasons = self.reasons if duty.reason in self.reasons else (*self.reasons, duty.reason)
            return Group(self.key, self.value + line.value_minor, self.assessed, self.baseline,
                         self.scenario, self.at_risk, reasons)  # fmt: skip
        if duty.baseline is None or duty.scenario is None:
            raise ValueError("an assessed line has both duties")
        risk = line.value_minor if duty.scenario > duty.baseline else 0
        return Group(self.key, self.value + line.value_minor, self.assessed + line.value_minor,
                     self.baseline + duty.baseline, self.scenario + duty.scenario,
                     self.at_risk + risk, self.reasons)  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        assessed = Money.from_minor(self.assessed, "CNY").amount
        return {
            "key": self.key, "value": _fen(self.value), "assessed_value": _fen(self.assessed),
            "assessed_pct": _share(self.assessed, self.value),
            "duty_baseline": _cny(self.baseline), "duty_scenario": _cny(self.scenario),
            "extra_duty": _cny(self.scenario - self.baseline),
            "rate_baseline_pct": pct(self.baseline * 100 / assessed) if assessed else None,
            "rate_scenario_pct": pct(self.scenario * 100 / assessed) if assessed else None,
            "value_at_risk": _fen(self.at_risk), "value_at_risk_pct": _share(self.at_risk, self.value),
            "not_assessed": list(self.reasons),
        }  # fmt: skip


def _fen(minor: int) -> dict[str, str]:
    return {"amount": str(Money.from_minor(minor, "CNY").amount), "currency": "CNY"}


def _cny(amount: Decimal) -> dict[str, str]:
    """An exact CNY amount rounded to the fen (the one place these figures are rounded)."""
    return {"amount": str(quantize(Money(amount, "CNY")).amount), "currency": "CNY"}


def _share(part: int, whole: int) -> str | None:
    return pct(Decimal(part) * 100 / whole) if whole else None


def _group(duties: Iterable[LineDuty], key: str) -> Group:
    group = Group(key)
    for duty in duties:
        group = group.add(duty)
    return group


@dataclass(frozen=True)
class Exposure:
    year: int | None
    as_of: date
    scenario_date: date
    scenario: Scenario
    firm_id: int | None
    datasets: list[ExportDataset]
    duties: list[LineDuty] = field(default_factory=list)
    diversification: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        return any(d.synthetic for d in self.datasets)

    def groups(self, by: str) -> list[Group]:
        buckets: dict[str, list[LineDuty]] = defaultdict(list)
        for duty in self.duties:
            key = duty.line.destination if by == "destination" else duty.line.industry.value
            buckets[key].append(duty)
        groups = [_group(lines, key) for key, lines in buckets.items()]
        return sorted(groups, key=lambda g: (-(g.scenario - g.baseline), -g.value, g.key))

    def to_dict(self) -> dict[str, Any]:
        return {
            "synthetic": self.synthetic, "datasets": dataset_dicts(self.datasets),
            "scope": "city" if self.firm_id is None else "firm", "firm_id": self.firm_id,
            "year": self.year, "as_of": self.as_of.isoformat(),
            "scenario_date": self.scenario_date.isoformat(),
            "scenario": {"name": self.scenario.name, "description": self.scenario.description},
            "method": "duties and additional measures by the batch engine; HS-6 lines averaged "
                      "over the destination's national lines; FX held at the baseline date",
            "total": _group(self.duties, "total").to_dict(),
            "by_destination": [g.to_dict() for g in self.groups("destination")],
            "by_industry": [g.to_dict() for g in self.groups("industry")],
            "diversification": self.diversification,
        }  # fmt: skip


def _scenario_date(scenario: Scenario, as_of: date, given: date | None) -> date:
    if given is not None:
        if given < as_of:
            raise InputError("the scenario date is before the baseline date", field="scenario_date")
        return given
    return max(as_of, min(op.valid_from for op in scenario.operations))


def calculate_exposure(
    portfolio: Sequence[PortfolioLine], *, as_of: date, scenario: Scenario,
    scenario_date: date | None = None,
) -> tuple[list[LineDuty], date]:  # fmt: skip
    """The duties of every portfolio line now and under ``scenario`` (pure of storage)."""
    when = _scenario_date(scenario, as_of, scenario_date)
    rates = load_shipped_rates(max_staleness_days=FX_STALENESS_DAYS)
    by_destination: dict[str, list[PortfolioLine]] = defaultdict(list)
    for line in portfolio:
        by_destination[line.destination].append(line)
    duties: list[LineDuty] = []
    for destination in sorted(by_destination):
        duties += evaluate_destination(destination, by_destination[destination], as_of=as_of,
                                       scenario_date=when, scenario=scenario, rates=rates)  # fmt: skip
    return duties, when


def _diversify(duties: Sequence[LineDuty], *, as_of: date) -> dict[str, list[dict[str, Any]]]:
    hit = {d.line.destination for d in duties if d.assessed and d.scenario > d.baseline}  # type: ignore[operator]
    by_industry: dict[ExportIndustry, dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    for duty in duties:
        sums = by_industry[duty.line.industry][duty.line.hs6]
        sums[0] += duty.line.value_minor
        sums[1] += duty.line.quantity
    markets = tuple(m for m in CANDIDATES if m not in hit)
    found = {}
    for industry, codes in sorted(by_industry.items()):
        hs6, (value, quantity) = max(codes.items(), key=lambda item: (item[1][0], item[0]))
        unit = (Decimal(value) / 100 / max(quantity, 1)).quantize(Decimal("0.01"))
        found[industry.value] = _ranked(hs6, str(unit), as_of, markets)
    return found


@functools.lru_cache(maxsize=64)
def _ranked(
    hs6: str, unit_value: str, as_of: date, markets: tuple[str, ...]
) -> list[dict[str, Any]]:
    try:
        ranking = rank_markets(hs_code=hs6, price=Money(unit_value, "CNY"), as_of=as_of,
                               markets=markets, sale_model="b2b")  # fmt: skip
    except ChuhaiError as error:
        return [{"error": error.message}]
    return [
        {
            "market": m.code,
            "rank": m.rank,
            "score": pct(m.score, 1),
            "hs_code": hs6,
            "unit_value": {"amount": unit_value, "currency": "CNY"},
            "explanation": m.explanation,
        }
        for m in ranking.markets[:SUGGESTIONS]
    ]


def _facts_key(facts: Sequence[ExportFact]) -> int:
    return hash(tuple(sorted((f.destination, f.hs_code, f.trade_mode, f.year, f.value_minor,
                              f.quantity) for f in facts)))  # fmt: skip


_CACHE: dict[tuple[Any, ...], Exposure] = {}


def get_exposure(
    uow: CommandUnitOfWork, actor: User | None, *, as_of: date, scenario: Scenario,
    year: int | None = None, scenario_date: date | None = None, dataset: str | None = None,
) -> Exposure:  # fmt: skip
    """The exposure of the actor's portfolio: the city's, or an enterprise user's own firm
    (``None``: the system, e.g. the CLI, sees the city)."""
    scope = None if actor is None else firm_scope(actor)
    with uow:
        facts, datasets = load_facts(uow, firm_id=scope, dataset=dataset)
    chosen = year if year is not None else max((f.year for f in facts), default=None)
    key = (
        _facts_key(facts),
        chosen,
        as_of,
        scenario_date,
        json.dumps(scenario.model_dump(mode="json"), sort_keys=True),
    )
    if key in _CACHE:
        cached = _CACHE[key]
        return Exposure(cached.year, cached.as_of, cached.scenario_date, cached.scenario, scope,
                        datasets, cached.duties, cached.diversification)  # fmt: skip
    portfolio = build_portfolio(facts, year=chosen) if chosen is not None else []
    duties, when = calculate_exposure(portfolio, as_of=as_of, scenario=scenario,
                                      scenario_date=scenario_date)  # fmt: skip
    result = Exposure(chosen, as_of, when, scenario, scope, datasets, duties,
                      _diversify(duties, as_of=as_of))  # fmt: skip
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[key] = result
    return result
