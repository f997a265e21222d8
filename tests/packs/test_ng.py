"""Nigeria: no de minimis; duty on CIF, 7% surcharge on duty, ETLS 0.5% of CIF (non-ECOWAS
origin), CISS 1% of FOB, VAT 7.5% on the sum."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestNG(PackContract):
    code = "NG"
    sample = {"currency": "NGN", "date": "2026-03-02"}

    def test_full_stack_on_a_chinese_umbrella(self) -> None:
        q = self.quote(hs_code="6601.91", unit_value="1000000.00", freight="100000.00")
        assert regime(q) == "ng_general"
        assert amount(q, "mfn") == Decimal("220000.00")  # 20% of CIF 1,100,000 (estimated)
        assert amount(q, "surcharge") == Decimal("15400.00")  # 7% of the duty
        assert amount(q, "etls") == Decimal("5500.00")  # 0.5% of CIF
        assert amount(q, "ciss") == Decimal("10000.00")  # 1% of FOB
        assert amount(q, "vat") == Decimal("101317.50")  # 7.5% of 1,350,900
        assert q.landed_total.amount == Decimal("1452217.50")

    def test_ecowas_origin_pays_no_etls(self) -> None:
        q = self.quote(
            hs_code="6601.91",
            origin="GH",
            ship_from="GH",
            unit_value="1000000.00",
            freight="100000.00",
        )
        assert not charges(q, "etls")
        assert amount(q, "vat") == Decimal("100905.00")  # 7.5% of 1,345,400

    def test_no_de_minimis(self) -> None:
        q = self.quote(hs_code="6601.91", unit_value="1000.00")
        assert amount(q, "mfn") == Decimal("200.00")
        assert amount(q, "surcharge") == Decimal("14.00")
        assert amount(q, "vat") == Decimal("92.18")  # 7.5% of (1,000 + 200 + 14 + 5 + 10) = 92.175

    def test_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
