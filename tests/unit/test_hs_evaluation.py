"""Evaluation metrics on a handmade set of outcomes, computed by hand."""

from __future__ import annotations

from chuhai.hs_suggest.evaluation import Outcome, calculate_metrics

# Expected code, ranked predictions (empty = abstained), seconds.
OUTCOMES = [
    Outcome("6601910000", ("660191", "660199", "660110"), 0.010),  # right at 6
    Outcome("64041100", ("640219", "640411", "640419"), 0.020),  # top-1 right at 2 only
    Outcome("950300", (), 0.030),  # abstained
    Outcome("69111000", ("691200", "691110", "691390"), 0.040),  # top-1 right at 2; top-3 at 6
    Outcome("42022100", ("620342", "610910", "611020"), 0.050),  # wrong everywhere
]


def test_accuracy_counts_abstentions_as_misses() -> None:
    m = calculate_metrics(OUTCOMES)
    assert (m.n, m.answered) == (5, 4)
    # top-1: hs2 hits = 6601, 6404, 6911 -> 3/5; hs4 = 6601 -> 1/5; hs6 = 1/5
    assert m.top1 == {2: 0.6, 4: 0.2, 6: 0.2}
    # top-3: hs2 = 3/5; hs4 = 6601, 6404, 6911 -> 3/5; hs6 = 660191, 640411, 691110 -> 3/5
    assert m.top3 == {2: 0.6, 4: 0.6, 6: 0.6}
    assert m.abstention_rate == 0.2


def test_answered_accuracy_leaves_abstentions_out() -> None:
    m = calculate_metrics(OUTCOMES)
    assert m.answered_top1 == {2: 0.75, 4: 0.25, 6: 0.25}
    assert m.answered_top3 == {2: 0.75, 4: 0.75, 6: 0.75}


def test_latency_median_and_nearest_rank_p95() -> None:
    m = calculate_metrics(OUTCOMES)
    assert m.median_ms == 30.0
    assert m.p95_ms == 50.0
    assert m.to_dict()["latency_ms"] == {"median": 30.0, "p95": 50.0}


def test_no_outcomes_gives_zeros_not_an_error() -> None:
    m = calculate_metrics([])
    assert (m.n, m.answered, m.abstention_rate, m.top1[6]) == (0, 0, 0.0, 0.0)
