"""The duties on an export portfolio, by the batch engine, under current rules and a scenario.

A portfolio line is one destination x HS subheading x trade mode with its yearly value and
quantity. Each line is quoted by :mod:`chuhai.batch` as a sample consignment and scaled to
the year:

- the trade mode picks the channel: general trade and 9710 go by sea to a business buyer,
  9810 by sea to an overseas warehouse, 9610 as courier parcels to consumers (one unit per
  parcel, so low-value regimes apply as they would);
- a destination tariff splits most subheadings into national lines; every national line
  under the subheading is quoted at the same value and the duties are averaged (the simple
  average that WTO tariff profiles use), so an HS-6 statistic meets an 8- or 10-digit tariff;
- footwear (chapter 64) is quoted per pair; a line whose duty needs a weight or another
  measure the statistics do not give is reported as not assessed, with the engine's reason;
- the batch catalogue takes 4, 6, 8 or 10-digit codes; national lines of other lengths (Japan's
  9 digits) are quoted with the itemised engine on the same pack (and scenario) instead;
- both runs convert at the same exchange rate (the baseline date's), so the difference is
  the rules' alone. Duties are customs duties plus additional measures (Section 301,
  scenario duties...); VAT and sales taxes fall alike on every origin and are left out.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl

from chuhai.batch import BatchRequest, calculate_batch, get_channel
from chuhai.domain.consignment import parse_consignment
from chuhai.domain.export_stats import ExportFact, ExportIndustry, TradeMode, industry_for_hs
from chuhai.domain.fx import FxMethod, FxQuote, FxRates
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.money import Money
from chuhai.domain.quote import ChargeKind
from chuhai.domain.scenario import Scenario, apply_scenario
from chuhai.errors import ChuhaiError
from chuhai.rules.registry import get_pack

__all__ = ["CHANNELS", "LineDuty", "PortfolioLine", "build_portfolio", "evaluate_destination"]

CHANNELS = {
    TradeMode.GENERAL: "sea_b2b",
    TradeMode.B2B_9710: "sea_b2b",
    TradeMode.WAREHOUSE_9810: "sea_b2b2c_warehouse",
    TradeMode.B2C_9610: "courier_b2c_platform",
}
MAX_SAMPLE_UNITS = 1_000_000  # a freight consignment quoted whole up to this many units
MAX_NATIONAL_LINES = 24


@dataclass(frozen=True)
class FixedDateRates:
    """Exchange rates of one date, whatever date is asked: the scenario run converts as the
    baseline does, so only the rules differ."""

    inner: FxRates
    on: date

    def get_rate(
        self, base: str, quote: str, *, as_of: date, method: FxMethod = FxMethod.DAILY
    ) -> FxQuote:
        found = self.inner.get_rate(base, quote, as_of=self.on, method=method)
        return dataclasses.replace(found, note=f"held at {self.on} for the scenario comparison")


@dataclass(frozen=True)
class PortfolioLine:
    destination: str
    hs6: str
    trade_mode: TradeMode
    value_minor: int  # CNY fen
    quantity: int

    @property
    def industry(self) -> ExportIndustry:
        return industry_for_hs(self.hs6)


@dataclass(frozen=True)
class LineDuty:
    """The yearly duties of one portfolio line in CNY, or why they could not be assessed."""

    line: PortfolioLine
    baseline: Decimal | None = None
    scenario: Decimal | None = None
    national_lines: int = 0
    status: str = "ok"
    reason: str = ""

    @property
    def assessed(self) -> bool:
        return self.baseline is not None and self.scenario is not None


def build_portfolio(facts: Sequence[ExportFact], *, year: int) -> list[PortfolioLine]:
    """``year``'s exports summed by destination, HS subheading and trade mode."""
    sums: dict[tuple[str, str, TradeMode], list[int]] = defaultdict(lambda: [0, 0])
    for fact in facts:
        if fact.year != year:
            continue
        hs6 = "".join(ch for ch in fact.hs_code if ch.isdigit())[:6]
        total = sums[(fact.destination, hs6, fact.trade_mode)]
        total[0] += fact.value_minor
        total[1] += fact.quantity
    return [
        PortfolioLine(dest, hs6, mode, value, quantity)
        for (dest, hs6, mode), (value, quantity) in sorted(sums.items())
        if value > 0
    ]


