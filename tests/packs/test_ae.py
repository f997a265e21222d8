"""United Arab Emirates: no duty up to AED 1,000 (CIF), 5% duty above, VAT 5% on CIF + duty."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestAE(PackContract):
    code = "AE"
    sample = {"currency": "AED", "hs_code": "6109.10", "date": "2026-03-02"}

    def test_up_to_1000_is_duty_free_with_vat(self) -> None:
        q = self.quote(unit_value="1000.00")
        assert regime(q) == "ae_low_value_1000"
        assert not charges(q, "mfn")
        assert amount(q, "vat") == Decimal("50.00")

    def test_above_1000_pays_duty_and_vat(self) -> None:
        q = self.quote(unit_value="2000.00")
        assert regime(q) == "ae_general"
        assert amount(q, "mfn") == Decimal("100.00")
        assert amount(q, "vat") == Decimal("105.00")  # 5% of 2,100

    def test_threshold_compares_cif(self) -> None:
        q = self.quote(unit_value="950.00", freight="100.00")
        assert regime(q) == "ae_general"
        assert amount(q, "mfn") == Decimal("52.50")  # 5% of CIF 1,050
        assert amount(q, "vat") == Decimal("55.13")  # 5% of 1,102.50 = 55.125, half up

    def test_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2027-01-01")
