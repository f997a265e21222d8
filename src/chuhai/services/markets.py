"""Rank destination markets for one product: demand and readiness beside this product's economics.

For each candidate market the service gathers the raw factors of
:mod:`chuhai.domain.ranking`: World Bank indicators from the country pack (the latest year in
or before the ranking date), great-circle distance from Jinjiang, the platform directory, and
the order's economics from the engine: the consumer price (converted from the seller's
currency at the date's rate) is sold through each platform that takes China-based sellers and
has a published commission, with :func:`chuhai.services.pricing.margin_at_price` (a landed-cost
quote plus the commerce fee pack); the best platform's waterfall counts. Where no platform's
commission is published, the quote is run as an own store and channel fees stay unknown.

The price is the shelf price the buyer sees: VAT/GST included where the market shows prices
with tax (EU, GB, JP, AU), before sales tax elsewhere (US...). A market whose pack cannot quote
the product (no pack, a date outside coverage, no tariff line, no exchange rate) is listed as
not rankable with the reason. The pricing service quotes B2C parcels only: with another sale
model the duty and tax share comes from a quote of that model for a consignment of
:data:`BULK_UNITS` units at the price, and channel fees from the cheapest published
commission rate.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from chuhai.domain.consignment import TaxCollector
from chuhai.domain.countries import normalise_country
from chuhai.domain.export_potential import ExportPotential, TradeFlow, calculate_export_potential
from chuhai.domain.fx import FxMethod, FxRates
from chuhai.domain.margin import Waterfall
from chuhai.domain.money import Money, quantize
from chuhai.domain.platform_matching import PlatformSite, category_for_hs
from chuhai.domain.quote import ChargeKind
from chuhai.domain.ranking import (
    ORIGIN,
    MarketFacts,
    MarketScore,
    Normalisation,
    NotRankable,
    great_circle_km,
    resolve_weights,
    score_markets,
)
from chuhai.domain.rule_schema import RegimeRule
from chuhai.errors import ChuhaiError, InputError, RuleNotFoundError
from chuhai.rules.countries import get_country, indicator
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack
from chuhai.services.platforms import (
    accepting_sites,
    channel_for_site,
    check_hs_code,
    commission_view,
)
from chuhai.services.pricing import DIRECT, Product, SalesChannel, margin_at_price
from chuhai.services.quoting import quote

__all__ = [
    "DEFAULT_MARKETS",
    "MarketEconomics",
    "MarketRanking",
    "load_trade_data",
    "rank_markets",
]

DEFAULT_MARKETS = ("PH", "MY", "TH", "VN", "ID", "SG", "US", "DE", "GB", "JP", "KR", "AU")
BULK_UNITS = 1000  # a warehouse or B2B consignment: large enough to leave low-value regimes
DEMAND = (  # factor, indicator, how the fact reads
    ("population", "population", "population {m} million"),
    ("purchasing_power", "gdp_per_capita_ppp", "GDP per head ${k}k at PPP"),
    ("internet_users", "internet_users_pct", "{p}% online"),
    ("secure_servers", "secure_servers_per_million", "{n} secure servers per million people"),
    ("logistics", "logistics_performance", "logistics index {v}/5"),
    ("import_demand", "merchandise_imports_usd", "imports ${b} bn"),
    ("mobile", "mobile_per_100", "{n} mobile subscriptions per 100 people"),
    ("broadband", "broadband_per_100", "{n} fixed broadband lines per 100 people"),
    ("urban_share", "urban_population_pct", "{p}% urban"),
)


@dataclass(frozen=True)
class MarketEconomics:
    """One order in one market: price, what duty/tax/fees and the channel take, the margin."""

    market: str
    price: Money
    regimes: tuple[str, ...]
    landed: Money  # duties, taxes and fees the seller pays on the order
    channel: str  # the platform site used, or "own store"
    channel_fees: Money | None  # None: no published commission for the category
    margin: Money  # contribution margin (before product cost when no unit cost is given)
    lines: tuple[tuple[str, Money], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def landed_share(self) -> Decimal:
        return self.landed.amount / self.price.amount

    @property
    def fee_share(self) -> Decimal | None:
        return None if self.channel_fees is None else self.channel_fees.amount / self.price.amount

    def to_dict(self) -> dict[str, Any]:
        def pct(x: Decimal | None) -> str | None:
            return None if x is None else str(round(x * 100, 2))

        fees = None if self.channel_fees is None else str(quantize(self.channel_fees).amount)
        return {
            "market": self.market, "price": str(self.price.amount),
            "currency": self.price.currency, "regimes": list(self.regimes),
            "duty_tax_fees": str(quantize(self.landed).amount), "duty_tax_fees_pct": pct(self.landed_share),
            "channel": self.channel, "channel_fees": fees, "channel_fees_pct": pct(self.fee_share),
            "contribution_margin": str(quantize(self.margin).amount),
            "margin_pct": pct(self.margin.amount / self.price.amount),
            "lines": [{"label": label, "amount": str(quantize(m).amount)} for label, m in self.lines],
            "notes": list(self.notes),
        }  # fmt: skip


@dataclass(frozen=True)
class MarketRanking:
    """A ranking with its method, weights, per-market economics and the markets left out."""

    hs_code: str
    category: str | None
    price: Money
    sale_model: str
    as_of: date
    method: Normalisation
    weights: Mapping[str, Decimal]
    markets: list[MarketScore]
    economics: dict[str, MarketEconomics]
    not_rankable: list[NotRankable]
    export_potential: dict[str, ExportPotential] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        potential = self.export_potential
        return {
            "hs_code": self.hs_code, "category": self.category,
            "price": {"amount": str(self.price.amount), "currency": self.price.currency},
            "sale_model": self.sale_model, "date": self.as_of.isoformat(),
            "normalisation": self.method.value,
            "weights": {k: str(round(v, 4)) for k, v in self.weights.items() if v},
            "ranking": [
                {**m.to_dict(), "economics": self.economics[m.code].to_dict()} for m in self.markets
            ],
            "not_rankable": [n.to_dict() for n in self.not_rankable],
            "export_potential": None if potential is None else {k: v.to_dict() for k, v in potential.items()},
            "notes": list(self.notes),
        }  # fmt: skip


def load_trade_data(path: Path) -> list[TradeFlow]:
    """Bilateral trade rows (exporter, importer, hs6, year, value), each checked."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    flows = []
    with handle:
        reader = csv.DictReader(handle)
        for name in ("exporter", "importer", "hs6", "year", "value"):
            if name not in (reader.fieldnames or ()):
                raise InputError(
                    "column missing from the header", file=str(path), row=1, field=name
                )
        for number, row in enumerate(reader, start=2):
            flows.append(_flow(row, path, number))
    return flows


