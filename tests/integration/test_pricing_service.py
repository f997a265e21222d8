"""Pricing with the shipped packs, FX and commerce fee pack: margins, solved prices, price lists."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from tests.packs.tariffs import with_rates

from chuhai.domain.carrier_fees import CarrierFee
from chuhai.domain.channel_fees import Confidence, Fee, FeeKind, user_fee
from chuhai.domain.consignment import Incoterm, parse_consignment
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.margin import (
    Economics,
    MarginTarget,
    OemDeal,
    QuoteBasis,
    calculate_waterfall,
)
from chuhai.domain.money import Money, quantize
from chuhai.errors import ChuhaiError, FXRateNotFoundError, InputError, RuleNotFoundError
from chuhai.rules.carrier_store import load_carrier_pack
from chuhai.rules.commerce_store import load_fee_schedules
from chuhai.rules.fx_store import load_shipped_rates
from chuhai.rules.registry import get_pack
from chuhai.services.price_list import build_price_list, export_price_list, write_price_list_csv
from chuhai.services.pricing import (
    DIRECT,
    Product,
    SalesChannel,
    compare_with_oem,
    make_landed,
    margin_at_price,
    price_product,
)

DAY = date(2026, 11, 29)
TARGET = MarginTarget(rate=Decimal("0.20"))
UMBRELLA = Product(
    sku="UMB-90",
    title="90 cm stick umbrella",
    hs_code="6601.99",
    unit_cost=Money("68.00", "CNY"),
    category="umbrellas",
    unit_weight_kg=Decimal("0.55"),
    china_cost=Money("3.00", "CNY"),
)
REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"


def channel(market: str, channel_id: str = DIRECT, **extra: object) -> SalesChannel:
    providers = extra.pop("providers", ("airwallex",))
    return SalesChannel(
        market=market,
        channel_id=channel_id,
        freight=Money("45.00", "CNY"),
        providers=providers,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def test_the_fee_pack_loads_with_dates_and_sources() -> None:
    schedules = load_fee_schedules()
    assert len(schedules) >= 100

    def commission(category: str, day: date) -> Fee:
        found = schedules["amazon_de"].select(category=category, as_of=day)
        (fee,) = [f for f in found if f.kind is FeeKind.COMMISSION]
        return fee

    umbrellas = commission("umbrellas", DAY)
    assert (umbrellas.rate, umbrellas.minimum) == (Decimal("0.15"), Money("0.30", "EUR"))
    assert "sellercentral" in umbrellas.source
    apparel = commission("apparel", DAY)
    assert apparel.valid_from == date(2025, 12, 15)
    assert len(apparel.tiers) == 3
    assert commission("apparel", date(2025, 12, 14)).rate == Decimal("0.15")


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared upstream data folder is not here")
def test_the_fee_pack_is_rebuilt_identically_from_its_upstream_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = REPO / "tools" / "build_commerce_pack.py"
    spec = importlib.util.spec_from_file_location("build_commerce_pack", path)
    assert spec is not None
    assert spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, builder)  # dataclasses look their module up
    spec.loader.exec_module(builder)
    built = builder.build(SHARED)
    shipped = files("chuhai").joinpath("data", "commerce")
    for name, data in built.items():
        assert shipped.joinpath(name).read_bytes() == data, name
    manifest = json.loads(built["manifest.json"])
    assert manifest["commission_cells"]["umbrellas"] == {
        "not_applicable": 7,
        "parsed": 25,
        "range": 16,
        "unparsed": 52,
    }


def test_t1_margin_with_the_itemised_engine() -> None:
    """T1 through the DE pack: landed EUR 16.42 a unit, profit EUR 7.84, margin 31.39%."""
    consignment = parse_consignment(
        {
            "destination": "DE",
            "ship_from": "CN",
            "date": "2026-03-02",
            "currency": "CNY",
            "mode": "freight",
            "sale_model": "b2b",
            "lines": [
                {"hs_code": "66019900", "origin": "CN", "quantity": "200", "unit_value": "48.50"}
            ],
            "post_entry_freight": "410",
            "charges_currency": "EUR",
            "costs": [
                {"label": "export fees", "amount": "300"},
                {"label": "brokerage", "amount": "95", "currency": "EUR"},
                {"label": "last mile", "amount": "5.10", "per": "unit", "currency": "EUR"},
            ],
            "fx_rates": [{"base": "CNY", "quote": "EUR", "rate": "0.1335"}],
        }
    )
    quote = calculate_landed_cost(
        consignment,
        pack=with_rates("DE", {"66019900": "6.5%"}),
        rates=load_shipped_rates(max_staleness_days=45),
    )
    fee = user_fee(FeeKind.PAYMENT, label="payment 2.9%", rate="0.029", as_of=date(2026, 3, 2))
    economics = Economics(currency="EUR", basis=QuoteBasis.COST, fees=(fee,))
    w = calculate_waterfall(price=Money("24.99", "EUR"), quote=quote, economics=economics)
    assert quote.landed_per_unit == Money("16.42", "EUR")
    assert quantize(w.contribution_margin) == Money("7.84", "EUR")
    assert round(w.margin_rate * 100, 2) == Decimal("31.39")


def test_a_tax_inclusive_price_declares_its_net_value() -> None:
    landed = make_landed(UMBRELLA, channel("DE", "amazon_de"), as_of=DAY)
    quote = landed(Money("24.99", "EUR"))
    vat = sum((c.amount for c in quote.charges if c.code == "vat"), Money.zero("EUR"))
    assert quote.goods + vat == Money("24.99", "EUR")
    assert vat == Money("3.99", "EUR")


def test_margin_at_price_on_amazon_de() -> None:
    w = margin_at_price(
        UMBRELLA, channel("DE", "amazon_de"), price=Money("29.99", "EUR"), as_of=DAY
    )
    assert sum(line.amount for line in w.lines) == w.revenue == Money("29.99", "EUR")
    codes = [line.code for line in w.lines]
    assert codes[:3] == ["goods", "china", "freight"]
    assert {"per_subheading", "vat", "commission", "fx_markup", "margin"} <= set(codes)
    commission = next(line for line in w.lines if line.code == "commission")
    assert commission.amount == Money("29.99", "EUR") * Decimal("0.15")
    assert commission.confidence == "medium"
    assert any("not included" in note for note in w.notes)
    assert w.bands == ("eu_ioss_3eur",)


@pytest.mark.parametrize(
    ("market", "channel_id", "ending"),
    [("DE", "amazon_de", "0.99"), ("GB", "amazon_gb", "0.99"), ("US", "walmart_us", "0.99")],
)
def test_the_solved_price_is_the_lowest_meeting_the_target(
    market: str, channel_id: str, ending: str
) -> None:
    ch = channel(market, channel_id)
    result = price_product(UMBRELLA, ch, as_of=DAY, target=TARGET)
    exact, local = result.solution.exact_price, result.solution.price
    assert result.solution.exact_waterfall.margin_rate >= Decimal("0.20")
    below = margin_at_price(UMBRELLA, ch, price=exact - Money("0.01", exact.currency), as_of=DAY)
    assert below.margin_rate < Decimal("0.20")
    assert local >= exact
    assert local.amount % 1 == Decimal(ending)
    assert result.solution.waterfall.margin_rate >= Decimal("0.20")
    assert result.break_even.cac == result.solution.waterfall.contribution_margin


def test_a_price_above_the_uk_threshold_is_solved_in_the_standard_regime() -> None:
    dear = Product(
        sku="UMB-GOLF",
        title="golf umbrella",
        hs_code="6601.99",
        unit_cost=Money("700", "CNY"),
        category="umbrellas",
    )
    result = price_product(dear, channel("GB", "amazon_gb"), as_of=DAY, target=TARGET)
    assert result.solution.exact_price > Money("135", "GBP")
    assert result.solution.waterfall.bands == ("gb_standard",)
    assert result.solution.steps[0].startswith("gb_low_value_b2c: target not met")


@pytest.mark.parametrize("market", ["DE", "GB", "US", "PH", "JP"])
def test_direct_store_prices_per_market(market: str) -> None:
    try:
        get_pack(market)
    except ChuhaiError as exc:
        pytest.skip(f"no usable {market} pack yet: {exc}")
    ch = channel(market, providers=("stripe_us", "airwallex") if market == "US" else ("airwallex",))
    result = price_product(UMBRELLA, ch, as_of=DAY, target=TARGET)
    assert result.solution.price.currency == ch.currency
    assert result.solution.waterfall.margin_rate >= Decimal("0.20")


def test_an_unread_commission_is_refused_until_supplied() -> None:
    ch = channel("DE", "tiktok_shop_de")
    with pytest.raises(RuleNotFoundError, match="supply the figure"):
        price_product(UMBRELLA, ch, as_of=DAY, target=TARGET)
    mine = user_fee(FeeKind.COMMISSION, label="agreed rate", rate="0.09", as_of=DAY, per="unit")
    ch = channel("DE", "tiktok_shop_de", fee_overrides=(mine,))
    result = price_product(UMBRELLA, ch, as_of=DAY, target=TARGET)
    commission = next(line for line in result.solution.waterfall.lines if line.code == "commission")
    assert commission.confidence == "user"


def test_price_list_rows_and_csv(tmp_path: Path) -> None:
    channels = [channel("DE", "amazon_de"), channel("DE", "shopee_sg")]
    rows = build_price_list([UMBRELLA], channels, as_of=DAY, target=TARGET)
    assert rows[0].price.endswith(".99")
    assert rows[0].regime == "eu_ioss_3eur"
    assert rows[1].error  # Shopee's commission is category-based: no figure
    out = io.StringIO()
    write_price_list_csv(rows, out)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert parsed[0]["sku"] == "UMB-90"
    assert parsed[0]["currency"] == "EUR"
    export_price_list(rows, tmp_path / "prices.csv")
    assert (tmp_path / "prices.csv").read_text(encoding="utf-8") == out.getvalue()
    export_price_list(rows, tmp_path / "prices.xlsx")
    sheet = load_workbook(tmp_path / "prices.xlsx").worksheets[0]
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert header[:4] == ("sku", "market", "channel", "currency")
    assert Decimal(str(first[header.index("price")])) == Decimal(rows[0].price)
    with pytest.raises(InputError, match=r"use \.csv or \.xlsx"):
        export_price_list(rows, tmp_path / "prices.ods")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prices.csv", "prices.xlsx"]


def test_oem_beside_b2c() -> None:
    oem = OemDeal(fob_price=Money("60", "CNY"), oem_cost=Money("52", "CNY"), volume=Decimal(10000))
    rows = compare_with_oem(
        UMBRELLA,
        [(channel("DE", "amazon_de"), Decimal(800)), (channel("US", "walmart_us"), Decimal(600))],
        oem=oem,
        as_of=DAY,
        target=TARGET,
    )
    assert [r.model for r in rows] == ["OEM", "B2C", "B2C"]
    assert all(r.total_margin.currency == "CNY" for r in rows)
    assert rows[1].margin_per_unit > rows[0].margin_per_unit


def test_dap_leaves_the_border_charges_to_the_buyer() -> None:
    ddp = price_product(UMBRELLA, channel("US", "walmart_us"), as_of=DAY, target=TARGET)
    dap_channel = channel("US", "walmart_us", incoterm=Incoterm.DAP)
    dap = price_product(UMBRELLA, dap_channel, as_of=DAY, target=TARGET)
    assert dap.solution.exact_price < ddp.solution.exact_price
    assert dap.solution.waterfall.total("landed") == Money("0.00", "USD")
    assert any("on delivery (DAP)" in note for note in dap.solution.waterfall.notes)


GOLF = Product(
    sku="UMB-GOLF",
    title="golf umbrella",
    hs_code="6601.99",
    unit_cost=Money("900", "CNY"),
    category="umbrellas",
)


def test_the_carrier_pack_ships_only_sourced_figures() -> None:
    pack = load_carrier_pack()
    (ups,) = pack.fees
    assert (ups.carrier, ups.fixed, ups.ship_from) == ("ups", Money("15", "USD"), ("US",))
    assert ups.confidence.value == "medium"
    assert ups.as_of == date(2026, 10, 1)
    assert "RULES-REFERENCE" in ups.source
    assert "support.zonos.com" in ups.source
    assert set(pack.left_out) == {"fedex", "dhl_express"}
    assert set(pack.sources) == {"rules_reference_fees", "zonos_ups_forwarding"}


def test_a_ups_ddp_surcharge_from_a_us_warehouse_is_its_own_line() -> None:
    ch = channel("GB", "amazon_gb", ship_from="US", carrier="ups")
    result = price_product(GOLF, ch, as_of=DAY, target=TARGET)
    w = result.solution.waterfall
    line = next(line for line in w.lines if line.code == "carrier_ddp")
    usd = load_shipped_rates(max_staleness_days=45).get_rate("USD", "GBP", as_of=DAY)
    assert line.amount == usd.convert(Money("15", "USD"))
    assert (line.group, line.confidence) == ("carrier", "medium")
    assert f"USD amounts at {usd.rate} GBP/USD of {usd.rate_date} (ecb_eurofxref)" in line.source
    assert "ups:ddp:us" in w.bands
    assert "carrier_ddp" not in {x.code for x in w.lines if x.group == "landed"}
    plain = price_product(
        GOLF, channel("GB", "amazon_gb", ship_from="US"), as_of=DAY, target=TARGET
    )
    assert result.solution.exact_price > plain.solution.exact_price
    dap = channel("GB", "amazon_gb", ship_from="US", carrier="ups", incoterm=Incoterm.DAP)
    at_dap = margin_at_price(GOLF, dap, price=Money("260", "GBP"), as_of=DAY)
    assert "carrier_ddp" not in {x.code for x in at_dap.lines}


def test_a_carrier_without_a_sourced_figure_asks_for_yours() -> None:
    for ship_from, carrier in (("CN", "ups"), ("US", "fedex")):
        ch = channel("GB", "amazon_gb", ship_from=ship_from, carrier=carrier)
        with pytest.raises(RuleNotFoundError, match="--carrier-fee") as caught:
            price_product(GOLF, ch, as_of=DAY, target=TARGET)
        assert caught.value.field == "carrier"
    with pytest.raises(InputError, match="unknown carrier"):
        price_product(GOLF, channel("GB", "amazon_gb", carrier="pigeon"), as_of=DAY, target=TARGET)
    mine = CarrierFee(
        fee_id="user:carrier_ddp:fedex", carrier="fedex", carrier_name="fedex",
        label="DDP fee (your figure)", confidence=Confidence.USER, fixed=Money("100", "CNY"),
    )  # fmt: skip
    ch = channel("GB", "amazon_gb", carrier="fedex", carrier_fee=mine)
    w = price_product(GOLF, ch, as_of=DAY, target=TARGET).solution.waterfall
    line = next(line for line in w.lines if line.code == "carrier_ddp")
    assert line.confidence == "user"
    assert "CNY amounts at" in line.source


def test_an_fx_buffer_is_set_aside_on_the_payout_with_its_reference_rate() -> None:
    buffered = channel("DE", "amazon_de", fx_buffer=Decimal("0.02"))
    result = price_product(UMBRELLA, buffered, as_of=DAY, target=TARGET)
    w = result.solution.waterfall
    line = next(line for line in w.lines if line.code == "fx_buffer")
    assert line.label == "FX buffer 2% on EUR→CNY"
    assert line.group == "fx"
    ref = load_shipped_rates(max_staleness_days=45).get_rate("EUR", "CNY", as_of=DAY)
    assert f"reference {ref.rate} CNY/EUR of {ref.rate_date} (ecb_eurofxref)" in line.source
    assert {"fx_markup", "fx_buffer"} <= {x.code for x in w.lines}  # the provider's, and yours
    plain = price_product(UMBRELLA, channel("DE", "amazon_de"), as_of=DAY, target=TARGET)
    assert "fx_buffer" not in {x.code for x in plain.solution.waterfall.lines}
    assert result.solution.exact_price > plain.solution.exact_price
    assert w.margin_rate >= Decimal("0.20")
    rows = build_price_list([UMBRELLA], [buffered], as_of=DAY, target=TARGET)
    assert Decimal(rows[0].fx_buffer) > 0
    assert rows[0].carrier_fees == "0.00"


def test_a_sale_in_the_seller_s_own_currency_has_no_buffer() -> None:
    usd_product = Product("UMB-USD", "umbrella", "6601.99", Money("9.50", "USD"), "umbrellas")
    ch = channel("US", "walmart_us", fx_buffer=Decimal("0.05"))
    w = margin_at_price(usd_product, ch, price=Money("24.99", "USD"), as_of=DAY)
    assert "fx_buffer" not in {x.code for x in w.lines}


def test_no_rate_for_the_date_names_the_date() -> None:
    with pytest.raises(FXRateNotFoundError, match="before the first ECB rate") as caught:
        price_product(UMBRELLA, channel("DE", "amazon_de"), as_of=date(2014, 6, 2), target=TARGET)
    assert caught.value.field == "date"
