"""Singapore: GST 8% -> 9% on 2024-01-01, S$400 per-item OVR regime, S$400 CIF import relief."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestSG(PackContract):
    code = "SG"
    sample = {"currency": "SGD", "hs_code": "6404.11"}

    def test_gst_rate_8_then_9_percent(self) -> None:
        before = self.quote(unit_value="1000.00", freight="50.00", date="2023-12-31")
        after = self.quote(unit_value="1000.00", freight="50.00", date="2024-01-01")
        assert regime(before) == regime(after) == "sg_standard"
        assert amount(before, "gst") == Decimal("84.00")  # 8% of CIF 1050
        assert amount(after, "gst") == Decimal("94.50")  # 9% of CIF 1050
        assert amount(after, "mfn") == Decimal("0.00")

    def test_ovr_gst_at_sale_is_per_item(self) -> None:
        # Two items of S$399: each is low-value although the shipment exceeds S$400.
        q = self.quote(unit_value="399.00", quantity="2", freight="20.00", tax_collector="platform")
        assert regime(q) == "sg_ovr_lvg"
        gst = charges(q, "gst")[0]
        assert gst.collected_by == "platform"
        assert gst.amount.amount == Decimal("73.62")  # 9% of 798 + 20 delivery

    def test_ovr_item_above_400_pays_import_gst(self) -> None:
        q = self.quote(unit_value="400.01", tax_collector="seller")
        assert regime(q) == "sg_standard"
        assert charges(q, "gst")[0].collected_by == "border"

    def test_ovr_rate_in_2023(self) -> None:
        q = self.quote(unit_value="100.00", tax_collector="platform", date="2023-06-30")
        assert amount(q, "gst") == Decimal("8.00")

    def test_import_relief_on_cif_both_sides(self) -> None:
        q = self.quote(unit_value="380.00", freight="20.00")
        assert regime(q) == "sg_import_relief"
        assert q.total().amount == Decimal("0.00")
        q = self.quote(unit_value="380.00", freight="20.01")
        assert regime(q) == "sg_standard"
        assert amount(q, "gst") == Decimal("36.00")  # 9% of the whole 400.01

    def test_sea_freight_pays_gst_at_any_value(self) -> None:
        q = self.quote(unit_value="100.00", mode="freight")
        assert regime(q) == "sg_standard"
        assert amount(q, "gst") == Decimal("9.00")

    def test_acfta_claim_is_free_like_mfn(self) -> None:
        line = {
            "hs_code": "6109.10",
            "origin": "CN",
            "quantity": "1",
            "unit_value": "500.00",
            "claim_preference": "ACFTA",
        }
        q = self.quote(lines=[line])
        assert amount(q, "ACFTA") == Decimal("0.00")
        assert amount(q, "gst") == Decimal("45.00")

    def test_usd_consignment_converted_at_given_rate(self) -> None:
        q = self.quote(
            currency="USD",
            unit_value="300.00",
            fx_rates=[{"base": "USD", "quote": "SGD", "rate": "1.35"}],
        )
        assert regime(q) == "sg_standard"  # S$405
        assert amount(q, "gst") == Decimal("36.45")

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2022-12-31")