def _flow(row: dict[str, str], path: Path, number: int) -> TradeFlow:
    def bad(field_name: str, message: str) -> InputError:
        return InputError(message, file=str(path), row=number, field=field_name)

    hs6 = (row["hs6"] or "").replace(".", "").strip()
    if not (hs6.isdigit() and len(hs6) == 6):
        raise bad("hs6", f"not a 6-digit HS code: {row['hs6']!r}")
    if not (row["year"] or "").strip().isdigit():
        raise bad("year", f"not a year: {row['year']!r}")
    try:
        value = Decimal((row["value"] or "").strip())
    except InvalidOperation:
        raise bad("value", f"not a number: {row['value']!r}") from None
    if not value.is_finite() or value < 0:
        raise bad("value", f"not an amount: {row['value']!r}")
    return TradeFlow(normalise_country(row["exporter"], field="exporter"),
                     normalise_country(row["importer"], field="importer"), hs6,
                     int(row["year"]), value)  # fmt: skip


def _local_price(price: Money, currency: str, *, as_of: date, rates: FxRates) -> Money:
    if price.currency == currency:
        return price
    fx = rates.get_rate(price.currency, currency, as_of=as_of, method=FxMethod.DAILY)
    return quantize(fx.convert(price))


def _regime_text(market: str, regime_ids: Sequence[str]) -> str:
    labels = [
        rule.label.split(":")[0] for member in get_pack(market).lineage() for rule in member.rules
        if isinstance(rule, RegimeRule) and rule.id in regime_ids
    ]  # fmt: skip
    return "; ".join(dict.fromkeys(labels))


