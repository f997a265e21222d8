"""China as importer: general trade (duty + VAT 13% / 9%, wine consumption tax), cross-border
e-commerce retail (duty 0%, VAT at 70%, CNY 5,000 per transaction), and the zero-tariff
preferences for LDCs (2024-12-01) and 53 African countries (2026-05-01)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime

B2B_FREIGHT = {"mode": "freight", "sale_model": "b2b", "currency": "CNY"}


def coffee(origin: str, scheme: str | None = None) -> dict[str, Any]:
    line = {"hs_code": "0901.11", "origin": origin, "quantity": "1", "unit_value": "10000.00"}
    return {
        **B2B_FREIGHT,
        "ship_from": origin,
        "lines": [line | ({"claim_preference": scheme} if scheme else {})],
    }


class TestCN(PackContract):
    code = "CN"

    # ---- Africa zero tariff from 2026-05-01 (Kenya is not an LDC) --------------------------
    def test_kenyan_coffee_is_duty_free_from_2026_05_01_with_the_mfn_alternative(self) -> None:
        q = self.quote(date="2026-05-01", **coffee("KE", "AFRICA0"))
        duty = charges(q, "AFRICA0")[0]
        assert duty.amount.amount == Decimal("0.00")
        assert duty.note == "MFN alternative: 8% = CNY 800.00"
        assert amount(q, "vat") == Decimal("900.00")  # 9% of 10,000

    def test_kenyan_coffee_pays_mfn_on_2026_04_30(self) -> None:
        q = self.quote(date="2026-04-30", **coffee("KE", "AFRICA0"))
        assert not charges(q, "AFRICA0")
        duty = charges(q, "mfn")[0]
        assert duty.amount.amount == Decimal("800.00")
        assert "no preference 'AFRICA0'" in duty.note
        assert amount(q, "vat") == Decimal("972.00")  # 9% of 10,800

    def test_eswatini_is_not_in_the_africa_scheme(self) -> None:
        q = self.quote(date="2026-06-01", **coffee("SZ", "AFRICA0"))
        assert amount(q, "mfn") == Decimal("800.00")
        assert "not open to origin SZ" in charges(q, "mfn")[0].note

    def test_south_african_wine_under_the_africa_scheme(self) -> None:
        line = {
            "hs_code": "2204.21",
            "origin": "ZA",
            "quantity": "1",
            "unit_value": "10000.00",
            "claim_preference": "AFRICA0",
        }
        q = self.quote(date="2026-05-01", ship_from="ZA", lines=[line], **B2B_FREIGHT)
        assert amount(q, "AFRICA0") == Decimal("0.00")
        assert amount(q, "consumption") == Decimal("1111.11")  # 10,000 x 0.10 / 0.90
        assert amount(q, "vat") == Decimal("1444.44")  # 13% of 11,111.11

    # ---- LDC zero tariff from 2024-12-01 -------------------------------------------------
    def test_ethiopian_coffee_is_duty_free_from_2024_12_01(self) -> None:
        q = self.quote(date="2024-12-01", **coffee("ET", "LDC0"))
        assert amount(q, "LDC0") == Decimal("0.00")
        assert charges(q, "LDC0")[0].note == "MFN alternative: 8% = CNY 800.00"

    def test_ldc_scheme_is_not_in_the_pack_before_2024_12_01(self) -> None:
        # The earlier 98%-of-lines LDC schemes are not modelled: MFN with a note.
        q = self.quote(date="2024-11-30", **coffee("TZ", "LDC0"))
        assert amount(q, "mfn") == Decimal("800.00")

    def test_non_ldc_cannot_claim_the_ldc_scheme(self) -> None:
        q = self.quote(date="2025-06-02", **coffee("KE", "LDC0"))
        assert amount(q, "mfn") == Decimal("800.00")
        assert "not open to origin KE" in charges(q, "mfn")[0].note

    # ---- General trade -----------------------------------------------------------------
    def test_roasted_coffee_pays_15_and_vat_13(self) -> None:
        line = {"hs_code": "0901.21", "origin": "ET", "quantity": "1", "unit_value": "10000.00"}
        q = self.quote(date="2026-03-02", ship_from="ET", lines=[line], **B2B_FREIGHT)
        assert regime(q) == "cn_general_trade"
        assert amount(q, "mfn") == Decimal("1500.00")
        assert amount(q, "vat") == Decimal("1495.00")  # 13% of 11,500

    # ---- Cross-border e-commerce retail ---------------------------------------------------
    def test_cross_border_retail_pays_70_percent_of_vat(self) -> None:
        q = self.quote(
            date="2026-03-02",
            currency="CNY",
            hs_code="3305.10",
            origin="FR",
            ship_from="FR",
            unit_value="1000.00",
            tax_collector="platform",
        )
        assert regime(q) == "cn_cbec_retail"
        assert not charges(q, "mfn")
        assert amount(q, "vat_cbec") == Decimal("91.00")  # 13% x 70% of 1,000
        assert q.landed_total.amount == Decimal("1091.00")

    def test_cross_border_retail_of_agricultural_goods(self) -> None:
        q = self.quote(
            date="2026-03-02",
            currency="CNY",
            hs_code="0901.11",
            origin="ET",
            ship_from="ET",
            unit_value="1000.00",
            freight="100.00",
            tax_collector="platform",
        )
        assert amount(q, "vat_cbec") == Decimal("69.30")  # 9% x 70% of CIF 1,100

    def test_cross_border_retail_over_5000_is_general_trade(self) -> None:
        q = self.quote(
            date="2026-03-02",
            currency="CNY",
            hs_code="3305.10",
            origin="FR",
            ship_from="FR",
            unit_value="5001.00",
            tax_collector="platform",
        )
        assert regime(q) == "cn_general_trade"
        assert amount(q, "mfn") == Decimal("100.02")  # 2% (estimated)
        assert amount(q, "vat") == Decimal("663.13")  # 13% of 5,101.02

    # ---- Bad input ---------------------------------------------------------------------
    def test_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2027-01-01")
