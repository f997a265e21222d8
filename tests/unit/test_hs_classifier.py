"""The heading classifier of the HS suggestion model: softmax regression, centroids, fusion."""

from __future__ import annotations

import numpy as np
import pytest

from chuhai.errors import PackError
from chuhai.hs_suggest.classifier import dump_classifier, fit_centroids, load_classifier
from chuhai.hs_suggest.ranking import fuse_headings
from chuhai.hs_suggest.softmax import fit_softmax
from chuhai.hs_suggest.tfidf import fit_tfidf

TEXTS = [
    "red folding umbrella",
    "golf umbrella windproof",
    "折叠雨伞",
    "cotton t-shirt men",
    "knitted t-shirt women",
    "纯棉T恤",
    "too vague",
]
LABELS = ["6601", "6601", "6601", "6109", "6109", "6109", ""]


def test_softmax_separates_two_classes_and_ignores_unlabelled_texts() -> None:
    tfidf = fit_tfidf(TEXTS)
    model = fit_softmax(tfidf, LABELS, epochs=30, top_k=2)
    assert model.labels == ("6109", "6601")
    for title, expected in [("umbrella", 1), ("雨伞", 1), ("t-shirt", 0), ("T恤", 0)]:
        probabilities = model.probabilities(tfidf.vector(title))
        assert probabilities.shape == (2,)
        assert probabilities.sum() == pytest.approx(1.0)
        assert int(probabilities.argmax()) == expected, title


def test_softmax_weights_are_deterministic_and_survive_the_npz() -> None:
    tfidf = fit_tfidf(TEXTS)
    data = dump_classifier(fit_softmax(tfidf, LABELS, epochs=5))
    assert data == dump_classifier(fit_softmax(tfidf, LABELS, epochs=5))
    loaded = load_classifier(data, tfidf)
    model = fit_softmax(tfidf, LABELS, epochs=5)
    for title in ("golf umbrella", "纯棉T恤", "unknown words"):
        np.testing.assert_allclose(
            loaded.scores(tfidf.vector(title)), model.scores(tfidf.vector(title)), atol=1e-3
        )


def test_a_title_with_no_known_term_gets_the_prior() -> None:
    tfidf = fit_tfidf(TEXTS)
    model = fit_centroids(tfidf, LABELS)
    assert model.probabilities(tfidf.vector("zzz"), 0.1).tolist() == [0.5, 0.5]


def test_centroids_score_cosines_and_prune_to_top_k() -> None:
    tfidf = fit_tfidf(TEXTS)
    full, pruned = fit_centroids(tfidf, LABELS), fit_centroids(tfidf, LABELS, top_k=3)
    scores = full.scores(tfidf.vector("umbrella"))
    assert scores[1] > 0
    assert scores[0] == 0
    assert all(len(b.classes) <= 6 for b in pruned.blocks.values())
    assert sum(len(b.classes) for b in pruned.blocks.values()) == 6


def test_a_classifier_for_another_index_is_a_pack_error() -> None:
    data = dump_classifier(fit_centroids(fit_tfidf(TEXTS), LABELS))
    with pytest.raises(PackError):
        load_classifier(data, fit_tfidf(["something else entirely"]))
    with pytest.raises(PackError):
        load_classifier(b"not a zip", fit_tfidf(TEXTS))


def test_fusion_keeps_the_neighbours_mass_and_brings_in_new_headings() -> None:
    fused = fuse_headings({"6601": 0.5, "6602": 0.1}, {"6601": 0.2, "4202": 0.8}, 0.5)
    assert sum(fused.values()) == pytest.approx(0.6)
    assert fused["4202"] == pytest.approx(0.24)
    assert fuse_headings({"6601": 0.5}, {"4202": 1.0}, 0.0) == {"6601": 0.5, "4202": 0.0}
    assert fuse_headings({"6601": 0.5}, {}, 0.5) == {"6601": 0.25}
