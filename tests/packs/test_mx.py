"""Mexico: the courier global rate (golden vector T9), USMCA courier bands, the general regime
(IGI per TIGIE, DTA 0.8%, IVA 16% on customs value + IGI + DTA) and the 2026 LIGIE increases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime

MXN_PER_USD = [{"base": "USD", "quote": "MXN", "rate": "18.50"}]


class TestMX(PackContract):
    code = "MX"
    sample = {"fx_rates": MXN_PER_USD}

    # ---- T9: courier, non-FTA origin, USD 500 from China ---------------------------------
    def test_t9_global_rate_19_before_2025_08_15(self) -> None:
        q = self.quote(date="2025-08-14", unit_value="500.00", hs_code="6109.10")
        assert regime(q) == "mx_courier_global_19"
        assert amount(q, "flat") == Decimal("1757.50")  # USD 95.00 x 18.50
        assert not charges(q, "iva")  # the global rate covers IGI and IVA
        assert q.landed_total.amount == Decimal("11007.50")
        assert q.landed_total_seller is not None
        assert q.landed_total_seller.amount == Decimal("595.00")

    def test_t9_global_rate_33_5_from_2025_08_15(self) -> None:
        q = self.quote(date="2025-08-15", unit_value="500.00", hs_code="6109.10")
        assert regime(q) == "mx_courier_global_335"
        assert amount(q, "flat") == Decimal("3098.75")  # USD 167.50 x 18.50
        assert q.landed_total_seller is not None
        assert q.landed_total_seller.amount == Decimal("667.50")

    def test_courier_global_rate_stops_at_usd_2500(self) -> None:
        assert (
            regime(self.quote(date="2026-03-02", unit_value="2500.00")) == "mx_courier_global_335"
        )
        assert regime(self.quote(date="2026-03-02", unit_value="2500.01")) == "mx_general"

    # ---- USMCA courier bands -----------------------------------------------------------
    @pytest.mark.parametrize("day", ["2025-08-14", "2025-08-15"])
    def test_usmca_up_to_50_is_free_with_fixed_dta(self, day: str) -> None:
        q = self.quote(date=day, ship_from="US", origin="US", unit_value="50.00")
        assert regime(q) == "mx_courier_usmca_free"
        assert amount(q, "relief") == Decimal("0")
        assert amount(q, "dta_fixed") == Decimal("445.00")
        assert not charges(q, "iva")

    @pytest.mark.parametrize("day", ["2025-08-14", "2025-08-15"])
    def test_usmca_50_to_117_pays_17(self, day: str) -> None:
        q = self.quote(date=day, ship_from="US", origin="US", unit_value="100.00")
        assert regime(q) == "mx_courier_usmca_17"
        assert amount(q, "flat") == Decimal("314.50")  # 17% of MXN 1,850

    @pytest.mark.parametrize("day", ["2025-08-14", "2025-08-15"])
    def test_usmca_over_117_pays_19_on_both_sides_of_the_change(self, day: str) -> None:
        q = self.quote(date=day, ship_from="CA", origin="CA", unit_value="200.00")
        assert regime(q) == "mx_courier_usmca_19"
        assert amount(q, "flat") == Decimal("703.00")  # 19% of MXN 3,700

    def test_one_non_usmca_line_sends_the_consignment_to_the_global_rate(self) -> None:
        lines = [
            {"hs_code": "6109.10", "origin": "US", "quantity": "1", "unit_value": "30.00"},
            {"hs_code": "6109.10", "origin": "CN", "quantity": "1", "unit_value": "10.00"},
        ]
        q = self.quote(date="2026-03-02", ship_from="US", lines=lines)
        assert regime(q) == "mx_courier_global_335"

    # ---- General regime ----------------------------------------------------------------
    def test_general_regime_duty_dta_and_iva(self) -> None:
        q = self.quote(date="2026-01-02", unit_value="3000.00", hs_code="6109.10")
        assert regime(q) == "mx_general"
        assert amount(q, "mfn") == Decimal("19425.00")  # 35% of MXN 55,500
        assert amount(q, "dta") == Decimal("444.00")  # 0.8% of 55,500
        assert amount(q, "iva") == Decimal("12059.04")  # 16% of (55,500 + 19,425 + 444)

    def test_customs_value_includes_freight(self) -> None:
        q = self.quote(
            date="2026-01-02",
            mode="freight",
            sale_model="b2b",
            unit_value="1000.00",
            hs_code="6109.10",
            freight="100.00",
        )
        assert q.lines[0].customs_value.amount == Decimal("20350.00")  # USD 1,100 x 18.50
        assert amount(q, "mfn") == Decimal("7122.50")

    # 2025: 20% (estimated), IVA 16% of 18,500 + 3,700 + 148 (DTA);
    # 2026: 25% under the LIGIE reform, IVA 16% of 18,500 + 4,625 + 148.
    @pytest.mark.parametrize(
        ("day", "duty", "iva"),
        [("2025-12-31", "3700.00", "3575.68"), ("2026-01-01", "4625.00", "3723.68")],
    )
    def test_ligie_2026_raises_bags(self, day: str, duty: str, iva: str) -> None:
        q = self.quote(
            date=day, mode="freight", sale_model="b2b", unit_value="1000.00", hs_code="4202.92"
        )
        assert regime(q) == "mx_general"
        assert amount(q, "mfn") == Decimal(duty)
        assert amount(q, "dta") == Decimal("148.00")
        assert amount(q, "iva") == Decimal(iva)

    # ---- Bad input ---------------------------------------------------------------------
    def test_before_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2024-12-31")

    def test_after_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2027-01-01")
