"""Money: exactness, immutability, currency safety, one rounding point, allocation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuhai.domain.currency import MINOR_UNITS, get_minor_units
from chuhai.domain.money import Money, Rounding, allocate, quantize
from chuhai.errors import CurrencyMismatchError, InputError, UnknownCurrencyError

currencies = st.sampled_from(sorted(MINOR_UNITS))
amounts = st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False)


def test_float_is_refused() -> None:
    with pytest.raises(TypeError, match="float"):
        Money(1.1, "USD")  # type: ignore[arg-type]


def test_bad_text_names_the_field() -> None:
    with pytest.raises(InputError, match="not a number"):
        Money("1,1", "USD")


def test_unknown_currency() -> None:
    with pytest.raises(UnknownCurrencyError):
        Money("1", "XXX")


def test_mixing_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatchError):
        _ = Money("1", "USD") + Money("1", "EUR")
    with pytest.raises(CurrencyMismatchError):
        _ = Money("1", "USD") < Money("1", "EUR")


def test_immutable_and_hashable() -> None:
    money = Money("1.50", "EUR")
    with pytest.raises(AttributeError):
        money.amount = Decimal(2)  # type: ignore[misc]
    assert {money, Money("1.5", "EUR")} == {Money("1.50", "EUR")}


def test_arithmetic_never_rounds() -> None:
    assert (Money("1", "JPY") / 3).amount == Decimal(1) / Decimal(3)
    assert (Money("0.10", "USD") * Decimal("0.125")).amount == Decimal("0.01250")


@pytest.mark.parametrize(
    ("amount", "currency", "mode", "expected"),
    [
        ("2.345", "EUR", Rounding.HALF_UP, "2.35"),
        ("2.345", "EUR", Rounding.HALF_EVEN, "2.34"),
        ("2.355", "EUR", Rounding.HALF_EVEN, "2.36"),
        ("-2.345", "EUR", Rounding.HALF_UP, "-2.35"),
        ("1499.5", "JPY", Rounding.HALF_UP, "1500"),
        ("1.0005", "KWD", Rounding.HALF_UP, "1.001"),
        ("9.999", "USD", Rounding.DOWN, "9.99"),
        ("9.991", "USD", Rounding.UP, "10.00"),
    ],
)
def test_quantize_modes(amount: str, currency: str, mode: Rounding, expected: str) -> None:
    assert quantize(Money(amount, currency), rounding=mode) == Money(expected, currency)


def test_minor_units_follow_iso_not_cldr() -> None:
    assert [get_minor_units(c) for c in ("HUF", "IDR", "COP", "JPY", "KRW", "VND")] == [
        2,
        2,
        2,
        0,
        0,
        0,
    ]


@given(amounts, currencies)
def test_minor_round_trip(amount: Decimal, currency: str) -> None:
    money = quantize(Money(amount, currency))
    assert Money.from_minor(money.to_minor(), currency) == money


@given(amounts, amounts, currencies)
def test_addition_is_exact_and_commutative(a: Decimal, b: Decimal, currency: str) -> None:
    assert Money(a, currency) + Money(b, currency) == Money(b, currency) + Money(a, currency)
    assert (Money(a, currency) + Money(b, currency)).amount == a + b


@given(st.lists(amounts, min_size=1, max_size=20), currencies)
def test_sum_matches_decimal_sum(values: list[Decimal], currency: str) -> None:
    assert sum(Money(v, currency) for v in values) == Money(sum(values), currency)


@given(amounts, currencies)
def test_quantize_moves_less_than_half_a_minor_unit(amount: Decimal, currency: str) -> None:
    rounded = quantize(Money(amount, currency))
    assert abs(rounded.amount - amount) <= Decimal("0.5").scaleb(-get_minor_units(currency))


@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(any),
    currencies,
)
def test_allocation_sums_to_the_whole(minor: int, weights: list[int], currency: str) -> None:
    total = Money.from_minor(minor, currency)
    parts = allocate(total, weights)
    assert sum(parts) == total
    unit = Decimal(1).scaleb(-get_minor_units(currency))
    whole = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = total.amount * weight / whole
        assert abs(part.amount - exact) < unit


def test_allocation_refuses_unrounded_totals_and_zero_weights() -> None:
    with pytest.raises(ValueError, match="quantize"):
        allocate(Money("1.005", "EUR"), [1, 1])
    with pytest.raises(ValueError, match="zero"):
        allocate(Money("1.00", "EUR"), [0, 0])
