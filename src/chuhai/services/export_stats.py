"""The export dashboard: the city's (or one firm's) exports by year, month, destination,
region, industry, trade mode and firm, with year-on-year change, concentration over
destinations (HHI) and its trend, and the top movers.

One service call feeds the page and its JSON twin. Money leaves as ``{"amount", "currency"}``
and percentages as strings with two decimals. The dashboard says whether any dataset it
covers is synthetic.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from chuhai.domain.export_stats import (
    ExportFact,
    Line,
    Region,
    TradeMode,
    concentration_level,
    industry_for_hs,
    monthly_hhi,
    region_for,
    top_movers,
    totals_by,
    yearly_hhi,
)
from chuhai.domain.money import Money
from chuhai.errors import ChuhaiError, InputError
from chuhai.rules.countries import get_country
from chuhai.services.command_access import firm_scope, require_firm_rows
from chuhai.services.command_ports import CommandUnitOfWork, ExportLine
from chuhai.services.command_records import ExportDataset, ExportRecord
from chuhai.services.records import User

__all__ = [
    "BREAKDOWNS",
    "CURRENCY",
    "ExportDashboard",
    "get_dashboard",
    "list_export_records",
    "load_facts",
    "money_dict",
    "pct",
]

CURRENCY = "CNY"
BREAKDOWNS = ("month", "destination", "region", "industry", "trade_mode", "firm")
MOVERS = 5


def money_dict(minor: int, currency: str = CURRENCY) -> dict[str, str]:
    money = Money.from_minor(minor, currency)
    return {"amount": str(money.amount), "currency": money.currency}


def pct(value: Decimal | None, places: int = 2) -> str | None:
    """A percentage (or index) for JSON: a string rounded half-up to ``places`` decimals.

    >>> pct(Decimal("6.46999")), pct(None)
    ('6.47', None)
    """
    return None if value is None else str(round(value, places))


@functools.cache
def region_of(code: str) -> Region:
    try:
        country = get_country(code)
    except ChuhaiError:
        return Region.OTHER
    return region_for(un_region=country.region, trade_groups=country.trade_groups)


def to_fact(line: ExportLine) -> ExportFact:
    return ExportFact(
        exporter=line.exporter, firm_id=line.firm_id, hs_code=line.hs_code,
        destination=line.destination, region=region_of(line.destination),
        industry=industry_for_hs(line.hs_code), year=line.year, month=line.month,
        trade_mode=TradeMode(line.trade_mode), value_minor=line.value_minor,
        quantity=line.quantity,
    )  # fmt: skip


def _dataset_ids(datasets: list[ExportDataset], name: str | None) -> list[int] | None:
    if name is None:
        return None
    found = [d.id for d in datasets if d.name == name]
    if not found:
        raise InputError(f"no dataset named {name!r}", field="dataset")
    return found


def load_facts(
    uow: CommandUnitOfWork, *, firm_id: int | None, dataset: str | None
) -> tuple[list[ExportFact], list[ExportDataset]]:
    """The records in scope as facts, and the datasets they come from (inside ``with uow``)."""
    datasets = uow.exports.list_datasets()
    ids = _dataset_ids(datasets, dataset)
    lines = uow.exports.list_lines(firm_id=firm_id, dataset_ids=ids)
    used = {line.dataset_id for line in lines}
    return [to_fact(line) for line in lines], [d for d in datasets if d.id in used]


def dataset_dicts(datasets: Sequence[ExportDataset]) -> list[dict[str, Any]]:
    return [
        {
            "name": d.name,
            "synthetic": d.synthetic,
            "rows": d.row_count,
            "source": d.source,
            "description": d.description,
        }
        for d in datasets
    ]


def _line(line: Line, firm_ids: dict[str, int | None] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "key": line.key, "value": money_dict(line.value), "previous": money_dict(line.previous),
        "change": money_dict(line.change), "yoy_pct": pct(line.yoy_pct),
        "share_pct": pct(line.share_pct),
    }  # fmt: skip
    if firm_ids is not None:
        found["firm_id"] = firm_ids.get(line.key)
    return found


@dataclass(frozen=True)
class ExportDashboard:
    year: int | None
    firm_id: int | None  # None: the whole city
    datasets: list[ExportDataset]
    years: list[Line] = field(default_factory=list)
    breakdowns: dict[str, list[Line]] = field(default_factory=dict)
    hhi_by_year: list[tuple[int, Decimal]] = field(default_factory=list)
    hhi_by_month: list[tuple[int, Decimal]] = field(default_factory=list)
    firm_ids: dict[str, int | None] = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        return any(d.synthetic for d in self.datasets)

    @property
    def total(self) -> Line | None:
        return next((y for y in self.years if y.key == str(self.year)), None)

    def hhi(self, year: int | None) -> Decimal | None:
        return next((v for y, v in self.hhi_by_year if y == year), None)

    def movers(self, dimension: str) -> tuple[list[Line], list[Line]]:
        return top_movers(self.breakdowns.get(dimension, []), count=MOVERS)

    def to_dict(self) -> dict[str, Any]:
        total = self.total
        now = self.hhi(self.year)
        return {
            "synthetic": self.synthetic,
            "datasets": dataset_dicts(self.datasets),
            "scope": "city" if self.firm_id is None else "firm",
            "firm_id": self.firm_id,
            "year": self.year,
            "previous_year": None if self.year is None else self.year - 1,
            "currency": CURRENCY,
            "total": None if total is None else _line(total),
            "by_year": [_line(line) for line in self.years],
            **{
                f"by_{name}": [_line(x, self.firm_ids if name == "firm" else None) for x in lines]
                for name, lines in self.breakdowns.items()
            },
            "concentration": {
                "measure": "HHI over destinations, shares in percent (0-10,000)",
                "hhi": pct(now),
                "previous": pct(None if self.year is None else self.hhi(self.year - 1)),
                "level": None if now is None else concentration_level(now),
                "by_year": [{"year": y, "hhi": pct(v)} for y, v in self.hhi_by_year],
                "by_month": [{"month": m, "hhi": pct(v)} for m, v in self.hhi_by_month],
            },
            "top_movers": {
                name: {k: [_line(x) for x in side] for k, side in zip(("up", "down"), self.movers(name), strict=True)}
                for name in ("destination", "firm")
            },
        }  # fmt: skip


def get_dashboard(
    uow: CommandUnitOfWork,
    actor: User | None,
    *,
    year: int | None = None,
    dataset: str | None = None,
) -> ExportDashboard:
    """The dashboard of ``year`` (default: the latest year with exports) for the actor's scope
    (``None``: the system, e.g. the CLI, sees the city)."""
    scope = None if actor is None else firm_scope(actor)
    with uow:
        facts, datasets = load_facts(uow, firm_id=scope, dataset=dataset)
    if not facts:
        return ExportDashboard(year, scope, datasets)
    chosen = year if year is not None else max(f.year for f in facts)
    return ExportDashboard(
        year=chosen,
        firm_id=scope,
        datasets=datasets,
        years=totals_by(facts, "year", year=chosen),
        breakdowns={name: totals_by(facts, name, year=chosen) for name in BREAKDOWNS},  # type: ignore[arg-type]
        hhi_by_year=yearly_hhi(facts),
        hhi_by_month=monthly_hhi(facts, year=chosen),
        firm_ids={f.exporter: f.firm_id for f in facts},
    )


def list_export_records(
    uow: CommandUnitOfWork,
    actor: User,
    *,
    firm_id: int | None,
    year: int | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[ExportRecord]:
    """A firm's customs lines (or every firm's, for admins); never an analyst's view."""
    require_firm_rows(actor, firm_id, staff=False)
    if not 1 <= limit <= 5000:
        raise InputError("limit is 1 to 5000", field="limit")
    with uow:
        return uow.exports.list_records(firm_id=firm_id, year=year, limit=limit, offset=offset)
