"""Export potential in the ITC form: supply x demand x ease of trade, and what is left untapped.

After the International Trade Centre's Export Potential Indicator (Decreux and Spies, 2016),
computed from the bilateral trade the user supplies (exporter, importer, HS6, year, value)
for one year, without ITC's projections and tariff or distance adjustments:

- supply of exporter *i* in product *k*: its share of the product's exports in the data,
  ``X_ik / X_k``;
- demand of importer *j* for *k*: its imports of the product, ``M_jk``;
- ease of trade between *i* and *j*: how much more (or less) *j* buys from *i* than *i*'s
  overall share of trade would predict, over every product in the data:
  ``(X_ij / M_j) / (X_i / W)``;
- potential ``= supply x demand x ease`` (in the value's currency, usually USD);
- untapped potential ``= max(potential - actual X_ijk, 0)``.

With trade data for one product only, ease equals ``X_ijk / M_jk / supply`` and the potential
equals actual exports: supply several products for ease to mean something.

>>> flows = [TradeFlow("CN", "PH", "660199", 2024, Decimal(30)),
...          TradeFlow("VN", "PH", "660199", 2024, Decimal(10))]
>>> ep = calculate_export_potential(flows, exporter="CN", hs6="660199")["PH"]
>>> ep.supply, ep.demand, ep.potential, ep.untapped
(Decimal('0.75'), Decimal('40'), Decimal('30.00'), Decimal('0.00'))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chuhai.errors import InputError

__all__ = ["ExportPotential", "TradeFlow", "calculate_export_potential"]


@dataclass(frozen=True)
class TradeFlow:
    """Exports of one HS6 product from ``exporter`` to ``importer`` in ``year``."""

    exporter: str
    importer: str
    hs6: str
    year: int
    value: Decimal


@dataclass(frozen=True)
class ExportPotential:
    """The potential of one exporter's product in one importing market, with its parts."""

    importer: str
    year: int
    supply: Decimal
    demand: Decimal
    ease: Decimal
    potential: Decimal
    actual: Decimal

    @property
    def untapped(self) -> Decimal:
        return max(self.potential - self.actual, Decimal(0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "importer": self.importer, "year": self.year, "supply": str(round(self.supply, 6)),
            "demand": str(self.demand), "ease": str(round(self.ease, 6)),
            "potential": str(round(self.potential, 2)), "actual": str(self.actual),
            "untapped": str(round(self.untapped, 2)),
        }  # fmt: skip


def calculate_export_potential(
    flows: Iterable[TradeFlow], *, exporter: str, hs6: str, year: int | None = None
) -> dict[str, ExportPotential]:
    """Potential of ``exporter``'s ``hs6`` in each market that imports it, for ``year``.

    ``year`` defaults to the latest year in which the data has flows of ``hs6``.
    """
    rows = list(flows)
    chosen = year if year is not None else _latest_year(rows, hs6)
    rows = [f for f in rows if f.year == chosen]
    product = [f for f in rows if f.hs6 == hs6]
    world_k = sum((f.value for f in product), Decimal(0))
    if world_k <= 0:
        raise InputError(f"no exports of {hs6} in {chosen} in the trade data", field="trade_data")
    supply = sum((f.value for f in product if f.exporter == exporter), Decimal(0)) / world_k
    totals = _totals(rows, exporter)
    found = {}
    for importer, demand in sorted(_by(product, "importer").items()):
        if importer == exporter or demand <= 0:
            continue
        ease = _ease(totals, importer)
        actual = sum(
            (f.value for f in product if f.exporter == exporter and f.importer == importer),
            Decimal(0),
        )
        found[importer] = ExportPotential(
            importer, chosen, supply, demand, ease, supply * demand * ease, actual
        )
    return found


def _latest_year(rows: list[TradeFlow], hs6: str) -> int:
    years = [f.year for f in rows if f.hs6 == hs6]
    if not years:
        raise InputError(f"the trade data has no flows of {hs6}", field="trade_data")
    return max(years)


def _by(rows: Iterable[TradeFlow], attribute: str) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for f in rows:
        sums[getattr(f, attribute)] += f.value
    return sums


@dataclass(frozen=True)
class _Totals:
    world: Decimal
    exporter_total: Decimal
    imports: Mapping[str, Decimal]
    bilateral: Mapping[str, Decimal]


def _totals(rows: list[TradeFlow], exporter: str) -> _Totals:
    mine = [f for f in rows if f.exporter == exporter]
    return _Totals(
        world=sum((f.value for f in rows), Decimal(0)),
        exporter_total=sum((f.value for f in mine), Decimal(0)),
        imports=_by(rows, "importer"),
        bilateral=_by(mine, "importer"),
    )


def _ease(t: _Totals, importer: str) -> Decimal:
    if t.exporter_total <= 0 or t.world <= 0 or t.imports.get(importer, Decimal(0)) <= 0:
        return Decimal(0)
    expected_share = t.exporter_total / t.world
    actual_share = t.bilateral.get(importer, Decimal(0)) / t.imports[importer]
    return actual_share / expected_share
