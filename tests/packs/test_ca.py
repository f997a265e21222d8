"""Canada: thresholds by mode and place of direct shipment (golden vector T19), GST 5%."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestCA(PackContract):
    code = "CA"
    sample = {"currency": "CAD"}

    # ---- T19: courier from the US -----------------------------------------------------
    def test_t19_courier_from_us_39_is_free(self) -> None:
        q = self.quote(ship_from="US", unit_value="39.00")
        assert regime(q) == "ca_courier_usmx_40"
        assert q.total().amount == Decimal("0.00")
        assert q.landed_total.amount == Decimal("39.00")

    def test_t19_courier_from_us_100_is_duty_free_but_taxed(self) -> None:
        q = self.quote(ship_from="US", unit_value="100.00")
        assert regime(q) == "ca_courier_usmx_150"
        assert amount(q, "relief") == Decimal("0.00")
        assert not charges(q, "mfn")
        assert amount(q, "gst") == Decimal("5.00")  # 5% of CAD 100
        assert q.landed_total.amount == Decimal("105.00")

    def test_t19_courier_from_us_151_pays_duty_and_tax(self) -> None:
        q = self.quote(ship_from="US", unit_value="151.00")
        assert regime(q) == "ca_standard"
        assert amount(q, "mfn") == Decimal("11.33")  # 7.5% of 151 = 11.325, half up
        assert amount(q, "gst") == Decimal("8.12")  # 5% of (151 + 11.33) = 8.1165
        assert q.landed_total.amount == Decimal("170.45")

    def test_t19_courier_from_china_21_pays_duty_and_tax(self) -> None:
        q = self.quote(ship_from="CN", unit_value="21.00")
        assert regime(q) == "ca_standard"
        assert amount(q, "mfn") == Decimal("1.58")  # 7.5% of 21 = 1.575
        assert amount(q, "gst") == Decimal("1.13")  # 5% of 22.58 = 1.129

    # ---- both sides of each threshold ---------------------------------------------------
    @pytest.mark.parametrize(
        ("ship_from", "value", "expected"),
        [
            ("US", "40.00", "ca_courier_usmx_40"),
            ("US", "40.01", "ca_courier_usmx_150"),
            ("US", "150.00", "ca_courier_usmx_150"),
            ("US", "150.01", "ca_standard"),
            ("MX", "40.00", "ca_courier_usmx_40"),
            ("CN", "20.00", "ca_courier_other_20"),
            ("CN", "20.01", "ca_standard"),
        ],
    )
    def test_courier_thresholds(self, ship_from: str, value: str, expected: str) -> None:
        assert regime(self.quote(ship_from=ship_from, unit_value=value)) == expected

    def test_thresholds_follow_place_of_direct_shipment_not_origin(self) -> None:
        # China-made goods shipped by courier from a US warehouse use the US thresholds.
        q = self.quote(ship_from="US", origin="CN", unit_value="39.00")
        assert regime(q) == "ca_courier_usmx_40"
        # US-made goods shipped from China do not.
        q = self.quote(ship_from="CN", origin="US", unit_value="39.00")
        assert regime(q) == "ca_standard"

    def test_mail_from_the_us_is_free_only_up_to_20(self) -> None:
        assert (
            regime(self.quote(mode="postal", ship_from="US", unit_value="20.00")) == "ca_postal_20"
        )
        q = self.quote(mode="postal", ship_from="US", unit_value="39.00")
        assert regime(q) == "ca_standard"
        assert amount(q, "mfn") == Decimal("2.93")  # 7.5% of 39 = 2.925
        assert amount(q, "gst") == Decimal("2.10")  # 5% of 41.93 = 2.0965

    def test_value_for_duty_excludes_freight(self) -> None:
        # FOB: CAD 30 freight raises neither the threshold value nor the duty or GST base.
        q = self.quote(ship_from="US", unit_value="100.00", freight="30.00")
        assert regime(q) == "ca_courier_usmx_150"
        assert amount(q, "gst") == Decimal("5.00")

    def test_apparel_duty(self) -> None:
        q = self.quote(hs_code="6109.10", unit_value="200.00")
        assert amount(q, "mfn") == Decimal("36.00")  # 18%
        assert amount(q, "gst") == Decimal("11.80")  # 5% of 236

    def test_usd_consignment_converted_at_given_rate(self) -> None:
        q = self.quote(
            currency="USD",
            unit_value="100.00",
            fx_rates=[{"base": "USD", "quote": "CAD", "rate": "1.40"}],
        )
        assert q.lines[0].customs_value.amount == Decimal("140.00")
        assert amount(q, "mfn") == Decimal("10.50")  # 7.5% of 140
        assert amount(q, "gst") == Decimal("7.53")  # 5% of 150.50 = 7.525

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
        with pytest.raises(OutOfCoverage):
            self.quote(date="2027-01-01")
