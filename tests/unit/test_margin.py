"""Margin waterfall, price solving across regime bands, break-even CAC, OEM vs B2C (no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuhai.domain.channel_fees import Fee, FeeKind, user_fee
from chuhai.domain.margin import (
    CostLine,
    Economics,
    MarginTarget,
    OemDeal,
    QuoteBasis,
    Returns,
    Waterfall,
    calculate_break_even,
    calculate_waterfall,
    compare_oem_b2c,
    empty_quote,
)
from chuhai.domain.money import Money, quantize
from chuhai.domain.price_rounding import get_policy
from chuhai.domain.price_solver import solve_price
from chuhai.domain.quote import Charge, ChargeKind, Quote, RegimeUse, ValuedLine
from chuhai.domain.rule_schema import Source, Status
from chuhai.errors import CurrencyMismatchError, InputError

DAY = date(2026, 3, 2)
SOURCE = Source(
    source_id="src",
    title="Test source",
    url="https://example.org",
    publisher="test",
    retrieved_on=DAY,
    licence="n/a",
)


def eur(amount: str | Decimal) -> Money:
    return Money(amount, "EUR")


def charge(
    kind: ChargeKind,
    code: str,
    amount: str | Decimal,
    *,
    collected_by: str = "border",
    payer: str = "seller",
    status: Status = Status.OFFICIAL,
) -> Charge:
    return Charge(
        kind=kind,
        code=code,
        label=code,
        amount=quantize(eur(amount)),
        rate="",
        base=None,
        rule_id=f"rule:{code}",
        status=status,
        source=SOURCE,
        collected_by=collected_by,
        payer=payer,
    )


def make_quote(
    charges: list[Charge],
    *,
    goods: str = "0",
    units: str = "1",
    post_entry: str = "0",
    regime: str = "test_regime",
) -> Quote:
    line = ValuedLine(1, "66019900", "CN", Decimal(units), eur(goods), eur("0"), eur("0"),
                      eur(goods), regime)  # fmt: skip
    use = RegimeUse(regime, regime, (1,), Status.OFFICIAL, SOURCE)
    return Quote("DE", DAY, "EUR", [line], [use], charges, eur(post_entry), Decimal(units), {})


def payment(rate: str) -> Fee:
    return user_fee(FeeKind.PAYMENT, label=f"payment {rate}", rate=rate, as_of=DAY)


def commission(rate: str) -> Fee:
    return user_fee(
        FeeKind.COMMISSION, label=f"commission {rate}", rate=rate, as_of=DAY, per="unit"
    )


def test_t1_profit_and_margin_from_the_per_unit_landed_cost() -> None:
    """T1: EUR 3,284.10 for 200 units (EUR 16.42 each), price EUR 24.99, payment fee 2.9%."""
    quote = make_quote(
        [
            charge(ChargeKind.DUTY, "mfn", "84.17"),
            charge(ChargeKind.TAX, "vat", "339.93"),
            charge(ChargeKind.COST, "export fees", "40.05", collected_by="seller_cost"),
            charge(ChargeKind.COST, "brokerage", "95.00", collected_by="seller_cost"),
            charge(ChargeKind.COST, "last mile", "1020.00", collected_by="seller_cost"),
        ],
        goods="1294.95",
        units="200",
        post_entry="410",
    )
    assert quote.landed_total == eur("3284.10")
    assert quote.landed_per_unit == eur("16.42")
    economics = Economics(currency="EUR", basis=QuoteBasis.COST, fees=(payment("0.029"),))
    w = calculate_waterfall(price=eur("24.99"), quote=quote, economics=economics)
    landed = w.total("product") + w.total("landed")
    assert landed == eur("16.4205")  # the unrounded per-unit landed cost, as the peer uses
    assert quantize(w.contribution_margin) == eur("7.84")
    assert round(w.margin_rate * 100, 2) == Decimal("31.39")
    assert sum(w.rounded()) == eur("24.99")
    assert w.rounded()[-1] == eur("7.84")
    shown = w.to_dict()
    assert (shown["contribution_margin"], shown["margin_pct"]) == ("7.84", "31.39")
    assert sum(Decimal(line["amount"]) for line in shown["lines"]) == Decimal("24.99")


def test_sale_basis_counts_only_what_the_seller_pays() -> None:
    quote = make_quote(
        [
            charge(ChargeKind.DUTY, "mfn", "2.00"),
            charge(ChargeKind.TAX, "import_vat", "4.00", payer="buyer"),
            charge(ChargeKind.FEE, "handling", "2.00", collected_by="customs"),
        ],
        goods="20",
    )
    economics = Economics(
        currency="EUR", costs=(CostLine("goods", "goods", eur("8.00")),), basis=QuoteBasis.SALE
    )
    w = calculate_waterfall(price=eur("20"), quote=quote, economics=economics)
    assert [line.code for line in w.lines] == ["goods", "mfn", "handling", "margin"]
    assert w.contribution_margin == eur("8.00")
    assert "the buyer pays EUR 4.00 more on delivery (DAP)" in w.notes
    assert w.lines[1].source == "Test source (https://example.org)"


def test_the_waterfall_sums_to_the_revenue_with_every_kind_of_line() -> None:
    vat = charge(ChargeKind.TAX, "vat", "4.79", collected_by="platform")
    economics = Economics(
        currency="EUR",
        units=Decimal(2),
        costs=(
            CostLine("goods", "goods", eur("6.50")),
            CostLine("freight", "freight", eur("5.00"), per="order"),
        ),
        fees=(commission("0.15"), payment("0.02")),
        returns=Returns(rate=Decimal("0.05"), return_cost=eur("6.00")),
        cac=eur("3.00"),
        shipping_charged=eur("4.99"),
    )
    w = calculate_waterfall(
        price=eur("24.98"), quote=make_quote([vat], units="2"), economics=economics
    )
    assert w.revenue == eur("29.97")
    assert sum(line.amount for line in w.lines) == w.revenue
    returns = next(line for line in w.lines if line.code == "returns")
    assert returns.amount == (eur("29.97") + eur("6.00")) * Decimal("0.05")
    assert next(line for line in w.lines if line.code == "goods").amount == eur("13.00")
    assert w.total("acquisition") == eur("3.00")


def test_currencies_must_agree() -> None:
    with pytest.raises(CurrencyMismatchError):
        calculate_waterfall(
            price=Money("10", "USD"), quote=make_quote([]), economics=Economics(currency="EUR")
        )


@given(st.lists(st.integers(0, 10**7), min_size=1, max_size=8), st.integers(1, 10**8))
def test_rounded_lines_sum_to_the_revenue(parts: list[int], price: int) -> None:
    costs = tuple(
        CostLine(f"c{i}", "cost", eur(Decimal(p).scaleb(-4))) for i, p in enumerate(parts)
    )
    w = calculate_waterfall(
        price=Money.from_minor(price, "EUR"),
        quote=empty_quote("EUR", as_of=DAY),
        economics=Economics(currency="EUR", costs=costs, fees=(payment("0.029"),)),
    )
    shown = w.rounded()
    assert sum(shown) == w.revenue
    assert shown[-1] == quantize(w.contribution_margin)
    for line, amount in zip(w.lines, shown, strict=True):
        assert abs(line.amount.amount - amount.amount) <= Decimal("0.01")


Landed = Callable[[Money], Quote]


def no_charges(price: Money) -> Quote:
    return make_quote([], goods=str(price.amount))


def vat_inclusive(price: Money) -> Quote:
    vat = quantize(price * Decimal("0.19") / Decimal("1.19"))
    return make_quote([charge(ChargeKind.TAX, "vat", vat.amount, collected_by="platform")])


def de_minimis(
    *, threshold: str, below: Callable[[Money], Decimal], above: Callable[[Money], Decimal]
) -> Landed:
    def landed(price: Money) -> Quote:
        low = price.amount <= Decimal(threshold)
        duty = (below if low else above)(price)
        regime = "low_value" if low else "standard"
        return make_quote([charge(ChargeKind.DUTY, "duty", duty)], regime=regime)

    return landed


def economics(goods: str, *fees: Fee) -> Economics:
    return Economics(currency="EUR", costs=(CostLine("goods", "goods", eur(goods)),), fees=fees)


def gap(landed: Landed, *, econ: Economics, target: MarginTarget, price: Money) -> Money:
    w = calculate_waterfall(price=price, quote=landed(price), economics=econ)
    return w.contribution_margin - target.required(w.revenue)


def assert_lowest(landed: Landed, *, econ: Economics, target: MarginTarget, price: Money) -> None:
    assert gap(landed, econ=econ, target=target, price=price).amount >= 0
    assert gap(landed, econ=econ, target=target, price=price - eur("0.01")).amount < 0


TWENTY = MarginTarget(rate=Decimal("0.20"))


def test_solve_price_commission_on_the_gross_price() -> None:
    econ = economics("10", commission("0.15"))
    solution = solve_price(
        landed=no_charges, economics=econ, target=TWENTY, policy=get_policy("EUR")
    )
    assert solution.exact_price == eur("15.39")  # 10 / (1 - 0.15 - 0.20) = 15.3846...
    assert_lowest(no_charges, econ=econ, target=TWENTY, price=solution.exact_price)
    assert solution.price == eur("15.99")
    assert solution.waterfall.margin_rate >= Decimal("0.20")


def test_solve_price_with_vat_inside_the_price() -> None:
    econ = economics("10", commission("0.15"))
    solution = solve_price(landed=vat_inclusive, economics=econ, target=TWENTY)
    assert_lowest(vat_inclusive, econ=econ, target=TWENTY, price=solution.exact_price)
    assert solution.exact_price == eur("20.40")  # 10 / (1 - 0.15 - 0.19/1.19 - 0.20) = 20.394


def test_solve_price_to_an_absolute_margin() -> None:
    econ = economics("10", commission("0.15"))
    target = MarginTarget(amount=eur("5"))
    solution = solve_price(landed=no_charges, economics=econ, target=target)
    assert solution.exact_price == eur("17.65")  # 15 / 0.85 = 17.647
    assert_lowest(no_charges, econ=econ, target=target, price=solution.exact_price)


def free(_: Money) -> Decimal:
    return Decimal(0)


def ten_percent(price: Money) -> Decimal:
    return quantize(price * Decimal("0.10")).amount


def test_the_low_value_band_answers_when_its_candidate_lies_inside_it() -> None:
    landed = de_minimis(threshold="150", below=free, above=ten_percent)
    solution = solve_price(
        landed=landed, economics=economics("100", commission("0.10")), target=TWENTY
    )
    assert solution.exact_price == eur("142.86")
    assert solution.exact_waterfall.bands == ("low_value",)


def test_a_candidate_past_the_threshold_is_solved_again_in_the_next_band() -> None:
    landed = de_minimis(threshold="150", below=free, above=ten_percent)
    econ = economics("110", commission("0.10"))
    solution = solve_price(landed=landed, economics=econ, target=TWENTY)
    assert solution.exact_price == eur("183.33")  # 110 / 0.6, the duty rounded to the cent
    assert solution.exact_waterfall.bands == ("standard",)
    assert_lowest(landed, econ=econ, target=TWENTY, price=solution.exact_price)
    assert solution.steps[0].startswith("low_value: target not met before the band ends")


def test_the_first_price_of_a_cheaper_band_answers_in_the_grey_zone() -> None:
    def specific_duty(_: Money) -> Decimal:
        return Decimal(30)

    landed = de_minimis(
        threshold="150", below=specific_duty, above=free
    )  # a flat charge below, none above
    solution = solve_price(
        landed=landed, economics=economics("100", commission("0.10")), target=TWENTY
    )
    # below: 130 / 0.7 = 185.71 (outside its band); above: 100 / 0.7 = 142.86 (outside too)
    assert solution.exact_price == eur("150.01")
    assert solution.exact_waterfall.bands == ("standard",)


def test_rounding_up_into_a_costlier_band_moves_to_the_next_price_point() -> None:
    landed = de_minimis(threshold="149.95", below=free, above=ten_percent)
    econ = economics("104.72", commission("0.10"))
    solution = solve_price(landed=landed, economics=econ, target=TWENTY, policy=get_policy("EUR"))
    assert solution.exact_price == eur("149.60")
    assert solution.price == eur("174.99")  # 149.99 crosses into duty; 104.72 / 0.6 = 174.53
    assert solution.waterfall.margin_rate >= Decimal("0.20")
    assert any("costlier band" in step for step in solution.steps)


def test_an_unreachable_target_is_refused() -> None:
    with pytest.raises(InputError, match="cannot be reached"):
        solve_price(landed=no_charges, economics=economics("10", commission("0.85")), target=TWENTY)


@pytest.mark.parametrize(
    "kwargs", [{}, {"rate": Decimal("0.2"), "amount": eur("1")}, {"rate": Decimal("1.2")}]
)
def test_a_target_is_a_rate_below_one_or_an_amount(kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        MarginTarget(**kwargs)  # type: ignore[arg-type]


def waterfall(goods: str, cac: str, margin: str) -> Waterfall:
    w = calculate_waterfall(
        price=eur(Decimal(goods) + Decimal(cac) + Decimal(margin)),
        quote=empty_quote("EUR", as_of=DAY),
        economics=Economics(
            currency="EUR", costs=(CostLine("goods", "goods", eur(goods)),), cac=eur(cac)
        ),
    )
    assert w.contribution_margin == eur(margin)
    return w


def test_break_even_cac_and_roas() -> None:
    be = calculate_break_even(waterfall("18", "4", "8"))
    assert (be.cac, be.roas, be.margin_before_cac) == (eur("12"), Decimal("2.5"), eur("12"))
    kept = calculate_break_even(waterfall("18", "4", "8"), target=TWENTY)
    assert kept.cac == eur("6.0")
    assert kept.roas == Decimal(5)
    lost = calculate_break_even(waterfall("30", "4", "-4"))
    assert (lost.cac, lost.roas) == (eur("0.00"), None)


def test_oem_beside_b2c_per_unit_and_in_total() -> None:
    oem = OemDeal(fob_price=Money("60", "CNY"), oem_cost=Money("52", "CNY"), volume=Decimal(10000))
    w = waterfall("10", "2", "6")
    rows = compare_oem_b2c(
        oem=oem, options=[("DE", "amazon_de", w, Decimal(500), Decimal("7.8"))], currency="CNY"
    )
    assert [(r.model, r.margin_per_unit, r.total_margin) for r in rows] == [
        ("OEM", Money("8", "CNY"), Money("80000", "CNY")),
        ("B2C", Money("46.8", "CNY"), Money("23400.0", "CNY")),
    ]
    assert rows[1].price_per_unit == Money("140.4", "CNY")
    assert rows[1].local_price == eur("18")
    with pytest.raises(CurrencyMismatchError):
        compare_oem_b2c(oem=oem, options=[], currency="USD")


def test_a_multi_unit_order_is_localised_per_unit_then_multiplied() -> None:
    econ = Economics(
        currency="EUR",
        units=Decimal(3),
        costs=(CostLine("goods", "goods", eur("10")),),
        fees=(commission("0.15"),),
    )
    solution = solve_price(
        landed=no_charges, economics=econ, target=TWENTY, policy=get_policy("EUR")
    )
    assert solution.exact_price == eur("46.16")  # 30 / 0.65 = 46.154
    assert solution.price == eur("47.97")  # 3 x EUR 15.99, not EUR 46.99


@settings(max_examples=40, deadline=None)
@given(
    st.integers(100, 100_000),
    st.integers(0, 30),
    st.integers(0, 40),
)
def test_the_solved_price_is_always_the_lowest_meeting_the_target(
    goods_minor: int, commission_pct: int, target_pct: int
) -> None:
    econ = economics(
        str(Decimal(goods_minor).scaleb(-2)), commission(str(Decimal(commission_pct) / 100))
    )
    target = MarginTarget(rate=Decimal(target_pct) / 100)
    solution = solve_price(landed=vat_inclusive, economics=econ, target=target)
    assert_lowest(vat_inclusive, econ=econ, target=target, price=solution.exact_price)
