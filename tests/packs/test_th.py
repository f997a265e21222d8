"""Thailand: THB 1,500 de minimis, VAT on it from 2024-07-05, abolished 2026-01-01; VAT 7%."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestTH(PackContract):
    code = "TH"
    sample = {"currency": "THB", "hs_code": "6109.10", "unit_value": "1000.00"}

    def test_vat_on_low_value_from_2024_07_05(self) -> None:
        before = self.quote(date="2024-07-04")
        after = self.quote(date="2024-07-05")
        assert regime(before) == "th_de_minimis_exempt"
        assert before.total().amount == Decimal("0.00")
        assert regime(after) == "th_de_minimis_vat"
        assert amount(after, "relief") == Decimal("0.00")
        assert amount(after, "vat") == Decimal("70.00")  # 7% of THB 1,000

    def test_de_minimis_abolished_on_2026_01_01(self) -> None:
        before = self.quote(date="2025-12-31")
        after = self.quote(date="2026-01-01")
        assert regime(before) == "th_de_minimis_vat"
        assert not charges(before, "mfn")
        assert amount(before, "vat") == Decimal("70.00")
        assert regime(after) == "th_standard"
        assert amount(after, "mfn") == Decimal("300.00")  # 30% of 1,000
        assert amount(after, "vat") == Decimal("91.00")  # 7% of 1,300
        assert after.landed_total.amount == Decimal("1391.00")

    def test_threshold_is_on_cif(self) -> None:
        assert regime(self.quote(unit_value="1400.00", freight="100.00", date="2025-06-30")) == (
            "th_de_minimis_vat"
        )
        q = self.quote(unit_value="1400.00", freight="100.01", date="2025-06-30")
        assert regime(q) == "th_standard"
        assert amount(q, "mfn") == Decimal("450.00")  # 30% of CIF 1,500.01 = 450.003
        assert amount(q, "vat") == Decimal("136.50")  # 7% of 1,950.01 = 136.5007

    def test_platform_collects_duty_and_vat_at_checkout_from_2026(self) -> None:
        q = self.quote(tax_collector="platform", date="2026-01-01")
        assert regime(q) == "th_platform_checkout"
        vat = charges(q, "vat")[0]
        assert vat.collected_by == "platform"
        assert vat.amount.amount == Decimal("91.00")
        assert amount(q, "mfn") == Decimal("300.00")
        # Before 2026 a platform sale still used the de minimis.
        assert (
            regime(self.quote(tax_collector="platform", date="2025-12-31")) == "th_de_minimis_vat"
        )

    def test_vat_rule_after_the_known_extension_is_provisional(self) -> None:
        before = self.quote(date="2026-09-30")
        after = self.quote(date="2026-10-01")
        assert charges(before, "vat")[0].rule_id == "th_vat_7"
        assert charges(after, "vat")[0].rule_id == "th_vat_7_after"
        assert amount(before, "vat") == amount(after, "vat") == Decimal("91.00")
        assert any(w.code == "provisional_rule" for w in after.warnings)

    def test_acfta_claim(self) -> None:
        line = {
            "hs_code": "6402.99",
            "origin": "CN",
            "quantity": "1",
            "unit_value": "2000.00",
            "claim_preference": "ACFTA",
        }
        q = self.quote(lines=[line])
        assert amount(q, "ACFTA") == Decimal("0.00")
        assert amount(q, "vat") == Decimal("140.00")

    def test_usd_consignment_converted_at_given_rate(self) -> None:
        q = self.quote(
            currency="USD",
            hs_code="4202.22",
            unit_value="40.00",
            fx_rates=[{"base": "USD", "quote": "THB", "rate": "35.00"}],
        )
        assert q.lines[0].customs_value.amount == Decimal("1400.00")
        assert amount(q, "mfn") == Decimal("280.00")  # 20%
        assert amount(q, "vat") == Decimal("117.60")  # 7% of 1,680

    @pytest.mark.parametrize("hs_code", ["6601.10", "6601.91", "6601.99", "66019900"])
    def test_umbrellas_pay_estimated_30_percent_from_2026_01_01(self, hs_code: str) -> None:
        before = self.quote(hs_code=hs_code, date="2025-12-31")
        after = self.quote(hs_code=hs_code, date="2026-01-01")
        assert regime(before) == "th_de_minimis_vat"
        assert not charges(before, "mfn")
        assert regime(after) == "th_standard"
        duty = charges(after, "mfn")[0]
        assert duty.amount.amount == Decimal("300.00")  # 30% of 1,000
        assert duty.status.value == "estimated"
        assert amount(after, "vat") == Decimal("91.00")  # 7% of 1,300

    def test_umbrellas_above_the_threshold_before_2026(self) -> None:
        q = self.quote(hs_code="6601.91", unit_value="2000.00", date="2025-12-31")
        assert regime(q) == "th_standard"
        assert amount(q, "mfn") == Decimal("600.00")

    @pytest.mark.parametrize("day", ["2025-12-31", "2026-01-01"])
    def test_umbrellas_acfta_claim(self, day: str) -> None:
        line = {
            "hs_code": "6601.99",
            "origin": "CN",
            "quantity": "1",
            "unit_value": "2000.00",
            "claim_preference": "ACFTA",
        }
        q = self.quote(lines=[line], date=day)
        assert amount(q, "ACFTA") == Decimal("0.00")
        assert "MFN alternative: 30% = THB 600.00" in charges(q, "ACFTA")[0].note
        assert amount(q, "vat") == Decimal("140.00")

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
