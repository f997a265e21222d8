"""EU customs union and member-state packs: regimes, the EUR 3 duty, VAT and national fees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chuhai.domain.consignment import parse_consignment
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.quote import Quote
from chuhai.rules.fx_store import load_shipped_rates
from tests.packs.contract import PackContract, amount, charges, make_consignment, regime
from tests.packs.tariffs import with_rates

RATES = load_shipped_rates(max_staleness_days=45)


def eu_quote(code: str, day: str, **overrides: Any) -> Quote:
    settings: dict[str, Any] = {
        "hs_code": "66019990",
        "currency": "EUR",
        "unit_value": "40.00",
        "tax_collector": "platform",
        **overrides,
    }
    data = make_consignment(code, date=day, **settings)
    pack = with_rates(code, {"66019990": "4.7%"})
    return calculate_landed_cost(parse_consignment(data), pack=pack, rates=RATES)


class TestEU(PackContract):
    code = "DE"
    sample: dict[str, Any] = {"currency": "EUR", "tax_collector": "platform"}

    def test_ioss_relief_becomes_three_euro_duty_on_2026_07_01(self) -> None:
        before = eu_quote("DE", "2026-06-30")
        after = eu_quote("DE", "2026-07-01")
        assert regime(before) == "eu_ioss_relief"
        assert amount(before, "relief") == Decimal("0.00")
        assert regime(after) == "eu_ioss_3eur"
        assert amount(after, "per_subheading") == Decimal("3.00")

    def test_vat_is_collected_at_sale_under_ioss(self) -> None:
        q = eu_quote("DE", "2026-03-02", freight="10.00")
        vat = charges(q, "vat")[0]
        assert vat.collected_by == "platform"
        assert vat.base is not None
        assert vat.base.amount == Decimal("50.00")
        assert vat.amount.amount == Decimal("9.50")

    def test_threshold_is_inclusive_at_150(self) -> None:
        assert regime(eu_quote("DE", "2026-03-02", unit_value="150.00")) == "eu_ioss_relief"
        q = eu_quote("DE", "2026-03-02", unit_value="150.01")
        assert regime(q) == "eu_standard"
        assert amount(q, "mfn") == Decimal("7.05")
        assert any(w.code == "threshold_near" for w in q.warnings)

    def test_without_ioss_vat_is_due_at_import(self) -> None:
        q = eu_quote("DE", "2026-03-02", tax_collector="border")
        assert regime(q) == "eu_low_value_border"
        assert charges(q, "vat")[0].collected_by == "border"

    def test_non_ioss_relief_after_july_2026_is_provisional(self) -> None:
        q = eu_quote("DE", "2026-07-01", tax_collector="border")
        assert regime(q) == "eu_low_value_border_2026"
        assert any(w.code == "provisional_rule" for w in q.warnings)

    @pytest.mark.parametrize(("day", "fee"), [("2026-10-31", None), ("2026-11-01", "2.00")])
    def test_handling_fee_from_2026_11_01(self, day: str, fee: str | None) -> None:
        q = eu_quote("DE", day)
        found = charges(q, "eu_handling")
        assert (found[0].amount.amount if found else None) == (Decimal(fee) if fee else None)

    def test_standard_import_vat_on_customs_value_plus_duty(self) -> None:
        q = eu_quote("DE", "2026-03-02", unit_value="1000.00", freight="100.00", sale_model="b2b")
        assert amount(q, "mfn") == Decimal("51.70")  # 4.7% of CIF 1,100
        assert amount(q, "vat") == Decimal("218.82")  # 19% of 1,151.70


@pytest.mark.parametrize(
    ("code", "rate"),
    [("DE", "19"), ("FR", "20"), ("NL", "21"), ("IT", "22"), ("ES", "21"), ("PL", "23")],
)
def test_member_state_vat(code: str, rate: str) -> None:
    q = eu_quote(code, "2026-03-02", unit_value="1000.00", sale_model="b2b")
    assert amount(q, "vat") == ((Decimal("1047.00") * Decimal(rate)) / 100).quantize(
        Decimal("0.01")
    )


@pytest.mark.parametrize(("day", "fee"), [("2026-02-28", None), ("2026-03-01", "4.00")])
def test_france_fee_per_hs6_line(day: str, fee: str | None) -> None:
    lines = [
        {"hs_code": "66019990", "origin": "CN", "quantity": "1", "unit_value": "20"},
        {"hs_code": "62062000", "origin": "CN", "quantity": "1", "unit_value": "20"},
    ]
    q = eu_quote("FR", day, lines=lines)
    found = charges(q, "fr_parcel_fee")
    assert (found[0].amount.amount if found else None) == (Decimal(fee) if fee else None)


@pytest.mark.parametrize(("day", "fee"), [("2025-12-31", None), ("2026-01-01", "2.00")])
def test_italy_fee_per_consignment(day: str, fee: str | None) -> None:
    found = charges(eu_quote("IT", day), "it_parcel_fee")
    assert (found[0].amount.amount if found else None) == (Decimal(fee) if fee else None)
