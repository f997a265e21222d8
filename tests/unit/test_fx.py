"""Exchange-rate domain: quotes, providers, chaining and conversion (in-memory tables, no I/O)."""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuhai.domain.fx import (
    RATE_CONTEXT,
    FxMethod,
    FxQuote,
    convert,
    eu_customs_reference_date,
    worse_status,
)
from chuhai.domain.fx_providers import AnnualRates, ChainedRates, DailyRates, UserRate, UserRates
from chuhai.domain.money import Money
from chuhai.errors import (
    CurrencyMismatchError,
    FXRateNotFoundError,
    InputError,
    PackError,
    UnknownCurrencyError,
)

# ECB reference rates (units per EUR) copied from eurofxref-hist for a few October 2026 days.
ECB_ROWS = {
    date(2026, 10, 20): ("1.1215", "7.4894", "70.804"),
    date(2026, 10, 21): ("1.1234", "7.4999", "71.121"),
    date(2026, 10, 22): ("1.1205", "7.4786", "71.162"),
    date(2026, 10, 29): ("1.113", "7.4144", "71.052"),
    date(2026, 10, 30): ("1.1172", "7.4326", "71.143"),
}
FIRST, LAST = date(2026, 10, 20), date(2026, 10, 30)
WB_VND = {2022: "23271.2125", 2023: "23787.3191666667", 2024: "24164.8858333333"}


def ecb_table(*, skip: tuple[date, ...] = (), max_staleness_days: int = 7) -> DailyRates:
    series: dict[str, list[tuple[date, Decimal]]] = {"USD": [], "CNY": [], "PHP": []}
    for day, values in sorted(ECB_ROWS.items()):
        if day not in skip:
            for code, value in zip(series, values, strict=True):
                series[code].append((day, Decimal(value)))
    return DailyRates(
        series, source_id="ecb_eurofxref", label="ECB", max_staleness_days=max_staleness_days
    )


def wb_table() -> AnnualRates:
    series = {
        "VND": {y: Decimal(v) for y, v in WB_VND.items()},
        "KES": {2024: Decimal("129.2")},
    }
    return AnnualRates(series, source_id="wb_pa_nus_fcrf", label="World Bank")


def pegs() -> UserRates:
    return UserRates(
        [
            UserRate("USD", "SAR", Decimal("3.75"), date(2015, 1, 1), None, "SAMA peg",
                     status="official", source_id="sama_usd_peg"),
            UserRate("USD", "AED", Decimal("3.6725"), date(2015, 1, 1), None, "CBUAE peg",
                     status="official", source_id="cbuae_usd_peg"),
        ],
        label="official pegs",
    )  # fmt: skip


def shipped_like(*extra: UserRates) -> ChainedRates:
    return ChainedRates([*extra, ecb_table(), pegs(), wb_table()])


class TestFxQuote:
    def test_rejects_a_non_positive_rate_and_an_unknown_status(self) -> None:
        with pytest.raises(InputError):
            FxQuote("USD", "EUR", Decimal(0), LAST, "x", "official", FxMethod.DAILY)
        with pytest.raises(InputError, match="status"):
            FxQuote("USD", "EUR", Decimal(1), LAST, "x", "guessed", FxMethod.DAILY)

    def test_convert_is_unrounded_and_checks_the_currency(self) -> None:
        quote = ecb_table().get_rate("EUR", "USD", as_of=LAST)
        assert quote.convert(Money("10.01", "EUR")) == Money("11.183172", "USD")
        with pytest.raises(CurrencyMismatchError):
            quote.convert(Money("1", "USD"))

    def test_inverse_swaps_the_pair_and_names_the_original(self) -> None:
        quote = ecb_table().get_rate("EUR", "USD", as_of=LAST).inverse()
        assert (quote.base, quote.quote) == ("USD", "EUR")
        assert quote.rate == RATE_CONTEXT.divide(Decimal(1), Decimal("1.1172"))
        assert quote.note.startswith("inverse of EUR->USD")

    @given(
        rate=st.decimals(min_value="0.0001", max_value="100000", places=6),
        amount=st.decimals(min_value="0.01", max_value="10000000", places=2),
    )
    def test_converting_there_and_back_returns_the_amount(
        self, rate: Decimal, amount: Decimal
    ) -> None:
        quote = FxQuote("USD", "VND", rate, LAST, "x", "official", FxMethod.DAILY)
        back = quote.inverse().convert(quote.convert(Money(amount, "USD")))
        assert back.currency == "USD"
        assert abs(back.amount - amount) <= amount * Decimal("1e-26")

    @given(rate=st.decimals(min_value="0.0001", max_value="100000", places=6))
    def test_inverse_of_inverse_is_the_rate_to_28_digits(self, rate: Decimal) -> None:
        quote = FxQuote("USD", "VND", rate, LAST, "x", "official", FxMethod.DAILY)
        assert abs(quote.inverse().inverse().rate - rate) <= rate * Decimal("1e-27")


