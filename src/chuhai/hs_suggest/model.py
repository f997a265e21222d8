"""The nearest-neighbour index: the training texts, their codes and their TF-IDF vectors.

The vectors are fitted by the pack builder and shipped as ``index.npz``
(:mod:`chuhai.hs_suggest.tfidf`); loading them is a few numpy operations, done once per
process (:func:`get_index`). Nothing is pickled or downloaded, and scikit-learn is not needed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chuhai.errors import PackError
from chuhai.hs_suggest.classifier import LinearClassifier, load_classifier
from chuhai.hs_suggest.pack import CorpusRow, load_classifier_bytes, load_corpus, load_index_bytes
from chuhai.hs_suggest.tfidf import TfidfModel, Vector, fit_tfidf, load_tfidf

__all__ = ["Neighbour", "SuggestIndex", "Vector", "get_classifier", "get_index"]


@dataclass(frozen=True)
class Neighbour:
    """A training text close to the title: its code ("" = too vague), source and similarity."""

    code: str
    source: str
    text: str
    similarity: float


class SuggestIndex:
    """TF-IDF vectors of the training texts and their codes."""

    def __init__(self, rows: Sequence[CorpusRow], tfidf: TfidfModel) -> None:
        if tfidf.n_rows != len(rows):
            raise PackError(
                f"index.npz has {tfidf.n_rows} rows, corpus.csv {len(rows)}: rebuild the pack",
                file="index.npz",
            )
        self.rows = tuple(rows)
        self.tfidf = tfidf
        self.subheading_rows = {
            row.code: i for i, row in enumerate(self.rows) if row.source == "hs2022_en"
        }

    @classmethod
    def fit(cls, rows: Sequence[CorpusRow]) -> SuggestIndex:
        """Fit the vectors on ``rows`` (the pack builder does this; about three seconds)."""
        return cls(rows, fit_tfidf([row.text for row in rows]))

    def similarities(self, text: str) -> Vector:
        """Cosine similarity of ``text`` to every training text, in corpus order."""
        return self.tfidf.similarities(text)

    def nearest(self, similarities: Vector, k: int) -> list[Neighbour]:
        """The ``k`` most similar training texts, most similar first."""
        k = min(k, len(similarities))
        top = np.argpartition(-similarities, k - 1)[:k]
        ordered = top[np.argsort(-similarities[top], kind="stable")]
        return [
            Neighbour(
                self.rows[i].code, self.rows[i].source, self.rows[i].text, float(similarities[i])
            )
            for i in ordered
        ]


@functools.cache
def get_index() -> SuggestIndex:
    """The index over the shipped corpus, loaded on first use and kept for the process."""
    return SuggestIndex(load_corpus(), load_tfidf(load_index_bytes()))


@functools.cache
def get_classifier() -> LinearClassifier:
    """The shipped heading classifier (``classifier.npz``), loaded once per process."""
    return load_classifier(load_classifier_bytes(), get_index().tfidf)
