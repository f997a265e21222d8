"""A product's market x channel matrix: landed cost, the price for a target margin, the margin.

Per destination market the channels are an own store (DDP by courier, the seller collects
the tax) and every sales channel of the commerce fee pack that sells there. Each cell is
:func:`~chuhai.services.pricing.price_product` plus the quote at the price it found, so the
cell can show its sources, warnings and pack versions. A cell that cannot be priced keeps
its reason (never a blank or a zero); a market whose own store cannot be quoted (no pack, a
date outside coverage, no tariff line) is one row with that reason.

>>> [c.channel_id for c in channels_for_market("PH", freight=Money("0", "CNY"))]
['direct', 'lazada_ph', 'shopee_ph', 'tiktok_shop_ph']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from chuhai.domain.consignment import TaxCollector
from chuhai.domain.countries import normalise_country
from chuhai.domain.margin import MarginTarget
from chuhai.domain.money import Money, quantize
from chuhai.domain.platform_matching import category_for_hs
from chuhai.domain.quote import Quote
from chuhai.domain.rule_schema import Source
from chuhai.errors import ChuhaiError, InputError, NotFoundError
from chuhai.rules.commerce_store import channel_markets, load_fee_schedules, payment_provider_ids
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack
from chuhai.services import products
from chuhai.services.ports import UnitOfWork
from chuhai.services.pricing import (
    DIRECT,
    PricingResult,
    Product,
    SalesChannel,
    make_landed,
    price_product,
)
from chuhai.services.records import Product as ProductRecord
from chuhai.services.records import User

__all__ = [
    "DEFAULT_MARKETS",
    "NO_FREIGHT",
    "CellDetail",
    "MarketMatrix",
    "MarketRow",
    "MatrixCell",
    "MatrixQuery",
    "build_market_matrix",
    "build_matrix_cell",
    "channels_for_market",
    "matrix_for_product",
    "pricing_product",
    "product_dict",
]

DEFAULT_MARKETS = ("PH", "MY", "TH", "VN", "ID", "SG", "US", "DE", "GB", "JP", "KR", "AU")
FIGURES = ("currency", "price", "landed_cost", "duties_taxes_fees", "channel_fees",
           "contribution_margin", "margin_pct", "break_even_cac", "regimes", "rule_statuses",
           "notes", "pack_versions")  # fmt: skip
"""A cell's figures: null, with ``error`` saying why, where it cannot be priced."""
NO_FREIGHT = "no international freight entered: landed costs and prices exclude it"
NO_CATEGORY = "other"  # keeps a channel's site-wide fees; its commission then says it is unknown


def money_dict(money: Money | None) -> dict[str, str] | None:
    """Money as the API writes it, at the currency's minor unit."""
    if money is None:
        return None
    shown = quantize(money)
    return {"amount": str(shown.amount), "currency": shown.currency}


@dataclass(frozen=True)
class MatrixQuery:
    """What to compute: markets, the date of sale, the target margin and the freight per order."""

    as_of: date
    markets: tuple[str, ...] = DEFAULT_MARKETS
    target_rate: Decimal = Decimal("0.20")  # of the revenue
    freight: Decimal = Decimal(0)  # per order, in the product's cost currency
    range_upper: bool = True  # a fee published only as a range counts at its upper bound

    def __post_init__(self) -> None:
        if not self.markets:
            raise InputError("choose at least one market", field="markets")
        codes = tuple(dict.fromkeys(normalise_country(m, field="markets") for m in self.markets))
        object.__setattr__(self, "markets", codes)
        if self.freight < 0:
            raise InputError("freight must not be negative", field="freight")
        MarginTarget(rate=self.target_rate)  # refuses a rate outside [0, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "markets": list(self.markets),
            "date": self.as_of.isoformat(),
            "target_margin_pct": format((self.target_rate * 100).normalize(), "f"),
            "freight": str(self.freight),
            "fee_ranges": "upper" if self.range_upper else "refuse",
        }


