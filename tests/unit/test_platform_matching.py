"""Platform matching: scores out of 100 in five explained parts, filters and exclusions."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from chuhai.domain.platform_matching import (
    CommissionView,
    MatchQuery,
    PlatformSite,
    category_for_hs,
    filter_sites,
    match_platforms,
)

BASE = PlatformSite(
    id=1, platform="Shopee", site="Shopee PH", markets=("PH",), global_reach=False,
    markets_text="PH", region="Southeast Asia", model="marketplace", business_model="marketplace",
    accepts_cn="yes", cn_onboarding_notes="", fulfilment_options="", livestream="yes",
    livestream_notes="Shopee Live", languages="en", listing_api="", status_notes="",
    confidence="medium", confidence_text="medium", source_status="", sources="https://x",
    fee_as_of="2025",
)  # fmt: skip
SITES = [
    BASE,
    replace(BASE, id=2, platform="Lazada", site="Lazada PH", livestream="limited", confidence="low"),
    replace(BASE, id=3, platform="Local", site="Local PH", accepts_cn="no"),
    replace(BASE, id=4, platform="Global", site="global.com", markets=(), global_reach=True,
            livestream="no", model="independent_store"),
    replace(BASE, id=5, platform="Temu", site="Temu", markets=("PH", "US"), model="full_managed",
            livestream="no", confidence="high"),
    replace(BASE, id=6, platform="Gone", site="gone.com", accepts_cn="closed"),
]  # fmt: skip
VIEWS = {
    (1, "PH"): CommissionView("parsed", Decimal("0.05"), Decimal("0.02"), "5%", "low", "2025"),
    (2, "PH"): CommissionView("unparsed", None, Decimal("0.02"), "category-based", "low", "2025"),
    (4, "PH"): CommissionView("parsed", Decimal(0), Decimal(0), "0%", "medium", "2024"),
    (5, "PH"): CommissionView("not_applicable", None, Decimal(0), "n/a", "medium", "2025"),
}


def test_category_for_hs() -> None:
    assert category_for_hs("6601.99") == "umbrellas"
    assert category_for_hs("640411") == "footwear"
    assert category_for_hs("6109.10") == "apparel"
    assert category_for_hs("420292") == "bags"
    assert category_for_hs("691200") == "home_goods"
    assert category_for_hs("8517") is None


def test_scores_are_the_sum_of_five_published_parts() -> None:
    matches, _ = match_platforms(SITES, MatchQuery(markets=("PH",), category="umbrellas"), VIEWS)
    by_id = {m.site.id: m for m in matches}
    # Shopee: access 40, named market 20, cost 20 x (1 - 0.07/0.25) = 14.4 -> 14, live 10, medium 6
    assert by_id[1].parts == {
        "access": 40,
        "market": 20,
        "cost": 14,
        "livestream": 10,
        "confidence": 6,
    }
    assert by_id[1].score == 90
    assert by_id[2].parts["cost"] == 5  # commission not published
    assert by_id[4].parts["market"] == 8  # sells worldwide, PH not named
    assert by_id[5].parts["cost"] == 10  # supply-price model, no commission
    assert all(m.score == sum(m.parts.values()) for m in matches)


def test_order_is_by_score_then_id_and_exclusions_say_why() -> None:
    matches, excluded = match_platforms(SITES, MatchQuery(markets=("PH",)), VIEWS)
    scores = [(m.score, m.site.id) for m in matches]
    assert scores == sorted(scores, key=lambda s: (-s[0], s[1]))
    reasons = {e.site.id: e.reason for e in excluded}
    assert "does not take China-based sellers directly" in reasons[3]
    assert reasons[6] == "closed"


def test_filters_model_livestream_and_ceiling() -> None:
    query = MatchQuery(markets=("PH",), models=("marketplace",), livestream=True,
                       max_commission=Decimal("0.05"))  # fmt: skip
    matches, excluded = match_platforms(SITES, query, VIEWS)
    assert [m.site.id for m in matches] == [2]  # unknown commission is kept, with its caution
    reasons = {e.site.id: e.reason for e in excluded}
    assert "above the ceiling 5%" in reasons[1]
    assert "model full_managed" in reasons[5]


def test_explanations_read_as_plain_words() -> None:
    matches, _ = match_platforms(SITES, MatchQuery(markets=("PH",), category="umbrellas"), VIEWS)
    text = next(m for m in matches if m.site.id == 1).explanation
    assert "takes China-based sellers directly" in text
    assert "sells in PH" in text
    assert "livestream selling" in text
    assert "commission for umbrellas 5% + 2% transaction fees" in text
    assert "research confidence medium, fees as of 2025" in text
    other = next(m for m in matches if m.site.id == 2).explanation
    assert "not published (category-based)" in other


def test_filter_sites() -> None:
    assert [s.id for s in filter_sites(SITES, market="US")] == [4, 5]
    assert [s.id for s in filter_sites(SITES, market="PH", accepts_cn=True, livestream=True)] == [
        1,
        2,
    ]
    assert [s.id for s in filter_sites(SITES, text="temu")] == [5]
    assert [s.id for s in filter_sites(SITES, model="independent_store")] == [4]