class TestDailyRates:
    def test_cross_rate_is_one_exact_division_via_eur(self) -> None:
        quote = ecb_table().get_rate("CNY", "USD", as_of=LAST)
        assert quote.rate == Decimal("1.1172") / Decimal("7.4326")  # default context: 28 digits
        assert quote.rate == Decimal("0.1503107929930307025805236391")
        assert (quote.rate_date, quote.status, quote.source_id) == (
            LAST,
            "official",
            "ecb_eurofxref",
        )
        assert quote.note == "ECB reference rate, cross via EUR"

    def test_the_callers_decimal_context_does_not_change_the_rate(self) -> None:
        with decimal.localcontext(decimal.Context(prec=5, rounding=decimal.ROUND_DOWN)):
            rate = ecb_table().get_rate("CNY", "USD", as_of=LAST).rate
        assert rate == Decimal("0.1503107929930307025805236391")

    def test_eur_legs_are_the_published_figure_or_its_inverse(self) -> None:
        table = ecb_table()
        assert table.get_rate("EUR", "PHP", as_of=LAST).rate == Decimal("71.143")
        assert table.get_rate("PHP", "EUR", as_of=LAST).rate == 1 / Decimal("71.143")

    def test_a_weekend_uses_the_preceding_friday(self) -> None:
        quote = ecb_table().get_rate("EUR", "USD", as_of=date(2026, 11, 1))
        assert (quote.rate, quote.rate_date, quote.status) == (Decimal("1.1172"), LAST, "official")
        assert quote.note == "ECB reference rate of 2026-10-30 (latest on or before 2026-11-01)"

    def test_a_publication_more_than_three_days_old_is_estimated(self) -> None:
        quote = ecb_table().get_rate("EUR", "USD", as_of=date(2026, 11, 3))
        assert quote.status == "estimated"
        assert quote.note == "latest ECB rate 2026-10-30, 4 days before 2026-11-03"

    def test_a_stale_rate_is_refused_naming_pair_date_and_latest(self) -> None:
        with pytest.raises(FXRateNotFoundError) as caught:
            ecb_table().get_rate("CNY", "USD", as_of=date(2026, 11, 29))
        message = str(caught.value)
        assert message.startswith("no CNY->USD rate for 2026-11-29 (daily): ")
        assert "latest ECB rate for CNY is of 2026-10-30, 30 days before 2026-11-29" in message

    def test_a_larger_allowance_accepts_it_as_estimated(self) -> None:
        table = ecb_table(max_staleness_days=31)
        quote = table.get_rate("EUR", "USD", as_of=date(2026, 11, 29))
        assert (quote.rate_date, quote.status) == (LAST, "estimated")
        assert quote.note == "latest ECB rate 2026-10-30, 30 days before 2026-11-29"

    def test_a_date_before_the_first_publication_is_refused(self) -> None:
        with pytest.raises(FXRateNotFoundError, match="before the first ECB rate for USD"):
            ecb_table().get_rate("EUR", "USD", as_of=FIRST - timedelta(days=1))

    def test_an_unpublished_currency_and_the_annual_method_are_refused(self) -> None:
        with pytest.raises(FXRateNotFoundError, match="ECB does not publish VND"):
            ecb_table().get_rate("EUR", "VND", as_of=LAST)
        with pytest.raises(FXRateNotFoundError, match="daily rates only"):
            ecb_table().get_rate("EUR", "USD", as_of=LAST, method=FxMethod.ANNUAL)

    def test_unsorted_series_are_a_pack_error(self) -> None:
        rows = [(LAST, Decimal(1)), (FIRST, Decimal(1))]
        with pytest.raises(PackError):
            DailyRates({"USD": rows}, source_id="x", label="X")

    @given(day=st.integers(min_value=1, max_value=30))
    def test_eu_customs_month_uses_the_penultimate_wednesday_before(self, day: int) -> None:
        as_of = date(2026, 11, day)
        quote = ecb_table().get_rate(
            "EUR", "USD", as_of=as_of, method=FxMethod.MONTHLY_PENULTIMATE_WEDNESDAY
        )
        assert (quote.rate, quote.rate_date, quote.status) == (
            Decimal("1.1234"),
            date(2026, 10, 21),
            "official",
        )
        assert quote.method is FxMethod.MONTHLY_PENULTIMATE_WEDNESDAY
        assert quote.note.startswith(
            "EU customs rate for 2026-11: ECB reference rate of 2026-10-21"
        )

    def test_eu_customs_month_without_that_wednesday_takes_the_day_before(self) -> None:
        table = ecb_table(skip=(date(2026, 10, 21),))
        quote = table.get_rate(
            "EUR", "USD", as_of=date(2026, 11, 5), method=FxMethod.MONTHLY_PENULTIMATE_WEDNESDAY
        )
        assert (quote.rate, quote.rate_date) == (Decimal("1.1215"), date(2026, 10, 20))
        assert "latest before 2026-10-21" in quote.note


