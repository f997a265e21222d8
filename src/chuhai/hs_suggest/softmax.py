"""Multinomial logistic regression (softmax) over the index's TF-IDF features, numpy only.

Trained by the pack builder with mini-batch Adam and L2 on the weights a batch touches
(sparse updates: a text has a few dozen of the tens of thousands of features). The rows of
the weight matrix are the features of the chosen TF-IDF blocks; the result is pruned to
each class's ``top_k`` largest weights (by magnitude) and kept column by column like the
index, so scoring a title touches only its own terms.

>>> from chuhai.hs_suggest.tfidf import fit_tfidf
>>> texts = ["red umbrella", "golf umbrella", "cotton t-shirt", "knitted t-shirt", "雨伞"]
>>> tfidf = fit_tfidf(texts)
>>> model = fit_softmax(tfidf, ["6601", "6601", "6109", "6109", "6601"], epochs=30)
>>> model.labels
('6109', '6601')
>>> [int(p.argmax()) for p in (model.probabilities(tfidf.vector(t)) for t in ("umbrella", "t-shirt"))]
[1, 0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chuhai.hs_suggest.classifier import ClassBlock, LinearClassifier
from chuhai.hs_suggest.tfidf import Floats, Ints, TfidfModel

Matrix = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Design:
    """The training texts' TF-IDF rows restricted to some blocks, row by row (CSR)."""

    indptr: Ints
    cols: Ints  # global column: block offset + column within the block
    values: Matrix
    offsets: dict[str, int]
    width: int


def _design(tfidf: TfidfModel, rows: Ints, blocks: Sequence[str]) -> Design:
    position = np.full(tfidf.n_rows, -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    parts, offsets, width = [], {}, 0
    for name in blocks:
        block = tfidf.blocks[name]
        cols = np.repeat(np.arange(len(block.idf), dtype=np.int64), np.diff(block.indptr))
        keep = position[block.rows] >= 0
        parts.append((position[block.rows][keep], cols[keep] + width, tfidf.weights[name][keep]))
        offsets[name], width = width, width + len(block.idf)
    row, col, value = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((col, row))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=len(rows)))])
    return Design(indptr, col[order], value[order].astype(np.float32), offsets, width)


@dataclass
class _Adam:
    """Adam moments, updated only on the rows of the weight matrix a batch touches."""

    rate: float
    first: Matrix
    second: Matrix
    steps: int = 0

    def step(self, weights: Matrix, rows: Ints, gradient: Matrix) -> None:
        self.steps += 1
        b1, b2 = 0.9, 0.999
        self.first[rows] = b1 * self.first[rows] + (1 - b1) * gradient
        self.second[rows] = b2 * self.second[rows] + (1 - b2) * gradient * gradient
        scale = self.rate * np.sqrt(1 - b2**self.steps) / (1 - b1**self.steps)
        weights[rows] -= scale * self.first[rows] / (np.sqrt(self.second[rows]) + 1e-8)


def _softmax(logits: Matrix) -> Matrix:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: Matrix = exp / exp.sum(axis=1, keepdims=True)
    return result


def _batch_step(
    design: Design,
    batch: Ints,
    targets: Ints,
    params: tuple[Matrix, Matrix],
    optimisers: tuple[_Adam, _Adam],
    l2: float,
) -> None:
    weights, bias = params
    starts, ends = design.indptr[batch], design.indptr[batch + 1]
    entries = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
    owner = np.repeat(np.arange(len(batch)), ends - starts)
    cols, values = design.cols[entries], design.values[entries]
    logits = np.zeros((len(batch), weights.shape[1]), dtype=np.float32) + bias
    np.add.at(logits, owner, weights[cols] * values[:, None])
    error = _softmax(logits)
    error[np.arange(len(batch)), targets[batch]] -= 1
    error /= len(batch)
    touched, inverse = np.unique(cols, return_inverse=True)
    gradient = np.zeros((len(touched), weights.shape[1]), dtype=np.float32)
    np.add.at(gradient, inverse, error[owner] * values[:, None])
    gradient += l2 * weights[touched]
    optimisers[0].step(weights, touched, gradient)
    optimisers[1].step(bias, np.zeros(1, dtype=np.int64), error.sum(axis=0, keepdims=True))


def _train(
    design: Design,
    targets: Ints,
    n_classes: int,
    *,
    epochs: int,
    batch: int,
    l2: float,
    rate: float,
) -> tuple[Matrix, Matrix]:
    shape = (design.width, n_classes)
    weights = np.zeros(shape, dtype=np.float32)
    bias = np.zeros((1, n_classes), dtype=np.float32)
    optimisers = (
        _Adam(rate, np.zeros(shape, np.float32), np.zeros(shape, np.float32)),
        _Adam(rate, np.zeros_like(bias), np.zeros_like(bias)),
    )
    rng = np.random.default_rng(0)
    for _ in range(epochs):
        order = rng.permutation(len(targets))
        for start in range(0, len(order), batch):
            _batch_step(
                design, order[start : start + batch], targets, (weights, bias), optimisers, l2
            )
    return weights, bias


def _pruned(
    weights: Matrix, design: Design, tfidf: TfidfModel, top_k: int
) -> dict[str, ClassBlock]:
    """Each feature's ``top_k`` most distinctive class weights, per block, column by column.

    Adding a constant to a feature's weights for every class leaves the softmax unchanged, so
    each feature's weights are centred on their median first: most are then about zero.
    """
    centred = weights - np.median(weights, axis=1, keepdims=True)
    keep = np.zeros(weights.shape, dtype=bool)
    if top_k and top_k < weights.shape[1]:
        top = np.argsort(-np.abs(centred), axis=1, kind="stable")[:, :top_k]
        keep[np.arange(weights.shape[0])[:, None], top] = True
    else:
        keep[:] = True
    keep &= centred != 0
    blocks = {}
    for name, offset in design.offsets.items():
        width = len(tfidf.blocks[name].idf)
        part, mask = centred[offset : offset + width], keep[offset : offset + width]
        cols, classes = np.nonzero(mask)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=width))])
        value = part[cols, classes].astype(np.float16).astype(np.float32)
        blocks[name] = ClassBlock(indptr.astype(np.int64), classes.astype(np.int64), value)
    return blocks


def fit_softmax(
    tfidf: TfidfModel,
    labels: Sequence[str],
    *,
    blocks: Sequence[str] = ("word", "cjk"),
    epochs: int = 10,
    batch: int = 256,
    l2: float = 1e-4,
    rate: float = 0.05,
    top_k: int = 0,
) -> LinearClassifier:
    """Softmax regression of the non-empty ``labels`` (``labels[i]`` for text ``i``)."""
    names = tuple(sorted({label for label in labels if label}))
    position = {label: i for i, label in enumerate(names)}
    rows = np.array([i for i, label in enumerate(labels) if label], dtype=np.int64)
    design = _design(tfidf, rows, blocks)
    targets = np.array([position[labels[i]] for i in rows.tolist()], dtype=np.int64)
    weights, bias = _train(
        design, targets, len(names), epochs=epochs, batch=batch, l2=l2, rate=rate
    )
    pruned = _pruned(weights, design, tfidf, top_k)
    empty = ClassBlock(np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    all_blocks: dict[str, ClassBlock] = {}
    for name, block in tfidf.blocks.items():
        width = len(block.idf)
        all_blocks[name] = pruned.get(
            name, ClassBlock(np.zeros(width + 1, np.int64), empty.classes, empty.weights)
        )
    bias_values: Floats = bias[0].astype(np.float16).astype(np.float64)
    return LinearClassifier(names, all_blocks, bias_values)
