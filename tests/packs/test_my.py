"""Malaysia: LVG sales tax at sale from 2024-01-01, RM500 air-courier de minimis, sales tax at import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestMY(PackContract):
    code = "MY"
    sample = {"currency": "MYR", "hs_code": "6109.10"}

    def test_lvg_tax_starts_2024_01_01(self) -> None:
        before = self.quote(unit_value="200.00", tax_collector="platform", date="2023-12-31")
        after = self.quote(unit_value="200.00", tax_collector="platform", date="2024-01-01")
        assert regime(before) == "my_de_minimis"
        assert before.total().amount == Decimal("0.00")
        assert regime(after) == "my_lvg_de_minimis"
        tax = charges(after, "sales_tax")[0]
        assert tax.collected_by == "platform"
        assert tax.amount.amount == Decimal("20.00")

    def test_lvg_tax_base_excludes_shipping(self) -> None:
        q = self.quote(unit_value="200.00", quantity="2", freight="30.00", tax_collector="platform")
        assert regime(q) == "my_lvg_de_minimis"  # CIF 430
        assert amount(q, "sales_tax") == Decimal("40.00")  # 10% of 400, not of 430

    def test_lvg_above_de_minimis_pays_duty_at_import_tax_at_sale(self) -> None:
        q = self.quote(unit_value="300.00", quantity="2", freight="30.00", tax_collector="seller")
        assert regime(q) == "my_lvg"  # CIF 630 > RM500, each item RM300
        assert amount(q, "mfn") == Decimal("0.00")
        assert amount(q, "sales_tax") == Decimal("60.00")
        assert charges(q, "sales_tax")[0].collected_by == "seller"

    def test_item_above_500_is_not_lvg(self) -> None:
        q = self.quote(unit_value="500.01", tax_collector="platform")
        assert regime(q) == "my_standard"
        assert amount(q, "sales_tax") == Decimal("50.00")
        assert charges(q, "sales_tax")[0].collected_by == "border"

    def test_de_minimis_on_cif_both_sides(self) -> None:
        q = self.quote(unit_value="480.00", freight="20.00")
        assert regime(q) == "my_de_minimis"
        assert q.total().amount == Decimal("0.00")
        q = self.quote(unit_value="480.00", freight="20.01")
        assert regime(q) == "my_standard"
        assert amount(q, "sales_tax") == Decimal("50.00")  # 10% of CIF 500.01 + duty 0

    def test_sea_freight_has_no_de_minimis(self) -> None:
        q = self.quote(unit_value="100.00", mode="freight")
        assert regime(q) == "my_standard"
        assert amount(q, "sales_tax") == Decimal("10.00")

    def test_usd_consignment_converted_at_given_rate(self) -> None:
        q = self.quote(
            currency="USD",
            unit_value="150.00",
            fx_rates=[{"base": "USD", "quote": "MYR", "rate": "4.50"}],
        )
        assert regime(q) == "my_standard"  # RM675
        assert amount(q, "sales_tax") == Decimal("67.50")

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2022-12-31")
