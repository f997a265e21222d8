"""A nearest-centroid (Rocchio) heading classifier over the TF-IDF features of the index.

Each class (an HS heading) is the mean of its training texts' L2-normalised TF-IDF vectors,
normalised again and pruned to its ``top_k`` largest weights; a title's score for a class
is the cosine of its vector with the centroid, and its distribution over classes is the
softmax of ``score / temperature``. The builder fits it on the training texts and ships it
as ``classifier.npz``: per TF-IDF block, the centroids column by column (like the index, so
scoring a title touches only its own terms), weights as float16.

>>> from chuhai.hs_suggest.tfidf import fit_tfidf
>>> tfidf = fit_tfidf(["red umbrella", "golf umbrella", "cotton t-shirt", "雨伞"])
>>> model = fit_centroids(tfidf, ["6601", "6601", "6109", "6601"])
>>> model.labels
('6109', '6601')
>>> [round(float(p), 2) for p in model.probabilities(tfidf.vector("umbrella"), 0.1)]
[0.0, 1.0]
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chuhai.errors import PackError
from chuhai.hs_suggest.tfidf import ANALYZERS, Floats, Ints, TfidfModel, write_npz

__all__ = ["ClassBlock", "LinearClassifier", "dump_classifier", "fit_centroids", "load_classifier"]


@dataclass(frozen=True)
class ClassBlock:
    """The centroids' weights in one TF-IDF block, column by column."""

    indptr: Ints  # column j holds entries indptr[j]:indptr[j + 1]
    classes: Ints
    weights: npt.NDArray[np.float32]


@dataclass(frozen=True)
class LinearClassifier:
    """Class labels, their weights block by block (columns as in the index) and biases.

    A centroid classifier is one with zero biases, its scores cosines.
    """

    labels: tuple[str, ...]
    blocks: dict[str, ClassBlock]
    bias: Floats

    def scores(self, vector: dict[str, tuple[Ints, Floats]]) -> Floats:
        """A title's TF-IDF vector (:meth:`TfidfModel.vector`) times the weights, plus bias."""
        scores = self.bias.astype(np.float64)
        for name, (cols, values) in vector.items():
            block = self.blocks[name]
            starts, ends = block.indptr[cols], block.indptr[cols + 1]
            for start, end, value in zip(starts.tolist(), ends.tolist(), values, strict=True):
                scores[block.classes[start:end]] += block.weights[start:end] * value
        return scores

    def probabilities(
        self, vector: dict[str, tuple[Ints, Floats]], temperature: float = 1.0
    ) -> Floats:
        """Softmax of the scores over ``temperature``: uniform for a title with no known term."""
        logits = self.scores(vector) / temperature
        exp = np.exp(logits - logits.max())
        probabilities: Floats = exp / exp.sum()
        return probabilities

    @functools.cached_property
    def position(self) -> dict[str, int]:
        return {label: i for i, label in enumerate(self.labels)}


def _centroid_entries(
    tfidf: TfidfModel, classes: Ints, n_classes: int
) -> dict[str, tuple[Ints, Ints, Floats]]:
    """Per block, the summed weights of each class's texts as (column, class, weight)."""
    entries: dict[str, tuple[Ints, Ints, Floats]] = {}
    for name, block in tfidf.blocks.items():
        cols = np.repeat(np.arange(len(block.idf), dtype=np.int64), np.diff(block.indptr))
        owner = classes[block.rows]
        keep = owner >= 0
        key = cols[keep] * n_classes + owner[keep]
        unique, inverse = np.unique(key, return_inverse=True)
        weights = tfidf.weights[name][keep].astype(np.float64)
        summed = np.bincount(inverse, weights=weights).astype(np.float64)
        entries[name] = (unique // n_classes, unique % n_classes, summed)
    return entries


def _prune(cols: Ints, classes: Ints, weights: Floats, top_k: int) -> npt.NDArray[np.bool_]:
    """Keep each class's ``top_k`` largest weights (ties broken by column, so deterministic)."""
    order = np.lexsort((cols, -weights, classes))
    sorted_classes = classes[order]
    first = np.searchsorted(sorted_classes, sorted_classes, side="left")
    keep = np.zeros(len(cols), dtype=bool)
    keep[order[np.arange(len(order)) - first < top_k]] = True
    return keep


def fit_centroids(tfidf: TfidfModel, labels: Sequence[str], *, top_k: int = 0) -> LinearClassifier:
    """Centroids of the texts of each non-empty label (``labels[i]`` for text ``i``).

    ``top_k`` > 0 keeps only each centroid's largest weights over all blocks.
    """
    names = tuple(sorted({label for label in labels if label}))
    position = {label: i for i, label in enumerate(names)}
    classes = np.array([position.get(label, -1) for label in labels], dtype=np.int64)
    entries = _centroid_entries(tfidf, classes, len(names))
    if top_k:
        flat = [(np.full(len(c), i), c, k, w) for i, (c, k, w) in enumerate(entries.values())]
        block_of, cols, owner, weights = (np.concatenate(x) for x in zip(*flat, strict=True))
        keep = _prune(block_of * (1 << 32) + cols, owner, weights, top_k)
        entries = {
            name: (
                cols[keep & (block_of == i)],
                owner[keep & (block_of == i)],
                weights[keep & (block_of == i)],
            )
            for i, name in enumerate(entries)
        }
    squared = np.zeros(len(names), dtype=np.float64)
    for _, owner, weights in entries.values():
        squared += np.bincount(owner, weights=weights * weights, minlength=len(names))
    norms = np.where(squared > 0, np.sqrt(squared), 1.0)
    blocks = {}
    for name, (cols, owner, weights) in entries.items():
        width = len(tfidf.blocks[name].idf)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=width))])
        normalised = (weights / norms[owner]).astype(np.float16).astype(np.float32)
        blocks[name] = ClassBlock(indptr.astype(np.int64), owner.astype(np.int64), normalised)
    return LinearClassifier(names, blocks, np.zeros(len(names)))


def dump_classifier(model: LinearClassifier) -> bytes:
    """``classifier.npz`` bytes (reproducible, no pickle): labels, then each block's arrays."""
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "labels": np.frombuffer("\n".join(model.labels).encode("utf-8"), dtype=np.uint8),
        "bias": model.bias.astype(np.float16),
    }
    for name, block in model.blocks.items():
        arrays[f"{name}_indptr"] = block.indptr.astype(np.int32)
        arrays[f"{name}_classes"] = block.classes.astype(np.uint16)
        arrays[f"{name}_weights"] = block.weights.astype(np.float16)
    return write_npz(arrays)


def load_classifier(data: bytes, tfidf: TfidfModel) -> LinearClassifier:
    """Read ``classifier.npz`` written by :func:`dump_classifier` for the index ``tfidf``."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            labels = tuple(bytes(arrays["labels"]).decode("utf-8").split("\n"))
            bias = arrays["bias"].astype(np.float64)
            blocks = {
                name: ClassBlock(
                    arrays[f"{name}_indptr"].astype(np.int64),
                    arrays[f"{name}_classes"].astype(np.int64),
                    arrays[f"{name}_weights"].astype(np.float32),
                )
                for name in ANALYZERS
            }
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise PackError(f"unreadable classifier: {error}", file="classifier.npz") from None
    for name, block in blocks.items():
        if len(block.indptr) != len(tfidf.blocks[name].idf) + 1:
            raise PackError(
                "classifier.npz does not match index.npz: rebuild the pack", file="classifier.npz"
            )
    return LinearClassifier(labels, blocks, bias)
