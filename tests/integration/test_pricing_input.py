"""Products, channels, catalogues, fee figures and price points from plain values (shipped packs)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chuhai.domain.channel_fees import FeeKind
from chuhai.domain.consignment import Incoterm
from chuhai.domain.money import Money
from chuhai.errors import ImportRejected, InputError, UnknownCurrencyError, UnknownHSCodeError
from chuhai.services.fee_pack import list_fee_channels, show_fees
from chuhai.services.price_list import read_catalogue
from chuhai.services.price_points import round_price
from chuhai.services.pricing_input import (
    parse_carrier_fee,
    parse_fee_overrides,
    parse_fx_buffers,
    parse_money,
    parse_target,
    product_from_dict,
    rounding_policies,
)
from chuhai.services.sales_channels import channel_from_dict, channels_from_document

DAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45 CNY", Money("45", "CNY")),
        ("CNY 45.10", Money("45.10", "CNY")),
        (" 3 eur ", Money("3", "EUR")),
    ],
)
def test_money_is_read_exactly(text: str, expected: Money) -> None:
    assert parse_money(text, field="freight") == expected


@pytest.mark.parametrize("text", ["45", "45 CNY EUR", "CNY", "-3 EUR", "4,5 EUR"])
def test_unreadable_money_names_the_field(text: str) -> None:
    with pytest.raises(InputError, match="field 'freight'"):
        parse_money(text, field="freight")


def test_a_product_takes_its_category_from_the_hs_code() -> None:
    product = product_from_dict(
        {"hs_code": "6404.11", "unit_cost": "95 CNY", "unit_weight_g": "800"}
    )
    assert (product.category, product.unit_weight_kg, product.origin) == (
        "footwear",
        Decimal("0.8"),
        "CN",
    )
    with pytest.raises(InputError, match="no fee category"):
        product_from_dict({"hs_code": "8471.30", "unit_cost": "1 CNY"})
    with pytest.raises(UnknownHSCodeError, match="not an HS 2022 code"):
        product_from_dict({"hs_code": "9999.99", "unit_cost": "1 CNY"})


def test_a_catalogue_lists_every_bad_row() -> None:
    content = (
        b"sku,hs_code,unit_cost,currency\n"
        b"A,6601.99,68,CNY\n"
        b"B,66A1,68,CNY\n"
        b"A,6601.99,70,CNY\n"
        b"C,6601.99,-1,CNY\n"
    )
    with pytest.raises(ImportRejected) as caught:
        read_catalogue("catalogue.csv", content)
    problems = [(p.row, p.field) for p in caught.value.problems]
    assert problems == [(3, "hs_code"), (4, "sku"), (5, "unit_cost")]
    with pytest.raises(ImportRejected) as missing:
        read_catalogue("catalogue.csv", b"sku,unit_cost\nA,1\n")
    assert [(p.row, p.field) for p in missing.value.problems] == [(1, "hs_code")]


def test_a_channel_document_with_every_option() -> None:
    (channel,) = channels_from_document(
        {
            "channels": [
                {
                    "market": "DEU", "channel": "amazon_de", "freight": "45 CNY",
                    "providers": "airwallex, lianlian", "units": 2, "incoterm": "dap",
                    "tax_inclusive": "no", "cac": "2.50", "return_rate_pct": Decimal("5"),
                    "return_cost": "3 EUR", "fees": {"commission": "0.09"},
                    "waive": ["transaction"], "use_range_upper": True,
                }
            ]
        },
        as_of=DAY,
    )  # fmt: skip
    assert (channel.market, channel.units, channel.incoterm) == ("DE", Decimal(2), Incoterm.DAP)
    assert channel.providers == ("airwallex", "lianlian")
    assert channel.shows_tax is False
    assert channel.cac == Money("2.50", "EUR")
    assert channel.returns is not None
    assert channel.returns.rate == Decimal("0.05")
    assert [f.kind for f in channel.fee_overrides] == [FeeKind.COMMISSION]
    assert channel.waive == (FeeKind.TRANSACTION,)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"market": "XZ", "channel": "direct"}, "channels.0.market"),
        ({"market": "DE", "channel": "amazon_xx"}, "channels.0.channel"),
        ({"market": "DE", "channel": "direct", "providers": ["nope"]}, "channels.0.providers"),
        ({"market": "DE", "channel": "direct", "cac": "2 USD"}, "channels.0.cac"),
        ({"market": "DE", "channel": "direct", "units": "1.5"}, "channels.0.units"),
        ({"market": "DE", "channel": "direct", "mode": "drone"}, "channels.0.mode"),
        ({"market": "DE", "channel": "direct", "return_cost": "3"}, "channels.0.return_rate_pct"),
    ],
)
def test_a_bad_channel_names_its_field(values: dict[str, object], field: str) -> None:
    with pytest.raises(InputError, match=f"field '{field}'"):
        channel_from_dict(values, as_of=DAY, where="channels.0.")


def test_fee_figures_rates_and_fixed_amounts() -> None:
    fees = parse_fee_overrides(
        ["commission=0.09", "payment=0.029+0.30 USD", "order_fee=0.30 EUR"], as_of=DAY
    )
    assert [(f.kind, f.rate, f.fixed) for f in fees] == [
        (FeeKind.COMMISSION, Decimal("0.09"), None),
        (FeeKind.PAYMENT, Decimal("0.029"), Money("0.30", "USD")),
        (FeeKind.ORDER_FEE, None, Money("0.30", "EUR")),
    ]
    for bad in ("commission", "commission=15", "bribe=0.1"):
        with pytest.raises(InputError, match="fee"):
            parse_fee_overrides([bad], as_of=DAY)


def test_targets_and_rounding_policies() -> None:
    assert parse_target(pct="20", currency="EUR").rate == Decimal("0.20")
    assert parse_target(amount="5", currency="EUR").amount == Money("5", "EUR")
    with pytest.raises(InputError, match="one of the two"):
        parse_target(pct="20", amount="5", currency="EUR")
    policies = rounding_policies(
        ["EUR=95"], document={"GBP": [{"from": "0", "to": "", "step": "1", "target": "0.49"}]}
    )
    assert round_price(
        Money("12.34", "EUR"), currency="EUR", policy=policies["EUR"]
    ).price == Money("12.95", "EUR")
    assert round_price(
        Money("12.34", "GBP"), currency="GBP", policy=policies["GBP"]
    ).price == Money("12.49", "GBP")


def test_a_mirrored_price_at_the_shipped_rate() -> None:
    point = round_price(None, currency="EUR", mirror_from=Money("9.99", "USD"), as_of=DAY)
    assert point.price.amount % 1 == Decimal("0.99")
    assert point.rate_source.startswith("ecb_eurofxref")
    with pytest.raises(InputError, match="field 'rate'"):
        round_price(None, currency="EUR", mirror_from=Money("9.99", "USD"))


def test_the_fee_pack_by_channel_and_figure() -> None:
    (commission,) = [
        f
        for f in show_fees("amazon_de", category="umbrellas", as_of=DAY)
        if f.kind.value == "commission"
    ]
    assert commission.rate == Decimal("0.15")
    every = show_fees("amazon_de", category="apparel")
    assert (
        len([f for f in every if f.kind is FeeKind.COMMISSION]) == 2
    )  # before and after 2025-12-15
    unparsed = list_fee_channels(market="DE", status="unparsed", category="umbrellas")
    assert all(c.by_status.keys() == {"unparsed"} for c in unparsed)
    assert "tiktok_shop_de" in {c.channel_id for c in unparsed}


def test_fx_buffers_in_percent_globally_or_per_currency() -> None:
    assert parse_fx_buffers(["2", "EUR=3"]) == {"*": Decimal("0.02"), "EUR": Decimal("0.03")}
    assert parse_fx_buffers({"usd": 1, "*": "0.5"}) == {
        "USD": Decimal("0.01"),
        "*": Decimal("0.005"),
    }
    assert parse_fx_buffers(Decimal(2)) == {"*": Decimal("0.02")}
    assert parse_fx_buffers(None) == {}
    for bad in ("100", "-1", "XYZ=2", "two"):
        with pytest.raises(InputError, match="field 'fx_buffer_pct'"):
            parse_fx_buffers([bad])


def test_a_channel_s_buffer_beats_its_currency_s_and_the_global_one() -> None:
    document = {
        "fx_buffer_pct": {"EUR": 3, "*": 2},
        "channels": [
            {"market": "DE", "channel": "direct"},
            {"market": "US", "channel": "direct"},
            {"market": "FR", "channel": "direct", "fx_buffer_pct": "1.5"},
        ],
    }
    de, us, fr = channels_from_document(document, as_of=DAY)
    assert (de.fx_buffer, us.fx_buffer, fr.fx_buffer) == (
        Decimal("0.03"),
        Decimal("0.02"),
        Decimal("0.015"),
    )
    cli = {"EUR": Decimal("0.04")}
    de, us, fr = channels_from_document(document, as_of=DAY, fx_buffers=cli)
    assert (de.fx_buffer, us.fx_buffer, fr.fx_buffer) == (
        Decimal("0.04"),
        Decimal("0.02"),
        Decimal("0.015"),
    )
    assert channel_from_dict({"market": "DE", "channel": "direct"}, as_of=DAY).fx_buffer == 0
    with pytest.raises(InputError, match="field 'fx_buffer_pct'") as caught:
        channels_from_document({**document, "fx_buffer_pct": 120}, as_of=DAY, file="ch.yaml")
    assert caught.value.file == "ch.yaml"


def test_a_channel_with_a_carrier_and_your_figure() -> None:
    values = {
        "market": "CA", "channel": "direct", "ship_from": "USA", "carrier": "UPS",
        "carrier_fee": "0.02+15 USD",
    }  # fmt: skip
    ch = channel_from_dict(values, as_of=DAY)
    assert (ch.ship_from, ch.carrier) == ("US", "ups")
    assert ch.carrier_fee is not None
    assert (ch.carrier_fee.rate, ch.carrier_fee.fixed) == (Decimal("0.02"), Money("15", "USD"))
    assert ch.carrier_fee.confidence.value == "user"
    assert parse_carrier_fee("15 USD", carrier=None, as_of=DAY).rate is None
    for bad in ("15", "fifteen", "0.02+15", "+"):
        with pytest.raises(InputError, match=r"field 'channels\.0\.carrier_fee'"):
            channel_from_dict({**values, "carrier_fee": bad}, as_of=DAY, where="channels.0.")


@pytest.mark.parametrize(
    ("values", "field", "error"),
    [
        ({"currency": "XYZ"}, "currency", UnknownCurrencyError),
        ({"unit_cost": "68 XYZ"}, "unit_cost", UnknownCurrencyError),
        ({"unit_cost": "-68"}, "unit_cost", InputError),
        ({"china_cost": "-1"}, "china_cost", InputError),
    ],
)
def test_a_bad_product_names_its_field(
    values: dict[str, str], field: str, error: type[InputError]
) -> None:
    with pytest.raises(error, match=f"field '{field}'"):
        product_from_dict({"hs_code": "6601.99", "unit_cost": "68", **values})


@pytest.mark.parametrize("pct", ["100", "150", "-100"])
def test_a_target_margin_of_100_percent_or_more_names_its_field(pct: str) -> None:
    with pytest.raises(InputError, match=r"field 'target_margin_pct'.*below 100%"):
        parse_target(pct=pct, currency="EUR")