def national_lines(destination: str, hs6: str, *, as_of: date) -> list[str]:
    """The deepest tariff lines under ``hs6`` in force on ``as_of`` (``[hs6]`` if none)."""
    lines = get_pack(destination).tariff_pack().tariff.get("mfn", {})
    under = [c for c, dated in lines.items() if c.startswith(hs6) and len(c) > 6
             and any(line.active_on(as_of) for line in dated)]  # fmt: skip
    leaves = sorted(c for c in under if not any(o != c and o.startswith(c) for o in under))
    return leaves[:MAX_NATIONAL_LINES] or [hs6]


def _sample(line: PortfolioLine) -> tuple[Decimal, int]:
    """The unit value (CNY, 4 decimals) and the units quoted for ``line``."""
    units = max(line.quantity, 1)
    unit_value = (Money.from_minor(line.value_minor, "CNY").amount / units).quantize(
        Decimal("0.0001")
    )
    if line.trade_mode is TradeMode.B2C_9610:
        return unit_value, 1
    return unit_value, min(units, MAX_SAMPLE_UNITS)


BATCH_LENGTHS = (4, 6, 8, 10)


def _catalogue(lines: Sequence[PortfolioLine], codes: Sequence[list[str]]) -> pl.DataFrame:
    rows: dict[str, list[str]] = defaultdict(list)
    for index, (line, national) in enumerate(zip(lines, codes, strict=True)):
        unit_value, units = _sample(line)
        for code in (c for c in national if len(c) in BATCH_LENGTHS):
            rows["sku"].append(f"{index}:{code}")
            rows["hs_code"].append(code)
            rows["origin"].append("CN")
            rows["unit_value"].append(str(unit_value))
            rows["currency"].append("CNY")
            rows["quantity"].append(str(units))
            rows["unit_pair"].append("1" if line.hs6.startswith("64") else "0")
    return pl.DataFrame(rows)


def _run(
    catalogue: pl.DataFrame, destination: str, lines: Sequence[PortfolioLine], *,
    as_of: date, scenario: Scenario | None, rates: FxRates,
) -> pl.DataFrame:  # fmt: skip
    channels = sorted({CHANNELS[line.trade_mode] for line in lines})
    request = BatchRequest(
        markets=[destination], channels=[get_channel(c) for c in channels], as_of=as_of,
        scenarios=[scenario] if scenario else [], baseline=scenario is None,
    )  # fmt: skip
    return calculate_batch(catalogue, request, rates=rates)


def _duties(
    frame: pl.DataFrame, lines: Sequence[PortfolioLine], rate: Decimal
) -> dict[int, tuple[list[Decimal], str, str]]:
    """Per line index: the yearly CNY duty of each national line quoted, or the first error."""
    found: dict[int, tuple[list[Decimal], str, str]] = {}
    for row in frame.iter_rows(named=True):
        index = int(row["sku"].split(":")[0])
        line = lines[index]
        if row["channel"] != CHANNELS[line.trade_mode]:
            continue
        duties, status, _reason = found.setdefault(index, ([], "ok", ""))
        if row["status"] != "ok":
            if not duties and status == "ok":
                found[index] = (duties, row["status"], short_reason(row["error"] or ""))
            continue
        market = row["duty_amount_minor"] + row["measures_amount_minor"]
        local = Money.from_minor(market, row["currency"]).amount
        _, units = _sample(line)
        found[index] = ([*duties, local / rate * max(line.quantity, 1) / units], "ok", "")
    return found


