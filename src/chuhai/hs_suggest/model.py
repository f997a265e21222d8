"""The nearest-neighbour index: TF-IDF vectors of every training text, fitted at load time.

Three vectorisers (words, character 3-5-grams of words, Chinese character 1-3-grams) are
fitted on the corpus and stacked with weights; a title's cosine similarity to every
training text is one sparse product. Fitting takes about a second and happens once per
process (:func:`get_index`); nothing is pickled or downloaded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

from chuhai.hs_suggest.features import char_features, cjk_grams, word_features
from chuhai.hs_suggest.pack import CorpusRow, load_corpus

Vector = npt.NDArray[np.float32]
ANALYZERS: dict[str, Callable[[str], list[str]]] = {
    "word": word_features,
    "char": char_features,
    "cjk": cjk_grams,
}
BLOCK_WEIGHTS = {"word": 1.0, "char": 1.0, "cjk": 1.0}


@dataclass(frozen=True)
class Neighbour:
    """A training text close to the title: its code ("" = too vague), source and similarity."""

    code: str
    source: str
    text: str
    similarity: float


class SuggestIndex:
    """TF-IDF vectors of the training texts and their codes."""

    def __init__(self, rows: Sequence[CorpusRow]) -> None:
        self.rows = tuple(rows)
        texts = [row.text for row in self.rows]
        self._vectorisers = {
            name: TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float32)
            for name, analyzer in ANALYZERS.items()
        }
        blocks = [
            BLOCK_WEIGHTS[name] * vectoriser.fit_transform(texts)
            for name, vectoriser in self._vectorisers.items()
        ]
        self._matrix = sparse.csr_matrix(normalize(sparse.hstack(blocks).tocsr()))
        self.subheading_rows = {
            row.code: i for i, row in enumerate(self.rows) if row.source == "hs2022_en"
        }

    def vector(self, text: str) -> sparse.csr_matrix:
        blocks = [
            BLOCK_WEIGHTS[name] * vectoriser.transform([text])
            for name, vectoriser in self._vectorisers.items()
        ]
        return sparse.csr_matrix(normalize(sparse.hstack(blocks).tocsr()))

    def similarities(self, text: str) -> Vector:
        """Cosine similarity of ``text`` to every training text, in corpus order."""
        product = self._matrix @ self.vector(text).T
        return np.asarray(product.toarray(), dtype=np.float32).ravel()

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
    """The index over the shipped corpus, fitted on first use and kept for the process."""
    return SuggestIndex(load_corpus())
