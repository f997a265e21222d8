"""Golden cases and properties of the price solver: JPY, thresholds, targets, sums (no I/O)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.test_margin import Landed, assert_lowest, charge, commission, gap, make_quote

from chuhai.domain.carrier_fees import CarrierFee
from chuhai.domain.channel_fees import Confidence, Fee
from chuhai.domain.fx_buffer import FxBuffer
from chuhai.domain.margin import CostLine, Economics, MarginTarget, calculate_waterfall
from chuhai.domain.money import Money, quantize
from chuhai.domain.price_rounding import get_policy
from chuhai.domain.price_solver import solve_price
from chuhai.domain.quote import ChargeKind, Quote

DAY = date(2026, 3, 2)


def yen(amount: str | int | Decimal) -> Money:
    return Money(amount, "JPY")


def jpy_quote(price: Money) -> Quote:
    return Quote("JP", DAY, "JPY", [], [], [], yen(0), Decimal(1), {})


@pytest.mark.parametrize(
    ("goods", "exact", "local"),
    [
        ("500", "715", "780"),  # 500 / 0.7 = 714.3: the ¥80 ending below ¥1,000
        ("620", "886", "980"),  # 620 / 0.7 = 885.7 -> ¥980
        ("1000", "1429", "1480"),  # 1000 / 0.7 = 1428.6 -> ¥1,480
        ("7000", "10000", "10800"),  # exactly ¥10,000 -> ¥10,800
    ],
)
def test_jpy_is_solved_in_whole_yen_and_rounded_to_its_endings(
    goods: str, exact: str, local: str
) -> None:
    """JPY has no minor unit (woocommerce-payments #9932): commission 10%, target 20%."""
    fee = commission("0.10")
    econ = Economics(currency="JPY", costs=(CostLine("goods", "goods", yen(goods)),), fees=(fee,))
    target = MarginTarget(rate=Decimal("0.20"))
    solution = solve_price(
        landed=jpy_quote, economics=econ, target=target, policy=get_policy("JPY")
    )
    assert solution.exact_price == yen(exact)
    assert solution.exact_price.amount == solution.exact_price.amount.to_integral_value()
    assert solution.price == yen(local)
    assert solution.waterfall.margin_rate >= Decimal("0.20")
    below = calculate_waterfall(price=yen(int(exact) - 1), quote=jpy_quote(yen(0)), economics=econ)
    assert below.margin_rate < Decimal("0.20")
    assert [str(m.amount) for m in solution.waterfall.rounded()][-1].isdigit()


def stepped(threshold: Decimal, duty_rate: Decimal) -> Landed:
    """Nothing due up to ``threshold``; above it duty on the whole price (a de minimis)."""

    def landed(price: Money) -> Quote:
        low = price.amount <= threshold
        duty = Decimal(0) if low else quantize(price * duty_rate).amount
        regime = "low_value" if low else "standard"
        return make_quote([charge(ChargeKind.DUTY, "duty", duty)], regime=regime)

    return landed


def ups(amount: str = "15") -> CarrierFee:
    return CarrierFee(
        fee_id="ups:test", carrier="ups", carrier_name="UPS", label="DDP surcharge",
        confidence=Confidence.MEDIUM, fixed=Money(amount, "EUR"),
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    goods=st.integers(1_000, 30_000),
    threshold=st.integers(5_000, 40_000),
    duty_pct=st.integers(1, 30),
    target_pct=st.integers(0, 40),
    surcharge=st.booleans(),
)
def test_a_threshold_flip_returns_the_consistent_band_s_lowest_price(
    goods: int, threshold: int, duty_pct: int, target_pct: int, surcharge: bool
) -> None:
    """Whichever side of the threshold the answer lies, no cheaper price meets the target."""
    edge = Decimal(threshold).scaleb(-2)
    landed = stepped(edge, Decimal(duty_pct) / 100)
    costs = (CostLine("goods", "goods", Money(Decimal(goods).scaleb(-2), "EUR")),)
    econ = Economics(
        currency="EUR",
        costs=costs,
        fees=(commission("0.10"),),
        carrier_fee=ups() if surcharge else None,
    )
    target = MarginTarget(rate=Decimal(target_pct) / 100)
    solution = solve_price(landed=landed, economics=econ, target=target)
    exact = solution.exact_price
    assert_lowest(landed, econ=econ, target=target, price=exact)
    band = "low_value" if exact.amount <= edge else "standard"
    assert solution.exact_waterfall.bands[0] == band  # the waterfall is the band's own
    if band == "standard":  # the low band's best (its top price) fell short
        top = Money(edge, "EUR")
        assert gap(landed, econ=econ, target=target, price=top).amount < 0


def economics(goods: Decimal, fees: tuple[Fee, ...], *, carrier: bool, buffer: int) -> Economics:
    rate = Decimal(buffer) / 100
    return Economics(
        currency="EUR",
        costs=(CostLine("goods", "goods", Money(goods, "EUR")),),
        fees=fees,
        carrier_fee=ups("12.50") if carrier else None,
        fx_buffer=FxBuffer(rate, "EUR", "CNY") if buffer else None,
    )


def vat_and_duty(price: Money) -> Quote:
    vat = quantize(price * Decimal("0.19") / Decimal("1.19"))
    duty = quantize(price * Decimal("0.04"))
    return make_quote(
        [charge(ChargeKind.TAX, "vat", vat.amount), charge(ChargeKind.DUTY, "duty", duty.amount)]
    )


@settings(max_examples=50, deadline=None)
@given(
    goods=st.integers(100, 50_000),
    commission_pct=st.integers(0, 25),
    target_pct=st.integers(-10, 40),
    buffer_pct=st.integers(0, 5),
    carrier=st.booleans(),
)
def test_the_solved_and_localised_prices_meet_the_target(
    goods: int, commission_pct: int, target_pct: int, buffer_pct: int, carrier: bool
) -> None:
    fees = (commission(str(Decimal(commission_pct) / 100)),)
    econ = economics(Decimal(goods).scaleb(-2), fees, carrier=carrier, buffer=buffer_pct)
    target = MarginTarget(rate=Decimal(target_pct) / 100)
    solution = solve_price(
        landed=vat_and_duty, economics=econ, target=target, policy=get_policy("EUR")
    )
    assert_lowest(vat_and_duty, econ=econ, target=target, price=solution.exact_price)
    for w in (solution.exact_waterfall, solution.waterfall):
        assert w.contribution_margin >= target.required(w.revenue)
    assert solution.price >= solution.exact_price


@settings(max_examples=80, deadline=None)
@given(
    price=st.integers(1, 10**7),
    goods=st.integers(0, 10**6),
    buffer_pct=st.integers(0, 10),
    carrier=st.booleans(),
)
def test_the_waterfall_sums_to_the_price_with_every_line(
    price: int, goods: int, buffer_pct: int, carrier: bool
) -> None:
    econ = economics(
        Decimal(goods).scaleb(-2), (commission("0.15"),), carrier=carrier, buffer=buffer_pct
    )
    amount = Money.from_minor(price, "EUR")
    w = calculate_waterfall(price=amount, quote=vat_and_duty(amount), economics=econ)
    assert sum(line.amount for line in w.lines) == w.revenue == amount
    shown = w.rounded()
    assert sum(shown) == amount
    assert ("carrier_ddp" in {line.code for line in w.lines}) == (
        carrier and bool(w.total("landed"))
    )
