"""Brazil: Remessa Conforme (20% up to USD 50, 60% less USD 20 above, from 2024-08-01; II-free up
to USD 50 before), ICMS 17% por dentro, non-certified 60%, formal import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime

BRL_PER_USD = [{"base": "USD", "quote": "BRL", "rate": "5.00"}]
RC = {"tax_collector": "platform"}


class TestBR(PackContract):
    code = "BR"
    sample = {"fx_rates": BRL_PER_USD, "hs_code": "6109.10"}

    # ---- Remessa Conforme up to USD 50 ---------------------------------------------------
    def test_rc_up_to_50_from_2024_08_01_pays_20_percent(self) -> None:
        q = self.quote(date="2024-08-01", unit_value="50.00", **RC)
        assert regime(q) == "br_rc_upto50_20"
        assert amount(q, "flat") == Decimal("50.00")  # 20% of BRL 250
        assert amount(q, "icms") == Decimal("61.45")  # 300 x 0.17 / 0.83
        assert charges(q, "icms")[0].collected_by == "platform"
        # UOL's worked example: USD 50 + 10 + 12.29 = USD 72.29
        assert q.landed_total_seller is not None
        assert q.landed_total_seller.amount == Decimal("72.29")

    def test_rc_up_to_50_before_2024_08_01_is_ii_free(self) -> None:
        q = self.quote(date="2024-07-31", unit_value="50.00", **RC)
        assert regime(q) == "br_rc_upto50_exempt"
        assert not charges(q, "flat")
        assert amount(q, "icms") == Decimal("51.20")  # 250 x 0.17 / 0.83

    # ---- Remessa Conforme over USD 50 ----------------------------------------------------
    def test_rc_over_50_from_2024_08_01_pays_60_less_usd_20(self) -> None:
        q = self.quote(date="2024-08-01", unit_value="100.00", **RC)
        assert regime(q) == "br_rc_over50_60_less_20"
        assert amount(q, "flat") == Decimal("200.00")  # 60% of 500 - USD 20 (BRL 100)
        assert amount(q, "icms") == Decimal("143.37")  # 700 x 0.17 / 0.83
        # UOL's worked example: USD 100 + 40 + 28.67 = USD 168.67
        assert q.landed_total_seller is not None
        assert q.landed_total_seller.amount == Decimal("168.67")

    def test_rc_over_50_before_2024_08_01_pays_60(self) -> None:
        q = self.quote(date="2024-07-31", unit_value="100.00", **RC)
        assert regime(q) == "br_rc_over50_60"
        assert amount(q, "flat") == Decimal("300.00")
        assert amount(q, "icms") == Decimal("163.86")  # 800 x 0.17 / 0.83

    def test_threshold_counts_freight(self) -> None:
        # USD 45 of goods + USD 10 of shipping = USD 55 customs value: the upper band.
        q = self.quote(date="2025-06-02", unit_value="45.00", freight="10.00", **RC)
        assert regime(q) == "br_rc_over50_60_less_20"
        assert amount(q, "flat") == Decimal("65.00")  # 60% of 275 - 100

    def test_rc_stops_at_usd_3000(self) -> None:
        assert (
            regime(self.quote(date="2025-06-02", unit_value="3000.00", **RC))
            == "br_rc_over50_60_less_20"
        )
        assert regime(self.quote(date="2025-06-02", unit_value="3000.01", **RC)) == "br_formal"

    # ---- ICMS: same rate, status changes on 2025-04-01 ------------------------------------
    @pytest.mark.parametrize(
        ("day", "rule_id"),
        [
            ("2025-03-31", "br_icms_17"),
            ("2025-04-01", "br_icms_17_2025"),
        ],
    )
    def test_icms_rule_versions(self, day: str, rule_id: str) -> None:
        q = self.quote(date=day, unit_value="50.00", **RC)
        assert charges(q, "icms")[0].rule_id == rule_id
        assert amount(q, "icms") == Decimal("61.45")

    # ---- Outside Remessa Conforme ----------------------------------------------------------
    @pytest.mark.parametrize("day", ["2024-07-31", "2024-08-01"])
    def test_non_certified_seller_pays_60_and_icms_at_the_border(self, day: str) -> None:
        q = self.quote(date=day, unit_value="100.00")
        assert regime(q) == "br_rts_non_certified"
        assert amount(q, "flat") == Decimal("300.00")
        assert amount(q, "icms") == Decimal("163.86")
        assert charges(q, "icms")[0].collected_by == "border"

    def test_formal_import_pays_tec_duty_and_icms(self) -> None:
        q = self.quote(date="2026-03-02", mode="freight", sale_model="b2b", unit_value="1000.00")
        assert regime(q) == "br_formal"
        assert amount(q, "mfn") == Decimal("1750.00")  # 35% of BRL 5,000 (estimated rate)
        assert amount(q, "icms") == Decimal("1382.53")  # 6,750 x 0.17 / 0.83

    # ---- Bad input ---------------------------------------------------------------------
    def test_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2023-12-31")
