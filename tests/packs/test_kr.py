"""South Korea: USD 150 personal-use exemption (USD 200 shipped from the US), duty on CIF, VAT 10%."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, regime

FX: list[dict[str, Any]] = [{"base": "USD", "quote": "KRW", "rate": "1400"}]


class TestKR(PackContract):
    code = "KR"
    sample = {"fx_rates": FX, "hs_code": "6109.10"}

    def test_usd_150_both_sides(self) -> None:
        q = self.quote(unit_value="150.00", freight="20.00")
        assert regime(q) == "kr_personal_150"
        assert q.total().amount == Decimal("0")
        q = self.quote(unit_value="150.01")
        assert regime(q) == "kr_standard"
        assert amount(q, "mfn") == Decimal("27302")  # 13% of KRW 210,014 = 27,301.82
        assert amount(q, "vat") == Decimal("23732")  # 10% of 237,316

    def test_usd_200_when_shipped_from_the_us(self) -> None:
        q = self.quote(unit_value="200.00", ship_from="US")
        assert regime(q) == "kr_personal_us_200"
        q = self.quote(unit_value="200.01", ship_from="US")
        assert regime(q) == "kr_standard"
        assert amount(q, "mfn") == Decimal("36402")  # 13% of 280,014 = 36,401.82
        assert amount(q, "vat") == Decimal("31642")  # 10% of 316,416 = 31,641.6
        # US origin shipped from China does not get USD 200.
        assert regime(self.quote(unit_value="180.00", origin="US")) == "kr_standard"

    def test_above_the_limit_duty_is_on_cif(self) -> None:
        q = self.quote(unit_value="200.00", freight="20.00")
        assert q.lines[0].customs_value.amount == Decimal("308000")
        assert amount(q, "mfn") == Decimal("40040")
        assert amount(q, "vat") == Decimal("34804")  # 10% of 348,040

    def test_business_imports_get_no_exemption(self) -> None:
        q = self.quote(unit_value="100.00", sale_model="b2b")
        assert regime(q) == "kr_standard"
        assert amount(q, "mfn") == Decimal("18200")
        assert amount(q, "vat") == Decimal("15820")

    def test_bags_at_8_percent(self) -> None:
        q = self.quote(hs_code="4202.22", unit_value="500.00")
        assert amount(q, "mfn") == Decimal("56000")  # 8% of 700,000
        assert amount(q, "vat") == Decimal("75600")

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
