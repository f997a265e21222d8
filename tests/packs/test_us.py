"""US pack contract: every dated measure, regime and fee on both sides of its change dates."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from chuhai.domain.consignment import parse_consignment
from chuhai.domain.landed_cost import calculate_landed_cost
from chuhai.domain.quote import Quote
from chuhai.domain.rule_schema import PreferenceRule
from chuhai.errors import OutOfCoverage
from chuhai.rules.fx_store import load_shipped_rates
from tests.packs.contract import PackContract, amount, charges, make_consignment, regime
from tests.packs.tariffs import with_rates

RATES = load_shipped_rates(max_staleness_days=45)
PACK = with_rates("US", {"66019900": "8.2%", "73239300": "2%", "42029290": "17.6%"})


def us_quote(day: str, **overrides: Any) -> Quote:
    settings = {"hs_code": "66019900", "unit_value": "100.00", **overrides}
    data = make_consignment("US", date=day, **settings)
    return calculate_landed_cost(parse_consignment(data), pack=PACK, rates=RATES)


def codes(q: Quote) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for charge in q.charges:
        found[charge.code] = found.get(charge.code, Decimal(0)) + charge.amount.amount
    return found


class TestUS(PackContract):
    code = "US"
    sample: dict[str, Any] = {"hs_code": "6601.99.00"}

    def test_sample_quote_inside_coverage(self) -> None:
        q = us_quote("2026-11-29")
        assert amount(q, "mfn") == Decimal("8.20")
        assert "US" in q.pack_versions

    def test_de_minimis_ends_for_china_on_2025_05_02(self) -> None:
        assert regime(us_quote("2025-05-01")) == "us_de_minimis_all"
        q = us_quote("2025-05-02")
        assert regime(q) == "us_standard"
        assert amount(q, "mfn") == Decimal("8.20")

    def test_de_minimis_ends_for_all_origins_on_2025_08_29(self) -> None:
        before = us_quote("2025-08-28", origin="GB", ship_from="GB")
        assert regime(before) == "us_de_minimis_non_cn"
        after = us_quote("2025-08-29", origin="GB", ship_from="GB")
        assert regime(after) == "us_standard"
        assert amount(after, "ieepa_reciprocal") == Decimal("10.00")

    @pytest.mark.parametrize(
        ("day", "fentanyl"),
        [
            ("2025-03-03", "10.00"),
            ("2025-03-04", "20.00"),
            ("2025-11-09", "20.00"),
            ("2025-11-10", "10.00"),
            ("2026-02-23", "10.00"),
        ],
    )
    def test_fentanyl_duty_timeline(self, day: str, fentanyl: str) -> None:
        q = us_quote(day, unit_value="1000.00")
        assert amount(q, "ieepa_fentanyl") == Decimal(fentanyl) * 10

    @pytest.mark.parametrize(
        ("day", "reciprocal"),
        [
            ("2025-04-08", "10"),
            ("2025-04-09", "84"),
            ("2025-04-10", "125"),
            ("2025-05-13", "125"),
            ("2025-05-14", "10"),
            ("2026-02-23", "10"),
        ],
    )
    def test_reciprocal_duty_on_china(self, day: str, reciprocal: str) -> None:
        q = us_quote(day, unit_value="1000.00")
        assert amount(q, "ieepa_reciprocal") == Decimal(reciprocal) * 10

    def test_ieepa_stops_and_section_122_starts_on_2026_02_24(self) -> None:
        q = us_quote("2026-02-24", unit_value="1000.00")
        assert "ieepa_fentanyl" not in codes(q)
        assert "ieepa_reciprocal" not in codes(q)
        assert amount(q, "s122") == Decimal("100.00")

    def test_section_122_ends_on_2026_07_24(self) -> None:
        assert amount(us_quote("2026-07-23"), "s122") == Decimal("10.00")
        assert "s122" not in codes(us_quote("2026-07-24"))

    def test_section_122_spares_usmca_origins(self) -> None:
        q = us_quote("2026-03-02", origin="MX", ship_from="MX")
        assert "s122" not in codes(q)

    def test_unknown_country_rates_stop_the_quote(self) -> None:
        with pytest.raises(OutOfCoverage, match="origin VN"):
            us_quote("2025-09-01", origin="VN", ship_from="VN")

    def test_section_232_chapters_stop_the_quote(self) -> None:
        with pytest.raises(OutOfCoverage, match="Section 232"):
            us_quote("2026-11-29", hs_code="73239300")

    @pytest.mark.parametrize(("day", "fee"), [("2025-09-30", "1.30"), ("2025-10-01", "1.34")])
    def test_express_consignment_fee_by_fiscal_year(self, day: str, fee: str) -> None:
        assert amount(us_quote(day), "express_consignment") == Decimal(fee)

    def test_fy2027_fees_are_flagged_as_estimates(self) -> None:
        q = us_quote("2026-11-29")
        assert charges(q, "express_consignment")[0].status.value == "estimated"
        assert any(w.code == "estimated_rule" for w in q.warnings)

    @pytest.mark.parametrize(
        ("value", "mpf"),
        [("2600.00", "33.58"), ("100000.00", "346.40"), ("300000.00", "651.50")],
    )
    def test_formal_entry_mpf_between_minimum_and_maximum(self, value: str, mpf: str) -> None:
        q = us_quote("2026-03-02", mode="freight", transport="air", unit_value=value)
        assert amount(q, "mpf_formal") == Decimal(mpf)
        assert "mpf_informal" not in codes(q)

    def test_informal_entry_fee_and_ocean_harbor_fee(self) -> None:
        q = us_quote("2026-03-02", mode="freight", unit_value="2000.00")
        assert amount(q, "mpf_informal") == Decimal("2.69")
        assert amount(q, "hmf") == Decimal("2.50")

    def test_fob_valuation_excludes_freight(self) -> None:
        q = us_quote("2026-11-29", freight="50.00")
        assert charges(q, "mfn")[0].base.amount == Decimal("100.00")  # type: ignore[union-attr]

    def test_postal_china_per_item_duty_before_august_2025(self) -> None:
        q = us_quote("2025-06-15", mode="postal")
        assert amount(q, "per_item") == Decimal("100.00")
        assert amount(q, "dutiable_mail") == Decimal("7.18")

    def test_postal_specific_method_ends_with_ieepa(self) -> None:
        q = us_quote("2026-03-02", mode="postal")
        assert "per_item" not in codes(q)
        assert amount(q, "s122") == Decimal("10.00")

    def test_dap_shifts_border_charges_to_the_buyer(self) -> None:
        q = us_quote("2026-11-29", incoterm="DAP")
        assert charges(q, "mfn")[0].payer == "buyer"

    # --- Preferences read from the HTSUS Special column (special.csv) ----------------------

    def claim(self, day: str, hs: str, origin: str, scheme: str | None) -> Quote:
        data = make_consignment(
            "US", date=day, hs_code=hs, origin=origin, ship_from=origin, unit_value="1000.00"
        )
        data["lines"][0]["claim_preference"] = scheme
        return calculate_landed_cost(parse_consignment(data), pack=PACK, rates=RATES)

    def test_korus_claim_from_korea_gets_the_special_rate_beside_mfn(self) -> None:
        q = self.claim("2026-11-29", "4202.11.00", "KR", "KORUS")
        (duty,) = charges(q, "KORUS")
        assert (duty.rate, duty.amount.amount) == ("Free", Decimal("0.00"))
        assert duty.note == "MFN alternative: 8% = USD 80.00"
        assert duty.source.title.startswith("HTSUS 2026 Revision 10, column 1 Special")
        assert "mfn" not in codes(q)

    def test_korus_staged_rate_changes_with_the_revision_10_text(self) -> None:
        before = self.claim("2026-06-07", "0201.10.50", "KR", "KORUS")
        assert charges(before, "KORUS")[0].rate == "1.7%"
        assert amount(before, "KORUS") == Decimal("17.00")
        assert amount(self.claim("2026-06-08", "0201.10.50", "KR", "KORUS"), "KORUS") == 0

    def test_specific_korus_rate_in_the_2025_edition(self) -> None:
        q = self.claim("2025-03-01", "0402.10.50", "KR", "KORUS")
        (duty,) = charges(q, "KORUS")
        assert duty.rate == "5.7¢/kg"
        assert duty.amount.amount == Decimal("0.03")  # 0.5 kg x 5.7 cents

    def test_mfn_alternative_needing_a_quantity_the_line_lacks_is_only_a_note(self) -> None:
        q = self.claim("2026-11-29", "6402.19.50", "KR", "KORUS")  # MFN 76¢/pr. + 32%
        (duty,) = charges(q, "KORUS")
        assert duty.amount.amount == 0
        assert duty.note == "MFN alternative: 76¢/pr. + 32% (needs quantity in pair)"

    def test_china_origin_claiming_korus_pays_mfn_with_the_reason(self) -> None:
        q = self.claim("2026-11-29", "4202.11.00", "CN", "KORUS")
        (duty,) = charges(q, "mfn")
        assert duty.amount.amount == Decimal("80.00")
        assert duty.note == "KORUS not open to origin CN; MFN applied"

    def test_usmca_claim_from_mexico(self) -> None:
        q = self.claim("2026-11-29", "4202.11.00", "MX", "USMCA")
        assert amount(q, "USMCA") == 0
        assert "mfn" not in codes(q)

    def test_a_line_whose_rate_is_under_chapter_98_pays_mfn(self) -> None:
        q = self.claim("2026-11-29", "0201.10.50", "AU", "AUSFTA")  # "See 9822.04.01-... (AU)"
        (duty,) = charges(q, "mfn")
        assert duty.note == "no AUSFTA rate for 02011050; MFN applied"

    def test_no_preference_before_the_scheme_starts(self) -> None:
        rules = [
            r.model_copy(update={"valid_from": date(2026, 9, 1)})
            if isinstance(r, PreferenceRule) and r.scheme == "KORUS"
            else r
            for r in PACK.rules
        ]
        late = dataclasses.replace(PACK, rules=rules)
        data = make_consignment(
            "US", date="2026-08-31", hs_code="4202.11.00", origin="KR", ship_from="KR"
        )
        data["lines"][0]["claim_preference"] = "KORUS"
        q = calculate_landed_cost(parse_consignment(data), pack=late, rates=RATES)
        assert (
            charges(q, "mfn")[0].note
            == "US grants no preference 'KORUS' on 2026-08-31; MFN applied"
        )
        data["date"] = "2026-09-01"
        q = calculate_landed_cost(parse_consignment(data), pack=late, rates=RATES)
        assert codes(q)["KORUS"] == 0

    def test_every_special_scheme_has_a_preference_rule(self) -> None:
        special = PACK.tariff_pack().special
        assert special is not None
        schemes = {r.scheme for r in PACK.rules if isinstance(r, PreferenceRule)}
        assert set(special.schemes()) == schemes
        assert len(schemes) == 15
