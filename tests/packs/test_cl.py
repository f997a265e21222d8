"""Chile: Ley 21.713 from 2025-10-25 (golden vector T10: IVA 19% at sale up to USD 500 via an
SII-registered platform, no 6% tariff), the USD 41 exemption before it, the general regime."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime

PLATFORM = {"tax_collector": "platform"}


class TestCL(PackContract):
    code = "CL"
    sample = {"hs_code": "6109.10"}

    # ---- T10 -------------------------------------------------------------------------
    def test_t10_usd_30_via_registered_platform(self) -> None:
        q = self.quote(date="2025-10-25", unit_value="30.00", **PLATFORM)
        assert regime(q) == "cl_sii_remote_sale"
        assert not charges(q, "mfn")  # no 6% tariff
        assert amount(q, "iva") == Decimal("5.70")
        assert charges(q, "iva")[0].collected_by == "platform"
        assert q.landed_total.amount == Decimal("35.70")

    def test_iva_at_sale_includes_shipping(self) -> None:
        q = self.quote(date="2026-03-02", unit_value="30.00", freight="5.00", **PLATFORM)
        assert amount(q, "iva") == Decimal("6.65")  # 19% of USD 35

    def test_platform_purchase_over_500_pays_tariff_and_iva(self) -> None:
        q = self.quote(date="2025-10-25", unit_value="600.00", **PLATFORM)
        assert regime(q) == "cl_general"
        assert amount(q, "mfn") == Decimal("36.00")  # 6%
        assert amount(q, "iva") == Decimal("120.84")  # 19% of 636
        assert (
            regime(self.quote(date="2025-10-25", unit_value="500.00", **PLATFORM))
            == "cl_sii_remote_sale"
        )

    def test_unregistered_seller_pays_tariff_and_import_iva(self) -> None:
        q = self.quote(date="2025-10-25", unit_value="30.00")
        assert regime(q) == "cl_general"
        assert amount(q, "mfn") == Decimal("1.80")
        assert amount(q, "iva") == Decimal("6.04")  # 19% of 31.80 = 6.042

    # ---- Before 2025-10-25: USD 41 exemption ---------------------------------------------
    @pytest.mark.parametrize("collector", ["platform", "border"])
    def test_usd_41_exemption_before_2025_10_25(self, collector: str) -> None:
        q = self.quote(date="2025-10-24", unit_value="30.00", tax_collector=collector)
        assert regime(q) == "cl_low_value_41"
        assert q.landed_total.amount == Decimal("30.00")

    def test_over_usd_41_before_2025_10_25_pays_tariff_and_iva(self) -> None:
        q = self.quote(date="2025-10-24", unit_value="100.00", **PLATFORM)
        assert regime(q) == "cl_general"
        assert amount(q, "mfn") == Decimal("6.00")
        assert amount(q, "iva") == Decimal("20.14")  # 19% of 106

    # ---- Chile-China FTA -----------------------------------------------------------------
    def test_chile_china_fta_claim_shows_the_mfn_alternative(self) -> None:
        line = {
            "hs_code": "6109.10",
            "origin": "CN",
            "quantity": "1",
            "unit_value": "600.00",
            "claim_preference": "CLCN",
        }
        q = self.quote(date="2026-03-02", lines=[line])
        duty = charges(q, "CLCN")[0]
        assert duty.amount.amount == Decimal("0.00")
        assert duty.note == "MFN alternative: 6% = USD 36.00"
        assert amount(q, "iva") == Decimal("114.00")  # 19% of 600

    # ---- Bad input ---------------------------------------------------------------------
    def test_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2027-01-01")
