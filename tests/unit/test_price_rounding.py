"""Local price points: defaults per currency, behaviours, floors, mirror endings (T18), properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuhai.domain.currency import get_minor_units
from chuhai.domain.money import Money
from chuhai.domain.price_rounding import (
    DEFAULT_POLICIES,
    Behaviour,
    RoundingPolicy,
    RoundingRange,
    get_policy,
    localise,
    localise_unit_price,
    mirror_ending,
    next_price_point,
    policy_from_dicts,
)
from chuhai.errors import InputError

T18_RATE = Decimal("0.8539")  # USD -> EUR: $9.99 converts to EUR 8.53, as in the Gumroad example


@pytest.mark.parametrize(
    ("usd", "eur"),
    [("9.99", "8.99"), ("10", "9.00"), ("12.34", "10.34")],
)
def test_t18_mirror_price_ending(usd: str, eur: str) -> None:
    """T18: the seller's USD ending is kept in EUR, at the nearest such price."""
    source = Money(usd, "USD")
    converted = Money(source.amount * T18_RATE, "EUR")
    assert mirror_ending(source, converted) == Money(eur, "EUR")


def test_mirror_ending_never_goes_below_the_floor() -> None:
    source = Money("12.34", "USD")
    converted = Money(source.amount * T18_RATE, "EUR")  # EUR 10.537...: nearest is 10.34
    assert mirror_ending(source, converted, floor=Money("10.50", "EUR")) == Money("11.34", "EUR")
    assert mirror_ending(source, converted, behaviour=Behaviour.UP) == Money("11.34", "EUR")
    assert mirror_ending(source, converted, behaviour=Behaviour.DOWN) == Money("10.34", "EUR")


def test_mirror_ending_refuses_an_ending_the_currency_cannot_show() -> None:
    with pytest.raises(InputError, match="cannot be written in JPY"):
        mirror_ending(Money("9.99", "USD"), Money("1480", "JPY"))


@pytest.mark.parametrize(
    ("currency", "price", "expected"),
    [
        ("USD", "12.34", "12.99"),
        ("USD", "12.99", "12.99"),
        ("EUR", "8.53", "8.99"),
        ("GBP", "20.01", "20.99"),
        ("CAD", "7", "7.99"),
        ("AUD", "9.20", "9.95"),
        ("AUD", "9.96", "10.95"),
        ("MYR", "9.50", "9.90"),
        ("SGD", "15.91", "16.90"),
        ("JPY", "912", "980"),
        ("JPY", "980", "980"),
        ("JPY", "1001", "1480"),
        ("JPY", "1700", "1980"),
        ("JPY", "2500", "2980"),
        ("JPY", "12345", "12800"),
        ("PHP", "95", "99"),
        ("PHP", "150", "199"),
        ("PHP", "1234", "1299"),
        ("KRW", "19850", "19900"),
        ("CNY", "39.5", "39.90"),
        ("CNY", "150", "159"),
        ("THB", "190", "199"),
        ("VND", "158200", "159000"),
        ("IDR", "98500", "99000"),
    ],
)
def test_default_endings_round_up(currency: str, price: str, expected: str) -> None:
    result = localise(Money(price, currency), policy=get_policy(currency))
    assert result == Money(expected, currency)
    assert result.to_minor() == Money(expected, currency).to_minor()  # at the minor unit


def test_eur_95_variant_and_plain_fallback() -> None:
    assert localise(Money("12.34", "EUR"), policy=get_policy("EUR", variant="95")) == Money(
        "12.95", "EUR"
    )
    assert localise(Money("10.001", "HUF"), policy=get_policy("HUF")) == Money("10.01", "HUF")
    with pytest.raises(InputError, match="no rounding variant"):
        get_policy("JPY", variant="95")


def test_behaviours_and_the_global_e_threshold() -> None:
    usd = RoundingPolicy(
        "USD",
        (
            RoundingRange(
                from_amount=Decimal(0),
                to_amount=None,
                step=Decimal(1),
                lower_target=Decimal("0.99"),
                upper_target=Decimal("0.99"),
                threshold=Decimal("0.39"),
                behaviour=Behaviour.NEAREST,
            ),
        ),
    )
    assert localise(Money("12.34", "USD"), policy=usd) == Money("11.99", "USD")  # below .39
    assert localise(Money("12.50", "USD"), policy=usd) == Money("12.99", "USD")  # from .39 up
    assert localise(Money("12.50", "USD"), policy=usd, behaviour=Behaviour.DOWN) == Money(
        "11.99", "USD"
    )
    assert localise(Money("12.34", "USD"), policy=usd, floor=Money("12.00", "USD")) == Money(
        "12.99", "USD"
    )


def test_nearest_without_threshold_takes_the_closer_point_ties_up() -> None:
    usd = get_policy("USD")
    assert localise(Money("12.34", "USD"), policy=usd, behaviour=Behaviour.NEAREST) == Money(
        "11.99", "USD"
    )
    assert localise(Money("12.49", "USD"), policy=usd, behaviour=Behaviour.NEAREST) == Money(
        "12.99", "USD"
    )


def test_a_price_below_every_point_rounds_up_even_when_asked_down() -> None:
    assert localise(Money("50", "JPY"), policy=get_policy("JPY"), behaviour=Behaviour.DOWN) == (
        Money("80", "JPY")
    )


def test_exceptions_are_kept_as_they_are() -> None:
    policy = policy_from_dicts(
        "EUR", [{"from": "0", "step": "1", "target": "0.99", "exceptions": ["0.50"]}]
    )
    assert localise(Money("12.50", "EUR"), policy=policy) == Money("12.50", "EUR")
    assert localise(Money("12.51", "EUR"), policy=policy) == Money("12.99", "EUR")


