"""Market ranking: normalisation, weights, decomposition, explanations and ties (no I/O)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuhai.domain.ranking import (
    FACTORS,
    ORIGIN,
    Layer,
    MarketFacts,
    Normalisation,
    default_weights,
    get_factor,
    great_circle_km,
    normalise,
    ordinal,
    parse_weights,
    resolve_weights,
    score_markets,
)
from chuhai.errors import InputError

D = Decimal


def test_default_weights_sum_to_one_and_trade_only_counts_with_trade_data() -> None:
    assert sum(default_weights().values()) == D(1)
    assert default_weights()["untapped_potential"] == 0
    assert default_weights(trade=True)["untapped_potential"] == D("0.20")
    shares = resolve_weights({}, trade=True)
    assert sum(shares.values()) == D(1)
    assert shares["untapped_potential"] == D("0.20") / D("1.20")


def test_every_factor_has_a_layer_a_weak_phrase_and_a_reason() -> None:
    assert {f.layer for f in FACTORS} == set(Layer)
    assert all(f.weak and f.why and f.label for f in FACTORS)


class TestNormalisation:
    def test_minmax_higher_is_better(self) -> None:
        got = normalise(
            [D(2), D(4), D(3)], factor=get_factor("logistics"), method=Normalisation.MINMAX
        )
        assert got == [D(0), D(1), D("0.5")]

    def test_minmax_lower_is_better_reverses(self) -> None:
        got = normalise(
            [D("0.1"), D("0.3")], factor=get_factor("duty_and_tax"), method=Normalisation.MINMAX
        )
        assert got == [D(1), D(0)]

    def test_minmax_all_equal_is_neutral(self) -> None:
        got = normalise([D(5), D(5)], factor=get_factor("logistics"), method=Normalisation.MINMAX)
        assert got == [D("0.5"), D("0.5")]

    def test_log_scale_compares_log10_of_one_plus_x(self) -> None:
        got = normalise(
            [D(9), D(99), D(999)], factor=get_factor("population"), method=Normalisation.MINMAX
        )
        assert got == [D(0), D("0.5"), D(1)]  # log10(10)=1, log10(100)=2, log10(1000)=3

    def test_rank_shares_ties_and_is_deterministic(self) -> None:
        got = normalise(
            [D(1), D(3), D(3), D(7)], factor=get_factor("logistics"), method=Normalisation.RANK
        )
        # ranks from the bottom: 1 -> 1, 3 and 3 -> 2.5, 7 -> 4; (r - 1) / (n - 1)
        assert got == [D(0), D("0.5"), D("0.5"), D(1)]

    def test_missing_values_stay_missing_and_do_not_move_the_others(self) -> None:
        got = normalise(
            [D(2), None, D(4)], factor=get_factor("logistics"), method=Normalisation.MINMAX
        )
        assert got == [D(0), None, D(1)]


class TestWeights:
    def test_parse_names_the_field_on_every_kind_of_error(self) -> None:
        for bad in (["logistics"], ["nope=1"], ["logistics=abc"], ["logistics=-1"]):
            with pytest.raises(InputError) as caught:
                parse_weights(bad)
            assert caught.value.field == "weights"

    def test_overrides_are_rescaled_to_shares(self) -> None:
        shares = resolve_weights({"distance": D(0), "logistics": D("0.30")}, trade=False)
        assert shares["distance"] == 0
        assert sum(shares.values()) == D(1)
        # defaults sum to 1; logistics 0.10 -> 0.30 and distance 0.05 -> 0: the total is 1.15
        assert shares["logistics"] == D("0.30") / D("1.15")

    def test_trade_factor_without_trade_data_is_refused(self) -> None:
        with pytest.raises(InputError, match="trade data"):
            resolve_weights({"untapped_potential": D(1)}, trade=False)

    def test_all_zero_is_refused(self) -> None:
        with pytest.raises(InputError):
            resolve_weights({f.key: D(0) for f in FACTORS}, trade=False)


def three_markets() -> list[MarketFacts]:
    return [
        MarketFacts("PH", {"logistics": D("3.3"), "duty_and_tax": D(0), "population": D(115_000_000)},
                    {"logistics": "logistics index 3.3/5", "duty_and_tax": "duty-free under PHP 10,000",
                     "population": "population 115 million"}),
        MarketFacts("SG", {"logistics": D("4.3"), "duty_and_tax": D("0.09"), "population": D(6_000_000)},
                    {"logistics": "logistics index 4.3/5", "duty_and_tax": "GST 9% at sale",
                     "population": "population 6 million"}),
        MarketFacts("DE", {"logistics": D("4.1"), "duty_and_tax": D("0.70"), "population": None},
                    {"logistics": "logistics index 4.1/5", "duty_and_tax": "EUR 3 duty, VAT, handling"}),
    ]  # fmt: skip


WEIGHTS = {"logistics": D("0.3"), "duty_and_tax": D("0.5"), "population": D("0.2")}


class TestScores:
    def test_decomposition_sums_exactly_to_the_score(self) -> None:
        for market in score_markets(three_markets(), weights=WEIGHTS):
            assert sum(f.contribution for f in market.factors) == market.score

    def test_hand_computed_scores(self) -> None:
        scores = {m.code: m for m in score_markets(three_markets(), weights=WEIGHTS)}
        # logistics 3.3..4.3: PH 0, SG 1, DE 0.8; duty 0..0.70 reversed: PH 1, SG 0.61/0.70, DE 0;
        # population (log) PH 1, SG 0, DE missing -> 0.5
        assert scores["PH"].score == D("0.5") * 100 + D("0.2") * 100
        assert scores["DE"].score == D("0.3") * D("0.8") * 100 + D("0.2") * D("0.5") * 100
        sg_duty = 1 - D("0.09") / D("0.70")
        assert scores["SG"].score == D("0.3") * 100 + D("0.5") * sg_duty * 100

    def test_weights_change_the_order(self) -> None:
        heavy_logistics = {"logistics": D(1)}
        assert [m.code for m in score_markets(three_markets(), weights=heavy_logistics)] == [
            "SG",
            "DE",
            "PH",
        ]
        assert (
            next(m.code for m in score_markets(three_markets(), weights={"duty_and_tax": D(1)}))
            == "PH"
        )
        assert [m.code for m in score_markets(three_markets(), weights=WEIGHTS)] == [
            "SG",
            "PH",
            "DE",
        ]

    def test_layer_scores_are_on_their_own_scale(self) -> None:
        ph = next(m for m in score_markets(three_markets(), weights=WEIGHTS) if m.code == "PH")
        assert ph.layers[Layer.ECONOMICS] == D(100)  # duty is its only weighted factor, best
        assert ph.layers[Layer.TRADE] is None

    def test_ties_are_ordered_by_code(self) -> None:
        same = [MarketFacts(code, {"logistics": D(3)}) for code in ("US", "AU", "KR")]
        ranked = score_markets(same, weights={"logistics": D(1)})
        assert [(m.code, m.rank) for m in ranked] == [("AU", 1), ("KR", 2), ("US", 3)]
        assert len({m.score for m in ranked}) == 1

    def test_explanations_name_the_top_factors_and_the_weakest(self) -> None:
        ranked = {m.code: m for m in score_markets(three_markets(), weights=WEIGHTS)}
        ph = ranked["PH"].explanation
        assert ph.startswith("PH ranks 2nd of 3 (score 70.0)")
        assert "duty-free under PHP 10,000" in ph
        assert "population 115 million" in ph
        assert "but weaker logistics than most (logistics index 3.3/5)" in ph
        de = ranked["DE"].explanation
        assert "no data for market size (scored neutral)" in de
        assert "higher duty, tax and fees than most" in de

    def test_missing_values_are_flagged(self) -> None:
        de = next(m for m in score_markets(three_markets(), weights=WEIGHTS) if m.code == "DE")
        population = next(f for f in de.factors if f.key == "population")
        assert population.missing
        assert population.normalised == D("0.5")
        assert "no data" in population.fact


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "101st", "111th",
    ]  # fmt: skip


def test_great_circle_distances() -> None:
    assert great_circle_km(D("51.5"), D("-0.1"), D("48.9"), D("2.4")) == D(339)  # London-Paris
    assert great_circle_km(ORIGIN[0], ORIGIN[1], ORIGIN[0], ORIGIN[1]) == 0
    # a quarter of the meridian: 90 degrees of latitude
    assert great_circle_km(D(0), D(0), D(90), D(0)) == D(10008)
