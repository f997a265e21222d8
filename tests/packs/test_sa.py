"""Saudi Arabia: personal shipments under SAR 1,000 (goods + freight) duty-free; VAT 15% on
CIF + duty on every import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestSA(PackContract):
    code = "SA"
    sample = {"currency": "SAR", "hs_code": "6109.10", "date": "2026-03-02"}

    def test_personal_shipment_under_1000_is_duty_free_but_pays_vat(self) -> None:
        q = self.quote(unit_value="800.00", freight="100.00")
        assert regime(q) == "sa_personal_under_1000"
        assert not charges(q, "mfn")
        assert amount(q, "vat") == Decimal("135.00")  # 15% of CIF 900

    def test_threshold_is_strict_and_counts_freight(self) -> None:
        q = self.quote(unit_value="900.00", freight="100.00")  # goods + freight = SAR 1,000
        assert regime(q) == "sa_general"
        assert amount(q, "mfn") == Decimal("50.00")  # 5% of 1,000 (estimated rate)
        assert amount(q, "vat") == Decimal("157.50")  # 15% of 1,050
        assert regime(self.quote(unit_value="899.99", freight="100.00")) == "sa_personal_under_1000"

    def test_business_freight_import_pays_duty(self) -> None:
        q = self.quote(mode="freight", sale_model="b2b", unit_value="800.00")
        assert regime(q) == "sa_general"
        assert amount(q, "mfn") == Decimal("40.00")
        assert amount(q, "vat") == Decimal("126.00")

    def test_usd_is_converted_at_the_peg(self) -> None:
        q = self.quote(currency="USD", unit_value="100.00")
        assert q.lines[0].customs_value.amount == Decimal("375.00")

    def test_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
