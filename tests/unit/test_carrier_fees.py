"""Carriers' DDP surcharges: lanes, dates, amounts, conversion and their waterfall line (no I/O)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from tests.unit.test_margin import (
    assert_lowest,
    charge,
    commission,
    de_minimis,
    eur,
    make_quote,
    ten_percent,
)

from chuhai.domain.carrier_fees import CarrierFee, advanced_at_border, select_carrier_fee
from chuhai.domain.channel_fees import Confidence, Fee
from chuhai.domain.fx import FxMethod, FxQuote
from chuhai.domain.margin import CostLine, Economics, MarginTarget, calculate_waterfall
from chuhai.domain.money import Money
from chuhai.domain.price_solver import solve_price
from chuhai.domain.quote import ChargeKind
from chuhai.errors import CurrencyMismatchError, InputError, RuleNotFoundError

DAY = date(2026, 3, 2)


def fee(**extra: object) -> CarrierFee:
    values: dict[str, object] = {
        "fee_id": "x:ddp:1",
        "carrier": "x",
        "carrier_name": "X Express",
        "label": "disbursement fee",
        "confidence": Confidence.MEDIUM,
        "source": "test source",
        **extra,
    }
    return CarrierFee(**values)  # type: ignore[arg-type]


def test_a_fee_covers_its_lanes_and_dates_but_never_a_domestic_lane() -> None:
    dated = fee(
        fixed=eur("10"),
        ship_from=("US",),
        destinations=("DE", "FR"),
        valid_from=date(2026, 1, 1),
        valid_to=date(2027, 1, 1),
    )
    assert dated.applies(ship_from="US", destination="DE", day=date(2026, 1, 1))
    assert not dated.applies(ship_from="US", destination="DE", day=date(2027, 1, 1))
    assert not dated.applies(ship_from="US", destination="DE", day=date(2025, 12, 31))
    assert not dated.applies(ship_from="CN", destination="DE", day=DAY)
    assert not dated.applies(ship_from="US", destination="GB", day=DAY)
    assert not fee(fixed=eur("10")).applies(ship_from="DE", destination="DE", day=DAY)


def test_a_rate_of_the_duties_and_taxes_with_a_fixed_part_and_a_minimum() -> None:
    mixed = fee(rate=Decimal("0.02"), fixed=eur("5"), minimum=eur("8"))
    assert mixed.amount_on(eur("100")) == eur("8")  # 2 + 5 < 8
    assert mixed.amount_on(eur("500")) == eur("15")
    assert fee(rate=Decimal("0.025")).amount_on(eur("40")) == eur("1")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({}, "fixed"),
        ({"rate": Decimal("1.5")}, "rate"),
        ({"fixed": eur("1"), "valid_from": DAY, "valid_to": DAY}, "valid_to"),
    ],
)
def test_a_bad_figure_is_refused(extra: dict[str, object], field: str) -> None:
    with pytest.raises(InputError, match=f"field '{field}'"):
        fee(**extra)
    with pytest.raises(CurrencyMismatchError):
        fee(fixed=eur("1"), minimum=Money("1", "USD"))


def test_conversion_records_the_rate_its_date_and_source() -> None:
    usd = fee(fixed=Money("15", "USD"))
    quote = FxQuote("USD", "EUR", Decimal("0.9"), DAY, "ecb_eurofxref", "official", FxMethod.DAILY)
    converted = usd.converted(quote)
    assert converted.fixed == Money("13.5", "EUR")
    assert "USD amounts at 0.9 EUR/USD of 2026-03-02 (ecb_eurofxref)" in converted.describe()
    assert "test source" in converted.describe()


def test_the_destination_figure_beats_the_general_one_and_none_is_refused() -> None:
    general = fee(fee_id="x:1", fixed=eur("10"))
    german = fee(fee_id="x:2", fixed=eur("12"), destinations=("DE",))
    found = select_carrier_fee(
        [general, german], carrier="x", ship_from="CN", destination="DE", day=DAY
    )
    assert found is german
    found = select_carrier_fee(
        [general, german], carrier="x", ship_from="CN", destination="FR", day=DAY
    )
    assert found is general
    with pytest.raises(RuleNotFoundError, match=r"field 'carrier'.*--carrier-fee"):
        select_carrier_fee([general], carrier="y", ship_from="CN", destination="DE", day=DAY)


def ddp_economics(goods: str, carrier: CarrierFee | None, *fees: Fee) -> Economics:
    costs = (CostLine("goods", "goods", eur(goods)),)
    return Economics(currency="EUR", costs=costs, fees=fees, carrier_fee=carrier)


def test_the_surcharge_is_its_own_line_when_the_carrier_advances_something() -> None:
    quote = make_quote(
        [
            charge(ChargeKind.DUTY, "mfn", "4.00"),
            charge(ChargeKind.TAX, "vat", "6.00"),
            charge(ChargeKind.TAX, "ioss_vat", "1.00", collected_by="platform"),
            charge(ChargeKind.COST, "brokerage", "9.00", collected_by="seller_cost"),
        ]
    )
    assert advanced_at_border(quote) == eur("10.00")
    carrier = fee(rate=Decimal("0.02"), fixed=eur("5"))
    w = calculate_waterfall(price=eur("60"), quote=quote, economics=ddp_economics("20", carrier))
    line = next(line for line in w.lines if line.code == "carrier_ddp")
    assert (line.group, line.amount, line.confidence) == ("carrier", eur("5.20"), "medium")
    assert line.label == "X Express: disbursement fee"
    assert line.source == "test source"
    assert {"mfn", "vat"} <= {line.code for line in w.lines if line.group == "landed"}
    assert "x:ddp:1" in w.bands
    assert sum(line.amount for line in w.lines) == w.revenue


@pytest.mark.parametrize(
    "charges",
    [
        [],  # under a de minimis: nothing due
        [charge(ChargeKind.TAX, "vat", "6.00", collected_by="platform")],  # IOSS-style
        [charge(ChargeKind.DUTY, "mfn", "4.00", payer="buyer")],  # DAP: the buyer pays
    ],
)
def test_no_surcharge_when_the_carrier_advances_nothing(charges: list[object]) -> None:
    quote = make_quote(charges)  # type: ignore[arg-type]
    economics = ddp_economics("20", fee(fixed=eur("15")))
    w = calculate_waterfall(price=eur("60"), quote=quote, economics=economics)
    assert "carrier_ddp" not in {line.code for line in w.lines}
    assert not any(band.startswith("x:") for band in w.bands)


def test_the_solver_prices_the_surcharge_in_when_crossing_into_duty() -> None:
    """Below EUR 150 nothing is due (no surcharge); above, 10% duty and the EUR 15 surcharge."""
    landed = de_minimis(threshold="150", below=lambda _: Decimal(0), above=ten_percent)
    target = MarginTarget(rate=Decimal("0.20"))
    economics = ddp_economics("110", fee(fixed=eur("15")), commission("0.10"))
    solution = solve_price(landed=landed, economics=economics, target=target)
    assert solution.exact_price == eur("208.33")  # (110 + 15) / (1 - 0.10 - 0.10 - 0.20)
    assert solution.exact_waterfall.bands == ("standard", "x:ddp:1")
    assert_lowest(landed, econ=economics, target=target, price=solution.exact_price)
    plain = ddp_economics("110", None, commission("0.10"))
    assert solve_price(landed=landed, economics=plain, target=target).exact_price == eur("183.33")
