"""The FX buffer: its own waterfall line on the payout converted home, priced in by the solver."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from tests.unit.test_margin import assert_lowest, charge, commission, eur, make_quote, no_charges

from chuhai.domain.channel_fees import FeeKind, user_fee
from chuhai.domain.fx import FxMethod, FxQuote
from chuhai.domain.fx_buffer import FxBuffer
from chuhai.domain.margin import CostLine, Economics, MarginTarget, calculate_waterfall
from chuhai.domain.money import Money
from chuhai.domain.price_rounding import get_policy
from chuhai.domain.price_solver import solve_price
from chuhai.domain.quote import ChargeKind
from chuhai.errors import CurrencyMismatchError, InputError

DAY = date(2026, 3, 2)
REFERENCE = FxQuote("EUR", "CNY", Decimal("7.80"), DAY, "ecb_eurofxref", "official", FxMethod.DAILY)


def buffer(rate: str = "0.02") -> FxBuffer:
    return FxBuffer(Decimal(rate), "EUR", "CNY", REFERENCE)


def test_the_buffer_names_the_conversion_and_its_reference_rate() -> None:
    b = buffer()
    assert b.label == "FX buffer 2% on EUR→CNY"
    assert b.describe() == (
        "supplied by the user; reference 7.80 CNY/EUR of 2026-03-02 (ecb_eurofxref), "
        "priced at 7.6440"
    )
    assert b.amount_on(eur("50")) == eur("1.00")
    assert b.amount_on(eur("-5")) == eur("0")  # nothing to convert on a loss
    with pytest.raises(CurrencyMismatchError):
        b.amount_on(Money("50", "USD"))


@pytest.mark.parametrize("rate", ["-0.01", "1", "1.5"])
def test_a_buffer_is_a_fraction_below_one(rate: str) -> None:
    with pytest.raises(InputError, match="field 'fx_buffer_pct'"):
        buffer(rate)


def test_the_buffer_is_on_the_payout_and_apart_from_the_fx_markup() -> None:
    markup = user_fee(FeeKind.FX_MARKUP, label="provider FX markup", rate="0.005", as_of=DAY)
    economics = Economics(
        currency="EUR",
        costs=(CostLine("goods", "goods", eur("10")),),
        fees=(commission("0.15"), markup),
        fx_buffer=buffer(),
    )
    vat = charge(ChargeKind.TAX, "vat", "3.99", collected_by="platform")
    w = calculate_waterfall(price=eur("24.99"), quote=make_quote([vat]), economics=economics)
    lines = {line.code: line for line in w.lines}
    payout = eur("24.99") - eur("3.99") - lines["commission"].amount - lines["fx_markup"].amount
    assert lines["fx_buffer"].amount == payout * Decimal("0.02")
    assert (lines["fx_buffer"].group, lines["fx_markup"].group) == ("fx", "channel")
    assert lines["fx_buffer"].label == "FX buffer 2% on EUR→CNY"
    assert "7.80 CNY/EUR of 2026-03-02 (ecb_eurofxref)" in lines["fx_buffer"].source
    assert sum(line.amount for line in w.lines) == w.revenue


def test_the_solver_prices_the_buffer_in() -> None:
    """Goods EUR 10, commission 15%, buffer 2% of the payout, margin 20%: P x 0.633 >= 10."""
    target = MarginTarget(rate=Decimal("0.20"))
    costs = (CostLine("goods", "goods", eur("10")),)
    econ = Economics(currency="EUR", costs=costs, fees=(commission("0.15"),), fx_buffer=buffer())
    solution = solve_price(
        landed=no_charges, economics=econ, target=target, policy=get_policy("EUR")
    )
    assert solution.exact_price == eur("15.80")  # 10 / (1 - 0.15 - 0.02 x 0.85 - 0.20) = 15.798
    assert_lowest(no_charges, econ=econ, target=target, price=solution.exact_price)
    assert solution.price == eur("15.99")
    plain = Economics(currency="EUR", costs=costs, fees=(commission("0.15"),))
    assert solve_price(landed=no_charges, economics=plain, target=target).exact_price == eur(
        "15.39"
    )
    zero = Economics(currency="EUR", costs=costs, fees=(commission("0.15"),), fx_buffer=buffer("0"))
    assert solve_price(landed=no_charges, economics=zero, target=target).exact_price == eur("15.39")
