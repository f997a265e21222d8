"""The scikit-learn-free TF-IDF of the HS suggestion model: weights, persistence, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chuhai.errors import PackError
from chuhai.hs_suggest.tfidf import dump_tfidf, fit_tfidf, load_tfidf

TEXTS = ["red folding umbrella", "blue golf umbrella", "折叠雨伞", "cotton t-shirt 纯棉T恤", ""]


def test_similarity_is_cosine_of_sublinear_tfidf_words_chars_and_chinese() -> None:
    model = fit_tfidf(TEXTS)
    sims = model.similarities("umbrella umbrella")
    assert sims.shape == (len(TEXTS),)
    assert (sims[:2] > 0).all()
    assert not sims[2:].any()
    assert math.isclose(float(model.similarities("折叠雨伞")[2]), 1.0, rel_tol=1e-5)
    assert model.similarities("cotton t-shirt 纯棉T恤")[3] == pytest.approx(1.0, rel=1e-5)


def test_unknown_or_empty_title_is_similar_to_nothing() -> None:
    model = fit_tfidf(TEXTS)
    assert not model.similarities("zzz qqq").any()
    assert not model.similarities("").any()


def test_idf_favours_the_rarer_term() -> None:
    model = fit_tfidf(TEXTS)
    word = model.blocks["word"]
    assert word.idf[word.columns["w:red"]] > word.idf[word.columns["w:umbrella"]]


def test_dump_is_reproducible_and_loads_to_the_same_model() -> None:
    model = fit_tfidf(TEXTS)
    data = dump_tfidf(model)
    assert data == dump_tfidf(fit_tfidf(TEXTS))
    loaded = load_tfidf(data)
    for title in ("golf umbrella", "纯棉T恤", "red"):
        np.testing.assert_allclose(loaded.similarities(title), model.similarities(title))


def test_a_damaged_index_is_a_pack_error() -> None:
    with pytest.raises(PackError):
        load_tfidf(b"not a zip file")
