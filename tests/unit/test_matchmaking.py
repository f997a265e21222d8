"""Matchmaking: who qualifies, how the score adds up, how each suggestion reads, the funnel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from chuhai.domain.matchmaking import (
    BuyerProfile,
    FirmProfile,
    MatchStage,
    funnel,
    short_number,
    suggest,
)

BUYER = BuyerProfile(buyer_id=9, name="Regen GmbH", country="DE", region="eu",
                     categories=("6601", "4202"), annual_volume=20_000)  # fmt: skip


def firm(firm_id: int, **fields: object) -> FirmProfile:
    values: dict[str, object] = {"name": f"Firm {firm_id}", "hs_codes": ("6601.99",)}
    values.update(fields)
    return FirmProfile(firm_id=firm_id, **values)  # type: ignore[arg-type]


def test_only_firms_making_a_category_qualify() -> None:
    found = suggest(
        BUYER, [firm(1, hs_codes=("6404.11",)), firm(2), firm(3, hs_codes=("4202.92",))]
    )
    assert [(s.firm_id, s.category) for s in found] == [(2, "6601"), (3, "4202")]


def test_the_score_adds_its_published_parts() -> None:
    exporter = firm(1, exports={"DE": 5}, capacity={"6601": 100_000}, exported_units={"6601": 50_000},
                    shared_events=("2025 Canton visit",))  # fmt: skip
    regional = firm(2, exports={"FR": 5}, regions=frozenset({"eu"}), capacity={"66": 30_000},
                    exported_units={"6601": 20_000})  # fmt: skip
    newcomer = firm(3)
    found = {s.firm_id: s for s in suggest(BUYER, [newcomer, regional, exporter])}
    assert found[1].score == 40 + 25 + 20 + 15
    assert found[2].score == 40 + 10 + 0  # 20k wanted, 10k spare
    assert found[3].score == 40 + 0 + 10  # capacity unknown
    # 2 and 3 tie on 50: the lower firm id first
    assert [s.firm_id for s in suggest(BUYER, [newcomer, regional, exporter])] == [1, 2, 3]


def test_each_suggestion_explains_itself_in_words() -> None:
    regional = firm(2, regions=frozenset({"eu"}), capacity={"6601": 30_000},
                    exported_units={"6601": 20_000}, met_before=date(2026, 5, 4), dealt_before=True)  # fmt: skip
    (found,) = suggest(BUYER, [regional])
    assert found.explanation == (
        "Matches: buys HS 6601 (umbrellas) in DE a new country in a region where this firm "
        "exports; volume 20k units/yr exceeds its spare capacity (10k units/yr); met before on "
        "2026-05-04; did business before"
    )
    assert [r.code for r in found.reasons] == [
        "category", "market_region", "capacity_exceeds", "history_meeting", "history_deal",
    ]  # fmt: skip
    assert found.to_dict()["reasons"][0] == {
        "code": "category", "points": 40, "params": {"hs": "6601", "industry": "umbrellas", "market": "DE"},
    }  # fmt: skip


def test_history_counts_once_and_limit_cuts_the_list() -> None:
    busy = firm(1, shared_events=("a", "b"), met_before=date(2026, 1, 1), dealt_before=True)
    (found,) = suggest(BUYER, [busy])
    assert sum(r.points for r in found.reasons if r.code.startswith("history")) == 15
    assert len(suggest(BUYER, [firm(i) for i in range(1, 8)], limit=3)) == 3


def test_funnel_counts_each_stage_reached_and_converts() -> None:
    stages = (
        [MatchStage.SUGGESTED] * 4
        + [MatchStage.CONTACTED] * 3
        + [MatchStage.MET] * 2
        + [MatchStage.DEAL]
    )
    report = funnel(stages)
    assert [report.reached[s] for s in MatchStage] == [10, 6, 3, 1]
    assert report.rate_pct(MatchStage.CONTACTED) == Decimal(60)
    assert report.rate_pct(MatchStage.MET) == Decimal(50)
    assert report.rate_pct(MatchStage.DEAL, base=MatchStage.SUGGESTED) == Decimal(10)
    data = report.to_dict()
    assert data["overall_pct"] == "10.0"
    assert [s["conversion_pct"] for s in data["stages"]] == [None, "60.0", "50.0", "33.3"]
    assert funnel([]).to_dict()["overall_pct"] is None


def test_short_numbers() -> None:
    assert [short_number(n) for n in (0, 999, 1000, 1500, 20_000, 2_000_000)] == [
        "0", "999", "1k", "1.5k", "20k", "2m",
    ]  # fmt: skip