def _economics_b2c(
    market: str, product: Product, price: Money, sites: Sequence[PlatformSite], *,
    freight: Money, as_of: date, rates: FxRates,
) -> MarketEconomics:  # fmt: skip
    tried: list[tuple[Waterfall, str]] = []
    for site in sites:
        channel_id = channel_for_site(site.id)
        if channel_id is None:
            continue
        channel = SalesChannel(market, channel_id, freight, use_range_upper=True)
        try:
            tried.append(
                (
                    margin_at_price(product, channel, price=price, as_of=as_of, rates=rates),
                    site.site,
                )
            )
        except RuleNotFoundError as exc:
            if exc.field not in ("commission", "transaction", "order_fee", "unit_fee", "payment"):
                raise
    notes: tuple[str, ...] = ()
    if tried:
        waterfall, used = max(tried, key=lambda t: (t[0].contribution_margin.amount, t[1]))
        fees: Money | None = waterfall.total("channel")
    else:
        own = SalesChannel(market, DIRECT, freight, tax_collector=TaxCollector.SELLER)
        waterfall, used, fees = (
            margin_at_price(product, own, price=price, as_of=as_of, rates=rates),
            "own store",
            None,
        )
        notes = (
            "no platform here publishes a commission for this product: own-store figures, channel fees unknown",
        )
    lines = tuple(
        (line.label, line.amount) for line in waterfall.lines if line.group in ("landed", "channel")
    )
    regimes = tuple(b for b in waterfall.bands if "#" not in b)
    return MarketEconomics(market, price, regimes, waterfall.total("landed"), used, fees,
                           waterfall.contribution_margin, lines, notes)  # fmt: skip


def _economics_quote(
    market: str, hs_code: str, price: Money, sites: Sequence[PlatformSite], *,
    sale_model: str, category: str | None, unit_cost: Money, as_of: date, rates: FxRates,
) -> MarketEconomics:  # fmt: skip
    q = quote({"destination": market, "ship_from": "CN", "date": as_of.isoformat(),
               "currency": price.currency, "sale_model": sale_model, "tax_collector": "border",
               "lines": [{"hs_code": hs_code, "origin": "CN", "quantity": str(BULK_UNITS),
                          "unit_value": str(price.amount)}]}, rates=rates)  # fmt: skip
    charges = [c for c in q.charges if c.kind is not ChargeKind.COST]
    landed = sum((c.amount for c in charges), Money.zero(price.currency)) / BULK_UNITS
    rates_known = [v.total_rate for s in sites
                   if (v := commission_view(s, category=category, market=market, as_of=as_of)).total_rate is not None]  # fmt: skip
    fees = price * min(rates_known) if rates_known else None
    cost = _local_price(unit_cost, price.currency, as_of=as_of, rates=rates)
    margin = price - landed - (fees or Money.zero(price.currency)) - cost
    lines = tuple((c.label, c.amount / BULK_UNITS) for c in charges if c.amount)
    note = (f"{sale_model}: duty and tax per unit from an engine quote of {BULK_UNITS} units; "
            "fees at the lowest published rate")  # fmt: skip
    return MarketEconomics(market, price, tuple(r.rule_id for r in q.regimes), landed,
                           "the platform with the lowest published commission" if fees else "unknown", fees, margin, lines, (note,))  # fmt: skip


def _demand(code: str, year: int) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    values: dict[str, Decimal | None] = {}
    facts: dict[str, str] = {}
    for key, name, text in DEMAND:
        try:
            v = indicator(code, name, as_of_year=year)
        except RuleNotFoundError:
            values[key] = None
            continue
        values[key] = v.value
        x = v.value
        words = text.format(m=round(x / 1_000_000), k=round(x / 1000, 1), p=round(x), v=round(x, 1),
                            n=f"{round(x):,}", b=f"{round(x / 1_000_000_000):,}")  # fmt: skip
        facts[key] = f"{words} ({v.year})"
    return values, facts


def _platform_facts(sites: Sequence[PlatformSite]) -> tuple[Decimal, Decimal, str, str]:
    count = sum(
        (Decimal(1) if s.accepts_cn == "yes" else Decimal("0.5") for s in sites), Decimal(0)
    )
    live = [s for s in sites if s.livestream == "yes"]
    names = ", ".join(sorted({s.platform for s in sites})[:3]) + (
        ", ..." if len({s.platform for s in sites}) > 3 else ""
    )
    n = len(sites)
    text = f"{n} platform {'site takes' if n == 1 else 'sites take'} China-based sellers"
    text += f" ({names})" if names else ""
    live_names = ", ".join(sorted({s.platform for s in live}))
    live_text = (
        f"{len(live)} {'site' if len(live) == 1 else 'sites'} with livestream selling ({live_names})"
        if live
        else "no livestream selling"
    )
    return count, Decimal(len(live)), text, live_text


def _pct(share: Decimal) -> str:
    return f"{round(share * 100, 1).normalize():f}%"


