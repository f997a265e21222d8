"""Australia: A$1,000 low-value threshold, GST at sale or on the VoTI, ChAFTA, 2024 tariff cut."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestAU(PackContract):
    code = "AU"
    sample = {"currency": "AUD", "hs_code": "6109.10"}

    def test_border_threshold_both_sides(self) -> None:
        q = self.quote(unit_value="1000.00")
        assert regime(q) == "au_low_value_border"
        assert q.total().amount == Decimal("0.00")
        q = self.quote(unit_value="1000.01")
        assert regime(q) == "au_standard"
        assert amount(q, "mfn") == Decimal("50.00")  # 5% of 1000.01 = 50.0005
        assert amount(q, "gst") == Decimal("105.00")  # 10% of 1050.01

    def test_gst_on_value_of_taxable_importation(self) -> None:
        # ABF method: duty on the FOB customs value; GST on customs value + duty + T&I.
        q = self.quote(unit_value="1200.00", freight="100.00", insurance="10.00")
        assert q.lines[0].customs_value.amount == Decimal("1200.00")
        assert amount(q, "mfn") == Decimal("60.00")
        assert amount(q, "gst") == Decimal("137.00")  # 10% of 1200 + 60 + 110
        assert q.landed_total.amount == Decimal("1507.00")

    def test_freight_does_not_count_towards_the_threshold(self) -> None:
        q = self.quote(unit_value="950.00", freight="100.00")
        assert regime(q) == "au_low_value_border"

    def test_gst_collected_at_sale_by_registered_platform(self) -> None:
        q = self.quote(unit_value="500.00", freight="20.00", tax_collector="platform")
        assert regime(q) == "au_lvg_at_sale"
        gst = charges(q, "gst")[0]
        assert gst.collected_by == "platform"
        assert gst.amount.amount == Decimal("52.00")  # 10% of price + delivery
        assert not charges(q, "mfn")

    def test_low_value_is_decided_per_item(self) -> None:
        q = self.quote(unit_value="600.00", quantity="2", tax_collector="seller")
        assert regime(q) == "au_lvg_at_sale"
        assert amount(q, "gst") == Decimal("120.00")
        q = self.quote(unit_value="1000.01", tax_collector="seller")
        assert regime(q) == "au_standard"

    def test_chafta_claim_removes_duty(self) -> None:
        line = {
            "hs_code": "6109.10",
            "origin": "CN",
            "quantity": "1",
            "unit_value": "1200.00",
            "claim_preference": "ChAFTA",
        }
        q = self.quote(lines=[line], freight="100.00", insurance="10.00")
        assert amount(q, "ChAFTA") == Decimal("0.00")
        assert amount(q, "gst") == Decimal("131.00")  # 10% of 1310
        assert "MFN alternative: 5% = AUD 60.00" in charges(q, "ChAFTA")[0].note

    def test_chafta_not_open_to_other_origins(self) -> None:
        line = {
            "hs_code": "6109.10",
            "origin": "VN",
            "quantity": "1",
            "unit_value": "1200.00",
            "claim_preference": "ChAFTA",
        }
        q = self.quote(lines=[line])
        assert amount(q, "mfn") == Decimal("60.00")

    def test_sanitary_products_tariff_removed_on_2024_07_01(self) -> None:
        before = self.quote(hs_code="9619.00", unit_value="1200.00", date="2024-06-30")
        after = self.quote(hs_code="9619.00", unit_value="1200.00", date="2024-07-01")
        assert amount(before, "mfn") == Decimal("60.00")
        assert amount(before, "gst") == Decimal("126.00")
        assert amount(after, "mfn") == Decimal("0.00")
        assert amount(after, "gst") == Decimal("120.00")

    def test_usd_consignment_converted_at_given_rate(self) -> None:
        q = self.quote(
            currency="USD",
            unit_value="700.00",
            fx_rates=[{"base": "USD", "quote": "AUD", "rate": "1.50"}],
        )
        assert q.lines[0].customs_value.amount == Decimal("1050.00")
        assert regime(q) == "au_standard"
        assert amount(q, "mfn") == Decimal("52.50")
        assert amount(q, "gst") == Decimal("110.25")  # 10% of 1102.50

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
