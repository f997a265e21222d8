"""Japan: 60% personal-use valuation, JPY 10,000 exemption, consumption tax 10%, RCEP (China).

The tariff lines come from the generated JP/tariff.csv (Japan Customs data version 2026-07-09).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.errors import DutyExpressionError, OutOfCoverage
from tests.packs.contract import PackContract, amount, charges, regime


class TestJP(PackContract):
    code = "JP"
    sample = {"currency": "JPY", "unit_value": "5000"}

    def test_personal_use_value_is_60_percent_of_the_price(self) -> None:
        q = self.quote(unit_value="16000", freight="0")
        assert q.lines[0].customs_value.amount == Decimal("9600")
        assert regime(q) == "jp_small_value"
        assert q.total().amount == Decimal("0")

    def test_exemption_both_sides_for_personal_use(self) -> None:
        q = self.quote(unit_value="17000")
        assert q.lines[0].customs_value.amount == Decimal("10200")
        assert regime(q) == "jp_standard"
        assert amount(q, "mfn") == Decimal("439")  # 4.3% of 10,200 = 438.6
        assert amount(q, "consumption_tax") == Decimal("1063")  # 10% of 10,639, rounded down

    def test_freight_counts_in_full_towards_the_threshold(self) -> None:
        q = self.quote(unit_value="15000", freight="1000")
        assert q.lines[0].customs_value.amount == Decimal("10000")  # 9,000 + 1,000
        assert regime(q) == "jp_small_value"
        q = self.quote(unit_value="15000", freight="1001")
        assert regime(q) == "jp_standard"

    def test_no_60_percent_rule_for_business_imports(self) -> None:
        q = self.quote(unit_value="12000", sale_model="b2b")
        assert q.lines[0].customs_value.amount == Decimal("12000")
        assert regime(q) == "jp_standard"
        assert amount(q, "mfn") == Decimal("516")
        assert amount(q, "consumption_tax") == Decimal("1251")  # 10% of 12,516 = 1,251.6

    def test_rcep_claim_for_chinese_origin(self) -> None:
        line = {
            "hs_code": "6601910000",
            "origin": "CN",
            "quantity": "1",
            "unit_value": "20000",
            "claim_preference": "RCEP",
        }
        q = self.quote(lines=[line], freight="1000")
        assert q.lines[0].customs_value.amount == Decimal("13000")
        assert amount(q, "RCEP") == Decimal("351")  # 2.7% of 13,000
        assert amount(q, "consumption_tax") == Decimal("1335")  # 10% of 13,351, rounded down
        assert "MFN alternative: 4.3% = JPY 559" in charges(q, "RCEP")[0].note

    def test_rcep_not_open_to_other_origins_here(self) -> None:
        line = {
            "hs_code": "6601910000",
            "origin": "VN",
            "quantity": "1",
            "unit_value": "20000",
            "claim_preference": "RCEP",
        }
        q = self.quote(lines=[line], freight="1000")
        assert amount(q, "mfn") == Decimal("559")

    def test_tariff_text_with_several_rates_is_refused_not_zeroed(self) -> None:
        # 6402.99 (plastic footwear) has one rate with a metal toe-cap and another without.
        with pytest.raises(DutyExpressionError):
            self.quote(hs_code="6402990100", unit_value="20000")

    def test_usd_consignment_converted_at_given_rate(self) -> None:
        q = self.quote(
            currency="USD",
            unit_value="100.00",
            fx_rates=[{"base": "USD", "quote": "JPY", "rate": "150"}],
        )
        assert q.lines[0].customs_value.amount == Decimal("9000")  # 60% of JPY 15,000
        assert regime(q) == "jp_small_value"

    def test_date_outside_coverage_raises(self) -> None:
        with pytest.raises(OutOfCoverage):
            self.quote(date="2026-07-08")