def test_user_override_wins_over_the_default() -> None:
    mine = policy_from_dicts("JPY", [{"from": "0", "step": "1000", "target": "980"}])
    assert get_policy("JPY", overrides={"JPY": mine}) is mine
    assert localise(Money("1001", "JPY"), policy=mine) == Money("1980", "JPY")


def test_convert_per_unit_then_round_then_multiply() -> None:
    unit, total = localise_unit_price(
        Money("10", "USD"), rate=T18_RATE, policy=get_policy("EUR"), quantity=3
    )
    assert (unit, total) == (Money("8.99", "EUR"), Money("26.97", "EUR"))
    # rounding the converted total instead would give 25.99: a different, wrong line total
    whole = localise(Money(Decimal(30) * T18_RATE, "EUR"), policy=get_policy("EUR"))
    assert whole == Money("25.99", "EUR")


def test_next_price_point_crosses_ranges() -> None:
    jpy = get_policy("JPY")
    assert next_price_point(Money("980", "JPY"), policy=jpy) == Money("1480", "JPY")
    assert next_price_point(Money("9980", "JPY"), policy=jpy) == Money("10800", "JPY")


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        ([{"from": "1", "step": "1", "target": "0.99"}], "start at 0"),
        ([{"from": "0", "to": "10", "step": "1", "target": "0.99"}], "no upper end"),
        ([{"from": "0", "step": "1", "target": "1.5"}], "must lie in"),
        ([{"from": "0", "step": "0", "target": "0"}], "positive"),
    ],
)
def test_bad_policies_are_refused(ranges: list[dict[str, str]], message: str) -> None:
    with pytest.raises(InputError, match=message):
        policy_from_dicts("EUR", ranges)


def test_targets_finer_than_the_minor_unit_are_refused() -> None:
    with pytest.raises(InputError, match="finer than the JPY minor unit"):
        policy_from_dicts("JPY", [{"from": "0", "step": "1", "target": "0.99"}])


def test_non_contiguous_ranges_are_refused() -> None:
    with pytest.raises(InputError, match="contiguous"):
        policy_from_dicts(
            "EUR",
            [
                {"from": "0", "to": "10", "step": "1", "target": "0.99"},
                {"from": "20", "step": "1", "target": "0.99"},
            ],
        )


def test_a_price_must_be_positive_and_in_the_policy_currency() -> None:
    with pytest.raises(InputError, match="positive"):
        localise(Money("0", "EUR"), policy=get_policy("EUR"))
    with pytest.raises(InputError, match="cannot round USD"):
        localise(Money("1", "USD"), policy=get_policy("EUR"))


def _on_grid(policy: RoundingPolicy, amount: Decimal) -> bool:
    r = policy.ranges[policy.range_of(amount)]
    return r.offset(amount) in (*r.targets, *r.exceptions)


@st.composite
def cases(draw: st.DrawFn) -> tuple[RoundingPolicy, Money, Money | None, Behaviour]:
    currency = draw(st.sampled_from(sorted(DEFAULT_POLICIES)))
    policy = DEFAULT_POLICIES[currency]
    digits = get_minor_units(currency)
    top = 10**8 if digits else 10**9

    def money(minor: int) -> Money:
        return Money.from_minor(minor, currency)

    price = money(draw(st.integers(1, top)))
    floor = draw(st.none() | st.integers(1, top).map(money))
    return policy, price, floor, draw(st.sampled_from(list(Behaviour)))


@given(cases())
def test_properties_floor_ending_idempotence(
    case: tuple[RoundingPolicy, Money, Money | None, Behaviour],
) -> None:
    policy, price, floor, behaviour = case
    result = localise(price, policy=policy, behaviour=behaviour, floor=floor)
    if floor is not None:
        assert result >= floor
    if behaviour is Behaviour.UP:
        assert result >= price
    assert _on_grid(policy, result.amount)
    for again in Behaviour:
        assert localise(result, policy=policy, behaviour=again) == result


@st.composite
def pairs(draw: st.DrawFn) -> tuple[RoundingPolicy, Money, Money, Behaviour]:
    currency = draw(st.sampled_from(sorted(DEFAULT_POLICIES)))
    top = 10**8 if get_minor_units(currency) else 10**9
    low = draw(st.integers(1, top))
    high = low + draw(st.integers(0, 300) | st.integers(0, top))  # near neighbours too
    a, b = Money.from_minor(low, currency), Money.from_minor(high, currency)
    return DEFAULT_POLICIES[currency], a, b, draw(st.sampled_from(list(Behaviour)))


@given(pairs())
def test_rounding_is_monotone(case: tuple[RoundingPolicy, Money, Money, Behaviour]) -> None:
    """a <= b  =>  round(a) <= round(b), in every currency and behaviour."""
    policy, a, b, behaviour = case
    assert localise(a, policy=policy, behaviour=behaviour) <= localise(
        b, policy=policy, behaviour=behaviour
    )


@given(pairs(), st.integers(1, 10**6))
def test_rounding_with_a_floor_is_monotone(
    case: tuple[RoundingPolicy, Money, Money, Behaviour], floor_minor: int
) -> None:
    policy, a, b, behaviour = case
    floor = Money.from_minor(floor_minor, a.currency)
    first = localise(a, policy=policy, behaviour=behaviour, floor=floor)
    assert first <= localise(b, policy=policy, behaviour=behaviour, floor=floor)
