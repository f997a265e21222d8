"""Market ranking, platforms and compliance on the shipped packs (country, platform, rule packs)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from chuhai.domain.compliance import ItemKind
from chuhai.domain.money import Money
from chuhai.domain.ranking import Layer
from chuhai.domain.rule_schema import RegimeRule
from chuhai.errors import InputError, UnknownCountryError
from chuhai.rules.compliance import compliance_sources, load_compliance_items
from chuhai.rules.countries import get_country, indicator, indicator_series
from chuhai.rules.platforms import list_platform_sites
from chuhai.rules.registry import get_pack
from chuhai.services.compliance import compliance_checklist
from chuhai.services.markets import DEFAULT_MARKETS, load_trade_data, rank_markets
from chuhai.services.platforms import FirmProfile, match_firm, match_product, platform_directory

DAY = date(2026, 11, 29)
UMBRELLA = Money("68", "CNY")


@pytest.fixture(scope="module")
def ranking():  # type: ignore[no-untyped-def]
    return rank_markets(hs_code="6601.99", price=UMBRELLA, as_of=DAY)


class TestCountryPack:
    def test_alpha2_and_alpha3_reach_the_same_country(self) -> None:
        assert get_country("DEU") == get_country("de")
        assert get_country("PH").latitude == Decimal("14.6")

    def test_indicator_respects_the_year_and_keeps_a_trend(self) -> None:
        latest = indicator("PH", "population")
        older = indicator("PH", "population", as_of_year=latest.year - 1)
        assert older.year == latest.year - 1
        assert len(indicator_series("PH", "population")) == 5
        assert latest.source.licence == "CC-BY-4.0"

    def test_unknown_codes_and_indicators_name_the_field(self) -> None:
        with pytest.raises(UnknownCountryError):
            get_country("XX")
        with pytest.raises(InputError) as caught:
            indicator("PH", "happiness")
        assert caught.value.field == "indicator"


class TestRanking:
    def test_every_candidate_is_ranked_or_listed_with_its_reason(self, ranking) -> None:  # type: ignore[no-untyped-def]
        ranked = {m.code for m in ranking.markets}
        left = {n.code: n for n in ranking.not_rankable}
        assert ranked | set(left) == set(DEFAULT_MARKETS)
        assert not left  # every default market has a tariff line for umbrellas

    def test_a_market_that_cannot_be_quoted_is_listed_with_its_reason(self) -> None:
        frames = rank_markets(hs_code="6603.20", price=UMBRELLA, as_of=DAY)
        left = {n.code: n for n in frames.not_rankable}
        assert set(left) == {"TH", "VN", "US"}
        assert {m.code for m in frames.markets} | set(left) == set(DEFAULT_MARKETS)
        assert left["TH"].error_code == left["VN"].error_code == "unknown_hs_code"
        assert "660320" in left["TH"].reason
        assert left["US"].error_code == "rule_not_found"  # 6603.20 is coarser than US lines
        assert "66032030 (Free), 66032090 (12%)" in left["US"].reason

    def test_scores_decompose_and_explanations_lead(self, ranking) -> None:  # type: ignore[no-untyped-def]
        for market in ranking.markets:
            assert sum(f.contribution for f in market.factors) == market.score
            assert market.explanation.startswith(f"{market.code} ranks ")
            assert market.layers[Layer.DEMAND] is not None
        assert [m.rank for m in ranking.markets] == list(range(1, len(ranking.markets) + 1))

    def test_economics_come_from_the_engine_and_the_fee_pack(self, ranking) -> None:  # type: ignore[no-untyped-def]
        de, ph, us = (ranking.economics[c] for c in ("DE", "PH", "US"))
        assert de.regimes == ("eu_ioss_3eur",)
        assert de.landed_share > Decimal("0.5")
        assert de.channel_fees is not None
        assert ph.landed.amount == 0
        assert ph.channel == "own store"
        assert ph.channel_fees is None
        assert "us_standard" in us.regimes

    def test_the_same_question_gives_the_same_answer(self, ranking) -> None:  # type: ignore[no-untyped-def]
        again = rank_markets(hs_code="6601.99", price=UMBRELLA, as_of=DAY)
        assert again.to_dict() == ranking.to_dict()

    def test_weights_and_rank_normalisation(self) -> None:
        only_distance = rank_markets(
            hs_code="6601.99", price=UMBRELLA, as_of=DAY, markets=["PH", "US", "DE"],
            weights={f: Decimal(0) for f in ("population", "purchasing_power", "internet_users",
                                              "secure_servers", "logistics", "import_demand",
                                              "duty_and_tax", "channel_fees", "platform_access",
                                              "livestream")},
            method="rank",
        )  # fmt: skip
        assert [m.code for m in only_distance.markets] == ["PH", "DE", "US"]
        assert only_distance.markets[0].score == 100

    def test_a_date_outside_coverage_is_not_rankable_not_zero(self) -> None:
        late = rank_markets(
            hs_code="6601.99", price=UMBRELLA, as_of=date(2031, 1, 1), markets=["PH"]
        )
        assert late.markets == []
        assert late.not_rankable[0].error_code == "out_of_coverage"

    def test_trade_data_adds_the_export_potential_layer(self, tmp_path: Path) -> None:
        path = tmp_path / "trade.csv"
        path.write_text(
            "exporter,importer,hs6,year,value\n"
            "CN,PH,660199,2024,30\nCN,DE,660199,2024,50\nVN,PH,660199,2024,10\nVN,DE,660199,2024,10\n"
            "CN,PH,640411,2024,20\nCN,DE,640411,2024,40\nVN,PH,640411,2024,30\nVN,DE,640411,2024,60\n",
            encoding="utf-8",
        )
        result = rank_markets(hs_code="6601.99", price=UMBRELLA, as_of=DAY, markets=["PH", "DE", "US"],
                              trade_flows=load_trade_data(path))  # fmt: skip
        assert result.export_potential is not None
        assert round(result.export_potential["PH"].untapped, 3) == Decimal("1.746")
        us = next(m for m in result.markets if m.code == "US")
        assert next(f for f in us.factors if f.key == "untapped_potential").missing
        assert result.weights["untapped_potential"] > 0

    def test_bad_trade_rows_name_row_and_field(self, tmp_path: Path) -> None:
        path = tmp_path / "trade.csv"
        path.write_text("exporter,importer,hs6,year,value\nCN,PH,6601,2024,30\n", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_trade_data(path)
        assert (caught.value.row, caught.value.field) == (2, "hs6")


class TestPlatforms:
    def test_directory_size_and_filters(self) -> None:
        assert len(list_platform_sites()) >= 70
        ph = platform_directory(market="PH", accepts_cn=True, livestream=True)
        assert {"Shopee", "Lazada", "TikTok Shop"} <= {e.site.platform for e in ph}
        amazon_de = next(e for e in platform_directory(market="DE") if e.site.id == 5)
        assert amazon_de.channel_id == "amazon_de"
        assert amazon_de.fees["umbrellas"].rate is not None
        assert amazon_de.fees["umbrellas"].as_of

    def test_match_product_and_firm(self) -> None:
        result = match_product(hs_code="6601.99", markets=["PH", "DE"])
        assert result.category == "umbrellas"
        assert {m.market for m in result.matches} == {"PH", "DE"}
        assert all(m.explanation for m in result.matches)
        firm = match_firm(FirmProfile(hs_codes=("6601.99", "640411"), markets=("PH",)))
        assert [m.category for m in firm] == ["umbrellas", "footwear"]


class TestCompliance:
    def test_every_item_cites_a_known_source_and_pack_rules_exist(self) -> None:
        items = load_compliance_items()
        sources = compliance_sources()
        for item in items:
            assert item.source_id in sources
            assert (item.url or sources[item.source_id].url).startswith("http")
            for reference in item.pack_rules:
                code, _, rule_id = reference.partition(":")
                ids = {r.id for r in get_pack(code).rules if isinstance(r, RegimeRule)}
                assert rule_id in ids, f"{item.id}: {reference} is not a regime rule of {code}"

    def test_the_brief_registrations_are_covered(self) -> None:
        ids = {item.id for item in load_compliance_items()}
        for expected in (
            "eu_ioss_registration",
            "gb_vat_registration",
            "au_gst_registration",
            "sg_ovr_registration",
            "my_lvg_registration",
            "cl_sii_registration",
            "br_remessa_conforme",
            "us_sales_tax_marketplace",
            "cn_cbec_positive_list",
        ):
            assert expected in ids  # fmt: skip

    def test_umbrella_in_germany(self) -> None:
        c = compliance_checklist(market="DEU", hs_code="6601.99", as_of=DAY)
        ids = [e.item.id for e in c.entries]
        assert "eu_textile_labelling" in ids
        assert "eu_gpsr" in ids
        assert "eu_food_labelling" not in ids
        ioss = next(e for e in c.entries if e.item.id == "eu_ioss_registration")
        assert [t.rule_id for t in ioss.thresholds] == ["EU:eu_ioss_3eur"]
        assert "EUR 150.00" in ioss.thresholds[0].threshold
        assert {t.rule_id for t in c.thresholds} >= {"EU:eu_ioss_3eur"}

    def test_thresholds_follow_the_date(self) -> None:
        before = compliance_checklist(market="DE", hs_code="6601.99", as_of=date(2026, 1, 1))
        ioss = next(e for e in before.entries if e.item.id == "eu_ioss_registration")
        assert [t.rule_id for t in ioss.thresholds] == ["EU:eu_ioss_relief"]

    def test_snacks_in_the_us_need_fda_registration(self) -> None:
        c = compliance_checklist(market="US", hs_code="1905.90", as_of=DAY)
        kinds = {e.item.id: e.item.kind for e in c.entries}
        assert kinds["us_food_facility_registration"] is ItemKind.FOOD_SAFETY

    def test_bad_input_names_the_field(self) -> None:
        with pytest.raises(InputError) as caught:
            compliance_checklist(market="DE", hs_code="6601.99", as_of=DAY, sale_model="retail")
        assert caught.value.field == "sale_model"