@given(as_of=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_eu_customs_reference_date_is_the_penultimate_wednesday_of_last_month(
    as_of: date,
) -> None:
    reference = eu_customs_reference_date(as_of)
    previous_month = as_of.replace(day=1) - timedelta(days=1)
    assert reference.weekday() == 2
    assert (reference.year, reference.month) == (previous_month.year, previous_month.month)
    assert (reference + timedelta(days=7)).month == reference.month
    assert (reference + timedelta(days=14)).month != reference.month


class TestUserRates:
    def test_answers_its_pair_and_the_inverse_inside_its_range(self) -> None:
        bank = UserRates(
            [UserRate("USD", "PHP", Decimal("58.1"), date(2026, 11, 1), date(2026, 12, 1), "bank")]
        )
        quote = bank.get_rate("USD", "PHP", as_of=date(2026, 11, 30))
        assert (quote.rate, quote.status, quote.source_id) == (
            Decimal("58.1"),
            "provisional",
            "user",
        )
        assert bank.get_rate("PHP", "USD", as_of=date(2026, 11, 1)).base == "PHP"
        with pytest.raises(FXRateNotFoundError, match="valid only 2026-11-01 to 2026-12-01"):
            bank.get_rate("USD", "PHP", as_of=date(2026, 12, 1))  # valid_to is exclusive

    def test_overlapping_ranges_are_refused(self) -> None:
        rates = [
            UserRate("USD", "PHP", Decimal("58"), date(2026, 11, 1), None, "a"),
            UserRate("USD", "PHP", Decimal("59"), date(2026, 12, 1), None, "b"),
        ]
        with pytest.raises(InputError, match="overlap"):
            UserRates(rates)

    def test_a_user_rate_checks_its_fields(self) -> None:
        with pytest.raises(UnknownCurrencyError) as caught:
            UserRate("USD", "XYZ", Decimal(1), LAST, None, "x")
        assert caught.value.field == "quote"
        with pytest.raises(InputError, match="valid_to"):
            UserRate("USD", "PHP", Decimal(1), LAST, LAST, "x")
        with pytest.raises(InputError, match="positive"):
            UserRate("USD", "PHP", Decimal(-1), LAST, None, "x")

    def test_user_rates_take_precedence_over_the_ecb(self) -> None:
        customs = UserRates(
            [UserRate("EUR", "USD", Decimal("1.12"), date(2026, 10, 1), date(2026, 11, 1),
                      "customs monthly rate", status="official", source_id="customs")]
        )  # fmt: skip
        chain = shipped_like(customs)
        assert chain.get_rate("EUR", "USD", as_of=LAST).source_id == "customs"
        assert chain.get_rate("EUR", "USD", as_of=date(2026, 11, 2)).source_id == "ecb_eurofxref"


class TestAnnualRates:
    def test_the_year_of_as_of_is_official_with_the_annual_method(self) -> None:
        quote = wb_table().get_rate("USD", "VND", as_of=date(2024, 7, 1), method=FxMethod.ANNUAL)
        assert (quote.rate, quote.status, quote.rate_date) == (
            Decimal("24164.8858333333"),
            "official",
            date(2024, 1, 1),
        )

    def test_falls_back_to_an_earlier_year_as_estimated(self) -> None:
        quote = wb_table().get_rate("USD", "VND", as_of=date(2026, 7, 1), method=FxMethod.ANNUAL)
        assert (quote.rate_date, quote.status) == (date(2024, 1, 1), "estimated")
        assert quote.note == "World Bank annual average 2024 (latest for 2026)"

    def test_more_than_two_years_old_or_before_the_first_year_is_refused(self) -> None:
        with pytest.raises(FXRateNotFoundError, match="VND is 2024, more than 2 years"):
            wb_table().get_rate("USD", "VND", as_of=date(2027, 1, 1), method=FxMethod.ANNUAL)
        with pytest.raises(FXRateNotFoundError, match="before the first World Bank average"):
            wb_table().get_rate("USD", "VND", as_of=date(2021, 1, 1), method=FxMethod.ANNUAL)

    def test_stands_in_for_a_daily_rate_as_estimated(self) -> None:
        quote = wb_table().get_rate("USD", "VND", as_of=date(2024, 7, 1))
        assert (quote.method, quote.status) == (FxMethod.ANNUAL, "estimated")
        assert quote.note.startswith("no daily rate; World Bank annual average 2024")

    def test_crosses_via_usd_with_each_currency_s_latest_year(self) -> None:
        quote = wb_table().get_rate("KES", "VND", as_of=date(2024, 7, 1), method=FxMethod.ANNUAL)
        assert quote.rate == RATE_CONTEXT.divide(Decimal("24164.8858333333"), Decimal("129.2"))
        assert quote.note.endswith("cross via USD")


class TestChainedRates:
    def test_mixed_sources_cross_via_usd_with_the_worse_status(self) -> None:
        quote = shipped_like().get_rate("CNY", "VND", as_of=LAST)
        usd_per_cny = RATE_CONTEXT.divide(Decimal("7.4326"), Decimal("1.1172"))
        assert quote.rate == RATE_CONTEXT.divide(Decimal("24164.8858333333"), usd_per_cny)
        assert quote.source_id == "ecb_eurofxref+wb_pa_nus_fcrf"
        assert (quote.status, quote.method, quote.rate_date) == (
            "estimated",
            FxMethod.ANNUAL,
            date(2024, 1, 1),
        )
        assert quote.note.startswith("cross via USD [USD->CNY ecb_eurofxref 2026-10-30")

    def test_pegs_cross_exactly(self) -> None:
        quote = shipped_like().get_rate("SAR", "AED", as_of=LAST)
        assert quote.rate == RATE_CONTEXT.divide(Decimal("3.6725"), Decimal("3.75"))
        assert (quote.status, quote.source_id) == ("official", "sama_usd_peg+cbuae_usd_peg")

    def test_a_cross_with_better_legs_beats_a_worse_direct_answer(self) -> None:
        user = UserRates([UserRate("EUR", "VND", Decimal("27000"), FIRST, None, "bank")])
        quote = shipped_like(user).get_rate("CNY", "VND", as_of=LAST)
        assert quote.source_id == "ecb_eurofxref+user"
        assert quote.rate == RATE_CONTEXT.divide(Decimal("27000"), Decimal("7.4326"))

    def test_no_answer_names_the_pair_the_date_and_each_source(self) -> None:
        with pytest.raises(FXRateNotFoundError) as caught:
            shipped_like().get_rate("CNY", "USD", as_of=date(2026, 12, 24))
        message = str(caught.value)
        assert message.startswith("no CNY->USD rate for 2026-12-24 (daily): ")
        assert "latest ECB rate for CNY is of 2026-10-30" in message
        assert "World Bank has no annual average for CNY" in message

    @pytest.mark.parametrize(
        ("base", "quote", "field"), [("XYZ", "USD", "base"), ("USD", "", "quote")]
    )
    def test_an_unknown_currency_names_the_field(self, base: str, quote: str, field: str) -> None:
        with pytest.raises(UnknownCurrencyError) as caught:
            shipped_like().get_rate(base, quote, as_of=LAST)
        assert caught.value.field == field


class TestConvert:
    def test_same_currency_is_the_identity(self) -> None:
        money, quote = convert(Money("12.34", "CNY"), "cny", as_of=LAST, rates=shipped_like())
        assert money == Money("12.34", "CNY")
        assert (quote.rate, quote.source_id, quote.status) == (Decimal(1), "identity", "official")

    def test_returns_the_amount_and_the_quote_it_used(self) -> None:
        money, quote = convert(Money("100", "CNY"), "USD", as_of=LAST, rates=shipped_like())
        assert money == Money("15.03107929930307025805236391", "USD")
        assert quote.rate_date == LAST

    def test_an_unknown_target_names_the_field(self) -> None:
        with pytest.raises(UnknownCurrencyError) as caught:
            convert(Money("1", "USD"), "ABC", as_of=LAST, rates=shipped_like())
        assert caught.value.field == "to"


def test_worse_status_orders_official_provisional_estimated() -> None:
    assert worse_status("official", "provisional") == "provisional"
    assert worse_status("estimated", "official") == "estimated"