@dataclass(frozen=True)
class MatrixCell:
    """One market and channel: its price for the target, or the reason there is none."""

    market: str
    channel_id: str
    platform: str  # "" for the own store
    result: PricingResult | None = None
    quote: Quote | None = None  # the quote at the price found
    error: ChuhaiError | None = None

    @property
    def kind(self) -> str:
        return "own_store" if self.channel_id == DIRECT else "marketplace"

    @property
    def price(self) -> Money | None:
        return None if self.result is None else self.result.solution.price

    @property
    def landed_cost(self) -> Money | None:
        """Goods, China-side costs, freight, and the duties, taxes and fees the seller pays."""
        if self.result is None:
            return None
        waterfall = self.result.solution.waterfall
        return waterfall.total("product") + waterfall.total("landed")

    def rule_statuses(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for charge in self.quote.charges if self.quote else ():
            counts[charge.status.value] = counts.get(charge.status.value, 0) + 1
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict[str, Any]:
        head: dict[str, Any] = {
            "market": self.market,
            "channel": self.channel_id,
            "platform": self.platform,
            "kind": self.kind,
        }
        if self.result is None:
            blank = dict.fromkeys(FIGURES)
            return {**head, **blank, "error": self.error.to_dict() if self.error else None}
        w = self.result.solution.waterfall
        notes = dict.fromkeys(self.result.notes + w.notes)
        return {
            **head,
            "currency": w.price.currency,
            "price": money_dict(self.result.solution.price),
            "landed_cost": money_dict(self.landed_cost),
            "duties_taxes_fees": money_dict(w.total("landed")),
            "channel_fees": money_dict(w.total("channel")),
            "contribution_margin": money_dict(w.contribution_margin),
            "margin_pct": str(round(w.margin_rate * 100, 2)),
            "break_even_cac": money_dict(self.result.break_even.cac),
            "regimes": [b for b in w.bands if "#" not in b],
            "rule_statuses": self.rule_statuses(),
            "notes": list(notes),
            "pack_versions": dict(self.quote.pack_versions) if self.quote else {},
            "error": None,
        }


@dataclass(frozen=True)
class ChartPoint:
    """A market's own-store (else first priced) cell, in the product's currency."""

    market: str
    channel_id: str
    landed_cost: Money
    price: Money

    def to_dict(self) -> dict[str, Any]:
        return {"market": self.market, "channel": self.channel_id,
                "landed_cost": money_dict(self.landed_cost), "price": money_dict(self.price)}  # fmt: skip


@dataclass(frozen=True)
class MarketRow:
    market: str
    cells: tuple[MatrixCell, ...] = ()
    error: ChuhaiError | None = None  # the market cannot be quoted at all
    chart: ChartPoint | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "market": self.market,
            "error": self.error.to_dict() if self.error else None,
            "channels": [cell.to_dict() for cell in self.cells],
            "chart": self.chart.to_dict() if self.chart else None,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class MarketMatrix:
    product: ProductRecord
    query: MatrixQuery
    rows: tuple[MarketRow, ...]
    notes: tuple[str, ...] = field(default=())

    def cells(self) -> list[MatrixCell]:
        return [cell for row in self.rows for cell in row.cells]

    def pack_versions(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for cell in self.cells():
            found.update(cell.quote.pack_versions if cell.quote else {})
        return dict(sorted(found.items()))

    def sources(self) -> list[Source]:
        """Every source the quotes cite (charges and regimes), once, by id."""
        found: dict[tuple[str, str], Source] = {}
        for cell in self.cells():
            for source in _quote_sources(cell.quote):
                found.setdefault((source.source_id, source.url), source)
        return sorted(found.values(), key=lambda s: s.source_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "product": product_dict(self.product),
            "query": self.query.to_dict(),
            "markets": [row.to_dict() for row in self.rows],
            "pack_versions": self.pack_versions(),
            "sources": [s.model_dump(mode="json") for s in self.sources()],
            "notes": list(self.notes),
        }  # fmt: skip


def product_dict(p: ProductRecord) -> dict[str, Any]:
    """What a matrix or report says about its product."""
    return {"id": p.id, "firm_id": p.firm_id, "sku": p.sku, "name": p.name, "name_zh": p.name_zh,
            "hs_code": p.hs_code, "origin": p.origin, "unit_cost": money_dict(p.unit_cost),
            "fee_category": category_for_hs(p.hs_code)}  # fmt: skip


def _quote_sources(q: Quote | None) -> Iterable[Source]:
    if q is None:
        return []
    return [c.source for c in q.charges if c.source] + [r.source for r in q.regimes]


def pricing_product(record: ProductRecord) -> Product:
    """The pricing service's product for a stored one (fee category from the HS code)."""
    return Product(
        sku=record.sku,
        title=record.name,
        hs_code=record.hs_code.replace(".", ""),
        unit_cost=record.unit_cost,
        category=category_for_hs(record.hs_code) or NO_CATEGORY,
        origin=record.origin,
        unit_weight_kg=Decimal(record.unit_weight_g or 0) / 1000,
    )


def channels_for_market(
    market: str, *, freight: Money, range_upper: bool = True
) -> list[SalesChannel]:
    """The own store, then the fee pack's sales channels selling in ``market`` (by id)."""
    own = SalesChannel(market, DIRECT, freight, tax_collector=TaxCollector.SELLER)
    providers = payment_provider_ids()
    ids = sorted(
        cid
        for cid, schedule in load_fee_schedules().items()
        if cid not in providers and market in channel_markets(schedule)
    )
    shops = [SalesChannel(market, cid, freight, use_range_upper=range_upper) for cid in ids]
    return [own, *shops]


def _cell(product: Product, channel: SalesChannel, query: MatrixQuery) -> MatrixCell:
    schedules = load_fee_schedules()
    platform = "" if channel.channel_id == DIRECT else schedules[channel.channel_id].platform
    head = (channel.market, channel.channel_id, platform)
    target = MarginTarget(rate=query.target_rate)
    try:
        result = price_product(product, channel, as_of=query.as_of, target=target)
        landed = make_landed(product, channel, as_of=query.as_of)
    except ChuhaiError as error:
        return MatrixCell(*head, error=error)
    return MatrixCell(*head, result=result, quote=landed(result.solution.price))


def _chart_point(cells: Iterable[MatrixCell], currency: str, as_of: date) -> ChartPoint:
    cell = next(c for c in cells if c.result is not None)
    assert cell.price is not None
    assert cell.landed_cost is not None
    days = get_pack(cell.market).header.fx.max_staleness_days
    rate = load_shipped_rates(max_staleness_days=days).get_rate(
        cell.price.currency, currency, as_of=as_of
    )
    landed, price = rate.convert(cell.landed_cost), rate.convert(cell.price)
    return ChartPoint(cell.market, cell.channel_id, landed, price)


def _market_row(product: Product, market: str, query: MatrixQuery) -> MarketRow:
    freight = Money(query.freight, product.unit_cost.currency)
    try:
        get_pack(market).check_coverage(query.as_of)  # the reason that matters most, first
    except ChuhaiError as error:
        return MarketRow(market, error=error)
    channels = channels_for_market(market, freight=freight, range_upper=query.range_upper)
    own = _cell(product, channels[0], query)
    if own.error is not None:
        return MarketRow(market, error=own.error)
    cells = (own, *(_cell(product, channel, query) for channel in channels[1:]))
    try:
        chart = _chart_point(cells, product.unit_cost.currency, query.as_of)
    except ChuhaiError as error:
        return MarketRow(market, cells, notes=(f"not in the chart: {error}",))
    return MarketRow(market, cells, chart=chart)


def matrix_for_product(record: ProductRecord, query: MatrixQuery) -> MarketMatrix:
    """The matrix of a stored product (no storage access: the caller checked the rights)."""
    product = pricing_product(record)
    notes = []
    if category_for_hs(record.hs_code) is None:
        notes.append(
            f"no fee category for HS {record.hs_code}: marketplace commissions are unknown"
        )
    if query.freight == 0:
        notes.append(NO_FREIGHT)
    rows = tuple(_market_row(product, market, query) for market in query.markets)
    return MarketMatrix(record, query, rows, tuple(notes))


def build_market_matrix(
    uow: UnitOfWork, user: User, *, firm_id: int, product_id: int, query: MatrixQuery
) -> MarketMatrix:
    """The matrix of one of the firm's products, if ``user`` may see the firm."""
    record = products.get_product(uow, user, firm_id=firm_id, product_id=product_id)
    return matrix_for_product(record, query)


@dataclass(frozen=True)
class CellDetail:
    """One cell of a product's matrix with its whole waterfall and the quote at its price."""

    product: ProductRecord
    query: MatrixQuery
    cell: MatrixCell

    def to_dict(self) -> dict[str, Any]:
        detail = {"product": product_dict(self.product), "query": self.query.to_dict(),
                  **self.cell.to_dict()}  # fmt: skip
        result = self.cell.result
        if result is not None:
            detail["waterfall"] = result.solution.waterfall.to_dict()
            detail["exact_price"] = money_dict(result.solution.exact_price)
        detail["quote"] = self.cell.quote.to_dict() if self.cell.quote else None
        return detail


def build_matrix_cell(
    uow: UnitOfWork,
    user: User,
    *,
    firm_id: int,
    product_id: int,
    market: str,
    channel_id: str,
    query: MatrixQuery,
) -> CellDetail:
    """One cell of the matrix of one of the firm's products, if ``user`` may see the firm."""
    record = products.get_product(uow, user, firm_id=firm_id, product_id=product_id)
    product = pricing_product(record)
    code = normalise_country(market, field="market")
    get_pack(code)
    freight = Money(query.freight, product.unit_cost.currency)
    channels = channels_for_market(code, freight=freight, range_upper=query.range_upper)
    channel = next((c for c in channels if c.channel_id == channel_id), None)
    if channel is None:
        raise NotFoundError(f"no sales channel {channel_id!r} in {code}", field="channel")
    return CellDetail(record, query, _cell(product, channel, query))
