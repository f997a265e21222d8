"""Vietnam: express exemption repealed 2025-02-18, VAT 8% reduction for the pack's families."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestVN(PackContract):
    code = "VN"
    sample = {"currency": "VND", "hs_code": "6109.10", "unit_value": "500000"}

    def test_express_exemption_repealed_on_2025_02_18(self) -> None:
        before = self.quote(date="2025-02-17")
        after = self.quote(date="2025-02-18")
        assert regime(before) == "vn_express_exemption"
        assert before.total().amount == Decimal("0")
        assert regime(after) == "vn_standard"
        assert amount(after, "mfn") == Decimal("100000")  # 20% of VND 500,000
        assert amount(after, "vat") == Decimal("48000")  # 8% of 600,000
        assert after.landed_total.amount == Decimal("648000")

    def test_express_threshold_both_sides(self) -> None:
        assert regime(self.quote(unit_value="1000000", date="2024-06-01")) == "vn_express_exemption"
        q = self.quote(unit_value="950000", freight="50001", date="2024-06-01")
        assert regime(q) == "vn_standard"  # CIF 1,000,001

    def test_exemption_was_for_express_only(self) -> None:
        q = self.quote(mode="postal", date="2025-02-17")
        assert regime(q) == "vn_standard"

    def test_vat_reduction_decrees_both_sides_of_2025_07_01(self) -> None:
        before = self.quote(date="2025-06-30")
        after = self.quote(date="2025-07-01")
        assert charges(before, "vat")[0].rule_id == "vn_vat_reduced_2024"
        assert charges(after, "vat")[0].rule_id == "vn_vat_reduced_2025"
        assert amount(before, "vat") == amount(after, "vat") == Decimal("48000")

    def test_footwear_with_freight(self) -> None:
        q = self.quote(hs_code="6404.11", unit_value="1200000", freight="100000")
        assert amount(q, "mfn") == Decimal("390000")  # 30% of CIF 1,300,000
        assert amount(q, "vat") == Decimal("135200")  # 8% of 1,690,000

    @pytest.mark.parametrize("hs_code", ["6109.10", "6601.91"])
    def test_acfta_claim(self, hs_code: str) -> None:
        line = {
            "hs_code": hs_code,
            "origin": "CN",
            "quantity": "2",
            "unit_value": "500000",
            "claim_preference": "ACFTA",
        }
        q = self.quote(lines=[line])
        assert amount(q, "ACFTA") == Decimal("0")
        assert amount(q, "vat") == Decimal("80000")

    def test_usd_consignment_converted_at_given_rate(self) -> None:
        q = self.quote(
            currency="USD",
            unit_value="20.00",
            fx_rates=[{"base": "USD", "quote": "VND", "rate": "26000"}],
        )
        assert q.lines[0].customs_value.amount == Decimal("520000")
        assert amount(q, "mfn") == Decimal("104000")
        assert amount(q, "vat") == Decimal("49920")  # 8% of 624,000

    @pytest.mark.parametrize("hs_code", ["6601.10", "6601.91", "6601.99", "66019900"])
    def test_umbrellas_pay_estimated_25_percent_from_2025_02_18(self, hs_code: str) -> None:
        before = self.quote(hs_code=hs_code, date="2025-02-17")
        after = self.quote(hs_code=hs_code, date="2025-02-18")
        assert regime(before) == "vn_express_exemption"
        assert before.total().amount == Decimal("0")
        assert regime(after) == "vn_standard"
        duty = charges(after, "mfn")[0]
        assert duty.amount.amount == Decimal("125000")  # 25% of VND 500,000
        assert duty.status.value == "estimated"
        assert amount(after, "vat") == Decimal("50000")  # 8% of 625,000

    @pytest.mark.parametrize(
        ("day", "rule"),
        [("2025-06-30", "vn_vat_reduced_2024"), ("2025-07-01", "vn_vat_reduced_2025")],
    )
    def test_umbrellas_get_the_reduced_vat(self, day: str, rule: str) -> None:
        q = self.quote(hs_code="6601.99", unit_value="1200000", date=day)
        assert amount(q, "mfn") == Decimal("300000")
        assert charges(q, "vat")[0].rule_id == rule
        assert amount(q, "vat") == Decimal("120000")  # 8% of 1,500,000

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2027-01-01")
