"""Indonesia: consignment goods (PMK 96/2023) at USD 3 and USD 1,500, MFN top-ups, VAT, PPh."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime

FX: list[dict[str, Any]] = [{"base": "USD", "quote": "IDR", "rate": "16000"}]


class TestID(PackContract):
    code = "ID"
    sample = {"fx_rates": FX}

    def test_up_to_usd_3_no_duty_but_vat(self) -> None:
        q = self.quote(unit_value="3.00", freight="1.00")
        assert regime(q) == "id_consignment_de_minimis"
        assert amount(q, "relief") == Decimal("0.00")
        assert amount(q, "vat") == Decimal("7040.00")  # 11% of CIF IDR 64,000
        assert not charges(q, "pph")

    def test_above_usd_3_flat_7_5_percent(self) -> None:
        q = self.quote(unit_value="3.01", freight="1.00")
        assert regime(q) == "id_consignment_flat"
        assert amount(q, "flat") == Decimal("4812.00")  # 7.5% of CIF 64,160
        assert amount(q, "vat") == Decimal("7586.92")  # 11% of 68,972

    def test_threshold_is_on_fob(self) -> None:
        q = self.quote(unit_value="2.50", freight="5.00")
        assert regime(q) == "id_consignment_de_minimis"

    def test_listed_goods_pay_mfn_in_consignments(self) -> None:
        q = self.quote(hs_code="6404.11", unit_value="50.00")
        assert regime(q) == "id_consignment_flat"
        duty = amount(q, "flat") + amount(q, "id_mfn_topup_footwear")
        assert duty == Decimal("240000.00")  # 30% of IDR 800,000
        assert amount(q, "vat") == Decimal("114400.00")  # 11% of 1,040,000
        assert amount(q, "pph") == Decimal("104000.00")  # 10% of 1,040,000

    def test_bags_and_cosmetics_top_ups(self) -> None:
        q = self.quote(hs_code="4202.22", unit_value="100.00")
        assert amount(q, "flat") + amount(q, "id_mfn_topup_bags") == Decimal("320000.00")  # 20%
        q = self.quote(hs_code="3305.10", unit_value="100.00")
        assert amount(q, "flat") + amount(q, "id_mfn_topup_cosmetics") == Decimal("240000.00")

    def test_usd_1500_boundary(self) -> None:
        q = self.quote(hs_code="6109.10", unit_value="1500.00")
        assert regime(q) == "id_consignment_flat"
        q = self.quote(hs_code="6109.10", unit_value="1500.01")
        assert regime(q) == "id_standard"
        assert amount(q, "mfn") == Decimal("6000040.00")  # 25% of 24,000,160
        assert not charges(q, "id_mfn_topup_textiles")
        assert amount(q, "vat") == Decimal("3300022.00")
        assert amount(q, "pph") == Decimal("3000020.00")

    def test_vat_rule_both_sides_of_2025_01_01(self) -> None:
        before = self.quote(unit_value="20.00", date="2024-12-31")
        after = self.quote(unit_value="20.00", date="2025-01-01")
        assert charges(before, "vat")[0].rule_id == "id_vat_11"
        assert charges(after, "vat")[0].rule_id == "id_vat_12_on_11_12"
        assert amount(before, "vat") == amount(after, "vat") == Decimal("37840.00")

    def test_acfta_claim_in_a_normal_import(self) -> None:
        line = {
            "hs_code": "6109.10",
            "origin": "CN",
            "quantity": "100",
            "unit_value": "20.00",
            "claim_preference": "ACFTA",
        }
        q = self.quote(lines=[line], mode="freight")
        assert regime(q) == "id_standard"
        assert amount(q, "ACFTA") == Decimal("0.00")
        assert amount(q, "vat") == Decimal("3520000.00")  # 11% of 32,000,000

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
