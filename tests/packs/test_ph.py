"""Philippines: PHP 10,000 FOB de minimis (CAO 02-2025 from 2025-05-07), duty on CIF, VAT 12%."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, regime


class TestPH(PackContract):
    code = "PH"
    sample = {"currency": "PHP", "hs_code": "6109.10"}

    def test_de_minimis_both_sides(self) -> None:
        q = self.quote(unit_value="10000.00")
        assert regime(q) == "ph_de_minimis_cao_02_2025"
        assert q.total().amount == Decimal("0.00")
        q = self.quote(unit_value="10000.01")
        assert regime(q) == "ph_standard"
        assert amount(q, "mfn") == Decimal("1500.00")  # 15% of 10,000.01
        assert amount(q, "vat") == Decimal("1380.00")  # 12% of 11,500.01 = 1,380.0012

    def test_threshold_basis_is_goods_but_duty_is_on_cif(self) -> None:
        q = self.quote(unit_value="9500.00", freight="1000.00")
        assert regime(q) == "ph_de_minimis_cao_02_2025"  # FOB 9,500 although CIF 10,500
        q = self.quote(unit_value="10500.00", freight="1000.00")
        assert amount(q, "mfn") == Decimal("1725.00")  # 15% of CIF 11,500
        assert amount(q, "vat") == Decimal("1587.00")  # 12% of 13,225

    def test_consolidation_order_from_2025_05_07(self) -> None:
        before = self.quote(unit_value="5000.00", date="2025-05-06")
        after = self.quote(unit_value="5000.00", date="2025-05-07")
        assert regime(before) == "ph_de_minimis"
        assert regime(after) == "ph_de_minimis_cao_02_2025"
        assert before.total().amount == after.total().amount == Decimal("0.00")

    def test_docstring_example(self) -> None:
        line = {
            "hs_code": "6601.99",
            "origin": "CN",
            "quantity": "2",
            "unit_value": "450.00",
            "unit_weight_kg": "0.45",
        }
        q = self.quote(lines=[line])
        assert q.landed_total.amount == Decimal("900.00")

    def test_acfta_claim(self) -> None:
        line = {
            "hs_code": "6402.99",
            "origin": "CN",
            "quantity": "1",
            "unit_value": "20000.00",
            "claim_preference": "ACFTA",
        }
        q = self.quote(lines=[line])
        assert amount(q, "ACFTA") == Decimal("0.00")
        assert amount(q, "vat") == Decimal("2400.00")

    def test_usd_consignment_converted_at_given_rate(self) -> None:
        q = self.quote(
            currency="USD",
            unit_value="200.00",
            fx_rates=[{"base": "USD", "quote": "PHP", "rate": "58.00"}],
        )
        assert q.lines[0].goods.amount == Decimal("11600.00")
        assert amount(q, "mfn") == Decimal("1740.00")
        assert amount(q, "vat") == Decimal("1600.80")  # 12% of 13,340

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
