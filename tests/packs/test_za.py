"""South Africa: FOB valuation; parcels under R500 at a flat 20% (no VAT until 2024-08-31,
VAT 15% on top from 2024-09-01); tariff duty above; VAT 15% on the ATV (customs value + 10% +
duty), shown as VAT on customs value + duty and VAT on the 10% uplift."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestZA(PackContract):
    code = "ZA"
    sample = {"currency": "ZAR", "hs_code": "6109.10"}

    def test_parcel_under_500_before_2024_09_01_pays_flat_20_without_vat(self) -> None:
        q = self.quote(date="2024-08-31", unit_value="400.00")
        assert regime(q) == "za_low_value_flat_no_vat"
        assert amount(q, "flat") == Decimal("80.00")
        assert not charges(q, "vat")
        assert q.landed_total.amount == Decimal("480.00")

    def test_parcel_under_500_from_2024_09_01_adds_vat(self) -> None:
        q = self.quote(date="2024-09-01", unit_value="400.00")
        assert regime(q) == "za_low_value_flat_vat"
        assert amount(q, "flat") == Decimal("80.00")
        assert amount(q, "vat") == Decimal("72.00")  # 15% of 400 + 80
        assert amount(q, "vat_uplift") == Decimal("6.00")  # 15% of 10% of 400
        assert q.landed_total.amount == Decimal("558.00")

    def test_r500_is_not_under_500(self) -> None:
        q = self.quote(date="2026-03-02", unit_value="500.00")
        assert regime(q) == "za_general"
        assert amount(q, "mfn") == Decimal("225.00")  # clothing 45%
        assert amount(q, "vat") == Decimal("108.75")  # 15% of 725
        assert amount(q, "vat_uplift") == Decimal("7.50")

    def test_value_for_duty_is_fob(self) -> None:
        q = self.quote(date="2026-03-02", unit_value="1000.00", freight="200.00")
        assert q.lines[0].customs_value.amount == Decimal("1000.00")
        assert amount(q, "mfn") == Decimal("450.00")
        assert amount(q, "vat") == Decimal("217.50")  # 15% of 1,000 + 450
        assert amount(q, "vat_uplift") == Decimal("15.00")
        assert q.landed_total.amount == Decimal("1882.50")

    def test_freight_import_under_500_pays_the_tariff(self) -> None:
        q = self.quote(date="2026-03-02", mode="freight", sale_model="b2b", unit_value="400.00")
        assert regime(q) == "za_general"
        assert amount(q, "mfn") == Decimal("180.00")

    def test_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
