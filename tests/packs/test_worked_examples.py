"""The worked examples of RULES-REFERENCE.md as golden tests (T1, T4, T8, T12, T13, T20).

T9 and T10 live with the MX and CL packs, T19 with the CA pack.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from chuhai.domain.consignment import parse_consignment
from chuhai.domain.duty_expression import parse_duty_expression
from chuhai.domain.fx import FxMethod
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.money import Money, quantize
from chuhai.domain.quote import ChargeKind, Quote
from chuhai.rules.fx_store import load_shipped_rates
from tests.packs.contract import amount, charges
from tests.packs.tariffs import with_rates

RATES = load_shipped_rates(max_staleness_days=45)


def run(pack_code: str, rates: dict[str, str], data: dict[str, Any]) -> Quote:
    return calculate_landed_cost(
        parse_consignment(data), pack=with_rates(pack_code, rates), rates=RATES
    )


def test_t1_china_to_germany_per_unit_landed_cost() -> None:
    """¥46 x 200 + ¥2.5/unit China logistics, fx 0.1335, duty 6.5%, VAT 19%: EUR 3,284.10."""
    q = run(
        "DE",
        {"66019900": "6.5%"},
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
            # The sea freight of the example reaches the VAT base but not the duty base:
            # it is carriage to the first place of destination (VAT Directive Art. 86(1)(b)).
            "post_entry_freight": "410",
            "charges_currency": "EUR",
            "costs": [
                {"label": "export fees", "amount": "300"},
                {"label": "brokerage", "amount": "95", "currency": "EUR"},
                {"label": "last mile", "amount": "5.10", "per": "unit", "currency": "EUR"},
            ],
            "fx_rates": [{"base": "CNY", "quote": "EUR", "rate": "0.1335"}],
        },
    )
    assert q.goods == Money("1294.95", "EUR")
    assert amount(q, "mfn") == Decimal("84.17")
    vat = charges(q, "vat")[0]
    assert vat.base == Money("1789.12", "EUR")
    assert vat.amount == Money("339.93", "EUR")
    assert charges(q, "cost")[0].amount == Money("40.05", "EUR")
    assert q.landed_total == Money("3284.10", "EUR")
    assert q.landed_per_unit == Money("16.42", "EUR")


def test_t4_eu_cascade_netherlands() -> None:
    """70,000 goods + 6,792 freight into NL, duty 8%, VAT 21%: duty 6,143.36, VAT 17,416.43."""
    q = run(
        "NL",
        {"62052000": "8%"},
        {
            "destination": "NL",
            "ship_from": "IN",
            "date": "2026-03-02",
            "currency": "EUR",
            "mode": "freight",
            "sale_model": "b2b",
            "freight": "6792",
            "lines": [
                {"hs_code": "62052000", "origin": "IN", "quantity": "1", "unit_value": "70000"}
            ],
        },
    )
    assert amount(q, "mfn") == Decimal("6143.36")
    assert amount(q, "vat") == Decimal("17416.43")


def _eu_parcel(day: str, *lines: tuple[str, str]) -> Quote:
    return run(
        "DE",
        {},
        {
            "destination": "DE",
            "ship_from": "CN",
            "date": day,
            "currency": "EUR",
            "tax_collector": "platform",
            "lines": [
                {"hs_code": hs, "origin": "CN", "quantity": qty, "unit_value": "20.00"}
                for hs, qty in lines
            ],
        },
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((("62061000", "1"), ("62062000", "2")), "6.00"),  # silk blouse + 2 wool blouses
        ((("64041100", "1"), ("61103000", "2")), "6.00"),  # running shoes + 2 jerseys
        ((("62062000", "1"), ("62062000", "3")), "3.00"),  # one subheading pays once
    ],
)
def test_t8_eu_three_euro_duty_per_subheading(
    lines: tuple[tuple[str, str], ...], expected: str
) -> None:
    q = _eu_parcel("2026-07-01", *lines)
    assert q.total(ChargeKind.DUTY) == Money(expected, "EUR")
    assert q.regimes[0].rule_id == "eu_ioss_3eur"


def test_t8_before_the_three_euro_duty_relief_applied() -> None:
    q = _eu_parcel("2026-06-30", ("62061000", "1"), ("62062000", "2"))
    assert q.total(ChargeKind.DUTY) == Money("0.00", "EUR")
    assert q.regimes[0].rule_id == "eu_ioss_relief"


def test_t12_uk_customs_value_includes_freight_and_insurance() -> None:
    """Goods £10 + shipping £10 + insurance £10 at 8%: £2.40 on a customs value of £30."""
    from chuhai.domain.conversion import Converter
    from chuhai.domain.rule_schema import ValuationRule
    from chuhai.domain.valuation import value_lines
    from chuhai.rules.registry import get_pack

    consignment = parse_consignment(
        {
            "destination": "GB",
            "ship_from": "CN",
            "date": "2026-03-02",
            "currency": "GBP",
            "freight": "10",
            "insurance": "10",
            "lines": [{"hs_code": "62052000", "origin": "CN", "quantity": "1", "unit_value": "10"}],
        }
    )
    rule = get_pack("GB").active(ValuationRule, date(2026, 3, 2))[0]
    converter = Converter(RATES, as_of=date(2026, 3, 2), method=FxMethod.DAILY)
    [(_, _, _, customs)] = value_lines(consignment, rule=rule, currency="GBP", convert=converter)
    assert customs == Money("30.00", "GBP")
    duty = parse_duty_expression("8%").evaluate(value=customs, quantities={})
    assert quantize(duty) == Money("2.40", "GBP")


def test_t12_through_the_engine_above_the_relief() -> None:
    q = run(
        "GB",
        {"62052000": "8%"},
        {
            "destination": "GB",
            "ship_from": "CN",
            "date": "2026-03-02",
            "currency": "GBP",
            "mode": "freight",
            "sale_model": "b2b",
            "freight": "100",
            "insurance": "100",
            "lines": [
                {"hs_code": "62052000", "origin": "CN", "quantity": "20", "unit_value": "10"}
            ],
        },
    )
    # Goods of GBP 200 exceed the GBP 135 relief: 8% of 200 + 100 + 100.
    assert amount(q, "mfn") == Decimal("32.00")


@pytest.mark.parametrize(
    ("expression", "fx", "expected"),
    [
        ("35.10 GBP / 100 kg", None, "3510.00"),
        ("35.10 EUR / 100 kg", "0.8571", "3008.42"),
    ],
)
def test_t13_uk_specific_duty(expression: str, fx: str | None, expected: str) -> None:
    data: dict[str, Any] = {
        "destination": "GB",
        "ship_from": "CN",
        "date": "2026-03-02",
        "currency": "GBP",
        "mode": "freight",
        "sale_model": "b2b",
        "lines": [
            {
                "hs_code": "04061030",
                "origin": "CN",
                "quantity": "10000",
                "unit_value": "5",
                "unit_weight_kg": "1",
            }
        ],
    }
    if fx:
        data["fx_rates"] = [{"base": "EUR", "quote": "GBP", "rate": fx}]
    q = run("GB", {"04061030": expression}, data)
    assert amount(q, "mfn") == Decimal(expected)


@pytest.mark.parametrize(
    ("origin", "day", "per_item"),
    [
        ("CN", "2025-09-15", "200.00"),  # fentanyl 20% + reciprocal 10% = 30%
        ("CN", "2025-12-01", "160.00"),  # fentanyl 10% + reciprocal 10% = 20%
        ("GB", "2025-09-15", "80.00"),  # reciprocal 10%
    ],
)
def test_t20_us_postal_specific_duty(origin: str, day: str, per_item: str) -> None:
    q = run(
        "US",
        {"66019900": "8.2%"},
        {
            "destination": "US",
            "ship_from": origin,
            "date": day,
            "currency": "USD",
            "mode": "postal",
            "lines": [
                {"hs_code": "66019900", "origin": origin, "quantity": "2", "unit_value": "15.00"}
            ],
        },
    )
    assert amount(q, "per_item") == Decimal(per_item)
    assert not charges(q, "ieepa_fentanyl")
    assert not charges(q, "ieepa_reciprocal")
    assert amount(q, "mfn") == Decimal("2.46")