def _itemised(
    lines: Sequence[PortfolioLine], codes: Sequence[list[str]], destination: str, *,
    as_of: date, scenario: Scenario | None, rate: Decimal, rates: FxRates,
) -> dict[int, tuple[list[Decimal], str, str]]:  # fmt: skip
    """The national lines the batch catalogue cannot take, quoted one by one."""
    pack = apply_scenario(get_pack(destination), scenario)
    found: dict[int, tuple[list[Decimal], str, str]] = {}
    for index, (line, national) in enumerate(zip(lines, codes, strict=True)):
        unit_value, units = _sample(line)
        channel = get_channel(CHANNELS[line.trade_mode])
        for code in (c for c in national if len(c) not in BATCH_LENGTHS):
            data = {
                "destination": destination, "ship_from": "CN", "date": as_of.isoformat(),
                "currency": "CNY", "mode": channel.mode, "sale_model": channel.sale_model,
                "tax_collector": channel.tax_collector, "incoterm": channel.incoterm,
                "transport": channel.transport,
                "lines": [{"hs_code": code, "origin": "CN", "quantity": str(units),
                           "unit_value": str(unit_value),
                           "unit_measures": {"pair": "1"} if line.hs6.startswith("64") else {}}],
            }  # fmt: skip
            duties, status, _reason = found.setdefault(index, ([], "ok", ""))
            try:
                quote = calculate_landed_cost(parse_consignment(data), pack=pack, rates=rates)
            except ChuhaiError as error:
                if not duties and status == "ok":
                    found[index] = (duties, error.code, short_reason(error.message))
                continue
            local = quote.total(ChargeKind.DUTY, ChargeKind.MEASURE).amount
            found[index] = ([*duties, local / rate * max(line.quantity, 1) / units], "ok", "")
    return found


def _merge(
    *parts: dict[int, tuple[list[Decimal], str, str]],
) -> dict[int, tuple[list[Decimal], str, str]]:
    merged: dict[int, tuple[list[Decimal], str, str]] = {}
    for part in parts:
        for index, (duties, status, reason) in part.items():
            have = merged.get(index)
            if have is None or (not have[0] and duties):
                merged[index] = (duties, status, reason)
            elif duties:
                merged[index] = ([*have[0], *duties], "ok", "")
    return merged


def short_reason(message: str) -> str:
    """The first clause of an engine message ("no rule pack for AR; packs exist for...").

    >>> short_reason("no rule pack for AR; packs exist for AE, AT")
    'no rule pack for AR'
    """
    return message.split("; ")[0]


def evaluate_destination(
    destination: str, lines: Sequence[PortfolioLine], *, as_of: date, scenario_date: date,
    scenario: Scenario, rates: FxRates,
) -> list[LineDuty]:  # fmt: skip
    """The duties of ``lines`` (all to ``destination``) now and under ``scenario``."""
    fixed = FixedDateRates(rates, as_of)
    try:
        currency = get_pack(destination).header.currency
        rate = fixed.get_rate("CNY", currency, as_of=as_of).rate
        codes = [national_lines(destination, line.hs6, as_of=as_of) for line in lines]
    except ChuhaiError as error:
        reason = short_reason(error.message)
        return [LineDuty(line, status=error.code, reason=reason) for line in lines]
    catalogue = _catalogue(lines, codes)
    runs = []
    for when, applied in ((as_of, None), (scenario_date, scenario)):
        found = {}
        if catalogue.height:
            frame = _run(catalogue, destination, lines, as_of=when, scenario=applied, rates=fixed)
            found = _duties(frame, lines, rate)
        if any(len(c) not in BATCH_LENGTHS for national in codes for c in national):
            found = _merge(found, _itemised(lines, codes, destination, as_of=when, scenario=applied,
                                            rate=rate, rates=fixed))  # fmt: skip
        runs.append(found)
    return [_combine(line, runs[0].get(i), runs[1].get(i)) for i, line in enumerate(lines)]


def _combine(
    line: PortfolioLine,
    before: tuple[list[Decimal], str, str] | None,
    after: tuple[list[Decimal], str, str] | None,
) -> LineDuty:
    if before is None or after is None:
        return LineDuty(line, status="not_quoted", reason="no result from the engine")
    for found in (before, after):
        if not found[0]:
            return LineDuty(line, status=found[1], reason=found[2])
    return LineDuty(
        line,
        baseline=_mean(before[0]),
        scenario=_mean(after[0]),
        national_lines=len(before[0]),
    )


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)
