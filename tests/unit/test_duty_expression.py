"""Duty rates as the US, UK/EU, Japanese and Brazilian schedules write them, hand-computed."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuhai.domain.duty_expression import DutyKind, parse_duty_expression
from chuhai.domain.duty_units import CANONICAL_UNITS, get_unit
from chuhai.domain.money import Money, quantize
from chuhai.errors import DutyExpressionError, UnknownCurrencyError


def duty(
    text: str,
    value: str,
    currency: str,
    quantities: Mapping[str, str] | None = None,
    **kwargs: object,
) -> Money:
    parsed = parse_duty_expression(text)
    measured = {unit: Decimal(q) for unit, q in (quantities or {}).items()}
    return parsed.evaluate(value=Money(value, currency), quantities=measured, **kwargs)  # type: ignore[arg-type]


def eur_to_gbp(money: Money, currency: str) -> Money:
    assert (money.currency, currency) == ("EUR", "GBP")
    return Money(money.amount * Decimal("0.8571"), "GBP")


def usd_to_brl(money: Money, currency: str) -> Money:
    assert (money.currency, currency) == ("USD", "BRL")
    return Money(money.amount * Decimal("5"), "BRL")


# --- free ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Free",
        "free",
        "0%",
        "0.00%",
        "無税",
        "(無税)",
        "（無税）",
        "免税",
        "0.00 EUR / tonne",
        "Free, under bond, as prescribed in U.S. note 1 to this subchapter",
        "Free (See U.S. note 4 of this subchapter)",
    ],
)
def test_free_is_zero_and_needs_nothing(text: str) -> None:
    parsed = parse_duty_expression(text)
    assert parsed.is_free
    assert parsed.kind is DutyKind.FREE
    assert parsed.units == frozenset()
    assert parsed.ad_valorem_rate == 0
    assert parsed.evaluate(value=Money("123.45", "USD"), quantities={}) == Money("0", "USD")


# --- ad valorem ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("6.5%", "0.065"),
        ("8.00%", "0.08"),
        ("21.3%", "0.213"),
        ("6.5% ", "0.065"),
        ("(10.9%)", "0.109"),  # JP: the WTO bound rate
        ("（10.9%）", "0.109"),
        ("**(61.9%)", "0.619"),  # JP footnote marks
        ("12 1/2%", "0.125"),  # HTS column 2 writes fractions
        ("6.5% on the entire set", "0.065"),
    ],
)
def test_ad_valorem_rate_is_a_fraction(text: str, rate: str) -> None:
    parsed = parse_duty_expression(text)
    assert parsed.is_ad_valorem
    assert parsed.ad_valorem_rate == Decimal(rate)
    assert parsed.kind is DutyKind.AD_VALOREM
    assert parsed.evaluate(value=Money("200.00", "USD"), quantities={}) == Money(
        Decimal("200.00") * Decimal(rate), "USD"
    )


def test_evaluate_does_not_round() -> None:
    assert duty("6.5%", "10.01", "USD") == Money("0.65065", "USD")
    assert duty("6.5%", "10.01", "USD").amount == Decimal("0.65065")


# --- specific -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quantities", "expected"),
    [
        ("$0.90/kg", {"kg": "12.5"}, "11.25"),
        ("0.9¢/kg", {"kg": "1000"}, "9"),
        ("37.5¢/doz. pr.", {"pair": "24"}, "0.75"),
        ("$3.60/doz.", {"item": "30"}, "9.00"),
        ("1.5¢/liter", {"l": "200"}, "3.00"),
        ("4.5¢/ liter", {"l": "200"}, "9.00"),
        ("$1.035/kg", {"kg": "10"}, "10.35"),
        ("4.4¢/m2", {"m2": "50"}, "2.20"),
        ("$1.32/pr.", {"pair": "5"}, "6.60"),
        ("0.9¢ each", {"item": "100"}, "0.90"),
        ("$1.80 each", {"item": "3"}, "5.40"),
        ("5¢/No.", {"item": "10"}, "0.50"),
        ("68¢/head", {"item": "3"}, "2.04"),
        ("6.5¢/gross", {"item": "288"}, "0.13"),
        ("38.4¢/1000", {"item": "5000"}, "1.92"),
        ("10¢/1,000 pins", {"item": "5000"}, "0.50"),
        ("10.5¢/bbl", {"l": "317.974589856"}, "0.21"),
        ("23.7¢/pf.liter", {"l_proof": "10"}, "2.37"),
        ("18.7¢/clean kg", {"kg_clean": "100"}, "18.70"),
        ("3.7¢/kg on drained weight", {"kg_drained": "100"}, "3.70"),
        ("5¢/kg on contents and container", {"kg_gross": "10"}, "0.50"),
        ("1.7¢/kg on lead content", {"kg_lead": "100"}, "1.70"),
        ("3.6606¢/kg of total sugars", {"kg_total_sugars": "100"}, "3.6606"),
        ("$1.13/m3", {"m3": "2"}, "2.26"),
        ("39.7¢/t", {"kg": "2000"}, "0.794"),
        ("0.3¢/line/ gross", {"line_item": "1440"}, "0.03"),
    ],
)
def test_us_specific(text: str, quantities: dict[str, str], expected: str) -> None:
    parsed = parse_duty_expression(text)
    assert parsed.kind is DutyKind.SPECIFIC
    assert not parsed.is_ad_valorem
    assert parsed.units == frozenset(quantities)
    assert duty(text, "999.99", "USD", quantities) == Money(expected, "USD")


@pytest.mark.parametrize(
    ("text", "quantities", "expected"),
    [
        ("35.10 GBP / 100 kg", {"kg": "10000"}, "GBP 3510.00"),
        ("2.50 GBP / 100 kg", {"kg": "40"}, "GBP 1.00"),
        ("126.00 GBP/100kg", {"kg": "50"}, "GBP 63.00"),
        ("121.00 GBP/1000kg", {"kg": "500"}, "GBP 60.50"),
        ("89.00 EUR / tonne", {"kg": "2500"}, "EUR 222.50"),
        ("2,765.00 EUR / tonne", {"kg": "100"}, "EUR 276.50"),
        ("1.00 EUR / 100 p/st", {"item": "250"}, "EUR 2.50"),
        ("5.00 EUR / 1000 p/st", {"item": "2000"}, "EUR 10.00"),
        ("52.00 EUR / 1,000 items", {"item": "500"}, "EUR 26.00"),
        ("0.20 GBP/ item", {"item": "7"}, "GBP 1.40"),
        ("2.00 EUR / m3", {"m3": "3"}, "EUR 6.00"),
        ("26.00 GBP / hl", {"l": "250"}, "GBP 65.00"),
        ("3.00 EUR / kg net", {"kg": "2"}, "EUR 6.00"),
        ("0.30 GBP/100kg/net/%sacchar.", {"kg_sucrose": "40"}, "GBP 12.00"),
        ("0.40 EUR / 100 kg /net/ % sacchar.", {"kg_sucrose": "40"}, "EUR 16.00"),
        ("1.00 EUR / % vol / hl", {"l_alcohol": "40"}, "EUR 40.00"),
        ("1.10 GBP/kg/lactic matter", {"kg_lactic_matter": "10"}, "GBP 11.00"),
        ("42.00 GBP/100kg mas", {"kg_dry_matter": "100"}, "GBP 42.00"),
        ("50.70 EUR / 100 kg / net dry", {"kg_dry_matter": "100"}, "EUR 50.70"),
        ("28.00 GBP/100kg std qual", {"kg_std_quality": "200"}, "GBP 56.00"),
        ("161.50円/kg", {"kg": "10"}, "JPY 1615.00"),
        ("3,400,000円/頭", {"item": "2"}, "JPY 6800000"),
        ("54円/kg", {"kg": "3"}, "JPY 162"),
        ("4,300円/足", {"pair": "3"}, "JPY 12900"),
        ("(3,033円/kl)", {"l": "2000"}, "JPY 6066"),
        ("624円/MT", {"kg": "5000"}, "JPY 3120"),
        ("(290.70円/1,000本)", {"item": "20000"}, "JPY 5814"),
        ("1.25円/本", {"item": "4"}, "JPY 5.00"),
        ("130円/㎡", {"m2": "2"}, "JPY 260"),
        ("1kgにつき10円", {"kg": "3"}, "JPY 30"),
    ],
)
def test_uk_eu_jp_specific(text: str, quantities: dict[str, str], expected: str) -> None:
    currency, amount = expected.split()
    assert duty(text, "1", currency, quantities) == Money(amount, currency)


def test_same_rate_in_euro_is_converted_to_the_value_currency() -> None:
    result = duty("35.10 EUR / 100 kg", "1000.00", "GBP", {"kg": "10000"}, convert=eur_to_gbp)
    assert result == Money("3008.421", "GBP")
    assert quantize(result) == Money("3008.42", "GBP")


def test_other_currency_without_convert_raises() -> None:
    with pytest.raises(DutyExpressionError, match="EUR but the value is in GBP"):
        duty("35.10 EUR / 100 kg", "1000.00", "GBP", {"kg": "10000"})


def test_convert_must_return_the_value_currency() -> None:
    with pytest.raises(DutyExpressionError, match="not GBP"):
        duty("1 EUR / kg", "1", "GBP", {"kg": "1"}, convert=lambda money, _c: money)


# --- compound -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "quantities", "expected"),
    [
        ("$0.9/kg + 6%", "USD 100", {"kg": "10"}, "15.00"),
        ("2.2¢/kg + 25%", "USD 40", {"kg": "100"}, "12.20"),
        ("$1.035/kg +13.6%", "USD 100", {"kg": "10"}, "23.95"),
        ("5.7¢/kg on drained weight +8%", "USD 100", {"kg_drained": "10"}, "8.57"),
        ("13.5¢/kg + 6.3% + 1.9¢/article", "USD 100", {"kg": "10", "item": "10"}, "7.84"),
        ("36¢ each + 5.6% + 2¢/jewel", "USD 100", {"item": "2", "jewel": "34"}, "7.00"),
        ("12.00% + 2.50 GBP / 100 kg", "GBP 1000", {"kg": "200"}, "125.00"),
        ("21.3%＋54円/kg", "JPY 10000", {"kg": "5"}, "2400"),
        ("29.8%+\n915円/kg", "JPY 10000", {"kg": "1"}, "3895"),
        ("*29.8%＋396円/kg", "JPY 10000", {"kg": "1"}, "3376"),
    ],
)
def test_compound_is_the_sum_of_its_parts(
    text: str, value: str, quantities: dict[str, str], expected: str
) -> None:
    currency, amount = value.split()
    assert parse_duty_expression(text).kind is DutyKind.COMPOUND
    assert duty(text, amount, currency, quantities) == Money(expected, currency)


def test_two_specific_parts_are_specific() -> None:
    parsed = parse_duty_expression("4.4¢/liter + 31.4¢/pf. liter")
    assert parsed.kind is DutyKind.SPECIFIC
    assert parsed.units == {"l", "l_proof"}
    assert duty(parsed.text, "1", "USD", {"l": "10", "l_proof": "4"}) == Money("1.696", "USD")


# --- deductions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"), [("100", "40"), ("20", "0"), ("33.34", "0.004"), ("0", "0")]
)
def test_remessa_conforme_deduction_is_floored_at_zero(value: str, expected: str) -> None:
    parsed = parse_duty_expression("60% - 20 USD")
    assert parsed.kind is DutyKind.DEDUCTION
    assert not parsed.is_ad_valorem
    assert parsed.units == frozenset()
    assert duty("60% - 20 USD", value, "USD") == Money(expected, "USD")


def test_deduction_in_another_currency_is_converted() -> None:
    assert duty("60% - 20 USD", "1000", "BRL", convert=usd_to_brl) == Money("500", "BRL")


# --- min / max ----------------------------------------------------------------------------

MIN_MAX_CASES = [
    # EU/UK: MIN is a floor, MAX a ceiling
    ("8.30% MIN 1.50 EUR / 100 kg", "EUR 1000", {"kg": "100"}, "83.00"),
    ("8.30% MIN 1.50 EUR / 100 kg", "EUR 10", {"kg": "1000"}, "15.00"),
    ("4.50% MIN 0.30 EUR / item MAX 0.80 EUR / item", "EUR 10", {"item": "10"}, "3.00"),
    ("4.50% MIN 0.30 EUR / item MAX 0.80 EUR / item", "EUR 100", {"item": "10"}, "4.50"),
    ("4.50% MIN 0.30 EUR / item MAX 0.80 EUR / item", "EUR 1000", {"item": "10"}, "8.00"),
    ("0.50 EUR / item MIN 2.70% MAX 4.60%", "EUR 10", {"item": "1"}, "0.46"),
    ("0.50 EUR / item MIN 2.70% MAX 4.60%", "EUR 100", {"item": "1"}, "2.70"),
    ("0.50 EUR / item MIN 2.70% MAX 4.60%", "EUR 16", {"item": "1"}, "0.50"),
    (
        "9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg",
        "EUR 1000",
        {"kg": "100"},
        "136.10",
    ),
    (
        "9.10% + 45.10 EUR / 100 kg MAX 18.90% + 16.50 EUR / 100 kg",
        "EUR 100",
        {"kg": "1000"},
        "183.90",
    ),
    ("6.50% MAX 5.00 EUR / 100 m", "EUR 100", {"m": "100"}, "5.00"),
    ("6.50% MAX 5.00 EUR / 100 m", "EUR 10", {"m": "100"}, "0.65"),
    # US wording
    ("25%, but not less than $1.15/kg", "USD 100", {"kg": "10"}, "25.00"),
    ("25%, but not less than $1.15/kg", "USD 10", {"kg": "10"}, "11.50"),
    ("25% but not over $1.15/kg", "USD 100", {"kg": "10"}, "11.50"),
    ("25% but not over $1.15/kg", "USD 10", {"kg": "10"}, "2.50"),
    # JP: the higher of / the lower of, and the floor under the lower of
    ("20%又は48円/kgのうちいずれか高い税率", "JPY 1000", {"kg": "10"}, "480"),
    ("20%又は48円/kgのうちいずれか高い税率", "JPY 10000", {"kg": "10"}, "2000"),
    ("3%又は1kgにつき10円のうちいずれか高い税率", "JPY 1000", {"kg": "10"}, "100"),
    ("3%又は1kgにつき10円のうちいずれか高い税率", "JPY 10000", {"kg": "10"}, "300"),
    ("(17.5%又は77円/lのうちいずれか低い税率)", "JPY 1000", {"l": "10"}, "175"),
    ("(17.5%又は77円/lのうちいずれか低い税率)", "JPY 10000", {"l": "10"}, "770"),
    ("7.9%又は2.9%＋1.01円/㎡のうちいずれか高い税率", "JPY 1000", {"m2": "100"}, "130"),
    ("7.9%又は2.9%＋1.01円/㎡のうちいずれか高い税率", "JPY 1000", {"m2": "10"}, "79"),
]
WINE = "15%又は125円/lのうちいずれか低い税率\nただしその税率が67円/lを下回る場合は67円/l"
MIN_MAX_CASES += [
    (WINE, "JPY 1000", {"l": "10"}, "670"),
    (WINE, "JPY 6000", {"l": "10"}, "900"),
    (WINE, "JPY 10000", {"l": "10"}, "1250"),
]


@pytest.mark.parametrize(("text", "value", "quantities", "expected"), MIN_MAX_CASES)
def test_min_max_on_both_sides_of_the_bound(
    text: str, value: str, quantities: dict[str, str], expected: str
) -> None:
    currency, amount = value.split()
    assert parse_duty_expression(text).kind is DutyKind.MIN_MAX
    assert duty(text, amount, currency, quantities) == Money(expected, currency)


def test_ad_valorem_bounds_stay_ad_valorem() -> None:
    parsed = parse_duty_expression("12.80% MAX 18.90%")
    assert parsed.is_ad_valorem
    assert parsed.ad_valorem_rate == Decimal("0.128")
    assert duty(parsed.text, "100", "EUR") == Money("12.80", "EUR")


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quantities", "unit"),
    [
        ("$0.9/kg + 6%", {}, "kg"),
        ("37.5¢/doz. pr.", {"item": "12"}, "pair"),
        ("1.00 EUR / % vol / hl", {"l": "100"}, "l_alcohol"),
    ],
)
def test_missing_quantity_names_the_unit(text: str, quantities: dict[str, str], unit: str) -> None:
    with pytest.raises(DutyExpressionError, match=f"needs quantity in {unit}$") as caught:
        duty(text, "100", "USD", quantities)
    assert caught.value.field == "duty_expression"


@pytest.mark.parametrize(
    "text",
    [
        "EA",
        "8.30% + EA MAX 18.70% + ADSZ",
        "9.00% +  EA MAX 20.70%  + ADFM",
        "Entry Price",
        "The rate applicable to the article of which it is a part",
        "The duty provided in the applicable subheading + 25%",
        "See 9903.88.15",
        "No change",
        "14.00% (01 JUL - 31 JAN), 0.00% (01 FEB - 30 JUN)",
        "3.9% on the movement and case + 5.3% on the battery",
        "3 percent of the fair retail value",
        "(無税)〜(6%)",
        "(一部3.5%)",
        "●2.2%又は非譲許",
        "人造繊維製のもの 7.4%\n\nその他のもの (9%)",
        "こい\u30001.6%",
        "1.9%又は((500円-課税価格)×10/16)/kgのうちいずれか低い税率",
        "",
        "   ",
        "abc",
        "5 GBP / furlong",
        "7.2 MIN 0.36 EUR/100 kg",
        "12/kg",
        "8% +",
        "60% - 20 USD - 5 USD",
        "$5 USD/kg",
        "Free, but 5% if imported from X",  # a condition may follow Free, another rate may not
    ],
)
def test_not_a_rate_raises_naming_the_text(text: str) -> None:
    with pytest.raises(DutyExpressionError) as caught:
        parse_duty_expression(text)
    assert repr(text) in str(caught.value)
    assert caught.value.field == "duty_expression"
    assert caught.value.code == "duty_expression"


def test_unknown_currency_code() -> None:
    with pytest.raises(UnknownCurrencyError, match="XYZ"):
        parse_duty_expression("5 XYZ / kg")
    with pytest.raises(UnknownCurrencyError):
        parse_duty_expression("5/kg", default_currency="EURO")


def test_default_currency_prices_bare_amounts_only() -> None:
    parsed = parse_duty_expression("12/kg + 3%", default_currency="eur")
    assert parsed.evaluate(value=Money("100", "EUR"), quantities={"kg": Decimal(2)}) == Money(
        "27", "EUR"
    )
    assert parse_duty_expression("$1/kg", default_currency="EUR").units == {"kg"}


def test_floats_are_refused() -> None:
    parsed = parse_duty_expression("$1/kg")
    with pytest.raises(TypeError):
        parsed.evaluate(value=Money("1", "USD"), quantities={"kg": 1.5})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        parsed.evaluate(value=1.5, quantities={})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_duty_expression(6.5)  # type: ignore[arg-type]


def test_expression_keeps_its_text_and_is_hashable() -> None:
    text = "12.00% + 2.50 GBP / 100 kg"
    assert str(parse_duty_expression(text)) == text
    assert len({parse_duty_expression(text), parse_duty_expression(text)}) == 1


# --- units --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "unit", "scale"),
    [
        ("kg", "kg", "1"),
        ("100 kg", "kg", "100"),
        ("kg net", "kg", "1"),
        ("tonne", "kg", "1000"),
        ("t", "kg", "1000"),
        ("g", "kg", "0.001"),
        ("doz.", "item", "12"),
        ("doz. pr.", "pair", "12"),
        ("gross", "item", "144"),
        ("1000 p/st", "item", "1000"),
        ("100 p/st", "item", "100"),
        ("hl", "l", "100"),
        ("m3", "m3", "1"),
        ("m2", "m2", "1"),
        ("m", "m", "1"),
        ("liter", "l", "1"),
        ("litre", "l", "1"),
        ("pr.", "pair", "1"),
        ("No.", "item", "1"),
        ("each", "item", "1"),
        ("頭", "item", "1"),
        ("個", "item", "1"),
        ("100 kg / gross", "kg_gross", "100"),
        ("100 kg/net/% sacchar.", "kg_sucrose", "1"),
        ("1000", "item", "1000"),  # a bare count is a count of items
    ],
)
def test_unit_spellings(spelling: str, unit: str, scale: str) -> None:
    assert get_unit(spelling) == (unit, Decimal(scale))


def test_every_spelling_lands_on_a_documented_unit() -> None:
    from chuhai.domain import duty_units

    assert {unit for unit, _ in duty_units._SPELLINGS.values()} == set(CANONICAL_UNITS)


@pytest.mark.parametrize("spelling", ["furlong", "", "kg/furlong", "100 furlong"])
def test_unknown_units(spelling: str) -> None:
    with pytest.raises(KeyError):
        get_unit(spelling)


# --- properties ---------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**9, places=2)
percents = st.decimals(min_value=0, max_value=1000, places=2)
quantities = st.decimals(min_value=0, max_value=10**6, places=3)
spellings = st.sampled_from(["kg", "100 kg", "tonne", "doz.", "pr.", "hl", "m2"])


@given(value=amounts, percent=percents)
def test_ad_valorem_is_value_times_rate_exactly(value: Decimal, percent: Decimal) -> None:
    parsed = parse_duty_expression(f"{percent:f}%")
    expected = value * percent / 100
    assert parsed.evaluate(value=Money(value, "USD"), quantities={}).amount == expected
    assert parsed.ad_valorem_rate == percent.scaleb(-2)


@given(value=amounts, percent=percents, rate=amounts, spelling=spellings, quantity=quantities)
def test_compound_is_sum_of_parts(
    value: Decimal, percent: Decimal, rate: Decimal, spelling: str, quantity: Decimal
) -> None:
    specific = f"{rate:f} EUR / {spelling}"
    ad_valorem = f"{percent:f}%"
    unit, _ = get_unit(spelling)

    def on_line(text: str) -> Decimal:
        money = Money(value, "EUR")
        return parse_duty_expression(text).evaluate(value=money, quantities={unit: quantity}).amount

    whole = on_line(f"{ad_valorem} + {specific}")
    assert whole == on_line(ad_valorem) + on_line(specific)
    assert on_line(f"{ad_valorem} MIN {specific}") == max(on_line(ad_valorem), on_line(specific))
    assert on_line(f"{ad_valorem} MAX {specific}") == min(on_line(ad_valorem), on_line(specific))


@given(value=amounts, percent=percents, less=amounts)
def test_deduction_is_never_negative(value: Decimal, percent: Decimal, less: Decimal) -> None:
    parsed = parse_duty_expression(f"{percent:f}% - {less:f} USD")
    result = parsed.evaluate(value=Money(value, "USD"), quantities={}).amount
    assert result == max(Decimal(0), value * percent / 100 - less)
