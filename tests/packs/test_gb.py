"""GB pack contract: the GBP 135 regime, VAT at sale or import, CIF valuation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chuhai.domain.consignment import parse_consignment
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.quote import Quote
from chuhai.rules.fx_store import load_shipped_rates
from tests.packs.contract import PackContract, amount, charges, make_consignment, regime
from tests.packs.tariffs import with_rates

RATES = load_shipped_rates(max_staleness_days=45)


def gb_quote(**overrides: Any) -> Quote:
    settings: dict[str, Any] = {
        "hs_code": "66019990",
        "currency": "GBP",
        "unit_value": "135.00",
        "date": "2026-03-02",
        **overrides,
    }
    pack = with_rates("GB", {"66019990": "4%"})
    return calculate_landed_cost(
        parse_consignment(make_consignment("GB", **settings)), pack=pack, rates=RATES
    )


class TestGB(PackContract):
    code = "GB"
    sample: dict[str, Any] = {"currency": "GBP", "unit_value": "30.00"}

    def test_up_to_135_duty_relief_and_vat_at_sale(self) -> None:
        q = gb_quote()
        assert regime(q) == "gb_low_value_b2c"
        vat = charges(q, "vat")[0]
        assert vat.amount.amount == Decimal("27.00")
        assert vat.collected_by == "seller"

    def test_above_135_duty_and_import_vat(self) -> None:
        q = gb_quote(unit_value="135.01", freight="10.00")
        assert regime(q) == "gb_standard"
        assert amount(q, "mfn") == Decimal("5.80")  # 4% of CIF 145.01
        assert amount(q, "vat") == Decimal("30.16")  # 20% of 150.81

    def test_business_buyers_keep_the_duty_relief(self) -> None:
        q = gb_quote(sale_model="b2b", unit_value="100.00")
        assert regime(q) == "gb_low_value_b2b"
        assert amount(q, "vat") == Decimal("20.00")