def _facts(
    code: str, econ: MarketEconomics, sites: Sequence[PlatformSite], year: int
) -> MarketFacts:
    values, facts = _demand(code, year)
    share = econ.landed_share
    values["duty_and_tax"] = share
    regime = _regime_text(code, econ.regimes)
    facts["duty_and_tax"] = f"duty, tax and fees {_pct(share)} of the price" + (
        f" ({regime})" if regime else ""
    )
    values["channel_fees"] = econ.fee_share
    if econ.fee_share is not None:
        facts["channel_fees"] = f"channel fees {_pct(econ.fee_share)} on {econ.channel}"
    access, live, facts["platform_access"], facts["livestream"] = _platform_facts(sites)
    values["platform_access"], values["livestream"] = access, live
    country = get_country(code)
    if country.latitude is not None and country.longitude is not None:
        km = great_circle_km(ORIGIN[0], ORIGIN[1], country.latitude, country.longitude)
        values["distance"], facts["distance"] = km, f"{km:,} km from Jinjiang"
    return MarketFacts(code, values, facts)


def rank_markets(
    *, hs_code: str, price: Money, as_of: date, markets: Sequence[str] = DEFAULT_MARKETS,
    sale_model: str = "b2c_direct", weights: Mapping[str, Decimal] | None = None,
    method: Normalisation | str = Normalisation.MINMAX, unit_cost: Money | None = None,
    freight: Money | None = None, trade_flows: Sequence[TradeFlow] | None = None,
    exporter: str = "CN", rates: FxRates | None = None,
) -> MarketRanking:  # fmt: skip
    """Rank ``markets`` for one product at one consumer price on ``as_of``, each score explained."""
    digits = check_hs_code(hs_code)
    codes = list(dict.fromkeys(normalise_country(m, field="markets") for m in markets))
    if not codes:
        raise InputError("name at least one market", field="markets")
    try:
        normalisation = Normalisation(method)
    except ValueError:
        raise InputError(
            f"normalisation is minmax or rank, not {method!r}", field="method"
        ) from None
    shares = resolve_weights(weights or {}, trade=trade_flows is not None)
    fx = rates or load_shipped_rates(max_staleness_days=45)
    category = category_for_hs(digits)
    cost = unit_cost or Money.zero(price.currency)
    product = Product("ranking", "product", digits, cost, category or "uncategorised")
    facts, economics, left_out = [], {}, []
    for code in codes:
        sites = accepting_sites(code)
        try:
            pack = get_pack(code)
            pack.check_coverage(as_of)  # before any exchange rate: the clearer reason
            local = _local_price(price, pack.header.currency, as_of=as_of, rates=fx)
            freight_local = _local_price(
                freight or Money.zero(price.currency), local.currency, as_of=as_of, rates=fx
            )
            if sale_model == "b2c_direct":
                econ = _economics_b2c(
                    code, product, local, sites, freight=freight_local, as_of=as_of, rates=fx
                )
            else:
                econ = _economics_quote(code, digits, local, sites, sale_model=sale_model, category=category,
                                        unit_cost=cost, as_of=as_of, rates=fx)  # fmt: skip
        except ChuhaiError as exc:
            left_out.append(NotRankable(code, exc.message, exc.code, exc.field))
            continue
        economics[code] = econ
        facts.append(_facts(code, econ, sites, as_of.year))
    potential = (
        _potential(trade_flows, exporter, digits, facts) if trade_flows is not None else None
    )
    scores = score_markets(facts, weights=shares, method=normalisation) if facts else []
    notes = _notes(unit_cost, freight, category)
    return MarketRanking(digits, category, price, sale_model, as_of, normalisation, shares, scores,
                         economics, left_out, potential, notes)  # fmt: skip


def _potential(
    flows: Sequence[TradeFlow], exporter: str, digits: str, facts: list[MarketFacts]
) -> dict[str, ExportPotential]:
    found = calculate_export_potential(
        flows, exporter=normalise_country(exporter, field="exporter"), hs6=digits[:6]
    )
    for index, market in enumerate(facts):
        ep = found.get(market.code)
        values, words = dict(market.values), dict(market.facts)
        values["untapped_potential"] = None if ep is None else ep.untapped
        if ep is not None:
            words["untapped_potential"] = (
                f"untapped export potential {round(ep.untapped):,} ({ep.year})"
            )
        facts[index] = MarketFacts(market.code, values, words)
    return found


def _notes(unit_cost: Money | None, freight: Money | None, category: str | None) -> tuple[str, ...]:
    notes = []
    if unit_cost is None:
        notes.append("no unit cost given: margins are before the product's own cost")
    if freight is None:
        notes.append("no freight given: margins are before international freight")
    if category is None:
        notes.append("no fee category for this HS code: platform commissions are unknown")
    return tuple(notes)
